/**
 * Overdue disclosures (公示逾期) told to those who supervise them: for each category with a fixed
 * period, the latest obligation period whose deadline has passed (disclosure-rules.ts:
 * lapsedPeriod, overdueFor); every compound served by a company (property categories) or with an
 * owners' committee (committee categories) that disclosed nothing covering it is flagged once —
 * one row per compound × category × period in disclosure_overdue_notice, never repeated — and
 * its community staff are notified (one notice per compound and sweep, naming every category and
 * period newly overdue there); its street's command centre and the housing bureau get one summary
 * per sweep, street by street (overdueSummary).
 *
 * The housing bureau: as in credit ratings, the staff of a department of kind `housing` (南昌市住房保障和
 * 房产管理局 for the city, a district's 住房和城乡建设局) whose region covers the compound, holding the
 * department_staff role. Staff of other departments (城管, 环卫 …) are not told.
 *
 * Safe with several processes: one transaction-scoped advisory lock, and the notice rows'
 * primary key (ON CONFLICT DO NOTHING) make a second run a no-op.
 */
import { defineCommand, runCommand, systemActor } from '../../core/command.js';
import type { Db, Queryable } from '../../core/db/pool.js';
import { definePolicy } from '../../core/access/policy.js';
import { notify } from '../notifications/api.js';
import { chinaToday } from '../../core/time.js';
import { CATEGORIES, lapsedPeriod, overdueFor, PUBLISHER, type Category, type Period } from './disclosure-rules.js';
import { disclosureObligations } from './disclosures.js';

export const overduePolicy = definePolicy('property', {
  /** run the overdue sweep now (it also runs by itself every hour) */
  runOverdueSweep: ['admin'],
});

const SWEEP_LOCK = 7305_2960; // the property module's disclosure sweep

const CATEGORY_ZH: Record<Category, string> = {
  service: '服务事项与人员', fees: '收费项目和标准', maintenance_fund: '维修资金使用', common_income: '共有部分经营收支',
  committee_decision: '业委会决定', committee_accounts: '业委会账目',
};

/** '2026' → '2026 年度', '2026-H1' → '2026 年上半年', '2026-Q3' → '2026 年第三季度', '2026-09' → '2026 年 9 月'. */
export function periodZh(label: string): string {
  const [y, p] = label.split('-');
  if (!p) return `${y} 年度`;
  if (p[0] === 'H') return `${y} 年${p === 'H1' ? '上' : '下'}半年`;
  if (p[0] === 'Q') return `${y} 年第${'一二三四'[Number(p[1]) - 1]}季度`;
  return `${y} 年 ${Number(p)} 月`;
}

/** A disclosure's usual title, in Chinese: '2025-Q4', common_income → '2025 年第四季度共有部分经营收支公示'. */
export function disclosureTitleZh(category: Category, period: string): string {
  return `${periodZh(period)}${CATEGORY_ZH[category]}公示`;
}

interface Candidate { compoundId: number; compoundName: string; communityCode: string; communityName: string; streetCode: string | null; path: string; publisher: { kind: string; ref: string; name: string }; since: string | null; disclosed: { start: string; end: string }[]; }

/** Compounds with a publisher for the category now and no notice yet for this period, with what they disclosed inside it. */
async function candidates(db: Queryable, category: Category, x: Period): Promise<Candidate[]> {
  const property = PUBLISHER[category] === 'property';
  const { rows } = await db.query(
    `SELECT cp.id AS "compoundId", cp.name AS "compoundName", cp.community_code AS "communityCode", r.name AS "communityName", r.parent_code AS "streetCode", cp.path,
            ${property
              ? `json_build_object('kind', 'property_company', 'ref', k.company_id::text, 'name', c.name) AS publisher,
                 (SELECT min(a.starts_on)::text FROM property_contract a WHERE a.compound_id = cp.id) AS since`
              : `json_build_object('kind', 'owners_committee', 'ref', oc.id::text, 'name', cp.name || '业主委员会') AS publisher,
                 LEAST(oc.elected_on, (SELECT min(t.elected_on) FROM owners_committee_term t WHERE t.committee_id = oc.id))::text AS since`},
            COALESCE((SELECT json_agg(json_build_object('start', d.period_start::text, 'end', d.period_end::text)) FROM disclosure d
                       WHERE d.compound_id = cp.id AND d.category = $1 AND d.period_start >= $2::date AND d.period_end <= $3::date), '[]') AS disclosed
       FROM people_compound_v cp JOIN region r ON r.code = cp.community_code
       ${property
         ? `JOIN LATERAL (SELECT k.company_id FROM property_contract k WHERE k.compound_id = cp.id AND k.starts_on <= CURRENT_DATE AND (k.ends_on IS NULL OR k.ends_on > CURRENT_DATE)
                           ORDER BY k.starts_on DESC LIMIT 1) k ON true JOIN property_company c ON c.id = k.company_id`
         : `JOIN owners_committee oc ON oc.compound_id = cp.id`}
      WHERE NOT EXISTS (SELECT 1 FROM disclosure_overdue_notice n WHERE n.compound_id = cp.id AND n.category = $1 AND n.period = $4)
      ORDER BY cp.id`,
    [category, x.start, x.end, x.label]);
  return rows;
}

