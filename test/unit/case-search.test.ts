/**
 * Case keyword search, the rules as tables (search.ts): what a case's text is indexed as, what a query asks
 * for, and which query finds which text — mixed Chinese/ASCII, digits, punctuation, full-width forms, empty
 * after cleaning, very long input and hostile characters.
 */
import { describe, expect, it } from 'vitest';
import { countWindowSql, documentTerms, estimateMatches, MAX_TERMS, scopedKeys, searchQuery, searchSql, TERM_MAX, type SearchKeys } from '../../src/modules/cases/search.js';

/** Does the query find the text, as the database would (every query term among the text's terms)? */
function finds(q: string, description: string, address: string | null = null): boolean {
  const s = searchQuery(q);
  if (s.kind !== 'terms') throw new Error(`not a word query: ${q}`);
  const terms = new Set(documentTerms(description, address));
  return s.terms.every((t) => terms.has(t));
}

describe('searchQuery: what q asks for', () => {
  it.each<[string, ReturnType<typeof searchQuery>]>([
    ['', { kind: 'none' }],
    ['   ', { kind: 'none' }],
    ['？！。，', { kind: 'nothing' }],
    ['%_\\\'"', { kind: 'nothing' }],
    ['%%%', { kind: 'nothing' }],
    ['漏水', { kind: 'terms', terms: ['漏水'] }],
    ['漏', { kind: 'terms', terms: ['漏'] }],
    ['水管', { kind: 'terms', terms: ['水管'] }],
    ['漏水 噪音', { kind: 'terms', terms: ['漏水', '噪音'] }],
    ['漏水，噪音！', { kind: 'terms', terms: ['漏水', '噪音'] }],
    ['文庄路', { kind: 'terms', terms: ['文庄', '庄路'] }], // a longer word: its bigrams
    ['WiFi坏了', { kind: 'terms', terms: ['wifi', '坏了'] }], // lower-cased, split from the Chinese
    ['Ｗｉｆｉ', { kind: 'terms', terms: ['wifi'] }], // full-width folded (NFKC)
    ['2026', { kind: 'terms', terms: ['2026'] }], // a short number is a word (an address number)
    ['202612', { kind: 'terms', terms: ['202612'] }],
    ['177号', { kind: 'terms', terms: ['177', '号'] }],
    ['20261207', { kind: 'number', prefix: '20261207' }], // eight digits or more: a case number prefix (or the word)
    [' 202612070001 ', { kind: 'number', prefix: '202612070001' }],
    ['１２３４５６７８', { kind: 'number', prefix: '12345678' }],
    ["漏水'; DROP TABLE cases; --", { kind: 'terms', terms: ['漏水', 'drop', 'table', 'cases'] }],
    ['a%b_c\\d', { kind: 'terms', terms: ['a', 'b', 'c', 'd'] }],
  ])('%j → %j', (q, expected) => {
    expect(searchQuery(q)).toEqual(expected);
  });

  it('a very long query keeps a bounded number of terms, each of bounded length', () => {
    const s = searchQuery('管道'.repeat(500) + ' ' + 'x'.repeat(500));
    expect(s.kind).toBe('terms');
    if (s.kind !== 'terms') return;
    expect(s.terms.length).toBeLessThanOrEqual(64);
    expect(Math.max(...s.terms.map((t) => [...t].length))).toBeLessThanOrEqual(TERM_MAX);
  });
});

describe('which query finds which case text', () => {
  const leak = '小区地下供热管道漏水，井口往外冒热水';
  const addr = '海南省海口市琼山区府城街道府城社区文庄路177号小区北门';
  it.each<[string, string, string | null, boolean]>([
    ['漏水', leak, null, true],
    ['漏', leak, null, true], // one character: a unigram of the text
    ['道漏', leak, null, true], // two characters across jieba's words: a bigram of the text
    ['供热管道', leak, null, true],
    ['管道 漏水', leak, null, true], // AND, in any order
    ['漏水 噪音', leak, null, false], // AND: both must be there
    ['噪音', leak, null, false],
    ['文庄路', leak, addr, true], // a word of the address
    ['文庄路177号', leak, addr, true],
    ['177', leak, addr, true],
    ['17', leak, addr, false], // numbers are whole words
    ['1177', leak, addr, false],
    ['府城社区', leak, addr, true],
    ['wifi', '楼道的WiFi路由器坏了', null, true], // mixed Chinese/ASCII, case folded
    ['WIFI 路由器', '楼道的WiFi路由器坏了', null, true],
    ['wifi6', '楼道的WiFi路由器坏了', null, false],
    ['水管', '{road}地下水管漏水，路面一直在冒水', null, true], // jieba cuts 地下水/管 in the text
    ['地下水管', '{road}地下水管漏水，路面一直在冒水', null, true],
    ['路灯不亮', '有几盏路灯不亮，晚上路很黑', null, true],
    ['电动车充电', '楼道里停放电动车并在充电，存在火灾隐患', null, true],
    ['小广告', '电线杆和墙上贴满了小广告', null, true],
    ['it’s', 'It’s broken', null, true],
  ])('%j in %j (address %j): %s', (q, description, address, expected) => {
    expect(finds(q, description, address)).toBe(expected);
  });
});

