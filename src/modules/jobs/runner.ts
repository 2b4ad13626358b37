/**
 * Long work started from the console runs here, in the app process, after its route has
 * answered 202 with the job: the work reports its stage and counts, which are kept in the
 * `job` row (written at most every 250 ms, in order), so any process can answer
 * `GET /api/jobs/:id` to the account that started it. A finished job keeps its result (and
 * its file, for exports) for a day. A process that dies leaves its jobs 'running': the next
 * process on the same host fails them at start, and any process fails jobs whose heartbeat
 * stopped for two minutes.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Actor } from '../../core/access/policy.js';
import { defineCommand, runCommand, systemActor } from '../../core/command.js';
import type { Db } from '../../core/db/pool.js';
import { AppError, messageFor, type Lang } from '../../core/http/errors.js';
import './errors.js';

export const MAX_RUNNING_PER_ACCOUNT = 3;
const HEARTBEAT_MS = 10_000;
const STALE_SECONDS = 120;
const WRITE_EVERY_MS = 250;

const HOST = os.hostname();
const INSTANCE = randomUUID();

export interface JobOutcome {
  result: Record<string, unknown>;
  file?: { name: string; type: string; data: Buffer };
}

export interface JobControl {
  readonly id: number;
  /** Enter a stage (one of the job's stages) with its total, written at once. */
  stage(name: string, total?: number): Promise<void>;
  /** Work done in the current stage; written at most every 250 ms (and always when the stage ends). */
  progress(done: number, total?: number): void;
}

export interface JobView {
  id: number;
  kind: string;
  state: 'running' | 'done' | 'failed';
  stages: string[];
  stage: string;
  /** 1-based position of the stage in `stages`. */
  step: number;
  done: number;
  total: number;
  startedAt: string;
  stageStartedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** Estimated seconds left in the current stage (from its rate so far); null when unknown. */
  secondsLeft: number | null;
  result: Record<string, unknown> | null;
  error: { code: string; message: string } | null;
  file: { name: string; size: number; url: string } | null;
}

const running = new Set<{ db: Db; promise: Promise<void> }>();

/** Jobs still running in this process for this database (awaited when the app closes). */
export async function settle(db: Db): Promise<void> {
  await Promise.allSettled([...running].filter((r) => r.db === db).map((r) => r.promise));
}

const VIEW_COLUMNS = `id, kind, state, stages, stage, done, total, started_at, stage_started_at, updated_at, finished_at, result, error, file_name, octet_length(file_data) AS file_size`;

