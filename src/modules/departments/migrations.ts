import type { Migration } from '../../core/db/migrate.js';

/**
 * The tables `department` and `department_member` were created by cases' first migration (0900_cases,
 * landed before this module existed) and belong to this module now (test/unit/module-tables.scan.ts,
 * MOVED_TABLES). This module adds what other modules read them through.
 */
export const migrations: Migration[] = [
  {
    id: '1151_department_views',
    // what other modules read of departments (api.ts): the departments, and who belongs to which
    sql: `CREATE VIEW department_v AS SELECT id, region_code, kind, name FROM department;
CREATE VIEW department_member_v AS SELECT account_id, department_id FROM department_member;`,
  },
];
