import type { Migration } from '../../core/db/migrate.js';

/** Credit rating schemes (versioned data), rating periods, the evidence (appraisals, surveys, records) and the scores. */
export const migrations: Migration[] = [
  {
    id: '0980_credit',
    sql: `
CREATE TABLE credit_scheme (
  id bigserial PRIMARY KEY,
  code text NOT NULL CHECK (code ~ '^[a-z0-9-]{2,40}$'),
  version integer NOT NULL,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('stars','points')),
  definition jsonb NOT NULL,
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (code, version)
);

CREATE TABLE credit_period (
  id bigserial PRIMARY KEY,
  scheme_id bigint NOT NULL REFERENCES credit_scheme(id),
  region_code text NOT NULL REFERENCES region(code),
  path text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','computed','published','fixed')),
  computed_at timestamptz,
  published_at timestamptz,
  appeal_until date,
  fixed_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on >= starts_on)
);
CREATE INDEX credit_period_path_idx ON credit_period (path text_pattern_ops);

CREATE TABLE credit_appraisal (
  id bigserial PRIMARY KEY,
  period_id bigint NOT NULL REFERENCES credit_period(id),
  company_id bigint NOT NULL REFERENCES property_company(id),
  dimension text NOT NULL,
  scorer text NOT NULL CHECK (scorer IN ('housing_bureau','street','community_party_org')),
  score numeric(6,2) NOT NULL CHECK (score >= 0),
  note text,
  by_account bigint,
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (period_id, company_id, dimension, scorer)
);

-- one response per household per period (a household is the resident's account until accounts are tied to households)
CREATE TABLE credit_survey (
  id bigserial PRIMARY KEY,
  period_id bigint NOT NULL REFERENCES credit_period(id),
  company_id bigint NOT NULL REFERENCES property_company(id),
  compound_id bigint NOT NULL REFERENCES compound(id),
  household_key text NOT NULL,
  account_id bigint,
  score integer NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment text,
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (period_id, household_key)
);
CREATE INDEX credit_survey_company_idx ON credit_survey (period_id, company_id);

CREATE TABLE credit_record (
  id bigserial PRIMARY KEY,
  company_id bigint NOT NULL REFERENCES property_company(id),
  kind text NOT NULL CHECK (kind IN ('good','bad')),
  points numeric(6,2) NOT NULL CHECK (points > 0),
  serious boolean NOT NULL DEFAULT false,
  reason text NOT NULL,
  occurred_on date NOT NULL,
  valid_days integer CHECK (valid_days > 0),
  by_account bigint,
  at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind = 'bad' OR NOT serious)
);
CREATE INDEX credit_record_company_idx ON credit_record (company_id, occurred_on);

CREATE TABLE credit_score (
  period_id bigint NOT NULL REFERENCES credit_period(id),
  company_id bigint NOT NULL REFERENCES property_company(id),
  score numeric(7,2) NOT NULL,
  grade text NOT NULL,
  list text CHECK (list IN ('red','black')),
  breakdown jsonb NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (period_id, company_id)
);
`,
  },
  {
    id: '0990_credit_appeals',
    sql: `
-- a household rates each company serving its compound once a period (was: once a period in all)
ALTER TABLE credit_survey DROP CONSTRAINT credit_survey_period_id_household_key_key;
ALTER TABLE credit_survey ADD CONSTRAINT credit_survey_once UNIQUE (period_id, company_id, household_key);

-- the figures behind a score (cases, disclosure compliance, survey), kept with it
ALTER TABLE credit_score ADD COLUMN figures jsonb;

-- 申诉: one per company per period, filed in the appeal window, decided by the period's managers
CREATE TABLE credit_appeal (
  id bigserial PRIMARY KEY,
  period_id bigint NOT NULL REFERENCES credit_period(id),
  company_id bigint NOT NULL REFERENCES property_company(id),
  dimension text,
  reason text NOT NULL CHECK (length(reason) BETWEEN 10 AND 2000),
  filed_by bigint REFERENCES account(id),
  filed_at timestamptz NOT NULL DEFAULT now(),
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','upheld','rejected')),
  reply text,
  corrections jsonb,
  decided_by bigint REFERENCES account(id),
  decided_at timestamptz,
  score_before numeric(7,2), grade_before text, score_after numeric(7,2), grade_after text,
  UNIQUE (period_id, company_id),
  CHECK ((state = 'pending') = (decided_at IS NULL))
);
`,
  },
];