function toView(r: any, lang: Lang): JobView {
  const done = Number(r.done), total = Number(r.total);
  const elapsed = (new Date(r.updated_at).getTime() - new Date(r.stage_started_at).getTime()) / 1000;
  const secondsLeft = r.state === 'running' && total > 0 && done > 0 && elapsed > 0 ? Math.max(0, Math.round(((total - done) * elapsed) / done)) : null;
  const err = r.error as { code: string; params?: Record<string, string | number> } | null;
  return {
    id: Number(r.id), kind: r.kind, state: r.state, stages: r.stages, stage: r.stage, step: r.stages.indexOf(r.stage) + 1, done, total,
    startedAt: new Date(r.started_at).toISOString(), stageStartedAt: new Date(r.stage_started_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null, secondsLeft,
    result: r.result ?? null,
    error: err ? { code: err.code, message: messageFor(err.code, lang, err.params ?? {}) } : null,
    file: r.file_name && r.file_size !== null ? { name: r.file_name, size: Number(r.file_size), url: `/api/jobs/${r.id}/file` } : null,
  };
}

/** The job as its owner sees it; another account gets job_not_found. */
export async function jobFor(db: Db, id: number, accountId: number, lang: Lang): Promise<JobView> {
  const { rows: [r] } = await db.query(`SELECT ${VIEW_COLUMNS}, account_id FROM job WHERE id = $1`, [id]);
  if (!r || Number(r.account_id) !== accountId) throw new AppError('job_not_found', { id });
  return toView(r, lang);
}

export async function jobFile(db: Db, id: number, accountId: number): Promise<{ name: string; type: string; data: Buffer }> {
  const { rows: [r] } = await db.query(`SELECT account_id, state, file_name, file_type, file_data FROM job WHERE id = $1`, [id]);
  if (!r || Number(r.account_id) !== accountId) throw new AppError('job_not_found', { id });
  if (r.state !== 'done' || !r.file_data) throw new AppError('job_no_file', { id });
  return { name: r.file_name, type: r.file_type, data: r.file_data };
}

/**
 * Start `work` in the background for the signed-in account and return the job at once.
 * Errors of the work are kept on the job (an AppError's code and params; anything else is
 * logged and kept as job_failed with the request id).
 */
export async function startJob(
  opts: { db: Db; actor: Actor | null; lang: Lang; requestId: string; kind: string; stages: string[]; log?: (e: unknown) => void },
  work: (job: JobControl) => Promise<JobOutcome>,
): Promise<JobView> {
  const { db, actor } = opts;
  if (!actor) throw new AppError('unauthenticated');
  const { rows: [{ n }] } = await db.query(`SELECT count(*)::int AS n FROM job WHERE account_id = $1 AND state = 'running'`, [actor.accountId]);
  if (n >= MAX_RUNNING_PER_ACCOUNT) throw new AppError('jobs_busy', { max: MAX_RUNNING_PER_ACCOUNT });
  const { rows: [row] } = await db.query(
    `INSERT INTO job (kind, account_id, stages, stage, host, pid, instance) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${VIEW_COLUMNS}`,
    [opts.kind, actor.accountId, opts.stages, opts.stages[0], HOST, process.pid, INSTANCE],
  );
  const id = Number(row.id);

  // progress writes go through one chain, so they land in order
  let chain: Promise<unknown> = Promise.resolve();
  let stage = opts.stages[0], done = 0, total = 0, lastWrite = 0, timer: NodeJS.Timeout | null = null;
  const enqueue = (sql: string, params: unknown[]) => {
    chain = chain.then(() => db.query(sql, params)).catch((e) => opts.log?.(e));
    return chain;
  };
  const writeProgress = () => {
    if (timer) { clearTimeout(timer); timer = null; }
    lastWrite = Date.now();
    return enqueue(`UPDATE job SET done = $2, total = $3, updated_at = now() WHERE id = $1 AND state = 'running'`, [id, done, total]);
  };
  const control: JobControl = {
    id,
    async stage(name, t = 0) {
      if (timer) { clearTimeout(timer); timer = null; }
      stage = name; done = 0; total = t; lastWrite = Date.now();
      await enqueue(`UPDATE job SET stage = $2, done = 0, total = $3, stage_started_at = now(), updated_at = now() WHERE id = $1 AND state = 'running'`, [id, stage, total]);
    },
    progress(d, t) {
      if (d < done && t === undefined) return; // counts within a stage only go up
      done = Math.max(0, Math.floor(d));
      if (t !== undefined) total = Math.max(0, Math.floor(t));
      if (Date.now() - lastWrite >= WRITE_EVERY_MS) void writeProgress();
      else if (!timer) timer = setTimeout(() => void writeProgress(), WRITE_EVERY_MS);
    },
  };
  const heartbeat = setInterval(() => void enqueue(`UPDATE job SET updated_at = now() WHERE id = $1 AND state = 'running'`, [id]), HEARTBEAT_MS);
  heartbeat.unref();

  const entry = { db, promise: Promise.resolve() };
  entry.promise = (async () => {
    // let the route answer first
    await new Promise((r) => setImmediate(r));
    try {
      const out = await work(control);
      if (timer) clearTimeout(timer);
      await chain;
      await db.query(
        `UPDATE job SET state = 'done', done = GREATEST(done, total), finished_at = now(), updated_at = now(), result = $2, file_name = $3, file_type = $4, file_data = $5 WHERE id = $1`,
        [id, JSON.stringify(out.result), out.file?.name ?? null, out.file?.type ?? null, out.file?.data ?? null],
      );
    } catch (e) {
      if (timer) clearTimeout(timer);
      await chain;
      const error = e instanceof AppError ? { code: e.code, params: e.params } : { code: 'job_failed', params: { requestId: opts.requestId } };
      if (!(e instanceof AppError)) opts.log?.(e);
      await db.query(`UPDATE job SET state = 'failed', finished_at = now(), updated_at = now(), error = $2 WHERE id = $1`, [id, JSON.stringify(error)]).catch((x) => opts.log?.(x));
    } finally {
      clearInterval(heartbeat);
      running.delete(entry);
    }
  })();
  running.add(entry);
  return toView(row, opts.lang);
}

/**
 * Fail what a dead process left running: on this host, jobs of another instance whose process
 * is gone (or whose pid is now ours: a restarted container); anywhere, jobs without a heartbeat
 * for two minutes. Finished jobs lose their file after a day and are deleted after 30 days.
 */
export async function sweepJobs(db: Db): Promise<{ failed: number; purged: number }> {
  const { rows } = await db.query(`SELECT id, pid FROM job WHERE state = 'running' AND host = $1 AND instance <> $2`, [HOST, INSTANCE]);
  const alive = (pid: number) => {
    if (pid === process.pid) return false;
    try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
  };
  const dead = rows.filter((r) => !alive(r.pid)).map((r) => Number(r.id));
  const r = await runCommand(db, systemActor('job:jobs.sweep'), sweepJobsCommand, { dead });
  return { failed: r.failed.length, purged: r.purged };
}

/** The sweep's writes, recorded (as `job:jobs.sweep`) when it failed, emptied or deleted any job. */
const sweepJobsCommand = defineCommand<{ dead: number[] }, { failed: number[]; purged: number; deleted: number }>({
  name: 'jobs.sweep',
  async run(tx, _actor, { dead }) {
    const failed = await tx.query(
      `UPDATE job SET state = 'failed', finished_at = now(), error = '{"code":"job_interrupted"}'
        WHERE state = 'running' AND (id = ANY($1::bigint[]) OR updated_at < now() - make_interval(secs => $2)) RETURNING id`,
      [dead, STALE_SECONDS],
    );
    const purged = await tx.query(`UPDATE job SET file_data = NULL WHERE file_data IS NOT NULL AND finished_at < now() - interval '1 day'`);
    const deleted = await tx.query(`DELETE FROM job WHERE finished_at < now() - interval '30 days'`);
    return { failed: failed.rows.map((x) => Number(x.id)), purged: purged.rowCount ?? 0, deleted: deleted.rowCount ?? 0 };
  },
  audit: {
    targetType: 'job',
    when: (_input, r) => r.failed.length + r.purged + r.deleted > 0,
    detail: (_input, r) => ({ failed: r.failed, purged: r.purged, deleted: r.deleted }),
  },
});
