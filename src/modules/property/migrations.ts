import type { Migration } from '../../core/db/migrate.js';

/** Property companies and outlets, the compounds they serve, owners' committees and their terms, compound documents, demonstration sites. */
export const migrations: Migration[] = [
  {
    id: '0950_property',
    sql: `
ALTER TABLE compound ADD COLUMN demonstration boolean NOT NULL DEFAULT false;

CREATE TABLE property_company (
  id bigserial PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  credit_code text NOT NULL UNIQUE CHECK (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  region_code text NOT NULL REFERENCES region(code),
  path text NOT NULL,
  address text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX property_company_path_idx ON property_company (path text_pattern_ops);

CREATE TABLE property_outlet (
  id bigserial PRIMARY KEY,
  company_id bigint NOT NULL REFERENCES property_company(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  region_code text NOT NULL REFERENCES region(code),
  path text NOT NULL,
  address text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (company_id, name)
);
CREATE INDEX property_outlet_path_idx ON property_outlet (path text_pattern_ops);

CREATE TABLE property_contract (
  id bigserial PRIMARY KEY,
  compound_id bigint NOT NULL REFERENCES compound(id),
  company_id bigint NOT NULL REFERENCES property_company(id),
  outlet_id bigint REFERENCES property_outlet(id),
  starts_on date NOT NULL,
  ends_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_on IS NULL OR ends_on > starts_on)
);
CREATE INDEX property_contract_compound_idx ON property_contract (compound_id);
CREATE INDEX property_contract_company_idx ON property_contract (company_id);

-- one owners' committee per compound; its current term here, earlier terms in owners_committee_term
CREATE TABLE owners_committee (
  id bigserial PRIMARY KEY,
  compound_id bigint NOT NULL UNIQUE REFERENCES compound(id),
  path text NOT NULL,
  elected_on date NOT NULL,
  term_years integer NOT NULL CHECK (term_years BETWEEN 1 AND 10),
  households integer CHECK (households > 0),
  first_meeting_on date,
  filed_on date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (first_meeting_on IS NULL OR first_meeting_on >= elected_on),
  CHECK (filed_on IS NULL OR filed_on >= elected_on)
);
CREATE INDEX owners_committee_path_idx ON owners_committee (path text_pattern_ops);
CREATE TABLE owners_committee_term (
  id bigserial PRIMARY KEY,
  committee_id bigint NOT NULL REFERENCES owners_committee(id),
  elected_on date NOT NULL,
  term_years integer NOT NULL,
  first_meeting_on date,
  filed_on date,
  ended_on date NOT NULL
);

-- 管理规约 and 议事规则 belong to the compound's owners and outlive committee terms
CREATE TABLE compound_document (
  id bigserial PRIMARY KEY,
  compound_id bigint NOT NULL REFERENCES compound(id),
  kind text NOT NULL CHECK (kind IN ('statute','rules_of_procedure')),
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  content text NOT NULL,
  version integer NOT NULL,
  adopted_on date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (compound_id, kind, version)
);
`,
  },
  {
    id: '0960_disclosure',
    sql: `
-- 公示: what a property company or an owners' committee published to a compound's residents
CREATE TABLE disclosure (
  id bigserial PRIMARY KEY,
  compound_id bigint NOT NULL REFERENCES compound(id),
  path text NOT NULL,
  publisher_kind text NOT NULL CHECK (publisher_kind IN ('property_company','owners_committee')),
  publisher_ref text NOT NULL,
  category text NOT NULL CHECK (category IN ('service','fees','maintenance_fund','common_income','committee_decision','committee_accounts')),
  period text NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  content text NOT NULL,
  figures jsonb,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by bigint,
  CHECK (period_end >= period_start)
);
CREATE INDEX disclosure_compound_idx ON disclosure (compound_id, category, period_end);
CREATE INDEX disclosure_path_idx ON disclosure (path text_pattern_ops);

-- lawful fee-collection measures (催缴、通知、调解、诉讼); cutting utilities is refused before it gets here
CREATE TABLE fee_collection_measure (
  id bigserial PRIMARY KEY,
  compound_id bigint NOT NULL REFERENCES compound(id),
  path text NOT NULL,
  measure text NOT NULL CHECK (measure IN ('reminder','notice','mediation','lawsuit')),
  note text,
  recorded_by bigint,
  recorded_at timestamptz NOT NULL DEFAULT now()
);

-- a case may concern a compound (a resident's question on a disclosure; credit evidence for its company)
ALTER TABLE cases ADD COLUMN compound_id bigint REFERENCES compound(id);
CREATE INDEX cases_compound_idx ON cases (compound_id, created_at) WHERE compound_id IS NOT NULL;
`,
  },
  {
    id: '0992_disclosure_files',
    sql: `
-- 公示附件: files under the data folder (uploads/disclosures), checked by content; pending (disclosure_id NULL) until published with a disclosure
CREATE TABLE disclosure_file (
  id uuid PRIMARY KEY,
  disclosure_id bigint REFERENCES disclosure(id),
  position integer,
  uploaded_by bigint REFERENCES account(id),
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  file text NOT NULL,
  mime text NOT NULL CHECK (mime IN ('application/pdf','image/jpeg','image/png','image/webp')),
  size integer NOT NULL CHECK (size > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  width integer,
  height integer,
  CHECK ((disclosure_id IS NULL) = (position IS NULL))
);
CREATE INDEX disclosure_file_disclosure_idx ON disclosure_file (disclosure_id, position) WHERE disclosure_id IS NOT NULL;
CREATE INDEX disclosure_file_pending_idx ON disclosure_file (uploaded_at) WHERE disclosure_id IS NULL;
`,
  },
  {
    id: '0993_disclosure_overdue',
    sql: `
-- 公示逾期: one row per compound, category and obligation period once its supervisors were told (never told twice)
CREATE TABLE disclosure_overdue_notice (
  compound_id bigint NOT NULL REFERENCES compound(id),
  category text NOT NULL,
  period text NOT NULL,
  due_by date NOT NULL,
  publisher_kind text NOT NULL,
  publisher_ref text NOT NULL,
  recipients integer NOT NULL DEFAULT 0,
  notified_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (compound_id, category, period)
);
`,
  },
  {
    id: '1132_property_views',
    sql: `
-- property's read views for other modules (modules own their tables: others read property through these)
CREATE VIEW property_company_v AS
  SELECT id, name, credit_code, region_code, path, address FROM property_company;
-- which company serves which compound, and when (a contract with its compound's name and place)
CREATE VIEW property_service_v AS
  SELECT k.id AS contract_id, k.company_id, k.outlet_id, k.compound_id, cp.name AS compound_name, cp.path AS compound_path, cp.community_code, k.starts_on, k.ends_on
    FROM property_contract k JOIN people_compound_v cp ON cp.id = k.compound_id;
-- what was disclosed (公示), without its content
CREATE VIEW property_disclosure_v AS
  SELECT id, compound_id, path, publisher_kind, publisher_ref, category, period, period_start, period_end, title, published_at FROM disclosure;
`,
  },
];
