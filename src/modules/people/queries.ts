import { likeEscape as esc, scopeSql } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import { blindIndex } from '../../core/privacy/cipher.js';
import type { Keys } from '../../core/privacy/keys.js';
import { parseIdNumber, parseMobile } from '../../core/privacy/validate.js';
import { FIGURE_DEFINITIONS, LIVING_ALONE_SQL } from './care.js';
import type { Lang } from '../../core/http/errors.js';

export interface ResidentFilter {
  regionPath: string;
  q?: string; // name prefix
  idNumber?: string; // exact
  phone?: string; // exact
  careGroup?: string;
  livingAlone65?: boolean;
  gridCode?: string;
  includeGone?: boolean; // moved out or deceased
  limit: number;
  offset: number;
}


const COLUMNS = `r.id, r.name, r.gender, to_char(r.birth_date, 'YYYY-MM-DD') AS birth_date,
  date_part('year', age(current_date, r.birth_date))::int AS age,
  r.id_masked, r.phone_masked, r.party_member, r.version, to_char(r.deceased_on, 'YYYY-MM-DD') AS deceased_on,
  r.living_alone_override, r.living_alone_reason, ${LIVING_ALONE_SQL} AS living_alone_derived,
  h.id AS household_id, h.address, h.grid_code, g.name AS grid_name, g.community_code, c.name AS community_name,
  cp.name AS compound_name, b.name AS building_name, u.name AS unit_name, d.room,
  (SELECT json_build_object('relation', m.relation, 'movedIn', to_char(m.moved_in, 'YYYY-MM-DD'))
     FROM household_member m WHERE m.resident_id = r.id AND m.household_id = r.household_id AND m.moved_out IS NULL LIMIT 1) AS membership,
  COALESCE((SELECT json_agg(json_build_object('group', cg.care_group, 'setOn', to_char(cg.set_on, 'YYYY-MM-DD'), 'setBy', a.display_name, 'note', cg.note) ORDER BY cg.id)
     FROM resident_care_group cg LEFT JOIN account a ON a.id = cg.set_by WHERE cg.resident_id = r.id AND cg.ended_on IS NULL), '[]') AS care_groups`;

const FROM = `FROM resident r
  LEFT JOIN household h ON h.id = r.household_id
  LEFT JOIN grid g ON g.code = h.grid_code
  LEFT JOIN region c ON c.code = g.community_code
  LEFT JOIN dwelling d ON d.id = h.dwelling_id
  LEFT JOIN building_unit u ON u.id = d.unit_id
  LEFT JOIN building b ON b.id = u.building_id
  LEFT JOIN compound cp ON cp.id = b.compound_id`;

export function residentOut(r: any) {
  const place = [r.compound_name, r.building_name, r.unit_name, r.room].filter(Boolean).join('');
  return {
    id: r.id, name: r.name, gender: r.gender, birthDate: r.birth_date, age: r.age,
    idNumber: r.id_masked, phone: r.phone_masked, partyMember: r.party_member,
    household: r.household_id ? { id: r.household_id, address: place || r.address, gridCode: r.grid_code, gridName: r.grid_name, communityCode: r.community_code, communityName: r.community_name } : null,
    relation: r.membership?.relation ?? null, movedIn: r.membership?.movedIn ?? null,
    livingAlone65: r.living_alone_override ?? r.living_alone_derived,
    livingAlone65Derived: r.living_alone_derived,
    livingAloneOverride: r.living_alone_override === null ? null : { value: r.living_alone_override, reason: r.living_alone_reason },
    careGroups: r.care_groups, deceasedOn: r.deceased_on, version: r.version,
  };
}

export function filterSql(keys: Keys, f: ResidentFilter, scope: string[], params: unknown[]): string {
  params.push(esc(f.regionPath) + '%');
  const where = [`r.path LIKE $${params.length}`, scopeSql(scope, 'r.path', params)];
  if (!f.includeGone) where.push('r.deceased_on IS NULL AND r.household_id IS NOT NULL');
  if (f.q) { params.push(esc(f.q.trim()) + '%'); where.push(`r.name LIKE $${params.length}`); }
  if (f.idNumber) {
    const id = parseIdNumber(f.idNumber);
    params.push(blindIndex(keys, 'id', 'problem' in id ? f.idNumber.trim().toUpperCase() : id.idNumber));
    where.push(`r.id_hash = $${params.length}`);
  }
  if (f.phone) { params.push(blindIndex(keys, 'phone', parseMobile(f.phone) ?? f.phone.trim())); where.push(`r.phone_hash = $${params.length}`); }
  if (f.careGroup) { params.push(f.careGroup); where.push(`EXISTS (SELECT 1 FROM resident_care_group cg WHERE cg.resident_id = r.id AND cg.ended_on IS NULL AND cg.care_group = $${params.length})`); }
  if (f.gridCode) { params.push(f.gridCode); where.push(`h.grid_code = $${params.length}`); }
  if (f.livingAlone65 !== undefined) where.push(`COALESCE(r.living_alone_override, ${LIVING_ALONE_SQL}) = ${f.livingAlone65 ? 'TRUE' : 'FALSE'}`);
  return where.join(' AND ');
}

