import type { Migration } from '../../core/db/migrate.js';

export const migrations: Migration[] = [
  {
    id: '0500_people',
    sql: `
-- places: compound → building → unit → dwelling
CREATE TABLE compound (
  id bigserial PRIMARY KEY,
  community_code text NOT NULL REFERENCES region(code),
  path text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  address text,
  lon double precision, lat double precision,
  built_year integer CHECK (built_year BETWEEN 1900 AND 2100),
  old_compound boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_code, name)
);
CREATE INDEX compound_path_idx ON compound (path text_pattern_ops);
CREATE TABLE building (
  id bigserial PRIMARY KEY,
  compound_id bigint NOT NULL REFERENCES compound(id),
  name text NOT NULL,
  floors integer CHECK (floors BETWEEN 1 AND 200),
  UNIQUE (compound_id, name)
);
CREATE TABLE building_unit (
  id bigserial PRIMARY KEY,
  building_id bigint NOT NULL REFERENCES building(id),
  name text NOT NULL,
  UNIQUE (building_id, name)
);
CREATE TABLE dwelling (
  id bigserial PRIMARY KEY,
  unit_id bigint NOT NULL REFERENCES building_unit(id),
  room text NOT NULL,
  exclusive_area_m2 numeric(10,2) CHECK (exclusive_area_m2 > 0),
  UNIQUE (unit_id, room)
);

-- households live in one basic grid; people join and leave them, history kept
CREATE TABLE household (
  id bigserial PRIMARY KEY,
  grid_code text NOT NULL REFERENCES grid(code),
  path text NOT NULL,
  dwelling_id bigint REFERENCES dwelling(id),
  address text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX household_path_idx ON household (path text_pattern_ops);
CREATE UNIQUE INDEX household_dwelling_idx ON household (dwelling_id) WHERE dwelling_id IS NOT NULL;

CREATE TABLE resident (
  id bigserial PRIMARY KEY,
  path text NOT NULL,
  household_id bigint REFERENCES household(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  gender text NOT NULL CHECK (gender IN ('male','female')),
  birth_date date NOT NULL,
  id_enc text NOT NULL, id_hash text NOT NULL, id_masked text NOT NULL,
  phone_enc text, phone_hash text, phone_masked text,
  party_member boolean NOT NULL DEFAULT false,
  living_alone_override boolean,
  living_alone_reason text,
  deceased_on date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (living_alone_override IS NULL OR living_alone_reason IS NOT NULL)
);
-- one living person per ID number
CREATE UNIQUE INDEX resident_id_living_idx ON resident (id_hash) WHERE deceased_on IS NULL;
CREATE INDEX resident_id_hash_idx ON resident (id_hash);
CREATE INDEX resident_phone_hash_idx ON resident (phone_hash);
CREATE INDEX resident_path_idx ON resident (path text_pattern_ops);
CREATE INDEX resident_name_idx ON resident (name text_pattern_ops);
CREATE INDEX resident_household_idx ON resident (household_id);

CREATE TABLE household_member (
  id bigserial PRIMARY KEY,
  household_id bigint NOT NULL REFERENCES household(id),
  resident_id bigint NOT NULL REFERENCES resident(id),
  relation text NOT NULL CHECK (relation IN ('owner','tenant','member')),
  moved_in date NOT NULL,
  moved_out date,
  CHECK (moved_out IS NULL OR moved_out >= moved_in)
);
CREATE INDEX household_member_household_idx ON household_member (household_id) WHERE moved_out IS NULL;
CREATE INDEX household_member_resident_idx ON household_member (resident_id);

CREATE TABLE resident_care_group (
  id bigserial PRIMARY KEY,
  resident_id bigint NOT NULL REFERENCES resident(id),
  care_group text NOT NULL CHECK (care_group IN ('living_alone','empty_nest','very_old','disabled','destitute','subsistence_allowance')),
  set_on date NOT NULL DEFAULT current_date,
  set_by bigint REFERENCES account(id),
  note text,
  ended_on date,
  ended_by bigint REFERENCES account(id)
);
CREATE UNIQUE INDEX resident_care_group_active_idx ON resident_care_group (resident_id, care_group) WHERE ended_on IS NULL;
`,
  },
  {
    id: '0982_resident_account',
    sql: `
-- 实名绑定: a resident's account tied to their registry record (one account per person, one person per account)
CREATE TABLE resident_account (
  account_id bigint PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
  resident_id bigint NOT NULL UNIQUE REFERENCES resident(id),
  bound_at timestamptz NOT NULL DEFAULT now()
);
-- failed name + ID matches, counted per account per day (a guessing guard)
CREATE TABLE resident_bind_failure (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resident_bind_failure_idx ON resident_bind_failure (account_id, at);
`,
  },
  {
    id: '1130_people_views',
    sql: `
-- people's read view of compounds for other modules (modules own their tables: others read compounds through this)
CREATE VIEW people_compound_v AS
  SELECT id, community_code, path, name, address, lon, lat, built_year, old_compound, demonstration FROM compound;
`,
  },
  {
    id: '1320_people_member_moved_out',
    sql: `
-- the members who moved out of a household, by household (care plans: a resident living alone since the last other member left)
CREATE INDEX household_member_moved_out_idx ON household_member (household_id, moved_out) WHERE moved_out IS NOT NULL;
`,
  },
];
