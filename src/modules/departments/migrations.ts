import type { Migration } from '../../core/db/migrate.js';

/**
 * The tables `department` and `department_member` were created by cases' first migration (0900_cases,
 * landed before this module existed); landed migrations never change, so this module declares them
 * again, whole, as their owner (1211: a no-op where they exist) and adds what other modules read them through.
 */
export const migrations: Migration[] = [
  {
    id: '1151_department_views',
    // what other modules read of departments (api.ts): the departments, and who belongs to which
    sql: `CREATE VIEW department_v AS SELECT id, region_code, kind, name FROM department;
CREATE VIEW department_member_v AS SELECT account_id, department_id FROM department_member;`,
  },
  {
    id: '1211_departments_own_tables',
    sql: `CREATE TABLE IF NOT EXISTS department (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL REFERENCES region(code),
  kind text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  UNIQUE (region_code, kind)
);
CREATE TABLE IF NOT EXISTS department_member (
  account_id bigint NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  department_id bigint NOT NULL REFERENCES department(id),
  PRIMARY KEY (account_id, department_id)
);
COMMENT ON TABLE department IS 'owned by the departments module (src/modules/departments); others read department_v';
COMMENT ON TABLE department_member IS 'owned by the departments module (src/modules/departments); others read department_member_v';`,
  },
];
