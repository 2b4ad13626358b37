/**
 * What the property module offers other modules. Other modules change property's tables only
 * through these functions and read them through them or property's exported views (migration
 * 1132): property_company_v (companies), property_service_v (which company serves which compound
 * when), property_disclosure_v (what was disclosed).
 */
import type pg from 'pg';
import type { Queryable } from '../../core/db/pool.js';
import type { Category } from './disclosure-rules.js';

export { companyOfAccount, committeeOfAccount } from './body-accounts.js';
export { addDays, covers, periodOf, PUBLISHER, type Category } from './disclosure-rules.js';
export { disclosureObligations } from './disclosures.js';
export { disclosureTitleZh } from './disclosure-overdue.js';

export interface PastDisclosure {
  compoundId: number; path: string; companyId: number; category: Category; period: string; start: string; end: string;
  title: string; content: string; figures: string | null;
}

/**
 * A disclosure a company published in the past, 10 days after its period ended — history for a
 * demo (the credit rating's evidence); today's disclosures go through publishDisclosure.
 */
export async function insertPastDisclosure(tx: pg.PoolClient, d: PastDisclosure): Promise<void> {
  await tx.query(
    `INSERT INTO disclosure (compound_id, path, publisher_kind, publisher_ref, category, period, period_start, period_end, title, content, figures, published_at)
     VALUES ($1, $2, 'property_company', $3, $4, $5, $6, $7, $8, $10, $9, $7::date + 10)`,
    [d.compoundId, d.path, String(d.companyId), d.category, d.period, d.start, d.end, d.title, d.figures, d.content]);
}

/**
 * A property company or an owners' committee by id, with the region path it works in, or null: the bodies
 * a joint patrol (联动巡查) names as members. An owners' committee is named after its compound.
 */
export async function bodyBrief(db: Queryable, kind: 'property_company' | 'owners_committee', id: number): Promise<{ id: number; name: string; path: string } | null> {
  const { rows } = kind === 'property_company'
    ? await db.query(`SELECT id, name, path FROM property_company WHERE id = $1`, [id])
    : await db.query(`SELECT oc.id, cp.name || '业主委员会' AS name, oc.path FROM owners_committee oc JOIN people_compound_v cp ON cp.id = oc.compound_id WHERE oc.id = $1`, [id]);
  return rows[0] ? { id: Number(rows[0].id), name: rows[0].name, path: rows[0].path } : null;
}
