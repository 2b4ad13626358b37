import type pg from 'pg';
import { invalidate } from '../../core/cache.js';
import { AppError } from '../../core/http/errors.js';
import { readSubtree, statCode } from './division.js';
import { REGIONS_CACHE } from './queries.js';

export interface ImportResult { under: string; name: string; imported: number; }

/**
 * Import one subtree of the national divisions with its ancestors. Idempotent: rows are
 * upserted by code, so re-running changes nothing but names the package has corrected.
 */
export async function importRegions(tx: pg.PoolClient, under: string, onProgress?: (done: number, total: number) => void): Promise<ImportResult> {
  const rows = await readSubtree(under);
  const root = rows.find((r) => r.code === under);
  if (!root) throw new AppError('region_code_unknown', { code: under });
  // region rows are cached in every process (queries.ts): this one bypasses its cache from now until the
  // notice, sent at commit, comes back; the trigger of migration 1220 tells the other processes too
  await invalidate(tx, REGIONS_CACHE);
  // Parents come first (files are read level by level), so each row's parent path is known.
  const paths = new Map<string, string>();
  const codes: string[] = [], stats: string[] = [], names: string[] = [], officials: string[] = [], levels: string[] = [], parents: (string | null)[] = [], pathsArr: string[] = [];
  for (const r of rows) {
    const parentPath = r.parentCode ? paths.get(r.parentCode) : '/';
    if (parentPath === undefined) continue; // orphan in the source data: skip rather than break the tree
    const p = `${parentPath}${r.code}/`;
    paths.set(r.code, p);
    codes.push(r.code); stats.push(statCode(r.code)); names.push(r.name); officials.push(r.officialName);
    levels.push(r.level); parents.push(r.parentCode); pathsArr.push(p);
  }
  const chunk = 5000;
  for (let i = 0; i < codes.length; i += chunk) {
    const s = (a: unknown[]) => a.slice(i, i + chunk);
    await tx.query(
      `INSERT INTO region (code, stat_code, name, official_name, level, parent_code, path)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, official_name = EXCLUDED.official_name
         WHERE region.name IS DISTINCT FROM EXCLUDED.name OR region.official_name IS DISTINCT FROM EXCLUDED.official_name`,
      [s(codes), s(stats), s(names), s(officials), s(levels), s(parents), s(pathsArr)],
    );
    onProgress?.(Math.min(i + chunk, codes.length), codes.length);
  }
  await tx.query(
    `UPDATE region r SET child_count = c.n
       FROM (SELECT p.code, (SELECT count(*) FROM region k WHERE k.parent_code = p.code)::int AS n
               FROM region p WHERE p.code = ANY($1::text[])) c
      WHERE r.code = c.code AND r.child_count <> c.n`,
    [codes],
  );
  return { under, name: root.name, imported: codes.length };
}
