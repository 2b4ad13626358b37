/** The visits module's reads: visits with who was met and what was heard, proxy services, contacts for the care plans. */
import { likePrefix, scopeSql } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { residentsBrief } from '../people/api.js';

export interface SentimentOut { id: number; topics: string[]; text: string; urgency: string; caseId: number | null; caseNumber: string | null; }
export interface VisitOut {
  id: number; at: string; kind: string; durationMin: number; nobodyHome: boolean; notes: string | null;
  householdId: number; address: string | null; gridCode: string; worker: string;
  met: { residentId: number; name: string }[]; sentiments: SentimentOut[]; caseId: number | null; caseNumber: string | null; createdAt: string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** Visits matching a WHERE clause over `v` (newest first), complete with people met and sentiment records. */
export async function loadVisits(db: Queryable, where: string, params: unknown[], limit = 500): Promise<(VisitOut & { path: string })[]> {
  params.push(limit);
  const { rows } = await db.query(
    `SELECT v.id, v.at, v.kind, v.duration_min, v.nobody_home, v.notes, v.household_id, v.address, v.grid_code, v.worker_name, v.path, v.case_id, c.number AS case_number, v.created_at,
            COALESCE((SELECT array_agg(p.resident_id ORDER BY p.resident_id) FROM visit_person p WHERE p.visit_id = v.id), '{}') AS met
       FROM visit v LEFT JOIN case_ref_v c ON c.id = v.case_id
      WHERE ${where} ORDER BY v.at DESC, v.id DESC LIMIT $${params.length}`, params);
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const { rows: srows } = await db.query(
    `SELECT s.id, s.visit_id, s.topics, s.text, s.urgency, s.case_id, c.number AS case_number FROM sentiment s LEFT JOIN case_ref_v c ON c.id = s.case_id
      WHERE s.visit_id = ANY($1::bigint[]) ORDER BY s.id`, [ids]);
  const byVisit = new Map<number, SentimentOut[]>();
  for (const s of srows) {
    const list = byVisit.get(Number(s.visit_id)) ?? [];
    list.push({ id: Number(s.id), topics: s.topics, text: s.text, urgency: s.urgency, caseId: s.case_id === null ? null : Number(s.case_id), caseNumber: s.case_number });
    byVisit.set(Number(s.visit_id), list);
  }
  const names = await residentsBrief(db, rows.flatMap((r) => (r.met as string[]).map(Number)));
  return rows.map((r) => ({
    id: Number(r.id), at: iso(r.at), kind: r.kind, durationMin: r.duration_min, nobodyHome: r.nobody_home, notes: r.notes,
    householdId: Number(r.household_id), address: r.address, gridCode: r.grid_code, worker: r.worker_name, path: r.path,
    met: (r.met as string[]).map(Number).map((id) => ({ residentId: id, name: names.get(id)?.name ?? '' })),
    sentiments: byVisit.get(Number(r.id)) ?? [], caseId: r.case_id === null ? null : Number(r.case_id), caseNumber: r.case_number, createdAt: iso(r.created_at),
  }));
}

export async function visitById(db: Queryable, id: number) {
  return (await loadVisits(db, 'v.id = $1', [id]))[0] ?? null;
}

/** The caller's own visits of a China day (the phone's 今日走访), or everyone's in the caller's scope. */
export async function visitsOfDay(db: Queryable, from: Date, to: Date, opts: { accountId?: number; scope: string[] }) {
  const params: unknown[] = [from, to];
  let where = `v.at >= $1 AND v.at < $2 AND ${scopeSql(opts.scope, 'v.path', params)}`;
  if (opts.accountId !== undefined) { params.push(opts.accountId); where += ` AND v.account_id = $${params.length}`; }
  return loadVisits(db, where, params);
}

export interface ProxyOut { id: number; residentId: number; residentName: string; matter: string; result: string | null; doneOn: string; worker: string; visitId: number | null; }

export async function loadProxyServices(db: Queryable, where: string, params: unknown[]): Promise<ProxyOut[]> {
  const { rows } = await db.query(
    `SELECT id, resident_id, matter, result, to_char(done_on, 'YYYY-MM-DD') AS done_on, worker_name, visit_id FROM proxy_service ps WHERE ${where} ORDER BY done_on DESC, id DESC LIMIT 500`, params);
  const names = await residentsBrief(db, rows.map((r) => Number(r.resident_id)));
  return rows.map((r) => ({ id: Number(r.id), residentId: Number(r.resident_id), residentName: names.get(Number(r.resident_id))?.name ?? '', matter: r.matter, result: r.result, doneOn: r.done_on, worker: r.worker_name, visitId: r.visit_id === null ? null : Number(r.visit_id) }));
}

export interface Contact { residentId: number; kind: string; at: Date; }

/**
 * Contacts with residents in a period (care plans): each resident met or reached by a visit or call,
 * with its kind and time. A home visit that found nobody home names nobody, so it is no contact.
 * Either the residents (ids) or a region path (every resident visited inside it).
 */
export async function contactsOf(db: Queryable, q: { residentIds?: number[]; regionPath?: string; from: Date; to: Date }): Promise<Contact[]> {
  const params: unknown[] = [q.from, q.to];
  let where = 'v.at >= $1 AND v.at < $2 AND NOT v.nobody_home';
  if (q.residentIds) { params.push(q.residentIds); where += ` AND p.resident_id = ANY($${params.length}::bigint[])`; }
  if (q.regionPath) { params.push(likePrefix(q.regionPath)); where += ` AND v.path LIKE $${params.length}`; }
  const { rows } = await db.query(`SELECT p.resident_id, v.kind, v.at FROM visit_person p JOIN visit v ON v.id = p.visit_id WHERE ${where}`, params);
  return rows.map((r) => ({ residentId: Number(r.resident_id), kind: r.kind, at: r.at }));
}

/**
 * The contacts with each resident of a region in each period, counted by the database (a region's
 * compliance): `${residentId}|${label}` → contacts that reached them, and home visits among them.
 * Periods are instants [from, to); a nobody-home visit is no contact.
 */
export async function contactCounts(db: Queryable, q: { regionPath: string; periods: { label: string; from: Date; to: Date }[] }): Promise<Map<string, { contacts: number; homeVisits: number }>> {
  if (!q.periods.length) return new Map();
  const { rows } = await db.query(
    `SELECT p.resident_id, per.label, count(*)::int AS contacts, (count(*) FILTER (WHERE v.kind = 'home_visit'))::int AS home_visits
       FROM unnest($2::text[], $3::timestamptz[], $4::timestamptz[]) AS per(label, f, t)
       JOIN visit v ON v.at >= per.f AND v.at < per.t AND v.path LIKE $1 AND NOT v.nobody_home
       JOIN visit_person p ON p.visit_id = v.id
      GROUP BY 1, 2`,
    [likePrefix(q.regionPath), q.periods.map((p) => p.label), q.periods.map((p) => p.from), q.periods.map((p) => p.to)]);
  return new Map(rows.map((r) => [`${r.resident_id}|${r.label}`, { contacts: r.contacts, homeVisits: r.home_visits }]));
}

/** The visit or sentiment record a case was made from, if any (the link back from a case). */
export async function contactOfCase(db: Queryable, caseId: number): Promise<{ visitId: number; sentimentId: number | null } | null> {
  const { rows } = await db.query(
    `SELECT id AS visit_id, NULL::bigint AS sentiment_id FROM visit WHERE case_id = $1
     UNION ALL SELECT visit_id, id FROM sentiment WHERE case_id = $1 LIMIT 1`, [caseId]);
  return rows[0] ? { visitId: Number(rows[0].visit_id), sentimentId: rows[0].sentiment_id === null ? null : Number(rows[0].sentiment_id) } : null;
}

export async function topics(db: Queryable, all = false): Promise<{ code: string; nameZh: string; nameEn: string; active: boolean; sort: number }[]> {
  const { rows } = await db.query(`SELECT code, name_zh AS "nameZh", name_en AS "nameEn", active, sort FROM visit_topic ${all ? '' : 'WHERE active'} ORDER BY sort, code`);
  return rows;
}