describe('documentTerms: what a case is indexed as', () => {
  it('words, characters and character pairs; no punctuation, no spaces', () => {
    const t = documentTerms('井盖丢了！ 很危险', null);
    for (const x of ['井盖', '丢', '了', '井', '盖', '盖丢', '丢了', '危险', '很危', '险']) expect(t).toContain(x);
    expect(t.some((x) => /[\s！!]/.test(x))).toBe(false);
  });
  it('hostile characters are no terms; the words beside them are', () => {
    const t = documentTerms("100% 满意_'\"\\ <script>alert(1)</script>", null);
    expect(t).toEqual(expect.arrayContaining(['100', '满意', 'script', 'alert', '1']));
    expect(t.every((x) => /^[\p{L}\p{N}]+$/u.test(x))).toBe(true);
  });
  it('empty, null and punctuation-only texts have no terms', () => {
    expect(documentTerms('', null, undefined)).toEqual([]);
    expect(documentTerms('。，！？……', '---')).toEqual([]);
  });
  it('a very long text keeps at most MAX_TERMS terms, each at most TERM_MAX characters', () => {
    const long = Array.from({ length: 3000 }, (_, i) => String.fromCodePoint(0x4e00 + (i * 7) % 20000)).join('') + ' ' + 'a'.repeat(200);
    const t = documentTerms(long, null);
    expect(t.length).toBe(MAX_TERMS);
    expect(Math.max(...t.map((x) => [...x].length))).toBeLessThanOrEqual(TERM_MAX);
    expect(documentTerms('b'.repeat(100), null)).toEqual(['b'.repeat(TERM_MAX)]);
    expect(searchQuery('b'.repeat(40))).toEqual({ kind: 'terms', terms: ['b'.repeat(TERM_MAX)] }); // the same cut on both sides
  });
});

describe('searchSql: the queue condition', () => {
  const KEYS = 'case_search_scoped(s.terms, s.path)';
  const NUMBER = `c.id IN (SELECT n.id FROM cases n WHERE n.number >= $1 AND n.number < $2 AND n.number LIKE $3 UNION ALL SELECT s.case_id FROM case_search s WHERE s.terms @> $4::text[])`;
  // the plain terms ever, or with a window each term's keys of the window's weeks (migration 1231)
  const PLAIN = 'c.id IN (SELECT s.case_id FROM case_search s WHERE (($1::timestamptz IS NULL AND s.terms @> $3::text[]) OR ($1::timestamptz IS NOT NULL'
    + ' AND case_search_weekly(s.terms, s.created_at) && case_search_week_keys($4::text, $1::timestamptz)'
    + ' AND case_search_weekly(s.terms, s.created_at) && case_search_week_keys($5::text, $1::timestamptz) AND s.created_at >= $1::timestamptz'
    + ' AND ($2::timestamptz IS NULL OR s.created_at <= $2::timestamptz))))';
  it.each<[string, { sql: string; window?: number; until?: number; keys?: SearchKeys } | null, unknown[]]>([
    ['', null, []],
    ['。。', { sql: 'FALSE' }, []],
    ['漏水 噪音', { sql: PLAIN, window: 1, until: 2, keys: { plain: ['漏水', '噪音'] } }, [null, null, ['漏水', '噪音'], '漏水', '噪音']],
    ['20261207', { sql: NUMBER }, ['20261207', '20261208', '20261207%', ['20261207']]],
    ['2026199999', { sql: NUMBER }, ['2026199999', '20262', '2026199999%', ['2026199999']]],
    ['99999999', { sql: `c.id IN (SELECT n.id FROM cases n WHERE n.number >= $1 AND n.number LIKE $2 UNION ALL SELECT s.case_id FROM case_search s WHERE s.terms @> $3::text[])` },
      ['99999999', '99999999%', ['99999999']]],
  ])('%j', (q, sql, params) => {
    const p: unknown[] = [];
    expect(searchSql(q, p)).toEqual(sql);
    expect(p).toEqual(params);
  });

  // the words are looked up qualified by the caller's community or grid, one key array per region path
  const street = '/46/4601/460107/460107002/', community = street + '460107002001/', grid = community + '460107002001001/';
  const at = (code: string, depth: number) => ({ code, depth, keys: [`${code}:漏水`, `${code}:噪音`] });
  it.each<[string, string[], ReturnType<typeof scopedKeys>]>([
    ['a community', [community], [at('460107002001', 5)]],
    ['a grid', [grid], [at('460107002001001', 6)]],
    ['two grids', [grid, community + '460107002001002/'], [at('460107002001001', 6), at('460107002001002', 6)]],
    ['a grid and a community', [grid, street + '460107002002/'], [at('460107002001001', 6), at('460107002002', 5)]],
    ['a street: plain terms', [street], null],
    ['a district: plain terms', ['/46/4601/460107/'], null],
    ['a community and a street: plain terms', [community, '/36/3601/360103/360103013/'], null],
    ['nine grids: plain terms', Array.from({ length: 9 }, (_, i) => `${community}46010700200100${i}/`), null],
    ['no scope given: plain terms', [], null],
  ])('scoped to %s', (_name, paths, scoped) => {
    expect(scopedKeys(['漏水', '噪音'], paths)).toEqual(scoped);
    const p: unknown[] = [];
    const r = searchSql('漏水 噪音', p, paths)!;
    if (!scoped) {
      expect(r.keys).toEqual({ plain: ['漏水', '噪音'] });
      expect(r.sql).toBe(PLAIN);
      return;
    }
    expect(r.keys).toEqual({ scoped });
    expect(r.window).toBe(1);
    expect(p).toEqual([null, ...scoped.flatMap((k) => [k.keys, k.code])]);
    const one = scoped.map((k, i) => `${KEYS} @> $${2 * i + 2}::text[] AND ($1::timestamptz IS NULL OR split_part(s.path, '/', ${k.depth + 1}) = $${2 * i + 3} AND s.created_at >= $1::timestamptz)`);
    expect(r.sql).toBe(`c.id IN (SELECT s.case_id FROM case_search s WHERE ${one.length === 1 ? one[0] : `(${one.map((o) => `(${o})`).join(' OR ')})`})`);
  });
});

