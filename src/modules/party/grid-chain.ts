/**
 * 网格党建: the chain from a community's party organisation down to the households —
 * community committee → grid branches (网格党支部, one per grid) → building or lane groups
 * (楼栋/巷道党小组) → 党员中心户 (a party member's household that keeps in touch with the
 * households around it), as 东街街道's 28 grid branches and 祥园社区's 3 do.
 *
 * Branches and groups are party organisations (attached to a grid, a building or a named area);
 * a central household is a member of a group (or of the branch above it) with the number of
 * households they keep in touch with and dates (ended, never deleted). The checks are pure
 * (chainFindings) and shown in the console; the households-per-central-household range is a setting.
 */
import type pg from 'pg';
import { Type } from '@sinclair/typebox';
import { visibleOr404 } from '../../core/access/policy.js';
import type { Migration } from '../../core/db/migrate.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError, defineErrors } from '../../core/http/errors.js';
import { defineSetting } from '../settings/index.js';
import type { Keys } from '../../core/privacy/keys.js';
import type { Lang } from '../../core/http/errors.js';
import { addMember, checkDate, createHolder, createOrg, localiseFindings, orgInScope, unitNames } from './store.js';
import { busiestBuildingOfGrid, countHouseholds, householdPath, residentPartyMembers } from '../people/api.js';
import { findRegion } from '../regions/api.js';

export const gridChainMigrations: Migration[] = [
  {
    id: '0994_party_grid_chain',
    sql: `
-- groups attach to a building (楼栋) or a named area or lane (片区/巷道)
ALTER TABLE party_org DROP CONSTRAINT party_org_attached_kind_check;
ALTER TABLE party_org ADD CONSTRAINT party_org_attached_kind_check
  CHECK (attached_kind IN ('street','community','grid','building','area','owners_committee','property_company','property_outlet','resident_unit','project'));

-- 党员中心户: a party member's household keeping in touch with the households around it
CREATE TABLE party_center_household (
  id bigserial PRIMARY KEY,
  org_id bigint NOT NULL REFERENCES party_org(id),
  holder_id bigint NOT NULL REFERENCES post_holder(id),
  household_id bigint REFERENCES household(id),
  address text CHECK (address IS NULL OR length(address) BETWEEN 1 AND 200),
  households integer NOT NULL CHECK (households BETWEEN 1 AND 200),
  path text NOT NULL,
  from_on date NOT NULL,
  to_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (to_on IS NULL OR to_on >= from_on)
);
CREATE UNIQUE INDEX party_center_household_current_idx ON party_center_household (holder_id) WHERE to_on IS NULL;
CREATE INDEX party_center_household_org_idx ON party_center_household (org_id) WHERE to_on IS NULL;
`,
  },
];

defineErrors({
  center_org_not_group: { status: 400, zh: '党员中心户应设在党小组（楼栋或巷道党小组）下。', en: 'A central household belongs to a party group (of a building or a lane).' },
  center_not_member: { status: 400, zh: '{name} 不是该党小组或其所在网格党支部的党员，不能设为党员中心户。', en: '{name} is not a member of this group or of its grid branch; they cannot be a central household.' },
  center_already: { status: 409, zh: '{name} 已是党员中心户（{org}）。', en: '{name} is already a central household ({org}).' },
  center_households_invalid: { status: 400, zh: '联系户数应为 1–200 户，收到 {n}。', en: 'A central household keeps in touch with 1–200 households; got {n}.' },
  center_not_found: { status: 404, zh: '党员中心户 {id} 不存在。', en: 'Central household {id} does not exist.' },
  center_ended: { status: 409, zh: '该党员中心户已于 {date} 撤销。', en: 'This central household ended on {date}.' },
  center_household_elsewhere: { status: 400, zh: '所填住户不在该党小组所在社区。', en: 'That household is not in the group\'s community.' },
  chain_community_required: { status: 400, zh: '请选择一个社区查看网格党建。', en: 'Pick a community to see its grid party chain.' },
  // the checks of the chain (shown, not refused)
  grid_without_branch: { status: 400, zh: '{grid}尚未建立网格党支部。', en: '{grid} has no grid party branch yet.' },
  branch_without_groups: { status: 400, zh: '{branch}下尚无楼栋或巷道党小组。', en: '{branch} has no building or lane group yet.' },
  group_without_center: { status: 400, zh: '{group}尚无党员中心户。', en: '{group} has no central household yet.' },
  center_too_few: { status: 400, zh: '党员中心户{name}联系 {n} 户，少于 {min} 户。', en: 'The central household of {name} keeps in touch with {n} households, fewer than {min}.' },
  center_too_many: { status: 400, zh: '党员中心户{name}联系 {n} 户，超过 {max} 户，宜增设中心户。', en: 'The central household of {name} keeps in touch with {n} households, more than {max}; add another.' },
});

