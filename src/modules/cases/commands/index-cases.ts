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
    return { count: cases.length, first: cases[0].id, last: cases[cases.length - 1].id };
  },
  audit: {
    when: (input) => input.rebuild,
    action: 'cases.search.rebuild',
    targetType: 'case',
    detail: (_input, r) => ({ count: r.count, firstId: r.first, lastId: r.last }),
  },
});
