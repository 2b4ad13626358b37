import type { Migration } from '../../core/db/migrate.js';

export const migrations: Migration[] = [
  {
    id: '1360_patrols',
    sql: `
-- 巡查: one walk of a grid worker or community staff member, over a grid or a community
CREATE TABLE patrol (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES account(id),
  patroller text NOT NULL,
  path text NOT NULL,
  community_code text NOT NULL,
  grid_code text,
  kind text NOT NULL CHECK (kind IN ('routine','joint')),
  note text CHECK (length(note) <= 500),
  summary text CHECK (length(summary) <= 2000),
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  points integer NOT NULL DEFAULT 0,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE UNIQUE INDEX patrol_one_open_idx ON patrol (account_id) WHERE ended_at IS NULL;
CREATE INDEX patrol_path_idx ON patrol (path text_pattern_ops, started_at DESC);
CREATE INDEX patrol_account_idx ON patrol (account_id, started_at DESC);

-- 联动巡查: who walked together — accounts, property companies, owners' committees, or a named person
CREATE TABLE patrol_member (
  patrol_id bigint NOT NULL REFERENCES patrol(id) ON DELETE CASCADE,
  seq integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('account','property_company','owners_committee','person')),
  ref_id bigint,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  PRIMARY KEY (patrol_id, seq)
);

-- the precise track (PIPL art. 28: sensitive): encrypted, one row per upload, deleted after the retention (setting)
CREATE TABLE patrol_track (
  id bigserial PRIMARY KEY,
  patrol_id bigint NOT NULL REFERENCES patrol(id) ON DELETE CASCADE,
  first_at timestamptz NOT NULL,
  last_at timestamptz NOT NULL,
  n integer NOT NULL CHECK (n > 0),
  data_enc text NOT NULL
);
CREATE INDEX patrol_track_patrol_idx ON patrol_track (patrol_id, first_at);
CREATE INDEX patrol_track_last_idx ON patrol_track (last_at);

-- problems found on the way: cases filed through cases' reportCase, linked here (the case is read through case_ref_v)
CREATE TABLE patrol_case (
  patrol_id bigint NOT NULL REFERENCES patrol(id),
  case_id bigint NOT NULL UNIQUE,
  PRIMARY KEY (patrol_id, case_id)
);

-- 拆违: an illegal structure, followed to its removal (machine.ts)
CREATE TABLE illegal_structure (
  id bigserial PRIMARY KEY,
  path text NOT NULL,
  community_code text NOT NULL,
  grid_code text,
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
  lon double precision, lat double precision,
  description text CHECK (length(description) <= 2000),
  area_m2 numeric(10,2) NOT NULL CHECK (area_m2 > 0 AND area_m2 <= 100000),
  household_id bigint,
  found_on date NOT NULL,
  state text NOT NULL DEFAULT 'registered' CHECK (state IN ('registered','persuading','self_removed','assisted_removed','enforcement')),
  last_step_on date NOT NULL,
  closed_on date,
  registered_by bigint REFERENCES account(id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX illegal_structure_path_idx ON illegal_structure (path text_pattern_ops);

CREATE TABLE illegal_structure_event (
  id bigserial PRIMARY KEY,
  structure_id bigint NOT NULL REFERENCES illegal_structure(id),
  action text NOT NULL CHECK (action IN ('register','visit','self_remove','assist_remove','hand_over')),
  on_date date NOT NULL,
  note text CHECK (length(note) <= 2000),
  account_id bigint,
  actor_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX illegal_structure_event_idx ON illegal_structure_event (structure_id, id);

-- photos: cleaned like case photos (core/files/images.ts), files under data/uploads/structures; unattached until a registration names them
CREATE TABLE illegal_structure_photo (
  id uuid PRIMARY KEY,
  structure_id bigint REFERENCES illegal_structure(id),
  uploaded_by bigint NOT NULL,
  file text NOT NULL,
  mime text NOT NULL,
  size integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX illegal_structure_photo_idx ON illegal_structure_photo (structure_id);
`,
  },
];