export async function listResidents(db: Queryable, keys: Keys, f: ResidentFilter, scope: string[]) {
  const params: unknown[] = [];
  const where = filterSql(keys, f, scope, params);
  const count = await db.query(`SELECT count(*)::int AS n ${FROM} WHERE ${where}`, params);
  params.push(f.limit, f.offset);
  const { rows } = await db.query(`SELECT ${COLUMNS} ${FROM} WHERE ${where} ORDER BY r.id LIMIT $${params.length - 1} OFFSET $${params.length}`, params);
  return { total: count.rows[0].n as number, items: rows.map(residentOut) };
}

export async function getResident(db: Queryable, id: number) {
  const { rows } = await db.query(`SELECT ${COLUMNS}, r.path ${FROM} WHERE r.id = $1`, [id]);
  if (!rows[0]) return null;
  const history = await db.query(
    `SELECT m.household_id AS "householdId", m.relation, to_char(m.moved_in, 'YYYY-MM-DD') AS "movedIn", to_char(m.moved_out, 'YYYY-MM-DD') AS "movedOut", h.grid_code AS "gridCode", g.name AS "gridName",
            COALESCE(NULLIF(concat_ws('', cp.name, b.name, u.name, d.room), ''), NULLIF(h.address, '')) AS address
       FROM household_member m JOIN household h ON h.id = m.household_id
       LEFT JOIN grid g ON g.code = h.grid_code
       LEFT JOIN dwelling d ON d.id = h.dwelling_id LEFT JOIN building_unit u ON u.id = d.unit_id
       LEFT JOIN building b ON b.id = u.building_id LEFT JOIN compound cp ON cp.id = b.compound_id
      WHERE m.resident_id = $1 ORDER BY m.moved_in, m.id`,
    [id],
  );
  return { ...residentOut(rows[0]), path: rows[0].path as string, history: history.rows };
}

/** Aggregates only: what street and district roles see. */
export async function residentStats(db: Queryable, regionPath: string, scope: string[], lang: Lang = 'zh-CN') {
  const params: unknown[] = [esc(regionPath) + '%'];
  const where = `r.path LIKE $1 AND ${scopeSql(scope, 'r.path', params)} AND r.deceased_on IS NULL AND r.household_id IS NOT NULL`;
  const { rows } = await db.query(
    `SELECT count(*)::int AS residents,
            count(*) FILTER (WHERE r.birth_date <= (current_date - interval '60 years')::date)::int AS aged60,
            count(*) FILTER (WHERE r.birth_date <= (current_date - interval '65 years')::date)::int AS aged65,
            count(*) FILTER (WHERE r.birth_date <= (current_date - interval '80 years')::date)::int AS aged80,
            count(*) FILTER (WHERE COALESCE(r.living_alone_override, ${LIVING_ALONE_SQL}))::int AS living_alone65,
            count(*) FILTER (WHERE r.party_member)::int AS party_members,
            count(DISTINCT r.household_id)::int AS households
       FROM resident r WHERE ${where}`,
    params,
  );
  const groups = await db.query(
    `SELECT cg.care_group AS "group", count(*)::int AS n FROM resident_care_group cg JOIN resident r ON r.id = cg.resident_id
      WHERE cg.ended_on IS NULL AND ${where} GROUP BY 1 ORDER BY 1`,
    params,
  );
  const s = rows[0];
  const l = lang === 'en' ? 'en' : 'zh';
  return {
    residents: s.residents, households: s.households, partyMembers: s.party_members,
    aged60: s.aged60, aged65: s.aged65, aged80: s.aged80, livingAlone65: s.living_alone65,
    careGroups: Object.fromEntries(groups.rows.map((g) => [g.group, g.n])),
    // each figure that could be confused with another, named and defined (in the caller's language)
    definitions: Object.fromEntries(Object.entries(FIGURE_DEFINITIONS).map(([k, d]) => [k, { name: d.name[l], definition: d.definition[l] }])),
  };
}