/**
 * Who is told, read once per sweep: each region's accounts with a role on exactly it (community staff,
 * the street's command centre), and the housing bureau's staff — members of a `housing` department
 * with the department_staff role — by the path of the department's region (it covers what lies under it).
 */
async function recipients(db: Queryable, regions: string[]) {
  // one after the other: `db` is the sweep's transaction client, and a pg client runs one query at a time
  // (two at once warn "client is already executing a query", an error in pg 9)
  const byRole = await db.query(
      `SELECT ra.role, ra.region_code, array_agg(DISTINCT ra.account_id) AS ids FROM role_assignment ra JOIN account a ON a.id = ra.account_id AND a.active
        WHERE ra.role IN ('community_staff','street_command') AND ra.region_code = ANY($1::text[]) GROUP BY 1, 2`, [regions]);
  const bureau = await db.query(
      `SELECT r.path, array_agg(DISTINCT m.account_id) AS ids FROM department_v d JOIN region r ON r.code = d.region_code JOIN department_member_v m ON m.department_id = d.id
         JOIN account a ON a.id = m.account_id AND a.active
        WHERE d.kind = 'housing' AND EXISTS (SELECT 1 FROM role_assignment ra WHERE ra.account_id = m.account_id AND ra.role = 'department_staff')
        GROUP BY r.path`);
  const roleMap = new Map<string, number[]>(byRole.rows.map((r) => [`${r.role}:${r.region_code}`, r.ids.map(Number)]));
  return {
    withRole: (role: 'community_staff' | 'street_command', code: string | null) => (code ? roleMap.get(`${role}:${code}`) ?? [] : []),
    housingBureau: (path: string) => bureau.rows.filter((b) => path.startsWith(b.path)).flatMap((b) => b.ids.map(Number) as number[]),
  };
}

/**
 * One notice for a supervisor: how many compounds and items are newly overdue, street by street,
 * naming the first compounds of each (the compliance view has them all).
 */
export function overdueSummary(items: { street: string; compound: string; what: string }[], perStreet = 5, streets = 10): string {
  const by = new Map<string, { compound: string; what: string }[]>();
  for (const i of items) by.set(i.street, [...(by.get(i.street) ?? []), i]);
  const parts = [...by.entries()].slice(0, streets).map(([street, list]) =>
    `${street} ${list.length} 个小区：${list.slice(0, perStreet).map((x) => `${x.compound}${x.what}`).join('；')}${list.length > perStreet ? ` 等` : ''}`);
  const more = by.size > streets ? `；另有 ${by.size - streets} 个街道` : '';
  return `公示逾期（新增 ${items.length} 个小区）：${parts.join('。')}${more}。详见物业公示监管。`;
}

const flaggedNow = (found: Map<number, { lines: unknown[] }>) => [...found.values()].reduce((n, x) => n + x.lines.length, 0);

export interface OverdueSweep { ran: boolean; asOf: string; flagged: number; compounds: number; notices: number; items: { compoundId: number; compoundName: string; category: Category; period: string; dueBy: string }[]; }

/** The scheduled sweep as a command: recorded (as `job:property.disclosures`) when it flagged anything. */
export const overdueSweep = defineCommand<{ asOf: string }, OverdueSweep>({
  name: 'property.disclosure.overdue_sweep',
  run: (tx, _actor, { asOf }) => overdueSweepIn(tx, asOf),
  audit: {
    when: (_input, r) => r.ran && r.flagged > 0,
    detail: (_input, r) => ({ asOf: r.asOf, flagged: r.flagged, compounds: r.compounds, notices: r.notices }),
  },
});

/** One sweep as of a day (China date, today by default); at most one process at a time. */
export async function sweepOverdueDisclosures(db: Db, asOf: string = chinaToday()): Promise<OverdueSweep> {
  return runCommand(db, systemActor('job:property.disclosures'), overdueSweep, { asOf });
}

