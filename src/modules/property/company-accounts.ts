/**
 * Which company a property-staff account works for. The street or community that keeps the
 * register links the account (an account works for one company at a time); what a company's staff
 * may do for the company — publish its disclosures, appeal its rating — follows from the link.
 */
import type pg from 'pg';
import type { Migration } from '../../core/db/migrate.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError, defineErrors } from '../../core/http/errors.js';
import { companyInScope } from './store.js';

export const companyAccountMigrations: Migration[] = [
  {
    id: '0984_company_account',
    sql: `
CREATE TABLE company_account (
  account_id bigint PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
  company_id bigint NOT NULL REFERENCES property_company(id),
  linked_by bigint REFERENCES account(id),
  linked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX company_account_company_idx ON company_account (company_id);
`,
  },
];

defineErrors({
  account_not_found: { status: 404, zh: '账号 {username} 不存在或已停用。', en: 'Account {username} does not exist or is disabled.' },
  account_not_property_staff: { status: 409, zh: '账号 {username} 不是物业企业工作人员角色，不能关联企业。', en: 'Account {username} does not have the property-staff role; it cannot be linked to a company.' },
  company_account_not_linked: { status: 404, zh: '该账号未关联此企业。', en: 'This account is not linked to this company.' },
});

export async function companyOfAccount(db: Queryable, accountId: number): Promise<{ id: number; name: string } | null> {
  const { rows } = await db.query('SELECT c.id, c.name FROM company_account ca JOIN property_company c ON c.id = ca.company_id WHERE ca.account_id = $1', [accountId]);
  return rows[0] ? { id: Number(rows[0].id), name: rows[0].name } : null;
}

export async function companyAccounts(db: Queryable, companyId: number) {
  const { rows } = await db.query(
    `SELECT a.id, a.username, a.display_name AS "displayName", ca.linked_at AS "linkedAt" FROM company_account ca JOIN account a ON a.id = ca.account_id
      WHERE ca.company_id = $1 ORDER BY a.username`, [companyId]);
  return rows;
}

/** Link a property-staff account to a company (moving it from another company, if it was linked). */
export async function linkAccount(tx: pg.PoolClient, companyId: number, username: string, scope: string[], by: number) {
  await companyInScope(tx, companyId, scope);
  const name = username.trim().toLowerCase();
  const { rows } = await tx.query('SELECT id FROM account WHERE username = $1 AND active', [name]);
  if (!rows[0]) throw new AppError('account_not_found', { username: name });
  const { rowCount } = await tx.query(`SELECT 1 FROM role_assignment WHERE account_id = $1 AND role = 'property_staff'`, [rows[0].id]);
  if (!rowCount) throw new AppError('account_not_property_staff', { username: name });
  await tx.query(
    `INSERT INTO company_account (account_id, company_id, linked_by) VALUES ($1, $2, $3)
     ON CONFLICT (account_id) DO UPDATE SET company_id = EXCLUDED.company_id, linked_by = EXCLUDED.linked_by, linked_at = now()`,
    [rows[0].id, companyId, by]);
  return Number(rows[0].id);
}

export async function unlinkAccount(tx: pg.PoolClient, companyId: number, accountId: number, scope: string[]) {
  await companyInScope(tx, companyId, scope);
  const { rowCount } = await tx.query('DELETE FROM company_account WHERE account_id = $1 AND company_id = $2', [accountId, companyId]);
  if (!rowCount) throw new AppError('company_account_not_linked');
}

defineErrors({
  account_no_company: { status: 403, zh: '您的账号未关联物业服务企业，请联系街道或社区。', en: 'Your account is not linked to a property company; contact the street or community office.' },
  disclosure_not_your_company: { status: 403, zh: '该小区由{company}服务，您的账号不能代其公示。', en: 'This compound is served by {company}; your account cannot publish for it.' },
});
