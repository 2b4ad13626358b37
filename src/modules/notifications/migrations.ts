import type { Migration } from '../../core/db/migrate.js';

/**
 * `notification` and `outbox` were created by cases' migrations (0900_cases, 1040_outbox_retry) before
 * this module existed; landed migrations never change, so this module declares them here, whole, as
 * their owner (a no-op where they exist: every database that ran 0900), and records it in the catalogue.
 */
export const migrations: Migration[] = [
  {
    id: '1210_notifications_own_tables',
    sql: `CREATE TABLE IF NOT EXISTS notification (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  case_id bigint REFERENCES cases(id),
  kind text NOT NULL,
  text text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX IF NOT EXISTS notification_account ON notification (account_id, id DESC);
CREATE TABLE IF NOT EXISTS outbox (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,
  recipient bigint REFERENCES account(id),
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  sent_at timestamptz,
  not_before timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (id) WHERE sent_at IS NULL;
COMMENT ON TABLE notification IS 'owned by the notifications module (src/modules/notifications); others write it through its api.ts';
COMMENT ON TABLE outbox IS 'owned by the notifications module (src/modules/notifications); others write it through its api.ts';`,
  },
];
