/**
 * Long work started from the console (imports, exports) runs on the server as a job: the
 * route answers 202 {job}, and `useJob().follow()` polls GET /api/jobs/:id until it ends,
 * while <JobProgress> shows the step, an antd Progress with counts, and the time left.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Progress, Space, Typography } from 'antd';
import { api, ApiError } from '../../shared/api';
import type { JobView } from '../../shared/types';
import { useI18n, type MessageKey } from '../i18n';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function useJob() {
  const [job, setJob] = useState<JobView<any> | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  /** Start (the route's 202 answer) and follow the job to its end; a failed job throws its error. */
  const follow = useCallback(async <R,>(start: Promise<{ job: JobView<R> }>): Promise<JobView<R>> => {
    let j = (await start).job;
    setJob(j);
    while (j.state === 'running') {
      await sleep(400);
      if (!alive.current) throw new Error('unmounted');
      j = await api.job<R>(j.id);
      if (alive.current) setJob(j);
    }
    if (j.state === 'failed') throw new ApiError(400, j.error?.code ?? 'job_failed', j.error?.message ?? 'job failed');
    return j;
  }, []);
  const clear = useCallback(() => setJob(null), []);
  return { job, follow, clear };
}

export function formatSeconds(t: (k: MessageKey, v?: Record<string, string | number>) => string, seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s < 60 ? t('job.seconds', { n: s }) : t('job.minutes', { m: Math.floor(s / 60), s: s % 60 });
}

export function JobProgress({ job, testId = 'job-progress' }: { job: JobView<any>; testId?: string }) {
  const { t } = useI18n();
  const stage = t(`job.stage.${job.stage}` as MessageKey);
  const finished = job.state !== 'running';
  const percent = job.state === 'done' ? 100 : job.total > 0 ? Math.min(99, Math.floor((job.done * 100) / job.total)) : 0;
  const elapsed = ((finished && job.finishedAt ? new Date(job.finishedAt).getTime() : new Date(job.updatedAt).getTime()) - new Date(job.startedAt).getTime()) / 1000;
  return (
    <div className="gz-job-progress gz-mb16" data-testid={testId} data-state={job.state} data-stage={job.stage}>
      <Space wrap size={16}>
        <Typography.Text strong data-testid={`${testId}-step`}>
          {job.state === 'done' ? t('job.done') : job.state === 'failed' ? t('job.failed') : t('job.step', { step: job.step, steps: job.stages.length, stage })}
        </Typography.Text>
        {job.total > 0 && (
          <Typography.Text type="secondary" data-testid={`${testId}-counts`}>
            {t('job.counts', { done: job.done.toLocaleString(), total: job.total.toLocaleString() })}
          </Typography.Text>
        )}
        {!finished && (
          <Typography.Text type="secondary" data-testid={`${testId}-left`}>
            {job.secondsLeft !== null ? t('job.left', { time: formatSeconds(t, job.secondsLeft) }) : t('job.leftUnknown')}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">{t('job.elapsed', { time: formatSeconds(t, elapsed) })}</Typography.Text>
      </Space>
      <Progress
        percent={percent}
        status={job.state === 'failed' ? 'exception' : job.state === 'done' ? 'success' : 'active'}
        data-testid={`${testId}-bar`}
      />
    </div>
  );
}
