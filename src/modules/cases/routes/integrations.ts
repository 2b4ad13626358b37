/** Integrations: 12345 hotline tokens and Open311 API keys, issued and revoked by an administrator. */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../core/http/errors.js';
import { route, type RouteDef } from '../../../core/http/module.js';
import { findRegion, RegionCode } from '../../regions/api.js';
import { INTEGRATIONS_CACHE } from '../integrations.js';
import { invalidate } from '../../../core/cache.js';
import { tokenHash } from '../../../core/auth/tokens.js';
import { policy } from '../policy.js';
import { randomBytes } from 'node:crypto';
import { Ok, ref } from '../../../core/http/schemas.js';
import { IdParams, Integration, Text } from './shared.js';

export const integrationsRoutes: RouteDef[] = [
  route({
    method: 'GET', url: '/api/integrations', action: policy.integrations,
    summary: 'Hotline integrations and Open311 API keys',
    response: { 200: Type.Object({ items: Type.Array(ref(Integration)) }) },
    async handler(ctx) {
      const { rows } = await ctx.db.query(`SELECT i.id, i.kind, i.name, i.region_code, r.name AS region_name, i.created_at, i.revoked_at FROM integration i JOIN region r ON r.code = i.region_code ORDER BY i.id`);
      return { items: rows.map((r) => ({ id: Number(r.id), kind: r.kind, name: r.name, regionCode: r.region_code, regionName: r.region_name, createdAt: r.created_at, revokedAt: r.revoked_at })) };
    },
  }),
  route({
    method: 'POST', url: '/api/integrations', action: policy.integrations,
    summary: 'Issue a hotline token or an Open311 API key (shown once)',
    body: Type.Object({ kind: Type.Union([Type.Literal('hotline'), Type.Literal('open311')]), name: Text(100), region: RegionCode }, { additionalProperties: false }),
    response: { 201: Type.Object({ id: Type.Integer(), token: Type.String({ description: 'shown this once' }) }) },
    async handler(ctx) {
      const region = await findRegion(ctx.db, ctx.body.region);
      if (!region) throw new AppError('region_not_found', { code: ctx.body.region });
      const token = randomBytes(24).toString('base64url');
      const id = await ctx.command({ action: 'cases.integration.create', targetType: 'integration', targetId: (x: number) => String(x), detail: { kind: ctx.body.kind, name: ctx.body.name, region: region.code } },
        async (tx) => {
          await invalidate(tx, INTEGRATIONS_CACHE);
          return Number((await tx.query(`INSERT INTO integration (kind, name, token_hash, region_code, created_by) VALUES ($1,$2,$3,$4,$5) RETURNING id`, [ctx.body.kind, ctx.body.name, tokenHash(token), region.code, ctx.me.accountId])).rows[0].id);
        });
      ctx.reply.status(201);
      return { id, token };
    },
  }),
  route({
    method: 'DELETE', url: '/api/integrations/:id', action: policy.integrations,
    summary: 'Revoke a token or key', params: IdParams,
    response: { 200: ref(Ok) },
    async handler(ctx) {
      await ctx.command({ action: 'cases.integration.revoke', targetType: 'integration', targetId: String(ctx.params.id) }, async (tx) => {
        const r = await tx.query(`UPDATE integration SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1`, [ctx.params.id]);
        if (!r.rowCount) throw new AppError('integration_not_found', { id: ctx.params.id });
        await invalidate(tx, INTEGRATIONS_CACHE); // this process stops using the key at once; the others on the trigger's NOTIFY
      });
      return { ok: true };
    },
  }),
];
