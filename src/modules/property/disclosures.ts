/** Disclosures (公示): publishing, reading, compliance per obligation period, residents' questions, fee-collection measures. */
import type pg from 'pg';
import { assertPublishesFor } from './body-accounts.js';
import { Type } from '@sinclair/typebox';
import { likePrefix, scopeSql, visibleOr404 } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { compoundInScope } from '../people/api.js';
import { chinaToday } from '../../core/time.js';
import { defineSetting } from '../settings/index.js';
import { CATEGORIES, covers, duePeriod, FUND_STATEMENTS, OBLIGATION_DEFAULTS, parsePeriod, PUBLISHER, statementProblem, type Category, type Obligations, type Statement } from './disclosure-rules.js';

export const disclosureObligations = defineSetting<Obligations>({
  key: 'property.disclosureObligations',
  description: '物业公示义务（民法典第 943 条及地方规定）：各类公示至少多久公开一次（月，0 为不定期），期满后多少天内须公示',
  schema: Type.Object({
    months: Type.Object(Object.fromEntries(CATEGORIES.map((c) => [c, Type.Union([0, 1, 3, 6, 12].map((m) => Type.Literal(m)))])) as Record<Category, any>, { additionalProperties: false }),
    graceDays: Type.Integer({ minimum: 0, maximum: 180 }),
  }, { additionalProperties: false }),
  default: OBLIGATION_DEFAULTS,
});

/** The company serving a compound today, if any. */
async function currentCompany(db: Queryable, compoundId: number) {
  const { rows } = await db.query(
    `SELECT c.id, c.name FROM property_contract k JOIN property_company c ON c.id = k.company_id
      WHERE k.compound_id = $1 AND k.starts_on <= CURRENT_DATE AND (k.ends_on IS NULL OR k.ends_on > CURRENT_DATE) ORDER BY k.starts_on DESC LIMIT 1`, [compoundId]);
  return rows[0] as { id: number; name: string } | undefined;
}

export interface NewDisclosure { compoundId: number; category: Category; period: string; title: string; content: string; figures?: Statement | null; }

