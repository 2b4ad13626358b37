import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';

/** Who acts: a signed-in account, an integration (12345, Open311) or the system's own sweep. */
export interface CaseActor { accountId: number | null; name: string; role: string | null; integrationId?: number | null; }

export const SYSTEM: CaseActor = { accountId: null, name: '系统', role: null };

export async function addEvent(tx: Queryable, caseId: number, actor: CaseActor, e: { action: string; from: string | null; to: string | null; note?: string | null; photos?: string[]; detail?: Record<string, unknown> }): Promise<number> {
  const { rows } = await tx.query(
    `INSERT INTO case_event (case_id, actor_id, actor_name, role, action, from_state, to_state, note, photos, detail) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::uuid[],$10) RETURNING id`,
    [caseId, actor.accountId, actor.name, actor.role, e.action, e.from, e.to, e.note ?? null, e.photos ?? [], JSON.stringify(e.detail ?? {})],
  );
  return Number(rows[0].id);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Attach uploaded photos to a case: each must exist, be unattached and be the actor's own upload. */
export async function attachPhotos(tx: Queryable, caseId: number, actor: CaseActor, ids: string[] | undefined): Promise<string[]> {
  const list = [...new Set(ids ?? [])];
  if (!list.length) return [];
  if (list.length > 9) throw new AppError('photo_too_many', { max: 9 });
  for (const id of list) if (!UUID.test(id)) throw new AppError('photo_unknown', { id });
  const { rows } = await tx.query(
    `UPDATE case_photo SET case_id = $2 WHERE id = ANY($1::uuid[]) AND case_id IS NULL
       AND (uploaded_by IS NOT DISTINCT FROM $3) AND (integration_id IS NOT DISTINCT FROM $4) RETURNING id`,
    [list, caseId, actor.accountId, actor.integrationId ?? null],
  );
  if (rows.length !== list.length) {
    const got = new Set(rows.map((r) => r.id));
    throw new AppError('photo_unknown', { id: list.find((x) => !got.has(x))! });
  }
  return list;
}
