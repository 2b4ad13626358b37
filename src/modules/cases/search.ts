/**
 * Case keyword search (the queue's `q`, issue #13): words, not substrings, looked up in a GIN index.
 *
 * What is indexed (`documentTerms`), per case, from its description and address, after NFKC and
 * lower-casing: jieba's search-mode cut (the words and the shorter dictionary words inside long ones;
 * ASCII words and digit runs as tokens), plus every CJK character (unigram) and every pair of adjacent CJK
 * characters (bigram) — so that a one- or two-character query finds every case containing it, whatever
 * jieba made of the text around it. Punctuation and spaces are no terms; a term is at most TERM_MAX
 * characters; a case has at most MAX_TERMS terms (a very long description keeps its first ones).
 *
 * What a query matches (`searchQuery`), all terms required (AND):
 *   - a number-looking query (8 or more digits — a day's case numbers — and nothing else) finds the cases
 *     whose number starts with it, and those that have it as a word (a phone number in the description);
 *   - otherwise the query is cut by jieba (precise mode); each word is a term: a word of one or two CJK
 *     characters as it is (it is a unigram or bigram of every case containing it), a longer CJK word as
 *     its bigrams (so a word jieba cuts differently inside a case's text is still found), runs of
 *     single characters jieba left (文/庄/路) as one word; an ASCII word or number as a whole token
 *     (`177` finds 文庄路177号, not 1177号);
 *   - a query left with no term after cleaning (only punctuation) matches nothing; an empty one is no filter.
 *
 * The terms live in `case_search` (case_id, version, created_at, path, terms), filled off the intake path by the job
 * `cases.search` (`indexCaseSearch`) a moment after a case commits: see there how a case whose id was taken
 * before another's but committed after it is never missed. The index is derived data, recomputed
 * from the case's text at any time (`rebuildCaseSearch`).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import type pg from 'pg';
import { runCommand, runInTx, systemActor, type CommandActor } from '../../core/command.js';
import type { Db, Queryable } from '../../core/db/pool.js';
import { indexCases, syncOpenCases, type CaseText } from './commands/index-cases.js';

/** A term's most characters (a longer token keeps its start), and a case's most terms. */
export const TERM_MAX = 32;
export const MAX_TERMS = 1000;
/** A query's most terms (the route allows 50 characters: at most 49 bigrams). */
export const QUERY_MAX_TERMS = 64;

let jieba: Jieba | null = null;
/** The segmenter, its dictionary loaded once per process (~0.2 s) on first use. */
function segmenter(): Jieba {
  return (jieba ??= Jieba.withDict(dict));
}

const HAN_RUN = /\p{Script=Han}+/gu;
const HAN_ONLY = /^\p{Script=Han}+$/u;
const NOT_WORD = /[^\p{L}\p{N}]+/u;

export function normalizeText(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

/** A token's pieces between non-word characters, each cut to TERM_MAX characters. */
function pieces(token: string): string[] {
  return token.split(NOT_WORD).filter(Boolean).map((p) => [...p].slice(0, TERM_MAX).join(''));
}

function bigrams(run: string): string[] {
  const cs = [...run];
  if (cs.length < 2) return cs;
  const out: string[] = [];
  for (let i = 0; i + 1 < cs.length; i++) out.push(cs[i] + cs[i + 1]);
  return out;
}

/** The search terms of one text, in the order found: jieba's search-mode words, CJK unigrams and bigrams. */
export function textTerms(raw: string): string[] {
  const out = new Set<string>();
  const text = normalizeText(raw);
  for (const w of segmenter().cutForSearch(text, true)) for (const p of pieces(w)) out.add(p);
  for (const run of text.match(HAN_RUN) ?? []) {
    for (const c of run) out.add(c);
    for (const b of bigrams(run)) out.add(b);
  }
  return [...out];
}

/** The search terms of a case's texts (description, address), at most MAX_TERMS; `termsOf` may be a cache of textTerms. */
export function documentTerms(...texts: (string | null | undefined)[]): string[] {
  return termsWith(textTerms, texts);
}

function termsWith(termsOf: (text: string) => string[], texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const raw of texts) {
    if (!raw) continue;
    for (const t of termsOf(raw)) {
      if (out.size >= MAX_TERMS) return [...out];
      out.add(t);
    }
  }
  return [...out];
}

export type SearchQuery =
  | { kind: 'none' } // nothing asked: no filter
  | { kind: 'nothing' } // only punctuation: matches no case
  | { kind: 'number'; prefix: string }
  | { kind: 'terms'; terms: string[] };

