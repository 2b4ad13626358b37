/** Fee collection: only lawful measures are recorded; cutting utilities is refused (民法典 art. 944). */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../core/http/errors.js';
import { route, type RouteDef } from '../../../core/http/module.js';
import { Id } from '../../../core/http/schemas.js';
import { compoundInScope } from '../../people/api.js';
import { LAWFUL_MEASURES, UTILITY_CUTS } from '../disclosure-rules.js';
import { policy } from '../policy.js';

export const feeRoutes: RouteDef[] = [
    route({
      method: 'POST', url: '/api/fee-collection-measures', action: policy.feeMeasure,
      summary: 'Record a lawful fee-collection measure (reminder, notice, mediation, lawsuit); cutting water, power, heat or gas is refused (民法典 art. 944)',
      body: Type.Object({ compoundId: Id, measure: Type.Union([...LAWFUL_MEASURES, ...UTILITY_CUTS].map((m) => Type.Literal(m))), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      response: { 201: Type.Object({ id: Type.Integer() }) },
      async handler(ctx) {
        if ((UTILITY_CUTS as readonly string[]).includes(ctx.body.measure)) throw new AppError('utility_cut_forbidden');
        const id = await ctx.command({ action: 'property.fee_measure.record', targetType: 'compound', targetId: String(ctx.body.compoundId), detail: { measure: ctx.body.measure } }, async (tx) => {
          const cp = await compoundInScope(tx, ctx.body.compoundId, ctx.scope);
          const { rows } = await tx.query('INSERT INTO fee_collection_measure (compound_id, path, measure, note, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id', [cp.id, cp.path, ctx.body.measure, ctx.body.note?.trim() || null, ctx.me.accountId]);
          return rows[0].id as number;
        });
        ctx.reply.status(201);
        return { id };
      },
    }),
];
