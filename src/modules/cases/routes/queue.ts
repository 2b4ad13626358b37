/** Reading: the queue (keyset-paged), its Excel export, one case. */
import { route, type RouteDef } from '../../../core/http/module.js';
import { policy } from '../policy.js';
import { listCases, queueRows } from '../queries.js';
import { exportQueue } from '../exports.js';
import { startJob } from '../../jobs/runner.js';
import { fileReply, ref, XLSX_TYPE } from '../../../core/http/schemas.js';
import { JobStarted } from '../../jobs/schemas.js';
import { CaseDetail, CasePage, IdParams, detail, QueueQuery, queueFilter, today } from './shared.js';

export const queueRoutes: RouteDef[] = [
  route({
    method: 'GET', url: '/api/cases', action: policy.read,
    summary: 'The case queue in the caller\'s scope, newest first, with filters',
    description: 'Paged by keyset: pass the reply\'s `nextCursor` as `cursor` for the next page (null: the last page); a malformed cursor is 400 `cursor_invalid`. `offset` still works for small pages. `total` counts at most 1,000: beyond, `totalCapped` is true and the console shows "1000+".',
    query: QueueQuery,
    response: { 200: ref(CasePage) },
    async handler(ctx) { return listCases(ctx.db, await queueFilter(ctx, ctx.query.limit ?? 50, ctx.query.offset ?? 0)); },
  }),
  route({
    method: 'GET', url: '/api/cases/export', action: policy.read,
    summary: 'The case queue with the same filters as an Excel file (.xlsx, at most 10,000 rows, no personal data)',
    query: QueueQuery,
    response: { 200: fileReply('the workbook', XLSX_TYPE) },
    async handler(ctx) {
      const items = await queueRows(ctx.db, await queueFilter(ctx, 10_000, 0), 10_000);
      const buf = await exportQueue(items);
      ctx.reply.header('content-type', XLSX_TYPE);
      ctx.reply.header('content-disposition', `attachment; filename="cases.xlsx"; filename*=UTF-8''${encodeURIComponent(`案件列表-${today()}.xlsx`)}`);
      return buf;
    },
  }),
  route({
    method: 'POST', url: '/api/cases/export', action: policy.read,
    summary: 'The same export as a job the console follows (202 {job}; stages query, file); the file is then at GET /api/jobs/{id}/file',
    body: QueueQuery,
    response: { 202: ref(JobStarted) },
    async handler(ctx) {
      const qctx = { ...ctx, query: ctx.body };
      const filter = await queueFilter(qctx, 10_000, 0); // scope refusals now, not in the job
      const job = await startJob({ db: ctx.db, actor: ctx.actor, lang: ctx.lang, requestId: ctx.requestId, kind: 'cases.export', stages: ['query', 'file'], log: (e) => ctx.req.log.error(e) }, async (job) => {
        const items = await queueRows(ctx.db, filter, 10_000);
        await job.stage('file', items.length);
        const data = await exportQueue(items);
        job.progress(items.length);
        return { result: { rows: items.length }, file: { name: `案件列表-${today()}.xlsx`, type: XLSX_TYPE, data } };
      });
      ctx.reply.status(202);
      return { job };
    },
  }),
  route({
    method: 'GET', url: '/api/cases/:id', action: policy.read,
    summary: 'One case: timeline, photos, department tasks, likely duplicates and the actions the caller may take now',
    params: IdParams,
    response: { 200: ref(CaseDetail) },
    async handler(ctx) { return detail(ctx, ctx.params.id); },
  }),
];
