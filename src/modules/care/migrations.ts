import type { Migration } from '../../core/db/migrate.js';

export const migrations: Migration[] = [
  {
    id: '1310_care',
    sql: `
-- 关爱计划: rules per care group, edited by administrators (audited); the seed's default for 呼和浩特新城区
CREATE TABLE care_rule (
  id bigserial PRIMARY KEY,
  care_group text NOT NULL CHECK (care_group IN ('living_alone_65','living_alone','empty_nest','very_old','disabled','destitute','subsistence_allowance')),
  kind text NOT NULL CHECK (kind IN ('phone','visit')),
  per text NOT NULL CHECK (per IN ('iso_week','half_month','month')),
  times integer NOT NULL CHECK (times BETWEEN 1 AND 31),
  active boolean NOT NULL DEFAULT true,
  created_on date NOT NULL DEFAULT current_date,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (care_group, kind, per)
);
-- the default applies to every period (created_on long ago); a rule added later owes nothing before the day it was added
INSERT INTO care_rule (care_group, kind, per, times, created_on) VALUES ('living_alone_65', 'phone', 'iso_week', 2, '2000-01-01'), ('living_alone_65', 'visit', 'half_month', 1, '2000-01-01');

-- a missed slot, flagged once (the notice to the worker and the grid leader is written with it)
CREATE TABLE care_overdue (
  rule_id bigint NOT NULL REFERENCES care_rule(id),
  resident_id bigint NOT NULL,
  period text NOT NULL,
  grid_code text NOT NULL,
  path text NOT NULL,
  due_by date NOT NULL,
  done integer NOT NULL,
  needed integer NOT NULL,
  flagged_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, resident_id, period)
);
CREATE INDEX care_overdue_path_idx ON care_overdue (path text_pattern_ops, due_by);
`,
  },
];