export async function publishDisclosure(tx: pg.PoolClient, d: NewDisclosure, scope: string[], roles: string[], accountId: number | null): Promise<number> {
  const compound = await compoundInScope(tx, d.compoundId, scope);
  const side = PUBLISHER[d.category];
  // a company publishes its own categories, an owners' committee its own; community staff may record either on their behalf
  if (!roles.includes('community_staff') && !roles.includes('admin') && !roles.includes(side === 'property' ? 'property_staff' : 'owners_committee')) {
    throw new AppError('disclosure_not_yours', { category: d.category });
  }
  const period = parsePeriod(d.period);
  if (!period) throw new AppError('disclosure_period_invalid', { period: d.period });
  if (period.start > chinaToday()) throw new AppError('disclosure_period_future', { period: period.label });
  let figures: Statement | null = null;
  if (FUND_STATEMENTS.has(d.category)) {
    if (!d.figures) throw new AppError('fund_statement_required');
    const p = statementProblem(d.figures);
    if (p) throw new AppError(p.code, p.params, p.details);
    figures = { opening: d.figures.opening, income: d.figures.income.map((l) => ({ item: l.item.trim(), amount: l.amount })), spending: d.figures.spending.map((l) => ({ item: l.item.trim(), amount: l.amount })), closing: d.figures.closing };
  } else if (d.figures) {
    throw new AppError('fund_statement_not_expected', { category: d.category });
  }
  let publisher: { kind: string; ref: string; name?: string };
  if (side === 'property') {
    const c = await currentCompany(tx, d.compoundId);
    if (!c) throw new AppError('no_property_company');
    publisher = { kind: 'property_company', ref: String(c.id), name: c.name };
  } else {
    const { rows } = await tx.query('SELECT id FROM owners_committee WHERE compound_id = $1', [d.compoundId]);
    if (!rows[0]) throw new AppError('no_owners_committee');
    publisher = { kind: 'owners_committee', ref: String(rows[0].id) };
  }
  // a company's staff publish only for the compounds it serves, a committee's members only for their own compound
  await assertPublishesFor(tx, accountId, roles, publisher);
  const { rows } = await tx.query(
    `INSERT INTO disclosure (compound_id, path, publisher_kind, publisher_ref, category, period, period_start, period_end, title, content, figures, published_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [d.compoundId, compound.path, publisher.kind, publisher.ref, d.category, period.label, period.start, period.end, d.title.trim(), d.content, figures && JSON.stringify(figures), accountId],
  );
  return rows[0].id;
}

const SELECT = `
  SELECT d.id, d.compound_id AS "compoundId", cp.name AS "compoundName", d.category, d.period, d.period_start::text AS "periodStart", d.period_end::text AS "periodEnd",
         d.title, d.content, d.figures, d.published_at AS "publishedAt",
         COALESCE((SELECT json_agg(json_build_object('id', f.id, 'name', f.name, 'mime', f.mime, 'size', f.size, 'sha256', f.sha256, 'width', f.width, 'height', f.height) ORDER BY f.position)
                     FROM disclosure_file f WHERE f.disclosure_id = d.id), '[]') AS attachments,
         json_build_object('kind', d.publisher_kind, 'ref', d.publisher_ref, 'name',
           CASE d.publisher_kind WHEN 'property_company' THEN (SELECT name FROM property_company WHERE id::text = d.publisher_ref)
                                 ELSE cp.name || '业主委员会' END) AS publisher
    FROM disclosure d JOIN people_compound_v cp ON cp.id = d.compound_id`;

export async function listDisclosures(db: Queryable, q: { compoundId?: number; regionPath?: string }, scope: string[]) {
  const params: unknown[] = [];
  let where = scopeSql(scope, 'd.path', params);
  if (q.compoundId) { await compoundInScope(db, q.compoundId, scope); params.push(q.compoundId); where += ` AND d.compound_id = $${params.length}`; }
  if (q.regionPath) { params.push(likePrefix(q.regionPath)); where += ` AND d.path LIKE $${params.length}`; }
  const { rows } = await db.query(`${SELECT} WHERE ${where} ORDER BY d.published_at DESC, d.id DESC LIMIT 500`, params);
  return rows;
}

export async function disclosureInScope(db: Queryable, id: number, scope: string[]) {
  const { rows: p } = await db.query('SELECT path FROM disclosure WHERE id = $1', [id]);
  visibleOr404(scope, p[0] as { path: string } | undefined, 'disclosure_not_found', { id });
  const { rows } = await db.query(`${SELECT} WHERE d.id = $1`, [id]);
  return rows[0]; // compound_id is NOT NULL REFERENCES compound: the row exists when the disclosure does
}

/**
 * Compliance: for each compound served by a company (and each with an owners' committee), each
 * category with a fixed period: the last period that has ended, whether something covering it
 * was published, and whether it is overdue (nothing published and the grace days are over).
 */
export async function compliance(db: Queryable, regionPath: string, scope: string[]) {
  const ob = await disclosureObligations(db);
  const today = chinaToday();
  const params: unknown[] = [likePrefix(regionPath)];
  const { rows } = await db.query(
    `SELECT cp.id AS "compoundId", cp.name AS "compoundName", cp.community_code AS "communityCode", r.name AS "communityName",
            (SELECT json_build_object('id', c.id, 'name', c.name) FROM property_contract k JOIN property_company c ON c.id = k.company_id
              WHERE k.compound_id = cp.id AND k.starts_on <= CURRENT_DATE AND (k.ends_on IS NULL OR k.ends_on > CURRENT_DATE) ORDER BY k.starts_on DESC LIMIT 1) AS company,
            EXISTS (SELECT 1 FROM owners_committee oc WHERE oc.compound_id = cp.id) AS "hasCommittee",
            COALESCE((SELECT json_agg(json_build_object('category', d.category, 'start', d.period_start::text, 'end', d.period_end::text, 'publishedAt', d.published_at))
                        FROM disclosure d WHERE d.compound_id = cp.id), '[]') AS disclosed
       FROM people_compound_v cp JOIN region r ON r.code = cp.community_code
      WHERE cp.path LIKE $1 AND ${scopeSql(scope, 'cp.path', params)}
        AND (EXISTS (SELECT 1 FROM property_contract k WHERE k.compound_id = cp.id AND k.starts_on <= CURRENT_DATE AND (k.ends_on IS NULL OR k.ends_on > CURRENT_DATE))
             OR EXISTS (SELECT 1 FROM owners_committee oc WHERE oc.compound_id = cp.id))
      ORDER BY cp.community_code, cp.name LIMIT 5000`,
    params,
  );
  const items = rows.map((c) => {
    const due = CATEGORIES.filter((cat) => (PUBLISHER[cat] === 'property' ? !!c.company : c.hasCommittee)).flatMap((cat) => {
      const p = duePeriod(today, ob.months[cat], ob.graceDays);
      if (!p) return [];
      const hits = (c.disclosed as { category: string; start: string; end: string; publishedAt: string }[]).filter((d) => d.category === cat && covers(p, d));
      const last = hits.map((h) => h.publishedAt).sort().pop() ?? null;
      return [{ category: cat, period: p.label, dueBy: p.dueBy, disclosed: hits.length > 0, lastPublishedAt: last, overdue: hits.length === 0 && today > p.dueBy }];
    });
    const { disclosed: _d, hasCommittee: _h, ...rest } = c;
    return { ...rest, due, overdue: due.filter((d) => d.overdue).length };
  });
  return { items, compounds: items.length, overdueCompounds: items.filter((i) => i.overdue > 0).length };
}
