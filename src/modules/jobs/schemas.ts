/** The named response schemas of jobs: a job, and what a route that starts one answers (202 {job}). */
import { Type } from '@sinclair/typebox';
import { Instant, named, Nullable, ref } from '../../core/http/schemas.js';

/** A job as its owner sees it (runner.ts, JobView); `result` is the kind's own report. */
export const Job = named('Job', Type.Object({
  id: Type.Integer(), kind: Type.String(), state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  stages: Type.Array(Type.String()), stage: Type.String(),
  step: Type.Integer({ description: '1-based position of the stage in stages' }), done: Type.Integer(), total: Type.Integer(),
  startedAt: Instant, stageStartedAt: Instant, updatedAt: Instant, finishedAt: Nullable(Instant),
  secondsLeft: Nullable(Type.Integer({ description: 'estimated seconds left in the stage; null when unknown' })),
  result: Nullable(Type.Object({}, { additionalProperties: true, description: 'what the job made (an import\'s report, an export\'s row count)' })),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  file: Nullable(Type.Object({ name: Type.String(), size: Type.Integer(), url: Type.String() })),
}));
/** What a route that starts a job answers (202). */
export const JobStarted = named('JobStarted', Type.Object({ job: ref(Job) }));
