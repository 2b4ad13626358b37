/** The regions module's writes besides the importer: a street's or community's public service number. */
import { pathInScope } from '../../core/access/policy.js';
import { invalidate } from '../../core/cache.js';
import { defineCommand } from '../../core/command.js';
import { AppError } from '../../core/http/errors.js';
import { REGIONS_CACHE } from './queries.js';

/**
 * `regions.hotline.set`: the service hotline (社区服务热线) of a street or community inside the caller's scope,
 * or null to clear it. It is public: printed on the contact cards of the region's grids (grids/cards.ts).
 */
export const setHotline = defineCommand<{ code: string; hotline: string | null; scope: string[] }, { code: string; hotline: string | null; before: string | null }>({
  name: 'regions.hotline.set',
  audit: { targetType: 'region', targetId: (i) => i.code, detail: (_i, r) => ({ hotline: r.hotline, before: r.before }) },
  async run(tx, _actor, i) {
    const { rows } = await tx.query(`SELECT path, level, hotline FROM region WHERE code = $1 FOR UPDATE`, [i.code]);
    const r = rows[0];
    if (!r || !pathInScope(i.scope, r.path)) throw new AppError('region_not_found', { code: i.code });
    if (r.level !== 'street' && r.level !== 'community') throw new AppError('region_hotline_level', { code: i.code });
    const hotline = i.hotline?.trim() || null;
    // this process reads region rows from its cache: bypass it until the notice (the trigger of 1220) is back
    await invalidate(tx, REGIONS_CACHE);
    await tx.query(`UPDATE region SET hotline = $2 WHERE code = $1`, [i.code, hotline]);
    return { code: i.code, hotline, before: r.hotline };
  },
});
