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
];