describe('countWindowSql: the count reads its own window, by whole weeks', () => {
  it.each<[string, number | undefined, number | undefined, string]>([
    ['x AND s.created_at >= $3::timestamptz AND $3::timestamptz IS NULL', 2, 5, 'x AND TRUE AND $6::timestamptz IS NULL'],
    ['s.created_at >= $3::timestamptz OR $30::timestamptz', 2, 5, 'TRUE OR $30::timestamptz'],
    ['s.created_at >= $3::timestamptz AND ($4::timestamptz IS NULL OR s.created_at <= $4::timestamptz)', 2, 5, 'TRUE AND TRUE'],
    ['no window: as it is', undefined, 5, 'no window: as it is'],
    ['no count: as it is $3::timestamptz', 2, undefined, 'no count: as it is $3::timestamptz'],
  ])('%s', (sql, w, cw, out) => expect(countWindowSql(sql, w, cw)).toBe(out));
});

describe('estimateMatches: a word the statistics know as common needs no lookup', () => {
  const stats = {
    cases: 1_000_000,
    plain: new Map([['漏水', 0.04], ['噪音', 0.01], ['号', 0.99]]),
    scoped: new Map([['460107002001:漏水', 0.005]]),
    regions: new Map([['460107002001', 0.1], ['460107002001001', 0.02]]),
  };
  const at = (code: string, terms: string[]) => ({ code, depth: code.length === 12 ? 5 : 6, keys: terms.map((t) => `${code}:${t}`) });
  it.each<[string, Parameters<typeof estimateMatches>[1], number | null]>([
    ['a common word', { plain: ['漏水'] }, 40_000],
    ['two words, however common: a lookup tells (together they may be rare)', { plain: ['漏水', '噪音'] }, null],
    ['a word the statistics do not list: a lookup tells', { plain: ['地震'] }, null],
    ['nothing asked', { plain: [] }, null],
    ['a scoped key listed', { scoped: [at('460107002001', ['漏水'])] }, 5_000],
    ['a scoped key not listed: its term\'s share × its region\'s', { scoped: [at('460107002001001', ['噪音'])] }, 200],
    ['two regions: summed', { scoped: [at('460107002001', ['漏水']), at('460107002001001', ['号'])] }, 5_000 + 19_800],
    ['two regions, one with two words: a lookup tells', { scoped: [at('460107002001', ['漏水']), at('460107002001001', ['号', '噪音'])] }, null],
    ['a region the statistics do not list', { scoped: [at('460107002009', ['噪音'])] }, null],
  ])('%s', (_name, keys, n) => {
    const e = estimateMatches(stats, keys);
    if (n === null) expect(e).toBeNull();
    else expect(e).toBeCloseTo(n, 6);
  });
});