/** What `q` asks for (see the file's comment). */
export function searchQuery(q: string | null | undefined): SearchQuery {
  const text = normalizeText(q ?? '').trim();
  if (!text) return { kind: 'none' };
  if (/^\d{8,}$/.test(text)) return { kind: 'number', prefix: [...text].slice(0, TERM_MAX).join('') };
  const words: string[] = [];
  let singles = ''; // single CJK characters jieba left side by side: one word again
  const flush = () => { if (singles) words.push(singles); singles = ''; };
  for (const token of segmenter().cut(text, true)) {
    for (const p of pieces(token)) {
      if (HAN_ONLY.test(p) && [...p].length === 1) { singles += p; continue; }
      flush();
      words.push(p);
    }
    if (!pieces(token).length) flush(); // punctuation or a space between them ends a run
  }
  flush();
  const terms = new Set<string>();
  for (const w of words) {
    if (HAN_ONLY.test(w) && [...w].length > 2) for (const b of bigrams(w)) terms.add(b);
    else terms.add(w);
  }
  if (!terms.size) return { kind: 'nothing' };
  return { kind: 'terms', terms: [...terms].slice(0, QUERY_MAX_TERMS) };
}

/** The smallest string above every string starting with `prefix` (digits only), or null for none. */
function digitsUpperBound(prefix: string): string | null {
  const ds = prefix.split('');
  for (let i = ds.length - 1; i >= 0; i--) {
    if (ds[i] !== '9') return ds.slice(0, i).join('') + String(Number(ds[i]) + 1);
  }
  return null;
}

/** The indexes of the plain terms, the scoped and weekly keys, and the open cases' copy (migrations 1200, 1230, 1231, 1240), built again after a bulk rebuild. */
const KEYS_INDEXES = [
  `CREATE INDEX IF NOT EXISTS case_search_terms ON case_search USING gin (terms)`,
  `CREATE INDEX IF NOT EXISTS case_search_scoped ON case_search USING gin (case_search_scoped(terms, path))`,
  `CREATE INDEX IF NOT EXISTS case_search_weekly ON case_search USING gin (case_search_weekly(terms, created_at))`,
  `CREATE INDEX IF NOT EXISTS case_search_open_terms ON case_search_open USING gin (terms)`,
  `CREATE INDEX IF NOT EXISTS case_search_open_scoped ON case_search_open USING gin (case_search_scoped(terms, path))`,
];

/**
 * The region depths whose cases' terms are also kept qualified by the region (migration 1230): the community
 * (/46/4601/460107/460107002/460107002001/, depth 5) and the grid (depth 6). Each also has an index of its cases
 * by time (split_part of the path), so that a window of a community's newest cases is a community's, not the street's.
 */
export const SCOPED_DEPTHS = [5, 6];
/** A scope of more region paths than this is searched by the plain terms and the path test alone. */
const SCOPED_MAX_PATHS = 8;

/** One region's keys: its code, the depth it is at, and the words after its code (`code:term`). */
export interface ScopedKeys { code: string; depth: number; keys: string[] }

/** The search keys for words in the caller's region paths, one per path; null (the plain terms) when a path is not a community or a grid. */
export function scopedKeys(terms: string[], paths: string[] | undefined): ScopedKeys[] | null {
  const codes = (paths ?? []).map((p) => p.split('/').filter(Boolean));
  if (!codes.length || codes.length > SCOPED_MAX_PATHS || codes.some((c) => !SCOPED_DEPTHS.includes(c.length))) return null;
  return codes.map((c) => ({ code: c[c.length - 1], depth: c.length, keys: terms.map((t) => `${c[c.length - 1]}:${t}`) }));
}

/** What a word search looks up: the plain terms, or the keys scoped to each of the caller's regions. */
export type SearchKeys = { plain: string[] } | { scoped: ScopedKeys[] };

/**
 * `case_search s` holding every term (GIN index case_search_terms), or every key of one region (case_search_scoped,
 * migration 1230) — with `window`, each region's cases by time (case_search_d5_time, case_search_d6_time) since then.
 */
