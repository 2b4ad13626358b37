/**
 * The integrations that may file cases (the 12345 hotline's webhook, Open311 clients), found by
 * their token on every request. Kept in memory (core/cache.ts): every live integration, by token
 * hash. A trigger on the table (migration 1160) NOTIFYs every process when one is added, changed
 * or revoked, so a revoked key stops working at once everywhere.
 */
import { cacheChannel, cached } from '../../core/cache.js';
import type { Queryable } from '../../core/db/pool.js';
import { tokenHash } from '../../core/auth/tokens.js';

export interface Integration { id: number; name: string; kind: 'hotline' | 'open311'; regionCode: string; path: string; }

export const INTEGRATIONS_CACHE = 'cases.integrations';
export const INTEGRATIONS_CHANNEL = cacheChannel(INTEGRATIONS_CACHE);

const live = cached(INTEGRATIONS_CACHE, async (q: Queryable) => {
  const { rows } = await q.query(
    `SELECT i.id, i.name, i.kind, i.region_code, r.path, i.token_hash FROM integration i JOIN region_v r ON r.code = i.region_code WHERE i.revoked_at IS NULL`);
  return new Map(rows.map((r) => [`${r.kind}:${r.token_hash}`, { id: Number(r.id), name: r.name, kind: r.kind, regionCode: r.region_code, path: r.path } as Integration]));
});

/** The live integration of this kind holding this token, or null. */
export async function integrationByToken(db: Queryable, kind: Integration['kind'], token: string): Promise<Integration | null> {
  return (await live(db)).get(`${kind}:${tokenHash(token)}`) ?? null;
}
