import type { Migration } from '../../core/db/migrate.js';

export const migrations: Migration[] = [
  {
    id: '1050_jobs',
    sql: `
-- long work started from the console (imports, exports): its progress, polled by the account that started it
CREATE TABLE job (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  account_id bigint NOT NULL REFERENCES account(id),
  state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
  stages text[] NOT NULL,
  stage text NOT NULL,
  done bigint NOT NULL DEFAULT 0 CHECK (done >= 0),
  total bigint NOT NULL DEFAULT 0 CHECK (total >= 0),
  started_at timestamptz NOT NULL DEFAULT now(),
  stage_started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  result jsonb,
  error jsonb,
  file_name text,
  file_type text,
  file_data bytea,
  -- which process runs it: a restarted process fails the jobs its dead predecessor left running
  host text NOT NULL,
  pid integer NOT NULL,
  instance text NOT NULL
);
CREATE INDEX job_account_idx ON job (account_id, id);
CREATE INDEX job_running_idx ON job (updated_at) WHERE state = 'running';
`,
  },
];