function keysSql(keys: SearchKeys, params: unknown[], window?: string, until?: string): string {
  const since = (region = '') => (window ? ` AND (${window} IS NULL OR ${region}s.created_at >= ${window})` : '');
  if ('plain' in keys) {
    const all = `s.terms @> $${params.push(keys.plain)}::text[]`;
    if (!window) return all;
    // a window: each term's keys of the window's weeks (case_search_weekly, migration 1231) — ever: the plain terms
    const weeks = keys.plain.map((t) => `case_search_weekly(s.terms, s.created_at) && case_search_week_keys($${params.push(t)}::text, ${window})`);
    // the page's bounds on the time index: from the window's start to the page's cursor (a later page's window
    // starts weeks back; up to now it would read every case since)
    const upTo = until ? ` AND (${until} IS NULL OR s.created_at <= ${until})` : '';
    return `((${window} IS NULL AND ${all}) OR (${window} IS NOT NULL AND ${weeks.join(' AND ')} AND s.created_at >= ${window}${upTo}))`;
  }
  // the region's time index only with a window (without, the region's every case would be read for nothing)
  const one = keys.scoped.map((k) => `case_search_scoped(s.terms, s.path) @> $${params.push(k.keys)}::text[]`
    + (window ? since(`split_part(s.path, '/', ${k.depth + 1}) = $${params.push(k.code)} AND `) : ''));
  return one.length === 1 ? one[0] : `(${one.map((o) => `(${o})`).join(' OR ')})`;
}

export interface SearchSql {
  sql: string;
  /** the word search's window parameter ($n in `params`), set by listCases window by window */
  window?: number;
  /** the parameter ($n in `params`) of the page's upper time bound (its cursor's time, or null), set by listCases */
  until?: number;
  /** the keys a word's cases must hold, for fewMatches */
  keys?: SearchKeys;
}

/**
 * The queue's condition for `q` on `cases c` (parameters appended to `params`), or null for no filter.
 * Words: the cases of case_search whose keys contain them all (`@>`, the GIN index) — qualified by the caller's
 * regions (`scopedKeys`: a community's word is one key of its own, so a common word costs a small scope only its
 * own matches) — created since the parameter `window` (null: ever): listCases reads the newest matches in growing
 * windows, each one the GIN index and the time index of case_search combined, so that a common word does not make
 * it read every match, nor walk the queue testing each case. A number: the cases whose number is in the prefix's
 * range on the unique index of `number` (digit strings sort alike in every collation; LIKE rechecks), with those
 * having it as a word: a union of two small sets, joined to the cases by id. `open`: the caller's filter keeps
 * open cases only (not closed, rejected or merged) — the words are looked up among those cases' copy of their terms
 * (case_search_open), a twentieth of the cases or less, in one statement: the region's open matches are few.
 */
export function searchSql(q: string | null | undefined, params: unknown[], paths?: string[], open = false): SearchSql | null {
  const s = searchQuery(q);
  switch (s.kind) {
    case 'none': return null;
    case 'nothing': return { sql: 'FALSE' };
    case 'number': {
      const hi = digitsUpperBound(s.prefix);
      return { sql: `c.id IN (SELECT n.id FROM cases n WHERE n.number >= $${params.push(s.prefix)}${hi === null ? '' : ` AND n.number < $${params.push(hi)}`}`
        + ` AND n.number LIKE $${params.push(s.prefix + '%')} UNION ALL SELECT s.case_id FROM case_search s WHERE ${keysSql({ plain: [s.prefix] }, params)})` };
    }
    case 'terms': {
      const scoped = scopedKeys(s.terms, paths);
      const keys: SearchKeys = scoped ? { scoped } : { plain: s.terms };
      // open cases only: their own copy of the terms (migration 1240), few enough to read at once — no window
      if (open) return { sql: `c.id IN (SELECT s.case_id FROM case_search_open s WHERE ${keysSql(keys, params)})` };
      const window = params.push(null), until = scoped ? undefined : params.push(null);
      return { sql: `c.id IN (SELECT s.case_id FROM case_search s WHERE ${keysSql(keys, params, `$${window}::timestamptz`, until === undefined ? undefined : `$${until}::timestamptz`)})`, window, ...(until ? { until } : {}), keys };
    }
  }
}

/**
 * The count's form of a statement with a word search (0-based window parameters, or undefined for none): its own
 * window parameter, and the window's whole weeks without the page's exact bound — a count past the cap in those
 * weeks is past it in all, and the bound would only make the time index be read beside the weekly keys.
 */
