/**
 * The two coverages (两个覆盖), the units checklist behind them, and cross-appointments
 * (交叉任职). Bodies are owners' committees and property companies/outlets; their party members
 * are the party members among their post holders plus the members of their own organisation.
 */
import { likePrefix, scopeSql } from '../../core/access/policy.js';
import type { Queryable } from '../../core/db/pool.js';
import type { Lang } from '../../core/http/errors.js';
import { checkUnit, coverage, type Coverage } from './rules.js';
import { localiseFindings, PARTY_STATUS, partyRules, unitNames, type UnitKind } from './store.js';
import { labelOf, unitKind } from './units.js';
import { countDemonstrationCompounds } from '../people/api.js';

const RESIDENTS_COMMITTEE = { zh: '居民委员会', en: 'residents\' committee' };
const residentsCommitteeName = (community: string, lang: Lang) => (lang === 'en' ? `${community} ${labelOf(RESIDENTS_COMMITTEE, lang)}` : `${community}${RESIDENTS_COMMITTEE.zh}`);

export type BodyGroup = 'owners_committee' | 'property';

/** The unit kinds (party/units.ts, registered by their modules) that make up each group of bodies. */
const GROUP_KINDS: Record<BodyGroup, string[]> = { owners_committee: ['owners_committee'], property: ['property_company', 'property_outlet'] };

/** The bodies of a group inside a region, from the modules that own them. */
async function bodiesOf(db: Queryable, group: BodyGroup, regionPath: string, lang: Lang) {
  const out: { kind: string; ref: string; name: string; path: string; regionCode: string }[] = [];
  for (const kind of GROUP_KINDS[group]) {
    const def = unitKind(kind);
    if (def?.list) for (const u of await def.list(db, regionPath, lang)) out.push({ kind, ...u });
  }
  return out;
}

export interface BodyFacts {
  kind: string; ref: string; name: string; path: string; regionCode: string; regionName: string;
  partyMembers: number; fullMembers: number;
  org: { id: number; name: string; kind: string; joint: boolean } | null;
  instructor: { id: number; holderId: number; name: string } | null;
}

/** Each body of a group inside a region and scope, with its party members, organisation and instructor. */
export async function bodyFacts(db: Queryable, group: BodyGroup, regionPath: string, scope: string[], lang: Lang = 'zh-CN'): Promise<BodyFacts[]> {
  // set-based: each part is aggregated once per (kind, ref) and joined, so a city's ten thousand bodies take one pass
  const kinds = GROUP_KINDS[group];
  const bodies = await bodiesOf(db, group, regionPath, lang);
  const params: unknown[] = [likePrefix(regionPath), regionPath, kinds,
    bodies.map((b) => b.kind), bodies.map((b) => b.ref), bodies.map((b) => b.name), bodies.map((b) => b.path), bodies.map((b) => b.regionCode)];
  const { rows } = await db.query(
    `WITH b AS (SELECT * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS x(kind, ref, name, path, region_code) WHERE ${scopeSql(scope, 'x.path', params)}),
     orgs AS (
       SELECT DISTINCT ON (u.unit_kind, u.unit_ref) u.unit_kind, u.unit_ref, o.id, o.name, o.kind, o.joint
         FROM party_org_unit u JOIN party_org o ON o.id = u.org_id AND o.dissolved_on IS NULL
        WHERE u.unit_kind = ANY($3::text[]) AND (o.path LIKE $1 OR $2 LIKE o.path || '%')
        ORDER BY u.unit_kind, u.unit_ref, o.joint, o.id),
     ins AS (
       SELECT DISTINCT ON (i.unit_kind, i.unit_ref) i.unit_kind, i.unit_ref, i.id, h.id AS holder_id, h.name
         FROM party_instructor i JOIN post_holder h ON h.id = i.holder_id
        WHERE i.to_on IS NULL AND i.unit_kind = ANY($3::text[]) AND i.path LIKE $1
        ORDER BY i.unit_kind, i.unit_ref, i.id),
     people AS (
       SELECT po.body_kind AS kind, po.body_ref AS ref, h.id, COALESCE(m.status, h.party_status) AS st
         FROM post po JOIN post_holder h ON h.id = po.holder_id
         LEFT JOIN party_membership m ON m.holder_id = h.id AND m.left_on IS NULL
        WHERE po.to_on IS NULL AND po.body_kind = ANY($3::text[]) AND po.path LIKE $1
       UNION
       SELECT u.unit_kind, u.unit_ref, m.holder_id, m.status
         FROM party_org_unit u JOIN party_org o ON o.id = u.org_id AND NOT o.joint AND o.dissolved_on IS NULL
         JOIN party_membership m ON m.org_id = o.id AND m.left_on IS NULL
        WHERE u.unit_kind = ANY($3::text[]) AND (o.path LIKE $1 OR $2 LIKE o.path || '%')),
     pm AS (SELECT kind, ref, count(*) AS members, count(*) FILTER (WHERE st = 'full') AS full FROM people WHERE st IS NOT NULL GROUP BY kind, ref)
     SELECT b.kind, b.ref, b.name, b.path, b.region_code AS "regionCode", r.name AS "regionName",
            COALESCE(pm.members, 0)::int AS "partyMembers", COALESCE(pm.full, 0)::int AS "fullMembers",
            CASE WHEN orgs.id IS NULL THEN NULL ELSE json_build_object('id', orgs.id, 'name', orgs.name, 'kind', orgs.kind, 'joint', orgs.joint) END AS org,
            CASE WHEN ins.id IS NULL THEN NULL ELSE json_build_object('id', ins.id, 'holderId', ins.holder_id, 'name', ins.name) END AS instructor
       FROM b JOIN region r ON r.code = b.region_code
       LEFT JOIN pm ON pm.kind = b.kind AND pm.ref = b.ref
       LEFT JOIN orgs ON orgs.unit_kind = b.kind AND orgs.unit_ref = b.ref
       LEFT JOIN ins ON ins.unit_kind = b.kind AND ins.unit_ref = b.ref
      ORDER BY b.path, b.name`,
    params,
  );
  return rows;
}

