/** Figures (the six rates) and the deadline sweep on demand. */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../core/http/errors.js';
import { route, type RouteDef } from '../../../core/http/module.js';
import { callerRegion, RegionCode } from '../../regions/api.js';
import { caseMetrics, METRIC_DEFINITIONS } from '../metrics.js';
import { policy } from '../policy.js';
import { exportMetrics } from '../exports.js';
import { sweepDeadlines } from '../sweep.js';
import { fileReply, ref, XLSX_TYPE } from '../../../core/http/schemas.js';
import { CaseMetrics, CaseSweep, DateStr } from './shared.js';

export const metricsRoutes: RouteDef[] = [
  route({
    method: 'GET', url: '/api/metrics/cases', action: policy.metrics,
    summary: 'The rates of 接诉即办 and digital urban management for a region and period',
    description: `Rates are fractions 0–1, null where the denominator is 0.\n\n${METRIC_DEFINITIONS.map((d) => `- ${d}`).join('\n')}`,
    query: Type.Object({ region: RegionCode, from: DateStr, to: DateStr }),
    response: { 200: ref(CaseMetrics) },
    async handler(ctx) {
      const region = await callerRegion(ctx, ctx.query.region);
      if (ctx.query.to < ctx.query.from) throw new AppError('validation_failed', {}, [{ field: 'to', message: 'to is before from' }]);
      return { ...await caseMetrics(ctx.db, region, ctx.query.from, ctx.query.to), definitions: METRIC_DEFINITIONS };
    },
  }),
  route({
    method: 'GET', url: '/api/metrics/cases/export', action: policy.metrics,
    summary: 'The same rates as an Excel workbook to report upward (总体, 按类别, 按部门, 按区域, 口径说明)',
    query: Type.Object({ region: RegionCode, from: DateStr, to: DateStr }),
    response: { 200: fileReply('the workbook', XLSX_TYPE) },
    async handler(ctx) {
      const region = await callerRegion(ctx, ctx.query.region);
      if (ctx.query.to < ctx.query.from) throw new AppError('validation_failed', {}, [{ field: 'to', message: 'to is before from' }]);
      const m = await caseMetrics(ctx.db, region, ctx.query.from, ctx.query.to);
      const buf = await exportMetrics(region.name, m, METRIC_DEFINITIONS);
      ctx.reply.header('content-type', XLSX_TYPE);
      ctx.reply.header('content-disposition', `attachment; filename="case-metrics.xlsx"; filename*=UTF-8''${encodeURIComponent(`${region.name}案件指标-${ctx.query.from}至${ctx.query.to}.xlsx`)}`);
      return buf;
    },
  }),
  route({
    method: 'POST', url: '/api/cases/sweep', action: policy.sweep,
    summary: 'Run the deadline sweep now (it also runs every minute). In demo mode asOf runs it as if it were that time.',
    body: Type.Object({ asOf: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
    response: { 200: ref(CaseSweep) },
    async handler(ctx) {
      if (ctx.body.asOf && !ctx.config.demo) throw new AppError('sweep_as_of_demo_only');
      const asOf = ctx.body.asOf ? new Date(ctx.body.asOf) : new Date();
      return ctx.command({ action: 'cases.sweep', detail: { asOf: asOf.toISOString() } }, async () => sweepDeadlines(ctx.db, asOf));
    },
  }),
];