export function countWindowSql(sql: string, window: number | undefined, countWindow: number | undefined): string {
  if (window === undefined || countWindow === undefined) return sql;
  const w = `$${window + 1}::timestamptz`, until = `$${window + 2}::timestamptz`;
  return sql.replaceAll(`s.created_at >= ${w}`, 'TRUE').replaceAll(`(${until} IS NULL OR s.created_at <= ${until})`, 'TRUE')
    .replaceAll(w, `$${countWindow + 1}::timestamptz`);
}

/** At most `few` matching cases in all is "few": the queue reads exactly those by id (a test sets it to 0 to read by windows). */
export const searchTuning = { few: 2000 };

/**
 * The ids of the cases whose keys hold one of `keys`' arrays, when there are at most `searchTuning.few` of them
 * (one GIN lookup, stopped past the limit); null when there are more. A word that matches nothing — or a rare
 * one, or a common one in a small scope — then costs the queue a few milliseconds instead of a walk through
 * every window down to "all".
 */
export async function fewMatches(db: Queryable, keys: SearchKeys): Promise<number[] | null> {
  // a word the statistics know as common is not few: no lookup (a GIN lookup reads the whole posting list of a
  // common word — 15–25 ms at 2M cases — however small its LIMIT)
  const estimate = estimateMatches(await keyStats(db), keys);
  if (estimate !== null && estimate > 2 * searchTuning.few) return null;
  const values: unknown[] = [];
  const where = keysSql(keys, values);
  const { rows } = await db.query({ name: `cases.search.few.${'plain' in keys ? 0 : keys.scoped.length}`, text: `SELECT s.case_id FROM case_search s WHERE ${where} LIMIT $${values.push(searchTuning.few + 1)}`, values } as any);
  return rows.length > searchTuning.few ? null : rows.map((r: { case_id: string | number }) => Number(r.case_id));
}

/**
 * The planner's statistics of the search keys (ANALYZE): the cases indexed, the share of them holding each common
 * term or scoped key, and each common community's or grid's share of the cases (the regions' time indexes).
 */
export interface KeyStats { cases: number; plain: Map<string, number>; scoped: Map<string, number>; regions: Map<string, number> }

const statsCache = new WeakMap<object, { at: number; stats: KeyStats }>();
/** How long the statistics are kept in a process (autovacuum's ANALYZE changes them far more slowly). */
const STATS_MS = 60_000;

async function keyStats(db: Queryable): Promise<KeyStats> {
  const hit = statsCache.get(db);
  if (hit && Date.now() - hit.at < STATS_MS) return hit.stats;
  const { rows } = await db.query({
    name: 'cases.search.stats',
    text: `SELECT st.tablename,
                  coalesce(st.most_common_elems, st.most_common_vals)::text::text[] AS elems,
                  coalesce(st.most_common_elem_freqs, st.most_common_freqs) AS freqs,
                  (SELECT greatest(c.reltuples, 0)::float8 FROM pg_class c WHERE c.oid = 'case_search'::regclass) AS cases
             FROM pg_stats st WHERE st.schemaname = current_schema()
              AND ((st.tablename = 'case_search' AND st.attname = 'terms')
                OR st.tablename IN ('case_search_scoped', 'case_search_d5_time', 'case_search_d6_time'))`,
  } as any);
  const stats: KeyStats = { cases: 0, plain: new Map(), scoped: new Map(), regions: new Map() };
  for (const r of rows as { tablename: string; elems: string[] | null; freqs: number[] | null; cases: number }[]) {
    stats.cases = Number(r.cases);
    const into = r.tablename === 'case_search' ? stats.plain : r.tablename === 'case_search_scoped' ? stats.scoped : stats.regions;
    (r.elems ?? []).forEach((e, i) => into.set(e, Number(r.freqs![i])));
  }
  statsCache.set(db, { at: Date.now(), stats });
  return stats;
}

/**
 * The cases estimated to hold the one key of each alternative of `keys` — its share of the cases, summed; a scoped
 * key the statistics do not list, as its term's share times its region's — or null for several words, or a key not
 * among the statistics' common ones (it may be rare: only a lookup tells).
 */
