import type { Migration } from '../../core/db/migrate.js';

export const migrations: Migration[] = [
  {
    id: '0400_grids',
    sql: `
CREATE TABLE grid (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{15}$'),
  community_code text NOT NULL REFERENCES region(code),
  number integer NOT NULL CHECK (number BETWEEN 1 AND 999),
  path text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('basic','dedicated')),
  unit_kind text CHECK (unit_kind IN ('school','hospital','market','company','other')),
  geometry jsonb,
  min_lon double precision, min_lat double precision, max_lon double precision, max_lat double precision,
  area_m2 double precision,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (community_code, number),
  CHECK (code = community_code || lpad(number::text, 3, '0')),
  CHECK (kind = 'dedicated' OR unit_kind IS NULL)
);
CREATE INDEX grid_path_idx ON grid (path text_pattern_ops);

-- who staffs a grid; never deleted: an assignment ends (until) and history stays
CREATE TABLE grid_staff (
  id bigserial PRIMARY KEY,
  grid_code text NOT NULL REFERENCES grid(code) ON DELETE CASCADE,
  path text NOT NULL,
  post text NOT NULL CHECK (post IN ('worker','leader','administrator')),
  employment text CHECK (employment IN ('full_time','part_time')),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  account_id bigint REFERENCES account(id),
  since date NOT NULL DEFAULT current_date,
  until date,
  CHECK (post = 'worker' OR employment IS NULL),
  CHECK (post <> 'worker' OR employment IS NOT NULL),
  CHECK (until IS NULL OR until >= since)
);
CREATE INDEX grid_staff_grid_idx ON grid_staff (grid_code) WHERE until IS NULL;
CREATE INDEX grid_staff_account_idx ON grid_staff (account_id) WHERE until IS NULL;
CREATE INDEX grid_staff_path_idx ON grid_staff (path text_pattern_ops) WHERE until IS NULL;
`,
  },
  {
    // a grid worker's work number (工作电话) and photo (a 300 × 400 JPEG, cleaned of metadata), printed on the grid's
    // contact card (cards.ts) — never their private mobile, which the platform does not hold for staff; set by the
    // commands grids.staff.profile and grids.staff.photo
    id: '1331_grid_staff_card',
    sql: `ALTER TABLE grid_staff ADD COLUMN work_phone text CHECK (work_phone ~ '^[+]?[0-9][0-9 -]{3,18}[0-9]$'), ADD COLUMN photo bytea;`,
  },
];