/** The sweep inside the caller's transaction (the manual run audits in the same one). */
export async function overdueSweepIn(tx: Queryable, asOf: string = chinaToday()): Promise<OverdueSweep> {
  const { rows: lock } = await tx.query(`SELECT pg_try_advisory_xact_lock($1) AS ok`, [SWEEP_LOCK]);
  if (!lock[0].ok) return { ran: false, asOf, flagged: 0, compounds: 0, notices: 0, items: [] };
  const ob = await disclosureObligations(tx);
  const found = new Map<number, { c: Candidate; lines: { category: Category; period: string; dueBy: string }[] }>();
  for (const category of CATEGORIES) {
    const x = lapsedPeriod(asOf, ob.months[category], ob.graceDays);
    if (!x) continue;
    const overdue = (await candidates(tx, category, x)).filter((c) => overdueFor(x, asOf, ob.graceDays, c.disclosed, c.since));
    if (!overdue.length) continue;
    // one statement per category; only the rows not there before come back
    const { rows: inserted } = await tx.query(
      `INSERT INTO disclosure_overdue_notice (compound_id, category, period, due_by, publisher_kind, publisher_ref)
       SELECT id, $2, $3, $4, kind, ref FROM unnest($1::bigint[], $5::text[], $6::text[]) AS t(id, kind, ref)
       ON CONFLICT DO NOTHING RETURNING compound_id`,
      [overdue.map((c) => c.compoundId), category, x.label, x.dueBy, overdue.map((c) => c.publisher.kind), overdue.map((c) => c.publisher.ref)]);
    const fresh = new Set(inserted.map((r) => Number(r.compound_id)));
    for (const c of overdue) {
      if (!fresh.has(Number(c.compoundId))) continue;
      const entry = found.get(c.compoundId) ?? { c, lines: [] };
      entry.lines.push({ category, period: x.label, dueBy: x.dueBy });
      found.set(c.compoundId, entry);
    }
  }
  // the community is told of each compound (it acts on each); the street's command centre and the housing bureau
  // get one summary per sweep (a city bureau would otherwise get a notice per compound of the city)
  const compounds = [...found.values()].map(({ c }) => c);
  const who = await recipients(tx, [...new Set(compounds.flatMap((c) => [c.communityCode, c.streetCode ?? '']).filter(Boolean))]);
  let notices = 0;
  const told = new Map<number, Set<number>>(); // compound → accounts told about it
  const toSummary = new Map<number, Candidate[]>(); // supervising account → compounds to summarise for it
  const whatOf = new Map<number, string>();
  for (const { c, lines } of found.values()) {
    const what = lines.map((l) => `${CATEGORY_ZH[l.category]}（${periodZh(l.period)}，应于 ${l.dueBy} 前公示）`).join('、');
    whatOf.set(c.compoundId, what);
    const local = who.withRole('community_staff', c.communityCode);
    notices += await notify(tx, local, { kind: 'disclosure_overdue', caseId: null, text: `公示逾期：${c.communityName}${c.compoundName}（${c.publisher.name}）${what}，至今未公示。` });
    const supervisors = [...who.withRole('street_command', c.streetCode), ...who.housingBureau(c.path)];
    for (const a of supervisors) {
      const list = toSummary.get(a);
      if (list) list.push(c);
      else toSummary.set(a, [c]);
    }
    told.set(c.compoundId, new Set([...local, ...supervisors]));
  }
  const { rows: streets } = await tx.query(`SELECT code, name FROM region WHERE code = ANY($1::text[])`, [[...new Set([...found.values()].map(({ c }) => c.streetCode).filter(Boolean))]]);
  const streetName = new Map(streets.map((r: { code: string; name: string }) => [r.code, r.name]));
  // accounts with the same compounds get the same text: one notify call per distinct summary
  const byText = new Map<string, number[]>();
  for (const [account, list] of toSummary) {
    const text = overdueSummary(list.map((c) => ({ street: streetName.get(c.streetCode ?? '') ?? '', compound: `${c.communityName}${c.compoundName}`, what: whatOf.get(c.compoundId) ?? '' })));
    byText.set(text, [...(byText.get(text) ?? []), account]);
  }
  for (const [text, accounts] of byText) notices += await notify(tx, accounts, { kind: 'disclosure_overdue', caseId: null, text });
  // after a large first sweep the planner's estimates of this table are stale (it thinks it is empty) and the next
  // sweeps' anti-join degrades to a nested loop over every compound × every notice: refresh them
  if (flaggedNow(found) > 1000) await tx.query('ANALYZE disclosure_overdue_notice');
  const rows = [...found.values()].flatMap(({ c, lines }) => lines.map((l) => ({ id: c.compoundId, category: l.category, period: l.period, n: told.get(c.compoundId)?.size ?? 0 })));
  await tx.query(
    `UPDATE disclosure_overdue_notice n SET recipients = t.n FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[]) AS t(id, category, period, n)
      WHERE n.compound_id = t.id AND n.category = t.category AND n.period = t.period`,
    [rows.map((r) => r.id), rows.map((r) => r.category), rows.map((r) => r.period), rows.map((r) => r.n)]);
  const items = [...found.values()].flatMap(({ c, lines }) => lines.map((l) => ({ compoundId: c.compoundId, compoundName: c.compoundName, ...l })));
  return { ran: true, asOf, flagged: items.length, compounds: found.size, notices, items: items.slice(0, 200) };
}