export function estimateMatches(stats: KeyStats, keys: SearchKeys): number | null {
  // one term only: several words together may be rare however common each is (文庄路177号: 文庄, 庄路, 177, 号), and
  // only a lookup tells — it costs the rarest word's posting list (GIN reads it first)
  const rarest = (shares: (number | undefined)[]) => (shares.length !== 1 || shares[0] === undefined ? null : shares[0]);
  const alternatives = 'plain' in keys ? [rarest(keys.plain.map((t) => stats.plain.get(t)))]
    : keys.scoped.map((k) => rarest(k.keys.map((key) => stats.scoped.get(key)
        ?? (stats.regions.has(k.code) && stats.plain.has(key.slice(k.code.length + 1)) ? stats.regions.get(k.code)! * stats.plain.get(key.slice(k.code.length + 1))! : undefined))));
  if (alternatives.some((a) => a === null)) return null;
  return (alternatives as number[]).reduce((sum, a) => sum + a * stats.cases, 0);
}

/** The windows a word search's page and count read, in days back from the page's start, ending with every case (null). */
export const PAGE_WINDOWS: (number | null)[] = [2, 16, 128, null];
export const COUNT_WINDOWS: (number | null)[] = [16, 128, null];
/** A community's or a grid's page windows: a few days of a small region rarely hold a page of a word's matches. */
export const SCOPED_PAGE_WINDOWS: (number | null)[] = [16, 128, null];

/** Who the index's writes are recorded as. */
export const SEARCH_ACTOR: CommandActor = systemActor('job:cases.search');
/** One indexer at a time (a transaction-scoped try-lock per batch: another process skips). */
const SEARCH_LOCK = 0x6761_1200; // 'ga' + 1200
const BATCH = 2000;

const textsOf = (rows: any[], termsOf: (text: string) => string[] = textTerms): CaseText[] =>
  rows.map((r) => ({ id: Number(r.id), version: Number(r.version), createdAt: r.created_at, path: r.path, terms: termsWith(termsOf, [r.description, r.address]) }));

/** textTerms remembering up to `max` texts (a rebuild meets the same addresses and descriptions again and again). */
function cachedTerms(max = 200_000): (text: string) => string[] {
  const cache = new Map<string, string[]>();
  return (text) => {
    let t = cache.get(text);
    if (!t) {
      t = textTerms(text);
      if (cache.size >= max) cache.clear();
      cache.set(text, t);
    }
    return t;
  };
}

/** Index one case now, in the caller's transaction: for a command that changes a case's description or address. */
export async function reindexCase(tx: pg.PoolClient, actor: CommandActor, id: number): Promise<void> {
  const { rows } = await tx.query(`SELECT id, version, created_at, path, description, address FROM cases WHERE id = $1`, [id]);
  if (rows.length) await runInTx(tx, actor, indexCases, { cases: textsOf(rows), rebuild: false });
}

export interface IndexResult {
  /** false when another process is indexing right now (this call did nothing). */
  ran: boolean;
  indexed: number;
  /** every case with an id up to here has its terms (or will never commit) */
  watermark: number;
}

/**
 * The job `cases.search`: index every committed case that has no terms yet, in batches of BATCH, each
 * its own short transaction (try-locked: one indexer at a time across processes), through the command
 * `cases.search.index`.
 *
 * Which cases: those with an id above the watermark and no row in case_search (an anti-join on the
 * primary keys, so a case committed late — its id taken before another's that committed first — is
 * still found). The watermark only rises to ids that can no longer appear: each run notes a checkpoint,
 * the id sequence's last value and the transactions then holding a write lock on `cases` (pg_locks; an
 * id is taken by an INSERT that already holds that lock). Once none of those transactions is left, every
 * id up to the checkpoint has committed or never will, and after the next scan the watermark moves
 * there. So the scan covers only the cases since about the previous run, however long the table.
 * On an existing database (migration 1200), the watermark starts at 0 and the job indexes every case.
 */
