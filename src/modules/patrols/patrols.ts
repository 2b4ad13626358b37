/**
 * 巡查: a patrol's commands and reads. Starting, ending, adding track points and reporting a problem
 * are named commands (each with its audit record); the track is stored encrypted per upload
 * (patrol_track) and deleted after the configured retention by the job `patrols.tracks`.
 */
import type pg from 'pg';
import { defineCommand, runInTx, systemActor } from '../../core/command.js';
import type { Db, Queryable } from '../../core/db/pool.js';
import { inChina, toWgs84, type Crs } from '../../core/geo/crs.js';
import { AppError } from '../../core/http/errors.js';
import { decrypt, encrypt } from '../../core/privacy/cipher.js';
import type { Keys } from '../../core/privacy/keys.js';
import { reportCase, type ReportCaseInput } from '../cases/api.js';
import { trackRetentionDays } from './settings.js';
import type { Where } from './scope.js';

export interface MemberIn { kind: 'account' | 'property_company' | 'owners_committee' | 'person'; refId: number | null; name: string; }

export interface PatrolRow {
  id: number; accountId: number; patroller: string; path: string; communityCode: string; gridCode: string | null;
  kind: 'routine' | 'joint'; note: string | null; summary: string | null; startedAt: Date; endedAt: Date | null; points: number;
}

const COLS = `p.id, p.account_id AS "accountId", p.patroller, p.path, p.community_code AS "communityCode", p.grid_code AS "gridCode", p.kind, p.note, p.summary,
  p.started_at AS "startedAt", p.ended_at AS "endedAt", p.points`;
const toRow = (r: any): PatrolRow => ({ ...r, id: Number(r.id), accountId: Number(r.accountId) });

