import type { Migration } from '../../core/db/migrate.js';

export const migrations: Migration[] = [
  {
    id: '0600_cases',
    sql: `
CREATE TABLE case_category (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{2,8}$'),
  parent_code text REFERENCES case_category(code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  level text NOT NULL CHECK (level IN ('grid','community','street')),
  department_kind text,
  department_matter boolean NOT NULL DEFAULT false,
  priority text NOT NULL CHECK (priority IN ('urgent','high','normal')),
  response_hours numeric NOT NULL CHECK (response_hours > 0),
  resolve_value integer NOT NULL CHECK (resolve_value > 0),
  resolve_unit text NOT NULL CHECK (resolve_unit IN ('working_hours','working_days')),
  registration text,
  closing text,
  escalate_overdue boolean NOT NULL DEFAULT true,
  active boolean NOT NULL DEFAULT true,
  source text NOT NULL DEFAULT 'seed' CHECK (source IN ('seed','admin')),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (NOT department_matter OR department_kind IS NOT NULL)
);

CREATE TABLE department (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL REFERENCES region(code),
  kind text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  UNIQUE (region_code, kind)
);
CREATE TABLE department_member (
  account_id bigint NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  department_id bigint NOT NULL REFERENCES department(id),
  PRIMARY KEY (account_id, department_id)
);

CREATE TABLE integration (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('hotline','open311')),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  region_code text NOT NULL REFERENCES region(code),
  created_by bigint REFERENCES account(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

CREATE SEQUENCE case_number_seq;
CREATE TABLE cases (
  id bigserial PRIMARY KEY,
  number text NOT NULL UNIQUE,
  source text NOT NULL CHECK (source IN ('grid_worker','resident','hotline','patrol','staff','open311')),
  category_code text NOT NULL REFERENCES case_category(code),
  state text NOT NULL,
  previous_state text,
  version integer NOT NULL DEFAULT 1,
  description text NOT NULL,
  address text,
  lon double precision, lat double precision,
  street_code text REFERENCES region(code),
  community_code text REFERENCES region(code),
  grid_code text REFERENCES grid(code),
  path text NOT NULL,
  level text NOT NULL CHECK (level IN ('grid','community','street')),
  priority text NOT NULL,
  handler_kind text CHECK (handler_kind IN ('grid_worker','community','property','department','street')),
  handler_account_id bigint REFERENCES account(id),
  handler_department_id bigint REFERENCES department(id),
  handler_name text,
  lead_department_id bigint REFERENCES department(id),
  registered_at timestamptz,
  response_due timestamptz,
  resolve_due timestamptz,
  responded_at timestamptz,
  handled_at timestamptz,
  suspended_at timestamptz,
  closed_at timestamptz,
  overdue_at timestamptz,
  warned_at timestamptz,
  escalated_at timestamptz,
  supervised boolean NOT NULL DEFAULT false,
  rework_count integer NOT NULL DEFAULT 0,
  reopened boolean NOT NULL DEFAULT false,
  reporter_account_id bigint REFERENCES account(id),
  reporter_name text,
  reporter_phone_enc text, reporter_phone_hash text, reporter_phone_mask text,
  anonymous boolean NOT NULL DEFAULT false,
  client_ref text,
  integration_id bigint REFERENCES integration(id),
  external_id text,
  hotline_type text,
  callback_at timestamptz,
  no_callback_reason text,
  satisfaction text CHECK (satisfaction IN ('satisfied','basic','dissatisfied')),
  resolved boolean,
  rating_note text,
  rated_at timestamptz,
  rated_by text,
  merged_into bigint REFERENCES cases(id),
  created_by bigint REFERENCES account(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cases_client_ref ON cases (reporter_account_id, client_ref) WHERE client_ref IS NOT NULL;
CREATE UNIQUE INDEX cases_external ON cases (integration_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX cases_path_created ON cases (path text_pattern_ops, created_at DESC);
CREATE INDEX cases_open_path ON cases (path text_pattern_ops, created_at DESC) WHERE state NOT IN ('closed','rejected','merged');
CREATE INDEX cases_created ON cases (created_at);
CREATE INDEX cases_due ON cases (resolve_due) WHERE state NOT IN ('closed','rejected','merged','verified','suspended');
CREATE INDEX cases_handler_account ON cases (handler_account_id) WHERE handler_account_id IS NOT NULL;
CREATE INDEX cases_handler_dept ON cases (handler_department_id) WHERE handler_department_id IS NOT NULL;
CREATE INDEX cases_reporter ON cases (reporter_account_id, created_at DESC);
CREATE INDEX cases_near ON cases (category_code, created_at) WHERE state IN ('reported','registered','dispatched','accepted');

CREATE TABLE case_reporter (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases(id),
  from_case_id bigint NOT NULL REFERENCES cases(id),
  account_id bigint REFERENCES account(id),
  name text
);
CREATE INDEX case_reporter_case ON case_reporter (case_id);
CREATE INDEX case_reporter_account ON case_reporter (account_id);

CREATE TABLE case_event (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases(id),
  at timestamptz NOT NULL DEFAULT now(),
  actor_id bigint REFERENCES account(id),
  actor_name text NOT NULL,
  role text,
  action text NOT NULL,
  from_state text,
  to_state text,
  note text,
  photos uuid[] NOT NULL DEFAULT '{}',
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_event_case ON case_event (case_id, id);

CREATE TABLE case_photo (
  id uuid PRIMARY KEY,
  case_id bigint REFERENCES cases(id),
  uploaded_by bigint REFERENCES account(id),
  integration_id bigint REFERENCES integration(id),
  file text NOT NULL,
  mime text NOT NULL,
  size integer NOT NULL,
  width integer NOT NULL,
  height integer NOT NULL,
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_photo_case ON case_photo (case_id);

CREATE TABLE case_whistle (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases(id),
  reason text NOT NULL CHECK (reason IN ('residents_unresolved','joint_enforcement','emergency')),
  by_account_id bigint REFERENCES account(id),
  by_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  report_in_due timestamptz NOT NULL,
  note text
);

CREATE TABLE case_task (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases(id),
  whistle_id bigint REFERENCES case_whistle(id),
  department_id bigint NOT NULL REFERENCES department(id),
  role text NOT NULL CHECK (role IN ('lead','assist')),
  report_in_due timestamptz NOT NULL,
  reported_in_at timestamptz,
  handler_name text,
  due timestamptz NOT NULL,
  result text,
  photos uuid[] NOT NULL DEFAULT '{}',
  done_at timestamptz,
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  rating_note text,
  rated_at timestamptz,
  UNIQUE (case_id, whistle_id, department_id)
);
CREATE INDEX case_task_department ON case_task (department_id, done_at);

CREATE TABLE notification (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  case_id bigint REFERENCES cases(id),
  kind text NOT NULL,
  text text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notification_account ON notification (account_id, id DESC);

CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,
  recipient bigint REFERENCES account(id),
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  sent_at timestamptz
);
CREATE INDEX outbox_pending ON outbox (id) WHERE sent_at IS NULL;
`,
  },
  {
    id: '0601_case_task_late',
    sql: `ALTER TABLE case_task ADD COLUMN report_in_flagged_at timestamptz;
CREATE INDEX case_task_report_in_due ON case_task (report_in_due) WHERE reported_in_at IS NULL AND report_in_flagged_at IS NULL;`,
  },
  {
    id: '0602_case_sweep_indexes',
    // the sweep reads only running cases not yet flagged, in deadline order; without these it scanned every case
    sql: `CREATE INDEX cases_sweep_late ON cases (resolve_due) WHERE state NOT IN ('closed','rejected','merged','verified','suspended') AND overdue_at IS NULL;
CREATE INDEX cases_sweep_near ON cases (resolve_due) WHERE state NOT IN ('closed','rejected','merged','verified','suspended') AND warned_at IS NULL AND overdue_at IS NULL;`,
  },
  {
    // 回访: who recorded the callback on the resident's behalf (callback_at is when they called)
    id: '1000_case_callback_by',
    sql: `ALTER TABLE cases ADD COLUMN callback_by bigint REFERENCES account(id);`,
  },
  {
    // categories whose cases are never shown to outside clients (Open311), besides every 举报; set by administrators
    id: '1021_case_category_sensitive',
    sql: `ALTER TABLE case_category ADD COLUMN sensitive boolean NOT NULL DEFAULT false;`,
  },
  {
    id: '1040_outbox_retry',
    // a message that failed waits before its next try (backoff), instead of being retried at once
    sql: `ALTER TABLE outbox ADD COLUMN not_before timestamptz;`,
  },
  {
    // the queue at 2,000,000 cases (queries.ts listCases): keyset pages on (created_at DESC, id DESC) with the
    // path and the usual filters in the index, so that a page and its capped count read only the index
    id: '1120_case_queue_indexes',
    // open cases newest first (a street's open queue, 仅超期), with the filters' columns for index-only scans
    sql: `CREATE INDEX cases_queue_open ON cases (created_at DESC, id DESC) INCLUDE (path, state, category_code, source, grid_code, resolve_due, overdue_at)
  WHERE state NOT IN ('closed','rejected','merged');
-- open cases of a small region (a community, a grid worker's grids): the path range, then the newest; replaces cases_open_path
CREATE INDEX cases_queue_open_path ON cases (path text_pattern_ops, created_at DESC, id DESC) INCLUDE (state, category_code, source, grid_code, resolve_due, overdue_at)
  WHERE state NOT IN ('closed','rejected','merged');
DROP INDEX cases_open_path;
-- every case newest first (the whole queue of a street or community); replaces cases_created
CREATE INDEX cases_queue_all ON cases (created_at DESC, id DESC) INCLUDE (path, state, category_code);
DROP INDEX cases_created;
-- closed (rejected, merged) cases of a category, newest first
CREATE INDEX cases_queue_final_category ON cases (category_code, created_at DESC, id DESC) INCLUDE (path, state)
  WHERE state IN ('closed','rejected','merged');`,
  },
  {
    // what other modules may read of a case by its id (the notifications list shows the number): a view cases
    // exports, so that no other module names the cases table (docs/ARCHITECTURE.md, "A module owns its tables")
    id: '1150_case_ref_view',
    sql: `CREATE VIEW case_ref_v AS SELECT id, number FROM cases;`,
  },
  {
    // integrations are looked up in memory on every hotline/Open311 request (integrations.ts): tell every process of a change
    id: '1160_integration_notify',
    sql: `
CREATE FUNCTION integration_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gongzhi_cache_cases_integrations', '');
  RETURN NULL;
END $$;
CREATE TRIGGER integration_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON integration FOR EACH STATEMENT EXECUTE FUNCTION integration_changed_notify();`,
  },
  {
    // keyword search (search.ts): each case's words in a GIN index, written by the job cases.search off the
    // intake path; case_search_state holds the job's watermark and its checkpoint (upto, holders). A word's
    // newest cases: the GIN index and the time index combined (BitmapAnd) over a recent window first
    id: '1200_case_search',
    sql: `
CREATE TABLE case_search (
  case_id bigint PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  version integer NOT NULL,
  -- the case's created_at (never changes): the queue's newest matches are read window by window (search.ts)
  created_at timestamptz NOT NULL,
  terms text[] NOT NULL
);
CREATE INDEX case_search_terms ON case_search USING gin (terms);
CREATE INDEX case_search_time ON case_search (created_at);
CREATE TABLE case_search_state (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  watermark bigint NOT NULL DEFAULT 0,
  upto bigint,
  holders text[] NOT NULL DEFAULT '{}'
);
INSERT INTO case_search_state DEFAULT VALUES;`,
  },
  {
    // keyword search in a small scope (search.ts scopedKeys): each case's terms are indexed also qualified by its
    // community and its grid (460107002001:漏水), so that a community's or a grid's common word is one key with only
    // its own matches, and each of those regions' cases by time, so that a window of its newest cases is its own
    id: '1230_case_search_scoped',
    sql: `
SET LOCAL maintenance_work_mem = '256MB';
DROP INDEX IF EXISTS case_search_terms; -- built again below, after the rows are rewritten (faster than maintained)
ALTER TABLE case_search ADD COLUMN path text;
UPDATE case_search s SET path = c.path FROM cases c WHERE c.id = s.case_id;
ALTER TABLE case_search ALTER COLUMN path SET NOT NULL;
-- a case's scoped keys: each term after the code of the regions of its path at the 5th and 6th levels (community, grid).
-- Costly per row (a set-returning subquery): its cost tells the planner to read the index, never to compute it row by row
CREATE FUNCTION case_search_scoped(terms text[], path text) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $f$
  SELECT ARRAY(SELECT r || ':' || t FROM unnest((string_to_array(btrim(path, '/'), '/'))[5:6]) AS r, unnest(terms) AS t)
$f$;
CREATE INDEX case_search_terms ON case_search USING gin (terms);
CREATE INDEX case_search_scoped ON case_search USING gin (case_search_scoped(terms, path));
CREATE INDEX case_search_d5_time ON case_search (split_part(path, '/', 6), created_at);
CREATE INDEX case_search_d6_time ON case_search (split_part(path, '/', 7), created_at);`,
  },
  {
    // a common word's newest cases (search.ts): each term again after the week the case was created in (漏水@2918,
    // weeks from Monday 1970-01-05 in China), so that a window of recent weeks reads those weeks' matches only —
    // not every match of the word in the city combined with every case of the window
    id: '1231_case_search_weekly',
    sql: `
SET LOCAL maintenance_work_mem = '256MB';
-- (the week's number written out in each: an index's function may call only the catalogue's functions on PostgreSQL 17)
-- costly per row, like case_search_scoped: read from the index, never computed row by row
CREATE FUNCTION case_search_weekly(terms text[], at timestamptz) RETURNS text[] LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $f$
  SELECT ARRAY(SELECT t || '@' || floor(extract(epoch FROM (at - timestamptz '1970-01-05 00:00:00+08')) / 604800)::integer FROM unnest(terms) AS t)
$f$;
-- a term's keys for every week from the one holding since to the next one after now
CREATE FUNCTION case_search_week_keys(term text, since timestamptz) RETURNS text[] LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $f$
  SELECT ARRAY(SELECT term || '@' || w FROM generate_series(
    floor(extract(epoch FROM (since - timestamptz '1970-01-05 00:00:00+08')) / 604800)::integer,
    floor(extract(epoch FROM (now() - timestamptz '1970-01-05 00:00:00+08')) / 604800)::integer + 1) AS w)
$f$;
CREATE INDEX case_search_weekly ON case_search USING gin (case_search_weekly(terms, created_at));`,
  },
  {
    // the word search's estimate (search.ts estimateMatches): the statistics keep the 10,000 commonest terms and
    // scoped keys instead of 1,000, so that a word used in one case of a hundred is known as common without a lookup
    // (from autovacuum's next ANALYZE of the table; until then the lookup tells, as before)
    id: '1232_case_search_statistics',
    sql: `
ALTER TABLE case_search ALTER COLUMN terms SET STATISTICS 1000;
ALTER INDEX case_search_scoped ALTER COLUMN 1 SET STATISTICS 1000;`,
  },
  {
    // open cases by word (search.ts openCopies): a copy of the terms of the cases not yet closed, rejected or merged —
    // a twentieth of the cases or less — so that "open cases of this community with this word" reads that
    // community's few open matches, not all its matches each tested against the case. Kept by the cases' own
    // commands: the index job for the cases it indexes, and every change of a case's state (actions.ts bump)
    id: '1240_case_search_open',
    sql: `
CREATE TABLE case_search_open (
  case_id bigint PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  path text NOT NULL,
  terms text[] NOT NULL
);
INSERT INTO case_search_open (case_id, created_at, path, terms)
SELECT s.case_id, s.created_at, s.path, s.terms FROM case_search s JOIN cases c ON c.id = s.case_id
 WHERE c.state NOT IN ('closed','rejected','merged');
CREATE INDEX case_search_open_terms ON case_search_open USING gin (terms);
CREATE INDEX case_search_open_scoped ON case_search_open USING gin (case_search_scoped(terms, path));`,
  },
];