export interface GridChainConfig { centerHouseholdsMin: number; centerHouseholdsMax: number; }
/**
 * Households per central household: a configurable default of 5–15. Local practice varies (many
 * places say "about 10 households each"); there is no national figure, so it is a setting.
 */
export const GRID_CHAIN_DEFAULTS: GridChainConfig = Object.freeze({ centerHouseholdsMin: 5, centerHouseholdsMax: 15 });

export const gridChainRules = defineSetting<GridChainConfig>({
  key: 'party.gridChain',
  description: '网格党建：每个党员中心户联系的户数范围（默认 5–15 户，各地做法不一，可按本地规定调整）',
  schema: Type.Object({ centerHouseholdsMin: Type.Integer({ minimum: 1, maximum: 200 }), centerHouseholdsMax: Type.Integer({ minimum: 1, maximum: 200 }) }, { additionalProperties: false }),
  default: { ...GRID_CHAIN_DEFAULTS },
});

// ---- the checks (pure) ----

export interface ChainFinding { code: string; severity: 'warning' | 'advice'; params: Record<string, string | number>; }
export interface ChainFacts {
  grids: { code: string; name: string; kind: 'basic' | 'dedicated'; branch: { id: number; name: string; fullMembers: number } | null;
    groups: { id: number; name: string; centers: { name: string; households: number }[] }[] }[];
}

/**
 * For a community: a basic grid with no grid branch; a grid branch with no group below it; a group
 * with no central household; a central household outside the configured range of households.
 */
export function chainFindings(f: ChainFacts, cfg: GridChainConfig = GRID_CHAIN_DEFAULTS): ChainFinding[] {
  const out: ChainFinding[] = [];
  for (const g of f.grids) {
    if (!g.branch) {
      if (g.kind === 'basic') out.push({ code: 'grid_without_branch', severity: 'advice', params: { grid: g.name } });
      continue;
    }
    if (!g.groups.length) out.push({ code: 'branch_without_groups', severity: 'advice', params: { branch: g.branch.name } });
    for (const grp of g.groups) {
      if (!grp.centers.length) out.push({ code: 'group_without_center', severity: 'advice', params: { group: grp.name } });
      for (const c of grp.centers) {
        if (c.households < cfg.centerHouseholdsMin) out.push({ code: 'center_too_few', severity: 'advice', params: { name: c.name, n: c.households, min: cfg.centerHouseholdsMin } });
        if (c.households > cfg.centerHouseholdsMax) out.push({ code: 'center_too_many', severity: 'warning', params: { name: c.name, n: c.households, max: cfg.centerHouseholdsMax } });
      }
    }
  }
  return out;
}

// ---- writes ----

