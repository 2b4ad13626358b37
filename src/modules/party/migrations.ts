import type { Migration } from '../../core/db/migrate.js';

/**
 * People who hold posts (residents or not), party organisations with the units they cover,
 * memberships, posts on any body (for cross-appointment), and party-building instructors.
 * Units are referenced as (kind, ref) — a region/grid code or a property-side id — so that an
 * organisation can hang on a street, community, grid, owners' committee, company, outlet,
 * resident unit or project alike.
 */
export const migrations: Migration[] = [
  {
    id: '0900_party',
    sql: `
CREATE TABLE post_holder (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL REFERENCES region(code),
  path text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  gender text CHECK (gender IN ('male','female')),
  phone_enc text, phone_hash text, phone_masked text,
  -- a party member whose organisational relationship sits in an organisation not registered here
  party_status text CHECK (party_status IN ('full','probationary')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX post_holder_path_idx ON post_holder (path text_pattern_ops);
CREATE INDEX post_holder_name_idx ON post_holder (name text_pattern_ops);
CREATE INDEX post_holder_phone_idx ON post_holder (phone_hash);

CREATE TABLE party_org (
  id bigserial PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('working_committee','committee','general_branch','branch','group')),
  parent_id bigint REFERENCES party_org(id),
  region_code text NOT NULL REFERENCES region(code),
  path text NOT NULL,
  attached_kind text NOT NULL CHECK (attached_kind IN ('street','community','grid','owners_committee','property_company','property_outlet','resident_unit','project')),
  attached_ref text NOT NULL,
  joint boolean NOT NULL DEFAULT false,
  term_start date,
  approval_ref text,
  dissolved_on date,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX party_org_path_idx ON party_org (path text_pattern_ops);
CREATE INDEX party_org_parent_idx ON party_org (parent_id);

-- the units an organisation covers: its attached unit, and for a joint branch up to five
CREATE TABLE party_org_unit (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES party_org(id),
  unit_kind text NOT NULL,
  unit_ref text NOT NULL,
  UNIQUE (org_id, unit_kind, unit_ref)
);
CREATE INDEX party_org_unit_ref_idx ON party_org_unit (unit_kind, unit_ref);

CREATE TABLE party_membership (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES party_org(id),
  holder_id bigint NOT NULL REFERENCES post_holder(id),
  status text NOT NULL CHECK (status IN ('full','probationary')),
  joined_on date NOT NULL,
  left_on date,
  left_reason text,
  CHECK (left_on IS NULL OR left_on >= joined_on)
);
-- a member's organisational relationship sits in one organisation at a time
CREATE UNIQUE INDEX party_membership_active_idx ON party_membership (holder_id) WHERE left_on IS NULL;
CREATE INDEX party_membership_org_idx ON party_membership (org_id) WHERE left_on IS NULL;

-- a post on a body: a party organisation, a residents' committee (ref = community code),
-- an owners' committee, a property company or outlet; history kept (to_on)
CREATE TABLE post (
  id bigserial PRIMARY KEY,
  holder_id bigint NOT NULL REFERENCES post_holder(id),
  body_kind text NOT NULL CHECK (body_kind IN ('party_org','residents_committee','owners_committee','property_company','property_outlet')),
  body_ref text NOT NULL,
  title text NOT NULL,
  path text NOT NULL,
  from_on date NOT NULL,
  to_on date,
  CHECK (to_on IS NULL OR to_on >= from_on)
);
CREATE INDEX post_body_idx ON post (body_kind, body_ref) WHERE to_on IS NULL;
CREATE INDEX post_holder_idx ON post (holder_id);
CREATE INDEX post_path_idx ON post (path text_pattern_ops);
CREATE UNIQUE INDEX post_active_idx ON post (holder_id, body_kind, body_ref) WHERE to_on IS NULL;

CREATE TABLE party_instructor (
  id bigserial PRIMARY KEY,
  holder_id bigint NOT NULL REFERENCES post_holder(id),
  unit_kind text NOT NULL CHECK (unit_kind IN ('owners_committee','property_company','property_outlet')),
  unit_ref text NOT NULL,
  path text NOT NULL,
  from_on date NOT NULL,
  to_on date,
  CHECK (to_on IS NULL OR to_on >= from_on)
);
CREATE UNIQUE INDEX party_instructor_active_idx ON party_instructor (unit_kind, unit_ref) WHERE to_on IS NULL;
`,
  },
  {
    id: '1131_party_views',
    sql: `
-- party's read views for other modules (modules own their tables: others read party through these)
-- the posts held now, with the holder's name and party status (membership here, else the status recorded on the holder)
CREATE VIEW party_active_post_v AS
  SELECT po.id AS post_id, po.holder_id, h.name, po.body_kind, po.body_ref, po.title, po.from_on, po.path,
         COALESCE((SELECT m.status FROM party_membership m WHERE m.holder_id = h.id AND m.left_on IS NULL), h.party_status) AS party_status
    FROM post po JOIN post_holder h ON h.id = po.holder_id
   WHERE po.to_on IS NULL;
-- the organisations (not dissolved) covering a unit
CREATE VIEW party_unit_org_v AS
  SELECT u.unit_kind, u.unit_ref, o.id AS org_id, o.name, o.kind, o.joint
    FROM party_org_unit u JOIN party_org o ON o.id = u.org_id AND o.dissolved_on IS NULL;
-- the instructor working with a unit now
CREATE VIEW party_unit_instructor_v AS
  SELECT i.id, i.holder_id, h.name, i.unit_kind, i.unit_ref, i.from_on
    FROM party_instructor i JOIN post_holder h ON h.id = i.holder_id
   WHERE i.to_on IS NULL;
`,
  },
];
