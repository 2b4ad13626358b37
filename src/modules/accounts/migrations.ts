import type { Migration } from '../../core/db/migrate.js';

export const migrations: Migration[] = [
  {
    id: '0200_accounts',
    sql: `
CREATE TABLE account (
  id bigserial PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,31}$'),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE role_assignment (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('admin','street_command','community_staff','grid_worker','department_staff','property_staff','owners_committee','mediator','resident')),
  region_code text REFERENCES region(code),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (region_code IS NOT NULL OR role = 'admin')
);
CREATE UNIQUE INDEX role_assignment_uniq ON role_assignment (account_id, role, COALESCE(region_code, ''));
CREATE TABLE session (
  id text PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  idle_expires_at timestamptz NOT NULL
);
CREATE INDEX session_account_idx ON session (account_id);
CREATE TABLE login_failure (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_user_idx ON login_failure (username, at);
CREATE INDEX login_failure_ip_idx ON login_failure (ip, at);
`,
  },
  {
    // login throttling per (username, address) pair and per username across addresses ('*'):
    // one row each, locked while an attempt is admitted (see core/auth/throttle.ts)
    id: '1020_login_throttle',
    sql: `
CREATE TABLE login_throttle (
  username text NOT NULL,
  ip text NOT NULL,
  failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failure_at timestamptz,
  next_allowed_at timestamptz NOT NULL DEFAULT now(),
  notified_at timestamptz,
  PRIMARY KEY (username, ip)
);
DROP TABLE login_failure;
`,
  },
  {
    // sessions are cached in each app process for a few seconds (core/auth/sessions.ts): a logout, an
    // expired session deleted, a disabled account, a changed password or role tells every process at
    // commit, so revocation is immediate everywhere
    id: '1110_session_notify',
    sql: `
CREATE FUNCTION session_deleted_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gongzhi_cache_sessions', 's:' || OLD.id);
  RETURN NULL;
END $$;
CREATE FUNCTION account_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gongzhi_cache_sessions', 'a:' || OLD.id);
  RETURN NULL;
END $$;
CREATE FUNCTION role_assignment_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN PERFORM pg_notify('gongzhi_cache_sessions', 'a:' || OLD.account_id); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM pg_notify('gongzhi_cache_sessions', 'a:' || NEW.account_id); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER session_deleted AFTER DELETE ON session FOR EACH ROW EXECUTE FUNCTION session_deleted_notify();
CREATE TRIGGER account_changed AFTER UPDATE OR DELETE ON account FOR EACH ROW EXECUTE FUNCTION account_changed_notify();
CREATE TRIGGER role_assignment_changed AFTER INSERT OR UPDATE OR DELETE ON role_assignment FOR EACH ROW EXECUTE FUNCTION role_assignment_changed_notify();
`,
  },
];
