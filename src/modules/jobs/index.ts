/**
 * Jobs: long work started from the console (resident imports, Excel exports) runs in the app
 * process after its route answered 202 {job}; the console polls `GET /api/jobs/:id` for the
 * stage, counts and time left, then shows the report or downloads `GET /api/jobs/:id/file`.
 * A job is visible only to the account that started it. The work itself stays in its module
 * (and writes through that module's command path, with its audit record).
 */
import { Type } from '@sinclair/typebox';
import { definePolicy } from '../../core/access/policy.js';
import { route, type Module } from '../../core/http/module.js';
import { fileReply, ref } from '../../core/http/schemas.js';
import { migrations } from './migrations.js';
import { jobFile, jobFor, settle, sweepJobs } from './runner.js';
import { Job } from './schemas.js';

export const policy = definePolicy('jobs', {
  /** Anyone signed in may read their own jobs (the job row is scoped to its account). */
  read: 'authenticated',
});

const JobParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 }) });

export const jobsModule: Module = {
  name: 'jobs',
  title: '任务 Long-running jobs started from the console: progress, result, file',
  migrations,
  policy,
  routes: [
    route({
      method: 'GET', url: '/api/jobs/:id', action: policy.read,
      summary: 'A job you started: state, stage (step of stages), done/total, seconds left, then its result or error',
      params: JobParams,
      response: { 200: ref(Job) },
      async handler(ctx) { return jobFor(ctx.db, ctx.params.id, ctx.me.accountId, ctx.lang); },
    }),
    route({
      method: 'GET', url: '/api/jobs/:id/file', action: policy.read,
      summary: 'The file a finished export job made (kept for a day)',
      params: JobParams,
      response: { 200: fileReply('the file (its name in content-disposition)', 'application/octet-stream') },
      async handler(ctx) {
        const f = await jobFile(ctx.db, ctx.params.id, ctx.me.accountId);
        const ascii = f.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
        ctx.reply.header('content-type', f.type);
        ctx.reply.header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`);
        return f.data;
      },
    }),
  ],
  jobs: [{ name: 'jobs.sweep', everyMs: 60_000, run: sweepJobs }],
  async register(app, { db }) {
    // closing the app waits for this process's jobs on this database
    app.addHook('onClose', async () => { await settle(db); });
  },
};
