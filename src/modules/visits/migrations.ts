import type { Migration } from '../../core/db/migrate.js';

export const migrations: Migration[] = [
  {
    id: '1300_visits',
    sql: `
-- 社情民意 topics: an editable list (admins), seeded
CREATE TABLE visit_topic (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{0,31}$'),
  name_zh text NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 20),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 40),
  active boolean NOT NULL DEFAULT true,
  sort integer NOT NULL DEFAULT 0
);
INSERT INTO visit_topic (code, name_zh, name_en, sort) VALUES
  ('housing', '住房', 'Housing', 10), ('employment', '就业', 'Employment', 20), ('elderly_care', '养老', 'Elderly care', 30),
  ('safety', '安全', 'Safety', 40), ('environment', '环境', 'Environment', 50), ('disputes', '矛盾纠纷', 'Disputes', 60),
  ('health', '医疗卫生', 'Health', 70), ('social_security', '社会保障', 'Social security', 80), ('other', '其他', 'Other', 90);

-- 入户走访: a contact of a staff member with a household (a home visit, a call, met outside)
CREATE TABLE visit (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES account(id),
  worker_name text NOT NULL,
  household_id bigint NOT NULL,
  grid_code text NOT NULL,
  path text NOT NULL,
  address text,
  at timestamptz NOT NULL,
  kind text NOT NULL CHECK (kind IN ('home_visit','phone','met_outside','other')),
  duration_min integer NOT NULL CHECK (duration_min BETWEEN 0 AND 1440),
  nobody_home boolean NOT NULL DEFAULT false CHECK (NOT nobody_home OR kind = 'home_visit'),
  notes text CHECK (length(notes) <= 2000),
  client_ref text,
  body_hash text NOT NULL,
  case_id bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX visit_client_ref_idx ON visit (account_id, client_ref) WHERE client_ref IS NOT NULL;
CREATE INDEX visit_household_idx ON visit (household_id, at DESC);
CREATE INDEX visit_account_at_idx ON visit (account_id, at);
CREATE INDEX visit_path_at_idx ON visit (path text_pattern_ops, at);
CREATE INDEX visit_case_idx ON visit (case_id) WHERE case_id IS NOT NULL;

-- who was met: residents of the household
CREATE TABLE visit_person (
  visit_id bigint NOT NULL REFERENCES visit(id),
  resident_id bigint NOT NULL,
  PRIMARY KEY (visit_id, resident_id)
);
CREATE INDEX visit_person_resident_idx ON visit_person (resident_id);

-- 社情民意: what was heard on a visit
CREATE TABLE sentiment (
  id bigserial PRIMARY KEY,
  visit_id bigint NOT NULL REFERENCES visit(id),
  topics text[] NOT NULL CHECK (cardinality(topics) BETWEEN 1 AND 10),
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  urgency text NOT NULL CHECK (urgency IN ('low','normal','high','urgent')),
  case_id bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sentiment_visit_idx ON sentiment (visit_id);
CREATE INDEX sentiment_case_idx ON sentiment (case_id) WHERE case_id IS NOT NULL;

-- 代办: a matter handled for a resident (老年卡办理 …)
CREATE TABLE proxy_service (
  id bigserial PRIMARY KEY,
  resident_id bigint NOT NULL,
  household_id bigint,
  path text NOT NULL,
  account_id bigint NOT NULL REFERENCES account(id),
  worker_name text NOT NULL,
  matter text NOT NULL CHECK (length(matter) BETWEEN 1 AND 100),
  result text CHECK (length(result) <= 1000),
  done_on date NOT NULL,
  visit_id bigint REFERENCES visit(id),
  client_ref text,
  body_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX proxy_service_client_ref_idx ON proxy_service (account_id, client_ref) WHERE client_ref IS NOT NULL;
CREATE INDEX proxy_service_resident_idx ON proxy_service (resident_id, done_on DESC);
CREATE INDEX proxy_service_household_idx ON proxy_service (household_id, done_on DESC);
`,
  },
];