/** The units checklist: every body with its figures and the rule findings (branch required, joint branch or instructor advised). */
export async function unitsChecklist(db: Queryable, group: BodyGroup, regionPath: string, scope: string[], lang: Lang) {
  const cfg = await partyRules(db);
  const facts = await bodyFacts(db, group, regionPath, scope, lang);
  return facts.map(({ path: _p, ...b }) => ({
    ...b,
    findings: localiseFindings(lang, checkUnit({ fullMembers: b.fullMembers, hasOwnOrg: !!b.org && !b.org.joint, inJointBranch: !!b.org?.joint, hasInstructor: !!b.instructor }, cfg)),
  }));
}

type CoverageOut = Omit<Coverage, 'withThreeMembersAndOrg'> & { ownOrg: number; jointOrg: number; withThreeMembersAndOrg: number };

function summarise(cfg: Awaited<ReturnType<typeof partyRules>>, facts: BodyFacts[]): CoverageOut {
  // an organisation of its own or a joint branch covering it both count as "with a party organisation" (单独组建 + 联合组建)
  const c = coverage(facts.map((f) => ({ hasOwnOrg: !!f.org, partyMembers: f.partyMembers, hasInstructor: !!f.instructor })), cfg);
  return { ...c, ownOrg: facts.filter((f) => f.org && !f.org.joint).length, jointOrg: facts.filter((f) => f.org?.joint).length };
}

/** GET /api/coverage/party: the region's two coverages, and the same per child region. */
export async function partyCoverage(db: Queryable, region: { code: string; name: string; level: string; path: string }, scope: string[]) {
  const [oc, pc] = await Promise.all([bodyFacts(db, 'owners_committee', region.path, scope), bodyFacts(db, 'property', region.path, scope)]);
  const depth = region.path.split('/').filter(Boolean).length;
  const childOf = (p: string) => p.split('/').filter(Boolean)[depth] ?? null;
  // every child region of the registry, with or without bodies (a street's communities with none show zeros, not nothing)
  const { rows: childRows } = await db.query('SELECT code, name, level FROM region WHERE parent_code = $1 ORDER BY code', [region.code]);
  const cfg = await partyRules(db);
  const children = childRows.map((ch) => ({
    code: ch.code, name: ch.name, level: ch.level,
    ownersCommittees: summarise(cfg, oc.filter((f) => childOf(f.path) === ch.code)),
    propertyCompanies: summarise(cfg, pc.filter((f) => childOf(f.path) === ch.code)),
  }));
  return {
    region: { code: region.code, name: region.name, level: region.level },
    ownersCommittees: summarise(cfg, oc),
    propertyCompanies: summarise(cfg, pc),
    demonstrationCompounds: await countDemonstrationCompounds(db, region.path, scope),
    children,
  };
}

