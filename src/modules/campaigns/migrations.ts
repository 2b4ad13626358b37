import type { Migration } from '../../core/db/migrate.js';

export const migrations: Migration[] = [
  {
    id: '1340_campaigns',
    sql: `
-- a campaign (专项行动: 入户排查, 消防安全检查 …) a street or community runs over its area
CREATE TABLE campaign (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL,
  path text NOT NULL,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 50),
  target_unit text NOT NULL CHECK (target_unit IN ('household','dwelling','building','compound')),
  checklist jsonb NOT NULL,
  deadline date NOT NULL,
  emergency boolean NOT NULL DEFAULT false,
  state text NOT NULL DEFAULT 'running' CHECK (state IN ('running','closed')),
  created_by bigint,
  created_by_name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  CHECK ((state = 'closed') = (closed_at IS NOT NULL))
);
CREATE INDEX campaign_path_idx ON campaign (path text_pattern_ops);

-- one checklist to fill per target unit (household, dwelling, building, compound), in the grid it lies in
CREATE TABLE campaign_item (
  id bigserial PRIMARY KEY,
  campaign_id bigint NOT NULL REFERENCES campaign(id),
  unit_id bigint NOT NULL,
  place text NOT NULL,
  room text,
  community_code text NOT NULL,
  grid_code text NOT NULL,
  path text NOT NULL,
  version integer NOT NULL DEFAULT 0,
  answers jsonb,
  problem boolean NOT NULL DEFAULT false,
  note text,
  answered_by bigint,
  answered_by_name text,
  answered_at timestamptz,
  case_id bigint,
  case_number text,
  UNIQUE (campaign_id, unit_id),
  CHECK ((version = 0) = (answered_at IS NULL))
);
CREATE INDEX campaign_item_path_idx ON campaign_item (campaign_id, path text_pattern_ops);
CREATE INDEX campaign_item_grid_idx ON campaign_item (grid_code, campaign_id);

-- the live figures per grid, kept by the commands in the same transaction as the items (a roll-up reads grids, not items)
CREATE TABLE campaign_grid (
  campaign_id bigint NOT NULL REFERENCES campaign(id),
  grid_code text NOT NULL,
  community_code text NOT NULL,
  path text NOT NULL,
  total integer NOT NULL CHECK (total >= 0),
  done integer NOT NULL DEFAULT 0 CHECK (done BETWEEN 0 AND total),
  problems integer NOT NULL DEFAULT 0 CHECK (problems BETWEEN 0 AND total),
  PRIMARY KEY (campaign_id, grid_code)
);
CREATE INDEX campaign_grid_path_idx ON campaign_grid (campaign_id, path text_pattern_ops);

-- every answer of an item, in versions (a revision is a new version); a phone's clientRef makes a resend harmless
CREATE TABLE campaign_answer (
  id bigserial PRIMARY KEY,
  item_id bigint NOT NULL REFERENCES campaign_item(id),
  version integer NOT NULL CHECK (version >= 1),
  answers jsonb NOT NULL,
  problem boolean NOT NULL,
  note text,
  client_ref text NOT NULL,
  account_id bigint,
  account_name text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (item_id, version),
  UNIQUE (item_id, client_ref)
);
`,
  },
];
