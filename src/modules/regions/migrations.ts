import type { Migration } from '../../core/db/migrate.js';

export const migrations: Migration[] = [
  {
    id: '0100_regions',
    sql: `
CREATE TABLE region (
  code text PRIMARY KEY,
  stat_code char(12) NOT NULL UNIQUE,
  name text NOT NULL,
  official_name text NOT NULL,
  level text NOT NULL CHECK (level IN ('province','city','district','street','community')),
  parent_code text REFERENCES region(code),
  path text NOT NULL,
  child_count integer NOT NULL DEFAULT 0
);
-- every access check is a subtree test on the materialised path: keep it index-backed
CREATE INDEX region_path_idx ON region (path text_pattern_ops);
CREATE INDEX region_parent_idx ON region (parent_code);
`,
  },
  {
    // what other modules may read of the region tree in their SQL (a join on code, a subtree test on path): a
    // view the regions module exports, so that they do not name its table (docs/ARCHITECTURE.md, "A module owns its tables")
    id: '1152_region_view',
    sql: `CREATE VIEW region_v AS SELECT code, name, level, parent_code, path FROM region;`,
  },
  {
    // region rows are cached in process (queries.ts): any write of the table, by the importer or by hand,
    // tells every process to drop them (the same channel as invalidate(tx, 'regions'))
    id: '1220_region_notify',
    sql: `
CREATE FUNCTION region_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gongzhi_cache_regions', '');
  RETURN NULL;
END $$;
CREATE TRIGGER region_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON region FOR EACH STATEMENT EXECUTE FUNCTION region_changed_notify();`,
  },
  {
    // a public service number per street or community (社区服务热线): printed on its grids' contact cards (grids/cards.ts);
    // set by the command regions.hotline.set, read with the region's row (RegionRow.hotline)
    id: '1330_region_hotline',
    sql: `ALTER TABLE region ADD COLUMN hotline text CHECK (hotline ~ '^[+]?[0-9][0-9 -]{3,18}[0-9]$');`,
  },
];