export async function loadPatrol(db: Queryable, id: number, lock = false): Promise<PatrolRow | null> {
  const { rows } = await db.query(`SELECT ${COLS} FROM patrol p WHERE p.id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toRow(rows[0]) : null;
}

/** `patrols.start`: the caller starts a patrol (one open at a time: 409 naming the open one). */
export const startPatrol = defineCommand<{ accountId: number; patroller: string; at: Where; kind: 'routine' | 'joint'; note: string | null; members: MemberIn[] }, { id: number; startedAt: Date }>({
  name: 'patrols.start',
  audit: { targetType: 'patrol', targetId: (_i, r) => String(r.id), detail: (i) => ({ kind: i.kind, grid: i.at.gridCode, community: i.at.communityCode, members: i.members.length }) },
  async run(tx, _actor, i) {
    // the account's row lock orders two starts from two phones; the partial unique index is the last word
    const open = await tx.query(`SELECT id FROM patrol WHERE account_id = $1 AND ended_at IS NULL`, [i.accountId]);
    if (open.rows[0]) throw new AppError('patrol_already_open', { id: Number(open.rows[0].id) });
    let row: { id: string; started_at: Date };
    try {
      await tx.query('SAVEPOINT patrol_start');
      ({ rows: [row] } = await tx.query(
        `INSERT INTO patrol (account_id, patroller, path, community_code, grid_code, kind, note) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, started_at`,
        [i.accountId, i.patroller, i.at.path, i.at.communityCode, i.at.gridCode, i.kind, i.note]));
    } catch (e) {
      if ((e as { code?: string }).code !== '23505') throw e;
      await tx.query('ROLLBACK TO SAVEPOINT patrol_start');
      const again = await tx.query(`SELECT id FROM patrol WHERE account_id = $1 AND ended_at IS NULL`, [i.accountId]);
      throw new AppError('patrol_already_open', { id: Number(again.rows[0]?.id ?? 0) });
    }
    if (i.members.length) {
      await tx.query(
        `INSERT INTO patrol_member (patrol_id, seq, kind, ref_id, name) SELECT $1, s, k, r, n FROM unnest($2::text[], $3::bigint[], $4::text[]) WITH ORDINALITY AS m(k, r, n, s)`,
        [row.id, i.members.map((m) => m.kind), i.members.map((m) => m.refId), i.members.map((m) => m.name)]);
    }
    return { id: Number(row.id), startedAt: row.started_at };
  },
});

export interface PointIn { lon: number; lat: number; at: string; crs?: Crs; }

/** Points checked (in China, inside the patrol's time) and converted to WGS-84, as [lon, lat, epoch ms], in time order. */
export function checkPoints(points: PointIn[], from: Date, to: Date): [number, number, number][] {
  const slack = 5 * 60_000;
  const out: [number, number, number][] = [];
  for (const p of points) {
    const [lon, lat] = toWgs84(p.lon, p.lat, p.crs ?? 'wgs84');
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || !inChina(lon, lat)) throw new AppError('patrol_point_outside_china', { lon: p.lon, lat: p.lat });
    const t = Date.parse(p.at);
    if (!Number.isFinite(t) || t < from.getTime() - slack || t > to.getTime() + slack) {
      throw new AppError('patrol_point_time', { at: p.at, from: from.toISOString(), to: to.toISOString() });
    }
    out.push([Math.round(lon * 1e6) / 1e6, Math.round(lat * 1e6) / 1e6, t]);
  }
  return out.sort((a, b) => a[2] - b[2]);
}

async function storePoints(tx: pg.PoolClient, keys: Keys, patrolId: number, pts: [number, number, number][]): Promise<void> {
  if (!pts.length) return;
  await tx.query(`INSERT INTO patrol_track (patrol_id, first_at, last_at, n, data_enc) VALUES ($1, $2, $3, $4, $5)`,
    [patrolId, new Date(pts[0][2]), new Date(pts[pts.length - 1][2]), pts.length, encrypt(keys, JSON.stringify(pts))]);
  await tx.query(`UPDATE patrol SET points = points + $2 WHERE id = $1`, [patrolId, pts.length]);
}

/** The caller's own patrol, locked; anyone else's is a 404 (it says nothing about other people's walks). */
async function ownPatrol(tx: pg.PoolClient, id: number, accountId: number): Promise<PatrolRow> {
  const p = await loadPatrol(tx, id, true);
  if (!p || p.accountId !== accountId) throw new AppError('patrol_not_found', { id });
  return p;
}

/** `patrols.points`: track points sent from the phone (at any time, also after the end: a phone with no signal sends later). */
export const addPoints = defineCommand<{ id: number; accountId: number; keys: Keys; points: PointIn[] }, { stored: number; points: number }>({
  name: 'patrols.points',
  // the record names how many, never where
  audit: { targetType: 'patrol', targetId: (i) => String(i.id), detail: (_i, r) => ({ stored: r.stored }) },
  async run(tx, _actor, i) {
    const p = await ownPatrol(tx, i.id, i.accountId);
    const pts = checkPoints(i.points, p.startedAt, p.endedAt ?? new Date());
    await storePoints(tx, i.keys, p.id, pts);
    return { stored: pts.length, points: p.points + pts.length };
  },
});

/** `patrols.end`: the patroller ends the patrol, with a summary and the last points. */
export const endPatrol = defineCommand<{ id: number; accountId: number; keys: Keys; summary: string | null; points: PointIn[] }, { id: number; endedAt: Date; points: number }>({
  name: 'patrols.end',
  audit: { targetType: 'patrol', targetId: (i) => String(i.id), detail: (_i, r) => ({ points: r.points }) },
  async run(tx, _actor, i) {
    const p = await ownPatrol(tx, i.id, i.accountId);
    if (p.endedAt) throw new AppError('patrol_already_ended', { id: p.id, at: p.endedAt.toISOString() });
    const now = new Date();
    const pts = checkPoints(i.points, p.startedAt, now);
    await storePoints(tx, i.keys, p.id, pts);
    const { rows: [r] } = await tx.query(`UPDATE patrol SET ended_at = GREATEST(now(), started_at), summary = $2 WHERE id = $1 RETURNING ended_at, points`, [p.id, i.summary]);
    return { id: p.id, endedAt: r.ended_at, points: r.points };
  },
});

/**
 * `patrols.report`: a problem found on the patrol, filed as a case through cases' own command
 * (`cases.report`, source patrol, the joint patrol's members named) and linked to the patrol, in one
 * transaction. A retried clientRef returns the same case and keeps one link.
 */
export const reportFromPatrol = defineCommand<{ patrolId: number; accountId: number; report: ReportCaseInput }, { id: number; number: string; state: string; created: boolean }>({
  name: 'patrols.report',
  audit: { targetType: 'patrol', targetId: (i) => String(i.patrolId), detail: (_i, r) => ({ case: r.id, number: r.number }), when: (_i, r) => r.created },
  async run(tx, actor, i) {
    await ownPatrol(tx, i.patrolId, i.accountId);
    const r = await runInTx(tx, actor, reportCase, i.report);
    await tx.query(`INSERT INTO patrol_case (patrol_id, case_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [i.patrolId, r.id]);
    return r;
  },
});

