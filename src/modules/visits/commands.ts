/**
 * The visits module's writes, each a named command (its audit record in the same transaction):
 * a contact logged (idempotent on the phone's clientRef), a proxy service, a visit or sentiment
 * record turned into a case through cases' reportCase, a topic edited.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/audit/chain.js';
import { defineCommand, runInTx } from '../../core/command.js';
import { AppError } from '../../core/http/errors.js';
import { reportCase, type ReportCaseInput } from '../cases/api.js';

export const CONTACT_KINDS = ['home_visit', 'phone', 'met_outside', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const URGENCIES = ['low', 'normal', 'high', 'urgent'] as const;

/** The hash a replay is compared by: the body as sent, without its clientRef, in canonical JSON. */
export function bodyHash(body: Record<string, unknown>): string {
  const { clientRef: _c, ...rest } = body;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

export interface LogVisitInput {
  accountId: number; workerName: string;
  household: { id: number; path: string; gridCode: string; address: string | null };
  at: string; kind: ContactKind; durationMin: number; nobodyHome: boolean; notes: string | null; met: number[];
  sentiments: { topics: string[]; text: string; urgency: string }[];
  clientRef: string | null; hash: string;
}

export const logVisit = defineCommand<LogVisitInput, { id: number; created: boolean }>({
  name: 'visits.log',
  async run(tx, _actor, i) {
    const { rows } = await tx.query(
      `INSERT INTO visit (account_id, worker_name, household_id, grid_code, path, address, at, kind, duration_min, nobody_home, notes, client_ref, body_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (account_id, client_ref) WHERE client_ref IS NOT NULL DO NOTHING RETURNING id`,
      [i.accountId, i.workerName, i.household.id, i.household.gridCode, i.household.path, i.household.address, i.at, i.kind, i.durationMin, i.nobodyHome, i.notes, i.clientRef, i.hash]);
    if (!rows[0]) {
      // a replay (the phone sent it again after a lost answer): the first result, or 409 if the body differs
      const { rows: [first] } = await tx.query(`SELECT id, body_hash FROM visit WHERE account_id = $1 AND client_ref = $2`, [i.accountId, i.clientRef]);
      if (first.body_hash !== i.hash) throw new AppError('visit_client_ref_conflict');
      return { id: Number(first.id), created: false };
    }
    const id = Number(rows[0].id);
    if (i.met.length) await tx.query(`INSERT INTO visit_person (visit_id, resident_id) SELECT $1::bigint, unnest($2::bigint[])`, [id, i.met]);
    if (i.sentiments.length) {
      await tx.query(
        `INSERT INTO sentiment (visit_id, topics, text, urgency)
         SELECT $1::bigint, ARRAY(SELECT jsonb_array_elements_text(s->'topics')), s->>'text', s->>'urgency' FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(s, n) ORDER BY n`,
        [id, JSON.stringify(i.sentiments)]);
    }
    return { id, created: true };
  },
  audit: {
    when: (_i, r) => r.created,
    targetType: 'visit',
    targetId: (_i, r) => String(r.id),
    detail: (i) => ({ household: i.household.id, kind: i.kind, nobodyHome: i.nobodyHome, met: i.met.length, sentiments: i.sentiments.length, ...(i.clientRef ? { clientRef: i.clientRef } : {}) }),
  },
});

export interface ProxyInput {
  accountId: number; workerName: string; residentId: number; householdId: number | null; path: string;
  matter: string; result: string | null; doneOn: string; visitId: number | null; clientRef: string | null; hash: string;
}

export const recordProxy = defineCommand<ProxyInput, { id: number; created: boolean }>({
  name: 'visits.proxy',
  async run(tx, _actor, i) {
    const { rows } = await tx.query(
      `INSERT INTO proxy_service (resident_id, household_id, path, account_id, worker_name, matter, result, done_on, visit_id, client_ref, body_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (account_id, client_ref) WHERE client_ref IS NOT NULL DO NOTHING RETURNING id`,
      [i.residentId, i.householdId, i.path, i.accountId, i.workerName, i.matter, i.result, i.doneOn, i.visitId, i.clientRef, i.hash]);
    if (!rows[0]) {
      const { rows: [first] } = await tx.query(`SELECT id, body_hash FROM proxy_service WHERE account_id = $1 AND client_ref = $2`, [i.accountId, i.clientRef]);
      if (first.body_hash !== i.hash) throw new AppError('visit_client_ref_conflict');
      return { id: Number(first.id), created: false };
    }
    return { id: Number(rows[0].id), created: true };
  },
  audit: {
    when: (_i, r) => r.created,
    targetType: 'resident',
    targetId: (i) => String(i.residentId),
    detail: (i, r) => ({ proxyService: r.id, matter: i.matter, doneOn: i.doneOn }),
  },
});

export interface ToCaseInput { visitId: number; sentimentId: number | null; report: ReportCaseInput; }
export interface ToCaseResult { id: number; number: string; state: string; }

/** A visit, or one of its sentiment records, turned into a case: the case through cases' own command, the link in the same transaction. */
export const toCase = defineCommand<ToCaseInput, ToCaseResult>({
  name: 'visits.case',
  async run(tx, actor, i) {
    // the row lock first: two phones turning the same record into a case get one case and a 409
    const { rows: [v] } = await tx.query(`SELECT case_id FROM visit WHERE id = $1 FOR UPDATE`, [i.visitId]);
    const linked = i.sentimentId === null ? v?.case_id
      : (await tx.query(`SELECT case_id FROM sentiment WHERE id = $1 AND visit_id = $2 FOR UPDATE`, [i.sentimentId, i.visitId])).rows[0]?.case_id;
    if (linked !== null && linked !== undefined) {
      const { rows: [c] } = await tx.query(`SELECT number FROM case_ref_v WHERE id = $1`, [linked]);
      throw new AppError('visit_case_exists', { number: c?.number ?? String(linked) });
    }
    const r = await runInTx(tx, actor, reportCase, i.report);
    if (i.sentimentId === null) await tx.query(`UPDATE visit SET case_id = $2 WHERE id = $1`, [i.visitId, r.id]);
    else await tx.query(`UPDATE sentiment SET case_id = $2 WHERE id = $1`, [i.sentimentId, r.id]);
    return { id: r.id, number: r.number, state: r.state };
  },
  audit: {
    targetType: 'visit',
    targetId: (i) => String(i.visitId),
    detail: (i, r) => ({ case: r.id, number: r.number, ...(i.sentimentId ? { sentiment: i.sentimentId } : {}), onTheSpot: !!i.report.onTheSpot }),
  },
});

export interface TopicInput { code: string; nameZh: string; nameEn: string; active: boolean; sort: number; }

export const saveTopic = defineCommand<TopicInput, { code: string; created: boolean }>({
  name: 'visits.topic',
  async run(tx, _actor, i) {
    const { rows } = await tx.query(
      `INSERT INTO visit_topic (code, name_zh, name_en, active, sort) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en, active = EXCLUDED.active, sort = EXCLUDED.sort
       RETURNING (xmax = 0) AS created`, [i.code, i.nameZh, i.nameEn, i.active, i.sort]);
    return { code: i.code, created: rows[0].created };
  },
  audit: { targetType: 'visit_topic', targetId: (i) => i.code, detail: (i) => ({ ...i }) },
});
