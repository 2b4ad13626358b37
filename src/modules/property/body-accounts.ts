/**
 * Which body an account works for: a property-staff account for its company, an owners'-committee
 * account for its committee. The street or community that keeps the register links the account
 * (one body at a time); what the body's people may do for it — publish its disclosures, appeal its
 * rating — follows from the link.
 */
import type pg from 'pg';
import type { Migration } from '../../core/db/migrate.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError, defineErrors } from '../../core/http/errors.js';
import { committeeInScope, companyInScope } from './store.js';

export const bodyAccountMigrations: Migration[] = [
  {
    id: '0984_body_account',
    sql: `
-- an account works for one body at a time: a property company (property staff) or an owners' committee (its members)
CREATE TABLE body_account (
  account_id bigint PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
  company_id bigint REFERENCES property_company(id),
  committee_id bigint REFERENCES owners_committee(id),
  linked_by bigint REFERENCES account(id),
  linked_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((company_id IS NULL) <> (committee_id IS NULL))
);
CREATE INDEX body_account_company_idx ON body_account (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX body_account_committee_idx ON body_account (committee_id) WHERE committee_id IS NOT NULL;
`,
  },
];

defineErrors({
  account_not_found: { status: 404, zh: '账号 {username} 不存在或已停用。', en: 'Account {username} does not exist or is disabled.' },
  account_not_property_staff: { status: 409, zh: '账号 {username} 不是物业企业工作人员，不能关联物业企业。', en: 'Account {username} is not property staff; it cannot be linked to a company.' },
  account_not_committee_member: { status: 409, zh: '账号 {username} 不是业主委员会成员角色，不能关联业主委员会。', en: 'Account {username} is not an owners\' committee account; it cannot be linked to a committee.' },
  body_account_not_linked: { status: 404, zh: '该账号未关联此单位。', en: 'This account is not linked to this body.' },
  account_no_company: { status: 403, zh: '您的账号未关联物业服务企业，请联系街道或社区。', en: 'Your account is not linked to a property company; contact the street or community office.' },
  account_no_committee: { status: 403, zh: '您的账号未关联业主委员会，请联系社区。', en: 'Your account is not linked to an owners\' committee; contact the community office.' },
  disclosure_not_your_company: { status: 403, zh: '该小区由{company}服务，您的账号不能代其公示。', en: 'This compound is served by {company}; your account cannot publish for it.' },
  disclosure_not_your_committee: { status: 403, zh: '您的账号不是该小区业主委员会的，不能代其公示。', en: 'Your account is not of this compound\'s owners\' committee; it cannot publish for it.' },
});

export type Body = { kind: 'property_company'; id: number } | { kind: 'owners_committee'; id: number };

const COLUMN = { property_company: 'company_id', owners_committee: 'committee_id' } as const;
const ROLE = {
  property_company: { role: 'property_staff', error: 'account_not_property_staff' },
  owners_committee: { role: 'owners_committee', error: 'account_not_committee_member' },
} as const;

export async function companyOfAccount(db: Queryable, accountId: number): Promise<{ id: number; name: string } | null> {
  const { rows } = await db.query('SELECT c.id, c.name FROM body_account ba JOIN property_company c ON c.id = ba.company_id WHERE ba.account_id = $1', [accountId]);
  return rows[0] ? { id: Number(rows[0].id), name: rows[0].name } : null;
}

export async function committeeOfAccount(db: Queryable, accountId: number): Promise<{ id: number; compoundId: number } | null> {
  const { rows } = await db.query('SELECT oc.id, oc.compound_id FROM body_account ba JOIN owners_committee oc ON oc.id = ba.committee_id WHERE ba.account_id = $1', [accountId]);
  return rows[0] ? { id: Number(rows[0].id), compoundId: Number(rows[0].compound_id) } : null;
}

export async function bodyAccounts(db: Queryable, body: Body) {
  const { rows } = await db.query(
    `SELECT a.id, a.username, a.display_name AS "displayName", ba.linked_at AS "linkedAt" FROM body_account ba JOIN account a ON a.id = ba.account_id
      WHERE ba.${COLUMN[body.kind]} = $1 ORDER BY a.username`, [body.id]);
  return rows;
}

const inScope = (tx: Queryable, body: Body, scope: string[]) => (body.kind === 'property_company' ? companyInScope(tx, body.id, scope) : committeeInScope(tx, body.id, scope));

/** Link an account of the body's role to it (moving it from another body, if it was linked). */
export async function linkAccount(tx: pg.PoolClient, body: Body, username: string, scope: string[], by: number) {
  await inScope(tx, body, scope);
  const name = username.trim().toLowerCase();
  const { rows } = await tx.query('SELECT id FROM account WHERE username = $1 AND active', [name]);
  if (!rows[0]) throw new AppError('account_not_found', { username: name });
  const role = ROLE[body.kind];
  const { rowCount } = await tx.query('SELECT 1 FROM role_assignment WHERE account_id = $1 AND role = $2', [rows[0].id, role.role]);
  if (!rowCount) throw new AppError(role.error, { username: name });
  const [company, committee] = body.kind === 'property_company' ? [body.id, null] : [null, body.id];
  await tx.query(
    `INSERT INTO body_account (account_id, company_id, committee_id, linked_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (account_id) DO UPDATE SET company_id = EXCLUDED.company_id, committee_id = EXCLUDED.committee_id, linked_by = EXCLUDED.linked_by, linked_at = now()`,
    [rows[0].id, company, committee, by]);
  return Number(rows[0].id);
}

export async function unlinkAccount(tx: pg.PoolClient, body: Body, accountId: number, scope: string[]) {
  await inScope(tx, body, scope);
  const { rowCount } = await tx.query(`DELETE FROM body_account WHERE account_id = $1 AND ${COLUMN[body.kind]} = $2`, [accountId, body.id]);
  if (!rowCount) throw new AppError('body_account_not_linked');
}

/**
 * Who publishes for a compound: community staff and administrators on anyone's behalf; otherwise
 * the account must work for the publishing body (the company serving it, or its owners' committee).
 */
export async function assertPublishesFor(tx: Queryable, accountId: number | null, roles: string[], publisher: { kind: string; ref: string; name?: string }) {
  if (accountId === null || roles.includes('community_staff') || roles.includes('admin')) return;
  if (publisher.kind === 'property_company') {
    const mine = await companyOfAccount(tx, accountId);
    if (!mine) throw new AppError('account_no_company');
    if (String(mine.id) !== publisher.ref) throw new AppError('disclosure_not_your_company', { company: publisher.name ?? '' });
  } else {
    const mine = await committeeOfAccount(tx, accountId);
    if (!mine) throw new AppError('account_no_committee');
    if (String(mine.id) !== publisher.ref) throw new AppError('disclosure_not_your_committee');
  }
}
