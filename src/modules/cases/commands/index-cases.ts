/**
 * `cases.search.index` — write cases' search terms into `case_search` (search.ts), the only table it
 * writes. A row is replaced only by terms of the same or a newer version of the case's text, so a
 * late writer holding an older text never undoes a newer one.
 *
 * Audit: the rebuild (`rebuild: true`, recorded as `cases.search.rebuild`, an operator's action) writes one
 * record per batch. The job's incremental runs write none — like the audit chainer's linking, the
 * index is derived data: a function of the case's text, whose every change is audited by the command
 * that made it, and recomputed from it at any time; a record per batch would add one for nearly
 * every case reported.
 */
import { defineCommand } from '../../../core/command.js';
import type { Queryable } from '../../../core/db/pool.js';

export interface CaseText { id: number; version: number; createdAt: Date; path: string; terms: string[] }

export const indexCases = defineCommand<{ cases: CaseText[]; rebuild: boolean }, { count: number; first: number | null; last: number | null }>({
  name: 'cases.search.index',
  async run(tx, _actor, { cases }) {
    if (!cases.length) return { count: 0, first: null, last: null };
    // an array of arrays is not a parameter type: each case's terms go as an array literal, every element quoted
    // (terms are letters and digits only, search.ts: no quote or backslash to escape; quoted, `null` is a word)
    await tx.query(
      `INSERT INTO case_search (case_id, version, created_at, path, terms)
       SELECT v.id, v.version, v.at, v.path, v.terms::text[] FROM unnest($1::bigint[], $2::int[], $3::text[], $4::timestamptz[], $5::text[]) AS v(id, version, terms, at, path)
       ON CONFLICT (case_id) DO UPDATE SET version = EXCLUDED.version, path = EXCLUDED.path, terms = EXCLUDED.terms
        WHERE case_search.version <= EXCLUDED.version`,
      [cases.map((c) => c.id), cases.map((c) => c.version), cases.map((c) => `{${c.terms.map((t) => `"${t}"`).join(',')}}`), cases.map((c) => c.createdAt), cases.map((c) => c.path)]);
    await syncOpenCopies(tx, cases.map((c) => c.id));
    return { count: cases.length, first: cases[0].id, last: cases[cases.length - 1].id };
  },
  audit: {
    when: (input) => input.rebuild,
    action: 'cases.search.rebuild',
    targetType: 'case',
    detail: (_input, r) => ({ count: r.count, firstId: r.first, lastId: r.last }),
  },
});

/**
 * `cases.search.open` — the job's second look at a batch it committed (syncOpenCopies below). Derived data, like
 * the terms: no audit record.
 */
export const syncOpenCases = defineCommand<{ ids: number[] }, void>({
  name: 'cases.search.open',
  run: (tx, _actor, { ids }) => syncOpenCopies(tx, ids),
});

/**
 * Bring `case_search_open` (migration 1240: the terms of the cases not closed, rejected or merged) in line with
 * the cases `ids` as this statement sees them: a copy of the terms of each open one that has terms, none for a
 * final one. Called in the transaction of every change of a case's state (actions.ts bump) and of every write of
 * terms (above), and once more by the job after each batch it committed (search.ts): a state change that
 * committed while the job's batch was open could not see the batch's rows. A copy too many (a final case) only
 * costs the queue a row it tests and drops; a copy too few would hide an open case, which these three prevent.
 */
export async function syncOpenCopies(tx: Queryable, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await tx.query({
    name: 'cases.search.open.sync',
    text: `WITH gone AS (
             DELETE FROM case_search_open o USING cases c
              WHERE o.case_id = ANY($1::bigint[]) AND c.id = o.case_id AND c.state IN ('closed','rejected','merged'))
           INSERT INTO case_search_open (case_id, created_at, path, terms)
           SELECT s.case_id, s.created_at, s.path, s.terms FROM case_search s JOIN cases c ON c.id = s.case_id
            WHERE s.case_id = ANY($1::bigint[]) AND c.state NOT IN ('closed','rejected','merged')
           ON CONFLICT (case_id) DO UPDATE SET path = EXCLUDED.path, terms = EXCLUDED.terms
            WHERE (case_search_open.path, case_search_open.terms) IS DISTINCT FROM (EXCLUDED.path, EXCLUDED.terms)`,
    values: [ids],
  } as any);
}