/** The patrol's members, named for a case report (联动巡查: 社区 + 业委会 + 物业). */
export async function membersOf(db: Queryable, ids: number[]): Promise<Map<number, { kind: string; refId: number | null; name: string }[]>> {
  const out = new Map<number, { kind: string; refId: number | null; name: string }[]>();
  if (!ids.length) return out;
  const { rows } = await db.query(`SELECT patrol_id, kind, ref_id, name FROM patrol_member WHERE patrol_id = ANY($1::bigint[]) ORDER BY patrol_id, seq`, [ids]);
  for (const r of rows) {
    const k = Number(r.patrol_id);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push({ kind: r.kind, refId: r.ref_id === null ? null : Number(r.ref_id), name: r.name });
  }
  return out;
}

/** The cases reported from these patrols, with their numbers and states (through cases' view case_ref_v). */
export async function casesOf(db: Queryable, ids: number[]): Promise<Map<number, { id: number; number: string }[]>> {
  const out = new Map<number, { id: number; number: string }[]>();
  if (!ids.length) return out;
  const { rows } = await db.query(
    `SELECT pc.patrol_id, pc.case_id, c.number FROM patrol_case pc JOIN case_ref_v c ON c.id = pc.case_id WHERE pc.patrol_id = ANY($1::bigint[]) ORDER BY pc.patrol_id, pc.case_id`, [ids]);
  for (const r of rows) {
    const k = Number(r.patrol_id);
    if (!out.has(k)) out.set(k, []);
    out.get(k)!.push({ id: Number(r.case_id), number: r.number });
  }
  return out;
}

/** The retained track of a patrol, in time order (decrypted: the caller has checked who may see it). */
export async function trackOf(db: Queryable, keys: Keys, id: number): Promise<{ lon: number; lat: number; at: Date }[]> {
  const { rows } = await db.query(`SELECT data_enc FROM patrol_track WHERE patrol_id = $1 ORDER BY first_at, id`, [id]);
  const pts = rows.flatMap((r) => JSON.parse(decrypt(keys, r.data_enc)) as [number, number, number][]);
  return pts.sort((a, b) => a[2] - b[2]).map(([lon, lat, t]) => ({ lon, lat, at: new Date(t) }));
}

/** `patrols.tracks.purge`: delete track points older than the retention; one audit record per run that deleted any. */
export const purgeTracks = defineCommand<{ days: number }, { deleted: number; points: number; days: number }>({
  name: 'patrols.tracks.purge',
  audit: { targetType: 'patrol_track', when: (_i, r) => r.deleted > 0, detail: (_i, r) => ({ deleted: r.deleted, points: r.points, days: r.days }) },
  async run(tx, _actor, { days }) {
    const { rows } = await tx.query(
      `WITH d AS (DELETE FROM patrol_track WHERE last_at < now() - make_interval(days => $1::int) RETURNING n) SELECT count(*)::int AS deleted, COALESCE(sum(n), 0)::int AS points FROM d`, [days]);
    return { deleted: rows[0].deleted, points: rows[0].points, days };
  },
});

const PURGE_LOCK = 7305_1360; // the patrols module's track purge

/** The job: purge tracks past the retention setting, by at most one process at a time (null: another is at it). */
export async function sweepTracks(db: Db): Promise<{ deleted: number; points: number } | null> {
  const days = await trackRetentionDays(db);
  return db.tx(async (tx) => {
    const { rows } = await tx.query('SELECT pg_try_advisory_xact_lock($1) AS ok', [PURGE_LOCK]);
    if (!rows[0].ok) return null;
    return runInTx(tx, systemActor('job:patrols.tracks'), purgeTracks, { days });
  });
}