export async function indexCaseSearch(db: Db, batch = BATCH): Promise<IndexResult> {
  const { rows: [st] } = await db.query(
    `SELECT watermark, upto, holders,
            upto IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.virtualtransaction = ANY(holders))
              AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.relation = 'cases'::regclass AND l.pid IS NULL) AS settled
       FROM case_search_state`);
  const watermark = Number(st.watermark);
  let after = watermark, indexed = 0;
  for (;;) {
    const ids = await db.tx(async (tx) => {
      if (!(await tx.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [SEARCH_LOCK])).rows[0].ok) return null;
      const { rows } = await tx.query(
        `SELECT c.id, c.version, c.created_at, c.path, c.description, c.address FROM cases c
          WHERE c.id > $1 AND NOT EXISTS (SELECT 1 FROM case_search s WHERE s.case_id = c.id)
          ORDER BY c.id LIMIT $2`, [after, batch]);
      if (!rows.length) return [];
      const texts = textsOf(rows);
      await runInTx(tx, SEARCH_ACTOR, indexCases, { cases: texts, rebuild: false });
      after = texts[texts.length - 1].id;
      return texts.map((c) => c.id);
    });
    if (ids === null) return { ran: false, indexed, watermark };
    // the open cases' copies once more, now that the batch is visible: a change of state that committed while it was
    // being written saw no row of its own to copy or drop (syncOpenCopies)
    await runCommand(db, SEARCH_ACTOR, syncOpenCases, { ids });
    indexed += ids.length;
    if (ids.length < batch) break;
  }
  // a new checkpoint once the last one is settled (or there is none): first the sequence's last value,
  // then who may still commit an id at or below it (an INSERT holds its lock before it takes an id)
  if (!st.settled && st.upto !== null) return { ran: true, indexed, watermark };
  const raised = st.settled ? Math.max(watermark, Number(st.upto)) : watermark;
  const { rows: [{ upto }] } = await db.query(`SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END AS upto FROM cases_id_seq`);
  const { rows: [{ holders }] } = await db.query(
    `SELECT coalesce(array_agg(DISTINCT virtualtransaction), '{}') AS holders FROM pg_locks
      WHERE relation = 'cases'::regclass AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND mode IN ('RowExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')`);
  // nothing new since (idle): no write
  if (raised === watermark && Number(upto) === Number(st.upto) && !holders.length && !st.holders?.length) return { ran: true, indexed, watermark };
  await db.query(`UPDATE case_search_state SET watermark = greatest(watermark, $1), upto = $2, holders = $3`, [raised, upto, holders]);
  return { ran: true, indexed, watermark: raised };
}

/**
 * Index every case again (the command `cases.search.rebuild`, once per batch in the audit log): after a
 * change of the segmentation or its dictionary, to repair, or to fill the index of a large existing
 * database at once. Safe while the app runs: a row is only replaced by terms of the same or a newer version
 * of the case's text. `bulk` (offline: the bench's build, a first fill) drops the GIN index first and builds
 * it again at the end, many times faster than maintaining it row by row; searches meanwhile read every row.
 */
export async function rebuildCaseSearch(db: Db, opts: { actor?: CommandActor; onProgress?: (done: number) => void; batch?: number; bulk?: boolean } = {}): Promise<number> {
  const batch = opts.batch ?? 5000;
  const termsOf = cachedTerms();
  if (opts.bulk) await db.query(KEYS_INDEXES.map((sql) => `DROP INDEX IF EXISTS ${sql.split(' ')[5]}`).join('; '));
  let after = 0, done = 0;
  try {
    for (;;) {
      const n = await db.tx(async (tx) => {
        const { rows } = await tx.query(
          `SELECT id, version, created_at, path, description, address FROM cases WHERE id > $1 ORDER BY id LIMIT $2`, [after, batch]);
        if (!rows.length) return 0;
        await runInTx(tx, opts.actor ?? SEARCH_ACTOR, indexCases, { cases: textsOf(rows, termsOf), rebuild: true });
        after = Number(rows[rows.length - 1].id);
        return rows.length;
      });
      done += n;
      opts.onProgress?.(done);
      if (n < batch) return done;
    }
  } finally {
    if (opts.bulk) {
      await db.tx(async (tx) => {
        await tx.query(`SET LOCAL maintenance_work_mem = '256MB'`);
        for (const sql of KEYS_INDEXES) await tx.query(sql);
      });
    }
  }
}

/** Cases committed without terms yet (the index's lag), for health and tests. */
export async function searchLag(db: Queryable): Promise<number> {
  return (await searchBacklog(db)).unindexed;
}

/**
 * The index's lag for `/api/health`: the committed cases the job has not indexed yet (a keyword search does
 * not find them) and the age in seconds of the oldest of them (null when none) — a second or so when the
 * job keeps up. Cheap: only the cases above the watermark are looked at.
 */
export async function searchBacklog(db: Queryable): Promise<{ unindexed: number; oldestSeconds: number | null }> {
  const { rows: [r] } = await db.query(
    `SELECT count(*)::int AS n, floor(extract(epoch FROM now() - min(c.created_at)))::int AS age FROM cases c
      WHERE c.id > (SELECT watermark FROM case_search_state)
        AND NOT EXISTS (SELECT 1 FROM case_search s WHERE s.case_id = c.id)`);
  return { unindexed: r.n, oldestSeconds: r.n ? Math.max(0, r.age) : null };
}