export async function addCenterHousehold(tx: pg.PoolClient, c: { orgId: number; holderId: number; householdId?: number | null; address?: string | null; households: number; from: string }, scope: string[]) {
  checkDate(c.from);
  const org = await orgInScope(tx, c.orgId, scope, true);
  if (org.kind !== 'group') throw new AppError('center_org_not_group');
  if (!Number.isInteger(c.households) || c.households < 1 || c.households > 200) throw new AppError('center_households_invalid', { n: c.households });
  const { rows: [holder] } = await tx.query(
    `SELECT h.name, EXISTS (SELECT 1 FROM party_membership m JOIN party_org o ON o.id = m.org_id
                             WHERE m.holder_id = h.id AND m.left_on IS NULL AND (o.id = $2 OR o.id = (SELECT parent_id FROM party_org WHERE id = $2))) AS member
       FROM post_holder h WHERE h.id = $1`, [c.holderId, c.orgId]);
  if (!holder) throw new AppError('holder_not_found', { id: c.holderId });
  if (!holder.member) throw new AppError('center_not_member', { name: holder.name });
  if (c.householdId) {
    const path = await householdPath(tx, c.householdId);
    if (!path || !path.startsWith(org.path)) throw new AppError('center_household_elsewhere');
  }
  const { rows: dup } = await tx.query(`SELECT o.name FROM party_center_household ch JOIN party_org o ON o.id = ch.org_id WHERE ch.holder_id = $1 AND ch.to_on IS NULL`, [c.holderId]);
  if (dup[0]) throw new AppError('center_already', { name: holder.name, org: dup[0].name });
  const { rows } = await tx.query(
    `INSERT INTO party_center_household (org_id, holder_id, household_id, address, households, path, from_on) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [c.orgId, c.holderId, c.householdId ?? null, c.address?.trim() || null, c.households, org.path, c.from]);
  return Number(rows[0].id);
}

export async function endCenterHousehold(tx: pg.PoolClient, id: number, to: string, scope: string[]) {
  checkDate(to);
  const { rows } = await tx.query('SELECT id, path, from_on::text AS "from", to_on::text AS "to" FROM party_center_household WHERE id = $1 FOR UPDATE', [id]);
  const c = visibleOr404(scope, rows[0] as { path: string; from: string; to: string | null } | undefined, 'center_not_found', { id });
  if (c.to) throw new AppError('center_ended', { date: c.to });
  if (to < c.from) throw new AppError('end_before_start', { from: c.from });
  await tx.query('UPDATE party_center_household SET to_on = $2 WHERE id = $1', [id, to]);
}

// ---- the chain view ----

/** A community's grids, each with its grid branch, the branch's groups and their central households; totals and the checks. */
export async function gridChain(db: Queryable, community: { code: string; name: string; path: string }, lang: Lang) {
  const cfg = await gridChainRules(db);
  const [grids, orgs, centers, hh] = await Promise.all([
    db.query(`SELECT code, number, name, kind FROM grid WHERE community_code = $1 ORDER BY number`, [community.code]),
    db.query(
      `SELECT o.id, o.name, o.kind, o.parent_id AS "parentId", o.attached_kind AS "attachedKind", o.attached_ref AS "attachedRef",
              (SELECT count(*) FROM party_membership m WHERE m.org_id = o.id AND m.left_on IS NULL AND m.status = 'full')::int AS "fullMembers",
              (SELECT count(*) FROM party_membership m WHERE m.org_id = o.id AND m.left_on IS NULL)::int AS members
         FROM party_org o WHERE o.path = $1 AND o.dissolved_on IS NULL AND o.kind IN ('branch','group')`, [community.path]),
    db.query(
      `SELECT ch.id, ch.org_id AS "orgId", ch.holder_id AS "holderId", h.name, ch.households, ch.address, ch.household_id AS "householdId", ch.from_on::text AS "from"
         FROM party_center_household ch JOIN post_holder h ON h.id = ch.holder_id WHERE ch.path = $1 AND ch.to_on IS NULL ORDER BY ch.id`, [community.path]),
    countHouseholds(db, community.path),
  ]);
  // a group's unit is named through the unit registry (a building by its compound and name; a lane by its own name)
  const names = await unitNames(db, orgs.rows.filter((o) => o.kind === 'group').map((o) => ({ kind: o.attachedKind, ref: o.attachedRef })), lang);
  const groupsOf = (branchId: number) => orgs.rows.filter((o) => o.kind === 'group' && Number(o.parentId) === branchId).map((g) => ({
    id: Number(g.id), name: g.name, attached: { kind: g.attachedKind, ref: g.attachedRef, name: names.get(`${g.attachedKind}:${g.attachedRef}`) ?? g.attachedRef }, members: g.members,
    centers: centers.rows.filter((c) => Number(c.orgId) === Number(g.id)).map((c) => ({ id: Number(c.id), holderId: Number(c.holderId), name: c.name, households: c.households, address: c.address, householdId: c.householdId, from: c.from })),
  }));
  const out = grids.rows.map((g) => {
    const b = orgs.rows.find((o) => o.kind === 'branch' && o.attachedKind === 'grid' && o.attachedRef === g.code);
    return {
      code: g.code, number: g.number, name: g.name, kind: g.kind,
      branch: b ? { id: Number(b.id), name: b.name, fullMembers: b.fullMembers, members: b.members } : null,
      groups: b ? groupsOf(Number(b.id)) : [],
    };
  });
  const allCenters = out.flatMap((g) => g.groups.flatMap((x) => x.centers));
  return {
    community: { code: community.code, name: community.name },
    grids: out,
    totals: {
      grids: out.length, basicGrids: out.filter((g) => g.kind === 'basic').length, gridsWithBranch: out.filter((g) => g.branch).length,
      groups: out.reduce((n, g) => n + g.groups.length, 0), centers: allCenters.length,
      householdsReached: allCenters.reduce((n, c) => n + c.households, 0), households: hh,
    },
    rules: cfg,
    findings: localiseFindings(lang, chainFindings({ grids: out as ChainFacts['grids'] }, cfg)),
  };
}

// ---- demo ----

/**
 * 府城社区 (府城街道): the community's party committee, grid branches for its first three basic
 * grids, a building group under each (in a compound of that grid) with three members, and a
 * central household in each group; grid 004 onwards have no branch yet, as the checks show.
 */
export async function loadGridChainDemo(tx: pg.PoolClient, keys: Keys, log: (m: string) => void) {
  const COMMUNITY = '460107002001';
  const community = await findRegion(tx, COMMUNITY);
  if (!community) return;
  const ALL = ['/'];
  const committee = await createOrg(tx, { name: '中共府城社区委员会', kind: 'committee', regionCode: COMMUNITY, attached: { kind: 'community', ref: COMMUNITY }, termStart: '2021-06-18' }, ALL);
  const { rows: grids } = await tx.query(`SELECT code, number, name FROM grid WHERE community_code = $1 AND kind = 'basic' ORDER BY number LIMIT 3`, [COMMUNITY]);
  const names = ['陈国华', '林秀珍', '王海波', '符永强', '吴美兰', '黄志明', '李春梅', '邢德胜', '云少华'];
  let made = 0;
  for (const [i, g] of grids.entries()) {
    const branch = await createOrg(tx, { name: `中共府城社区第${g.number}网格党支部`, kind: 'branch', parentId: committee, regionCode: COMMUNITY, attached: { kind: 'grid', ref: g.code }, termStart: '2023-03-01' }, ALL);
    // a building in a compound whose households live in this grid
    const b = await busiestBuildingOfGrid(tx, g.code);
    const group = await createOrg(tx, {
      name: b ? `${b.name}党小组` : `第${g.number}网格巷道党小组`, kind: 'group', parentId: branch, regionCode: COMMUNITY,
      attached: b ? { kind: 'building', ref: String(b.id) } : { kind: 'area', ref: `第${g.number}网格文庄路巷道` },
    }, ALL);
    const holders = [];
    for (let k = 0; k < 3; k++) holders.push(await createHolder(tx, keys, { name: names[i * 3 + k], regionCode: COMMUNITY, partyStatus: 'full' }, ALL));
    for (const [k, h] of holders.entries()) await addMember(tx, k === 0 ? branch : group, { holderId: h, status: 'full', joinedOn: `${1985 + i * 7 + k}-07-01` }, ALL);
    await addCenterHousehold(tx, { orgId: group, holderId: holders[1], address: b ? `${b.name}` : null, households: [12, 9, 18][i], from: '2024-01-01' }, ALL);
    made++;
  }
  // the party members registered as residents of 府城社区 hold their membership here (retired and
  // unemployed members' relations sit with their community): in the grid branch of the grid they live
  // in where it has one, else in the community committee — so the committee's figure with its
  // branches and groups is the registry's, plus the nine officers above
  const members = await residentPartyMembers(tx, community.path);
  const { rows: hs } = await tx.query(
    `INSERT INTO post_holder (region_code, path, name, gender) SELECT $1, $2, n, g FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS t(n, g, i) ORDER BY i RETURNING id`,
    [COMMUNITY, community.path, members.map((m) => m.name), members.map((m) => m.gender)]);
  const holderIds = hs.map((r) => Number(r.id)).sort((a, b) => a - b);
  const { rows: placed } = await tx.query(
    `INSERT INTO party_membership (org_id, holder_id, status, joined_on)
     SELECT COALESCE((SELECT o.id FROM party_org o WHERE o.kind = 'branch' AND o.attached_kind = 'grid' AND o.attached_ref = t.grid AND o.dissolved_on IS NULL LIMIT 1), $4),
            t.h, 'full', LEAST(t.b::date + interval '26 years', date '2024-07-01')::date
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS t(h, grid, b) RETURNING org_id`,
    [holderIds, members.map((m) => m.gridCode), members.map((m) => m.birthDate), committee]);
  log(`party: 府城社区 grid party chain — ${made} grid branches with a building group and a 党员中心户 each; ${placed.length} resident party members placed (${placed.filter((r) => Number(r.org_id) !== committee).length} in grid branches)`);
}