/**
 * Cross-appointments (交叉任职/双向进入): people with current posts on two or more sides —
 * the community's two committees (its party organisation, its residents' committee), an
 * owners' committee (or its party organisation), a property company/outlet (or its party organisation).
 */
export async function crossAppointments(db: Queryable, regionPath: string, scope: string[], lang: Lang = 'zh-CN') {
  const params: unknown[] = [likePrefix(regionPath)];
  const { rows } = await db.query(
    `WITH cur AS (
       SELECT po.holder_id, po.title, po.from_on, po.body_kind, po.body_ref,
              CASE WHEN po.body_kind = 'party_org' THEN
                     CASE o.attached_kind WHEN 'community' THEN 'two_committees' WHEN 'owners_committee' THEN 'owners_committee'
                                          WHEN 'property_company' THEN 'property' WHEN 'property_outlet' THEN 'property' END
                   WHEN po.body_kind = 'residents_committee' THEN 'two_committees'
                   WHEN po.body_kind = 'owners_committee' THEN 'owners_committee'
                   ELSE 'property' END AS side,
              o.name AS org_name
         FROM post po LEFT JOIN party_org o ON po.body_kind = 'party_org' AND o.id::text = po.body_ref
        WHERE po.to_on IS NULL
     )
     SELECT h.id AS "holderId", h.name, ${PARTY_STATUS} AS "partyStatus",
            h.region_code AS "communityCode", r.name AS "communityName",
            json_agg(json_build_object('bodyKind', cur.body_kind, 'bodyRef', cur.body_ref, 'orgName', cur.org_name, 'side', cur.side, 'title', cur.title, 'from', cur.from_on::text) ORDER BY cur.side, cur.from_on) AS posts
       FROM post_holder h JOIN region r ON r.code = h.region_code JOIN cur ON cur.holder_id = h.id
      WHERE h.path LIKE $1 AND ${scopeSql(scope, 'h.path', params)}
      GROUP BY h.id, r.name
     HAVING count(DISTINCT cur.side) FILTER (WHERE cur.side IS NOT NULL) >= 2
      ORDER BY h.region_code, h.name`,
    params,
  );
  // the bodies' names come from the unit registry (a residents' committee is named after its community)
  type RawPost = { bodyKind: string; bodyRef: string; orgName: string | null; side: string | null; title: string; from: string };
  const unitOf = (p: RawPost) => ({ kind: (p.bodyKind === 'residents_committee' ? 'community' : p.bodyKind) as UnitKind, ref: p.bodyRef });
  const names = await unitNames(db, rows.flatMap((r) => (r.posts as RawPost[]).filter((p) => p.bodyKind !== 'party_org').map(unitOf)), lang);
  for (const r of rows) {
    r.posts = (r.posts as RawPost[]).map((p) => ({
      bodyKind: p.bodyKind,
      bodyName: p.bodyKind === 'party_org' ? p.orgName
        : p.bodyKind === 'residents_committee' ? residentsCommitteeName(names.get(`community:${p.bodyRef}`) ?? p.bodyRef, lang)
          : names.get(`${p.bodyKind}:${p.bodyRef}`) ?? p.bodyRef,
      side: p.side, title: p.title, from: p.from,
    }));
  }
  const byCommunity = new Map<string, { code: string; name: string; count: number }>();
  for (const r of rows) {
    const c = byCommunity.get(r.communityCode) ?? { code: r.communityCode, name: r.communityName, count: 0 };
    c.count++;
    byCommunity.set(r.communityCode, c);
  }
  return { items: rows, byCommunity: [...byCommunity.values()], total: rows.length };
}
