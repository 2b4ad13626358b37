/**
 * Bulk registration for generated data (the red-property demo's 南昌市): many organisations, each
 * with its members and a secretary, and instructors for bodies without an organisation, in a few
 * set-based statements. Party's own tables, written by party; callers pass plain rows (the
 * organisations' units must exist — they are not resolved one by one, the generator made them).
 */
import type pg from 'pg';
import type { OrgKind } from './rules.js';
import type { Unit } from './store.js';

export interface SeedOrg {
  name: string; kind: OrgKind; regionCode: string; path: string; attached: Unit; termStart: string;
  /** Members with full status; the first is the secretary from 2022-01-01. */
  members: { name: string; joinedOn: string }[];
}

/** Organisations with their unit, members (new post holders) and secretary; returns the organisations' ids in order. */
export async function seedOrganisations(tx: pg.PoolClient, orgs: SeedOrg[]): Promise<number[]> {
  if (!orgs.length) return [];
  const { rows } = await tx.query(
    `INSERT INTO party_org (name, kind, region_code, path, attached_kind, attached_ref, term_start)
     SELECT n, k, r, p, ak, ar, s::date FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS t(n, k, r, p, ak, ar, s, i) ORDER BY i RETURNING id`,
    [orgs.map((o) => o.name), orgs.map((o) => o.kind), orgs.map((o) => o.regionCode), orgs.map((o) => o.path), orgs.map((o) => o.attached.kind), orgs.map((o) => o.attached.ref), orgs.map((o) => o.termStart)],
  );
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  await tx.query(`INSERT INTO party_org_unit (org_id, unit_kind, unit_ref) SELECT id, attached_kind, attached_ref FROM party_org WHERE id = ANY($1::bigint[])`, [ids]);
  const members = orgs.flatMap((o, n) => o.members.map((m, j) => ({ org: ids[n], region: o.regionCode, path: o.path, ...m, secretary: j === 0 })));
  const { rows: hs } = await tx.query(
    `INSERT INTO post_holder (region_code, path, name) SELECT r, p, n FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(r, p, n, i) ORDER BY i RETURNING id`,
    [members.map((m) => m.region), members.map((m) => m.path), members.map((m) => m.name)],
  );
  const holderIds = hs.map((r) => Number(r.id)).sort((a, b) => a - b);
  await tx.query(
    `INSERT INTO party_membership (org_id, holder_id, status, joined_on) SELECT o, h, 'full', d::date FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS t(o, h, d)`,
    [members.map((m) => m.org), holderIds, members.map((m) => m.joinedOn)],
  );
  const secretaries = members.map((m, i) => ({ ...m, holder: holderIds[i] })).filter((m) => m.secretary);
  await tx.query(
    `INSERT INTO post (holder_id, body_kind, body_ref, title, path, from_on) SELECT h, 'party_org', o::text, 'secretary', p, '2022-01-01' FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS t(h, o, p)`,
    [secretaries.map((m) => m.holder), secretaries.map((m) => m.org), secretaries.map((m) => m.path)],
  );
  return ids;
}

/** Instructors (new post holders) for bodies without an organisation of their own. */
export async function seedInstructors(tx: pg.PoolClient, list: { unit: Unit; regionCode: string; path: string; name: string; from: string }[]): Promise<void> {
  if (!list.length) return;
  const { rows } = await tx.query(
    `INSERT INTO post_holder (region_code, path, name) SELECT r, p, n FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(r, p, n, i) ORDER BY i RETURNING id`,
    [list.map((b) => b.regionCode), list.map((b) => b.path), list.map((b) => b.name)]);
  const ids = rows.map((r) => Number(r.id)).sort((a, b) => a - b);
  await tx.query(`INSERT INTO party_instructor (holder_id, unit_kind, unit_ref, path, from_on) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::date[])`,
    [ids, list.map((b) => b.unit.kind), list.map((b) => b.unit.ref), list.map((b) => b.path), list.map((b) => b.from)]);
}
