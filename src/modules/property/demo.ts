/**
 * The red-property demo (南昌, DOMAIN.md part A):
 *  - 昌九社区 (站东街道, 青山湖区), by hand, through the same commands the API uses: the community
 *    party committee under 站东街道's working committee, two companies (one with a branch whose
 *    secretary is the community secretary — a cross-appointment; one with neither organisation nor
 *    instructor), two owners' committees (one with its own branch, one with an instructor) and a
 *    compound with no committee yet;
 *  - the rest of 南昌市, generated, so that the city's figures are the seed's: 132 owners'
 *    committees and 108 companies/outlets with a party organisation, 116 demonstration compounds.
 */
import type pg from 'pg';
import type { DemoContext } from '../../core/http/module.js';
import { addMember, assignInstructor, createHolder, createOrg, createPost, seedInstructors, seedOrganisations, setRecordedPartyStatus, type Unit } from '../party/api.js';
import { compoundsWithHouseholds, createCompound, insertCompounds, setCompoundDemonstration } from '../people/api.js';
import { creditCodeCheckChar } from './rules.js';
import { createCommittee, createCompany, createContract, createOutlet } from './store.js';
import { publishDisclosure } from './disclosures.js';
import { disclosureTitleZh } from './disclosure-overdue.js';
import { duePeriod, type Category } from './disclosure-rules.js';
import { chinaToday } from '../../core/time.js';
import { demoHome, demoIdNumber } from '../people/api.js';

export const SEED_FIGURES = { committeesWithOrg: 132, propertyBodiesWithOrg: 108, demonstrationCompounds: 116 } as const;

const ALL = ['/'];
const CHANGJIU = '360111005014';
const ZHANDONG = '360111005';
const CHAONONG = '360103013';

/** Deterministic pseudo-random numbers (the demo is the same on every machine). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function makeCreditCode(division: string, n: number): string {
  const org = String(n).padStart(8, '0').slice(-8);
  const first17 = `91${division.slice(0, 6)}${org}${CODE_CHARS[n % 31]}`;
  return first17 + creditCodeCheckChar(first17);
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '文', '华', '红梅', '建国', '志强', '海燕', '玉兰'];

async function handMade(tx: pg.PoolClient, keys: DemoContext['keys']) {
  const holder = (name: string, gender: 'male' | 'female', phone: string | null, partyStatus: 'full' | 'probationary' | null = null) =>
    createHolder(tx, keys, { name, gender, phone, regionCode: CHANGJIU, partyStatus }, ALL);

  // the street's working committee and the community's party committee (1 + communities)
  const street = await createOrg(tx, { name: '中共站东街道工作委员会', kind: 'working_committee', regionCode: ZHANDONG, attached: { kind: 'street', ref: ZHANDONG } }, ALL);
  const community = await createOrg(tx, {
    name: '中共昌九社区委员会', kind: 'committee', parentId: street, regionCode: CHANGJIU, attached: { kind: 'community', ref: CHANGJIU },
    termStart: '2022-05-20', approvalRef: '青组字〔2022〕37号',
  }, ALL);

  const wang = await holder('王红梅', 'female', '13907911001');
  const li = await holder('李建国', 'male', '13907911002');
  const zhou = await holder('周志强', 'male', '13907911003');
  await addMember(tx, community, { holderId: wang, status: 'full', joinedOn: '1998-07-01' }, ALL);
  await addMember(tx, community, { holderId: li, status: 'full', joinedOn: '2005-06-18' }, ALL);
  await addMember(tx, community, { holderId: zhou, status: 'full', joinedOn: '2012-05-04' }, ALL);
  await createPost(tx, { holderId: wang, body: { kind: 'party_org', ref: String(community) }, title: 'secretary', from: '2022-05-20' }, ALL);
  await createPost(tx, { holderId: li, body: { kind: 'party_org', ref: String(community) }, title: 'deputy_secretary', from: '2022-05-20' }, ALL);
  await createPost(tx, { holderId: zhou, body: { kind: 'party_org', ref: String(community) }, title: 'committee_member', from: '2022-05-20' }, ALL);
  await createPost(tx, { holderId: wang, body: { kind: 'residents_committee', ref: CHANGJIU }, title: 'director', from: '2021-12-01' }, ALL);
  await createPost(tx, { holderId: li, body: { kind: 'residents_committee', ref: CHANGJIU }, title: 'deputy_director', from: '2021-12-01' }, ALL);

  // compounds
  const changjiu = await createCompound(tx, { communityCode: CHANGJIU, name: '昌九小区', address: '青山湖区昌九路 88 号', builtYear: 2003, oldCompound: false }, ALL);
  const huapan = await createCompound(tx, { communityCode: CHANGJIU, name: '青山湖畔花园', address: '青山湖区湖滨东路 16 号', builtYear: 2009 }, ALL);
  const xincun = await createCompound(tx, { communityCode: CHANGJIU, name: '站东新村', address: '青山湖区站东路 5 号', builtYear: 1992, oldCompound: true }, ALL);
  await setCompoundDemonstration(tx, changjiu, true);

  // 红心物业: a company with its own branch; the community secretary is also the branch secretary
  const hongxin = await createCompany(tx, { name: '南昌红心物业服务有限公司', creditCode: makeCreditCode('360111', 5014001), regionCode: ZHANDONG, address: '青山湖区站东路 20 号' }, ALL);
  const hongxinOutlet = await createOutlet(tx, hongxin, { name: '昌九服务中心', regionCode: CHANGJIU, address: '昌九小区 1 栋底商' }, ALL);
  await createContract(tx, { compoundId: changjiu, companyId: hongxin, outletId: hongxinOutlet, startsOn: '2020-01-01', endsOn: '2027-12-31' }, ALL);
  await createContract(tx, { compoundId: huapan, companyId: hongxin, outletId: hongxinOutlet, startsOn: '2022-07-01', endsOn: null }, ALL);
  const hxStaff = [await holder('徐强', 'male', '13907911011'), await holder('孙丽', 'female', '13907911012'), await holder('马超', 'male', '13907911013'), await holder('吴婷', 'female', '13907911014')];
  await createPost(tx, { holderId: hxStaff[0], body: { kind: 'property_company', ref: String(hongxin) }, title: 'manager', from: '2020-01-01' }, ALL);
  for (const h of hxStaff.slice(1)) await createPost(tx, { holderId: h, body: { kind: 'property_outlet', ref: String(hongxinOutlet) }, title: 'staff', from: '2020-03-01' }, ALL);
  const hxBranch = await createOrg(tx, { name: '南昌红心物业服务有限公司党支部', kind: 'branch', parentId: community, regionCode: CHANGJIU, attached: { kind: 'property_company', ref: String(hongxin) }, termStart: '2023-03-15' }, ALL);
  for (const [i, h] of hxStaff.slice(0, 3).entries()) await addMember(tx, hxBranch, { holderId: h, status: i === 2 ? 'probationary' : 'full', joinedOn: ['2010-07-01', '2016-06-30', '2025-12-20'][i] }, ALL);
  await createPost(tx, { holderId: wang, body: { kind: 'party_org', ref: String(hxBranch) }, title: 'secretary', from: '2023-03-15' }, ALL);
  await createPost(tx, { holderId: hxStaff[0], body: { kind: 'party_org', ref: String(hxBranch) }, title: 'deputy_secretary', from: '2023-03-15' }, ALL);

  // 安居物业: no organisation and no party members yet — the console advises an instructor
  const anju = await createCompany(tx, { name: '南昌安居物业管理有限公司', creditCode: makeCreditCode('360111', 5014002), regionCode: CHANGJIU, address: '站东新村 3 栋' }, ALL);
  await createContract(tx, { compoundId: xincun, companyId: anju, startsOn: '2019-05-01', endsOn: null }, ALL);
  await createPost(tx, { holderId: await holder('黄敏', 'female', '13907911021'), body: { kind: 'property_company', ref: String(anju) }, title: 'manager', from: '2019-05-01' }, ALL);

  // 昌九小区's owners' committee, with its own branch (3 full members) and the chair on the community's committee
  const ocMembers = [await holder('张伟', 'male', '13907911031', 'full'), await holder('刘芳', 'female', '13907911032', 'full'), await holder('陈静', 'female', '13907911033', 'full'), await holder('杨洋', 'male', '13907911034'), await holder('赵磊', 'male', '13907911035')];
  const oc1 = await createCommittee(tx, {
    compoundId: changjiu, electedOn: '2024-04-20', termYears: 5, households: 640, firstMeetingOn: '2024-04-25', filedOn: '2024-05-10',
    members: ocMembers.map((h, i) => ({ holderId: h, title: i === 0 ? 'chair' as const : i === 1 ? 'vice_chair' as const : 'member' as const })),
  }, ALL);
  await setRecordedPartyStatus(tx, ocMembers.slice(0, 3), null);
  const ocBranch = await createOrg(tx, { name: '昌九小区业主委员会党支部', kind: 'branch', parentId: community, regionCode: CHANGJIU, attached: { kind: 'owners_committee', ref: String(oc1) }, termStart: '2024-05-06' }, ALL);
  for (const h of ocMembers.slice(0, 3)) await addMember(tx, ocBranch, { holderId: h, status: 'full', joinedOn: '2008-07-01' }, ALL);
  await createPost(tx, { holderId: ocMembers[0], body: { kind: 'party_org', ref: String(ocBranch) }, title: 'secretary', from: '2024-05-06' }, ALL);
  await createPost(tx, { holderId: ocMembers[0], body: { kind: 'residents_committee', ref: CHANGJIU }, title: 'member', from: '2021-12-01' }, ALL);

  // 青山湖畔花园's committee has one party member; an instructor from the community works with it
  const hp = [await holder('林涛', 'male', '13907911041', 'full'), await holder('郭娜', 'female', '13907911042'), await holder('何军', 'male', '13907911043'), await holder('高艳', 'female', '13907911044'), await holder('罗明', 'male', '13907911045')];
  const oc2 = await createCommittee(tx, {
    compoundId: huapan, electedOn: '2022-09-10', termYears: 5, households: 420, firstMeetingOn: '2022-09-15', filedOn: null,
    members: hp.map((h, i) => ({ holderId: h, title: i === 0 ? 'chair' as const : 'member' as const })),
  }, ALL);
  await assignInstructor(tx, { holderId: zhou, unit: { kind: 'owners_committee', ref: String(oc2) }, from: '2022-10-01' }, ALL);

  // what 红心物业 has disclosed to 昌九小区 (青山湖畔花园 has nothing yet: the compliance view flags it)
  const pub = (d: Parameters<typeof publishDisclosure>[1]) => publishDisclosure(tx, d, ALL, ['admin'], null);
  await pub({ compoundId: changjiu, category: 'service', period: '2025', title: '2025 年度物业服务事项及人员公示', content: '服务内容：公共区域保洁、秩序维护、绿化养护、共用设施设备维修养护。\n项目经理：徐强；客服：孙丽；维修：马超；保洁 6 人，秩序维护 8 人。' });
  await pub({ compoundId: changjiu, category: 'fees', period: '2025', title: '2025 年度物业服务收费公示', content: '住宅物业服务费 1.20 元/㎡·月；地面停车位管理费 80 元/月；地下车位 150 元/月。收费依据：前期物业服务合同及南昌市物业服务收费管理办法。' });
  await pub({
    compoundId: changjiu, category: 'maintenance_fund', period: '2026-H1', title: '2026 年上半年专项维修资金使用公示', content: '经业主大会表决同意，使用专项维修资金更换 3 栋电梯曳引机及 7 栋屋面防水。',
    figures: { opening: 186_450_000, income: [{ item: '业主续缴维修资金', amount: 3_240_000 }, { item: '利息收入', amount: 1_126_500 }], spending: [{ item: '3 栋电梯曳引机更换', amount: 18_600_000 }, { item: '7 栋屋面防水维修', amount: 4_350_000 }], closing: 167_866_500 },
  });
  await pub({
    compoundId: changjiu, category: 'common_income', period: '2026-Q2', title: '2026 年第二季度共有部分经营收支公示', content: '电梯广告、地面停车位等共有部分经营收益，扣除管理成本后归全体业主所有。',
    figures: { opening: 4_212_000, income: [{ item: '电梯轿厢广告', amount: 1_800_000 }, { item: '地面停车位', amount: 2_640_000 }], spending: [{ item: '管理成本（10%）', amount: 444_000 }, { item: '小区健身器材更新', amount: 1_250_000 }], closing: 6_958_000 },
  });

  // the `property` account works for 红心物业, `owners` for 昌九小区's committee; the `changjiu` account's owner lives in 昌九小区 3栋 (not yet bound: they verify on the phone)
  await tx.query(`INSERT INTO body_account (account_id, company_id) SELECT id, $2 FROM account WHERE username = $1`, ['property', hongxin]);
  await tx.query(`INSERT INTO body_account (account_id, committee_id) SELECT id, $2 FROM account WHERE username = $1`, ['owners', oc1]);
  await demoHome(tx, keys, { compoundId: changjiu, building: '3栋', room: '502', name: DEMO_HOMES.changjiu.name, idNumber: DEMO_HOMES.changjiu.idNumber, center: [115.93, 28.69] });
}

/** The demo's registered residents behind the resident accounts of 南昌 (README lists them for trying 实名绑定). */
export const DEMO_HOMES = {
  changjiu: { name: '陈建华', idNumber: demoIdNumber('360111', '1978-03-12', 215) },
  wufang: { name: '刘桂英', idNumber: demoIdNumber('360103', '1956-10-08', 128) },
} as const;

/** 五坊社区 (朝农街道): the `wufang` resident's home, bound, and the `wufangwuye` account working for the company serving it. */
async function wufangHome(tx: pg.PoolClient, keys: DemoContext['keys']) {
  const { rows: [cp] } = await tx.query(
    `SELECT k.compound_id AS id, k.company_id FROM property_service_v k
      WHERE k.ends_on IS NULL AND k.community_code = '360103013001' ORDER BY k.compound_id LIMIT 1`);
  if (!cp) return;
  await demoHome(tx, keys, { compoundId: cp.id, building: '2栋', room: '301', name: DEMO_HOMES.wufang.name, idNumber: DEMO_HOMES.wufang.idNumber, bindUsername: 'wufang', center: [115.87, 28.67] });
  await tx.query(`INSERT INTO body_account (account_id, company_id) SELECT id, $2 FROM account WHERE username = $1`, ['wufangwuye', cp.company_id]);
}

const BRANDS = ['恒信', '华润', '洪城', '赣江', '绿城', '安泰', '金域', '滕王', '万达', '佳园'];
const SECOND = ['瑞祥', '嘉和', '鸿运', '盛世', '锦程', '宏达', '康居', '和泰', '新境', '德润', '天成', '润泽', '富邦', '乐居'];
/** A distinct, realistic company name for the i-th generated company (i < 150): no numbered suffixes on a public list. */
export function companyName(i: number): string {
  const brand = i < 10 ? BRANDS[i] : `${BRANDS[i % 10]}${SECOND[(Math.floor(i / 10) - 1) % SECOND.length]}`;
  return `南昌${brand}${['物业服务', '物业管理', '物业'][i % 3]}有限公司`;
}

/** The rest of 南昌市, generated in bulk so that the city reproduces the seed's figures. */
async function generated(tx: pg.PoolClient, have: { committeesWithOrg: number; propertyBodiesWithOrg: number; demonstration: number }) {
  const rand = rng(3601);
  const { rows: communities } = await tx.query(
    `SELECT code, path, substr(code, 1, 6) AS district FROM region WHERE level = 'community' AND path LIKE '/36/3601/%' AND code <> $1
      ORDER BY (code LIKE $2 || '%') DESC, code`, [CHANGJIU, CHAONONG]);
  if (communities.length === 0) return { committees: 0, companies: 0 };
  const pick = (i: number) => communities[(i * 7919) % communities.length];
  const name = () => SURNAMES[Math.floor(rand() * SURNAMES.length)] + GIVEN[Math.floor(rand() * GIVEN.length)];

  const committeesWithOrg = SEED_FIGURES.committeesWithOrg - have.committeesWithOrg;
  const committeesTotal = committeesWithOrg + 168;
  const demo = SEED_FIGURES.demonstrationCompounds - have.demonstration;
  // compounds, one per community slot; the first `demo` are demonstration sites
  const compounds: { code: string; path: string }[] = Array.from({ length: committeesTotal + 40 }, (_, i) => (i < 30 ? communities[i % Math.min(30, communities.length)] : pick(i)));
  const made = await insertCompounds(tx, compounds.map((c, i) => ({
    communityCode: c.code, path: c.path, name: `${['锦绣', '丰和', '红谷', '滨江', '青云', '象湖', '瑶湖', '朝阳'][i % 8]}${['花园', '小区', '家园', '苑', '公寓'][(i >> 3) % 5]}${i + 1}期`,
    builtYear: 1985 + (i % 38), oldCompound: 1985 + (i % 38) < 2000, demonstration: i < demo,
  })));

  // owners' committees for the first committeesTotal compounds
  const oc = await tx.query(
    `INSERT INTO owners_committee (compound_id, path, elected_on, term_years, households, first_meeting_on, filed_on)
     SELECT id, path, e::date, 5, h, e::date + 5, e::date + 20 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[]) AS t(id, path, e, h) RETURNING id, path, compound_id`,
    [made.slice(0, committeesTotal).map((c) => c.id), made.slice(0, committeesTotal).map((c) => c.path),
      made.slice(0, committeesTotal).map((_, i) => `${2021 + (i % 5)}-${String(1 + (i % 12)).padStart(2, '0')}-15`), made.slice(0, committeesTotal).map((_, i) => 200 + (i * 37) % 800)],
  );

  // companies (registered in a community) and outlets; 朝农街道 comes first so its street has companies to rate
  const companiesTotal = 150, outletsTotal = 60;
  const companyRows = Array.from({ length: companiesTotal }, (_, i) => {
    const c = i < 12 ? communities[i % Math.min(12, communities.length)] : pick(i + 500);
    return { name: companyName(i), code: c.code, path: c.path, credit: makeCreditCode(c.district, 100000 + i) };
  });
  const co = await tx.query(
    `INSERT INTO property_company (name, credit_code, region_code, path) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) RETURNING id, path`,
    [companyRows.map((c) => c.name), companyRows.map((c) => c.credit), companyRows.map((c) => c.code), companyRows.map((c) => c.path)],
  );
  const outletRows = Array.from({ length: outletsTotal }, (_, i) => ({ company: co.rows[i % co.rows.length].id, name: `第${i + 1}服务中心`, c: pick(i + 900) }));
  const ou = await tx.query(
    `INSERT INTO property_outlet (company_id, name, region_code, path) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[]) RETURNING id, path`,
    [outletRows.map((o) => o.company), outletRows.map((o) => o.name), outletRows.map((o) => o.c.code), outletRows.map((o) => o.c.path)],
  );
  // contracts: each compound served by one company
  await tx.query(
    `INSERT INTO property_contract (compound_id, company_id, starts_on) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::date[])`,
    [made.map((c) => c.id), made.map((_, i) => co.rows[i % co.rows.length].id), made.map((_, i) => `${2018 + (i % 7)}-01-01`)],
  );

  // party organisations: 3 full members each (members are new post holders); bodies are listed so that exactly the seed's numbers get one
  const bodies = [
    ...oc.rows.slice(0, committeesWithOrg).map((r) => ({ kind: 'owners_committee', ref: String(r.id), path: r.path, label: '业主委员会党支部' })),
    ...[...co.rows.map((r) => ({ kind: 'property_company', ref: String(r.id), path: r.path, label: '党支部' })), ...ou.rows.map((r) => ({ kind: 'property_outlet', ref: String(r.id), path: r.path, label: '网点党小组' }))]
      .slice(0, SEED_FIGURES.propertyBodiesWithOrg - have.propertyBodiesWithOrg),
  ];
  const regionOf = (path: string) => path.split('/').filter(Boolean).pop()!;
  await seedOrganisations(tx, bodies.map((b, i) => ({
    name: `第${i + 1}${b.label}`, kind: b.label.endsWith('党小组') ? 'group' as const : 'branch' as const, regionCode: regionOf(b.path), path: b.path,
    attached: { kind: b.kind as Unit['kind'], ref: b.ref }, termStart: `${2022 + (i % 4)}-0${1 + (i % 9)}-01`,
    members: [0, 1, 2].map((j) => ({ name: name(), joinedOn: `${1990 + ((i * 3 + j) % 30)}-07-01` })),
  })));
  // instructors for part of the bodies with no organisation (work coverage): every second committee and every third company without one
  const orgless = [...oc.rows.slice(committeesWithOrg).filter((_, i) => i % 2 === 0).map((r) => ({ kind: 'owners_committee', ref: String(r.id), path: r.path })),
    ...co.rows.slice(SEED_FIGURES.propertyBodiesWithOrg - have.propertyBodiesWithOrg).filter((_, i) => i % 3 === 0).map((r) => ({ kind: 'property_company', ref: String(r.id), path: r.path }))];
  await seedInstructors(tx, orgless.map((b) => ({ unit: { kind: b.kind as Unit['kind'], ref: b.ref }, regionCode: regionOf(b.path), path: b.path, name: name(), from: '2023-06-01' })));
  return { committees: oc.rowCount ?? 0, companies: co.rowCount ?? 0 };
}

const FUCHENG = '460107002';
const FUCHENG_COMMUNITY = '460107002001';

/**
 * 府城街道 (海口): the compounds the people demo generated get property companies with contracts —
 * 琼府物业 serves every compound of 府城社区 and the newer compounds of the next two communities,
 * 椰城物业 the newer compounds elsewhere, 鼓楼物业 every second old compound outside 府城社区 (the other old
 * compounds are self-managed, as many old compounds are) —, an instructor each from the community, an
 * owners' committee in 府城社区's largest compound, and what was disclosed for the last periods due
 * (琼府物业 for all its 府城社区 compounds, 椰城物业 for some, the committee its accounts).
 */
async function fucheng(tx: pg.PoolClient, keys: DemoContext['keys']): Promise<string | null> {
  const { rows: [street] } = await tx.query('SELECT path FROM region WHERE code = $1', [FUCHENG]);
  if (!street) return null;
  const compounds = await compoundsWithHouseholds(tx, street.path);
  if (!compounds.length) return null;
  const communities = [...new Set(compounds.map((c) => c.community as string))];
  const company = async (name: string, n: number, regionCode: string, address: string) =>
    createCompany(tx, { name, creditCode: makeCreditCode('460107', 2001000 + n), regionCode, address }, ALL);
  const qiongfu = await company('海口琼府物业服务有限公司', 1, FUCHENG_COMMUNITY, '琼山区文庄路 18 号');
  const yecheng = await company('海南椰城物业管理有限公司', 2, FUCHENG, '琼山区府城路 66 号');
  const gulou = await company('海口鼓楼物业服务有限公司', 3, FUCHENG, '琼山区鼓楼街 9 号');
  const qiongfuOutlet = await createOutlet(tx, qiongfu, { name: '府城社区服务中心', regionCode: FUCHENG_COMMUNITY, address: '文庄路 18 号一楼' }, ALL);
  const served = new Map<number, number[]>([[qiongfu, []], [yecheng, []], [gulou, []]]);
  let oldSeen = 0;
  for (const c of compounds) {
    const rank = communities.indexOf(c.community);
    const companyId = c.community === FUCHENG_COMMUNITY ? qiongfu : !c.old ? (rank <= 2 ? qiongfu : yecheng) : oldSeen++ % 2 === 0 ? gulou : null;
    if (!companyId) continue;
    await createContract(tx, { compoundId: c.id, companyId, outletId: companyId === qiongfu && c.community === FUCHENG_COMMUNITY ? qiongfuOutlet : null, startsOn: `${2019 + (c.id % 5)}-01-01`, endsOn: null }, ALL);
    served.get(companyId)!.push(c.id);
  }
  // staff (a manager each) and a party-building instructor from the community for each company (no organisation of their own yet)
  const holder = (name: string, gender: 'male' | 'female', phone: string, regionCode = FUCHENG_COMMUNITY, partyStatus: 'full' | null = null) =>
    createHolder(tx, keys, { name, gender, phone, regionCode, partyStatus }, ALL);
  for (const [i, [id, manager]] of ([[qiongfu, '符家豪'], [yecheng, '王文静'], [gulou, '吴清华']] as const).entries()) {
    await createPost(tx, { holderId: await holder(manager, i === 1 ? 'female' : 'male', `1387600010${i + 1}`, FUCHENG), body: { kind: 'property_company', ref: String(id) }, title: 'manager', from: '2019-01-01' }, ALL);
  }
  const instructor = await holder('邢孔春', 'male', '13876000201', FUCHENG_COMMUNITY, 'full');
  for (const id of [qiongfu, yecheng]) await assignInstructor(tx, { holderId: instructor, unit: { kind: 'property_company', ref: String(id) }, from: '2024-03-01' }, ALL);

  // the owners' committee of 府城社区's largest compound
  const largest = compounds.filter((c) => c.community === FUCHENG_COMMUNITY).sort((a, b) => b.households - a.households || a.id - b.id)[0];
  const members = [];
  for (const [i, [name, gender]] of ([['陈海燕', 'female'], ['林道明', 'male'], ['符秀兰', 'female'], ['王德胜', 'male'], ['云丽娟', 'female']] as const).entries()) {
    members.push(await holder(name, gender, `1387600030${i + 1}`, FUCHENG_COMMUNITY, i < 2 ? 'full' : null));
  }
  const committee = await createCommittee(tx, {
    compoundId: largest.id, electedOn: '2024-06-16', termYears: 5, households: Math.max(largest.households, 1), firstMeetingOn: '2024-06-20', filedOn: '2024-07-05',
    members: members.map((h, i) => ({ holderId: h, title: i === 0 ? 'chair' as const : i === 1 ? 'vice_chair' as const : 'member' as const })),
  }, ALL);

  // disclosures for the last periods due
  const today = chinaToday();
  const label = (months: number) => duePeriod(today, months, 30)!.label;
  const pub = (compoundId: number, category: Category, period: string, content: string, figures?: { opening: number; income: { item: string; amount: number }[]; spending: { item: string; amount: number }[]; closing: number }) =>
    publishDisclosure(tx, { compoundId, category, period, title: disclosureTitleZh(category, period), content, figures: figures ?? null }, ALL, ['admin'], null);
  const ours = compounds.filter((c) => c.community === FUCHENG_COMMUNITY).map((c) => c.id);
  for (const [i, id] of ours.entries()) {
    await pub(id, 'service', label(12), '服务内容：公共区域保洁、秩序维护、绿化养护、共用设施设备维修养护。\n项目经理：符家豪；府城社区服务中心设客服、维修各 1 人，保洁 3 人，秩序维护 4 人。');
    await pub(id, 'fees', label(12), '住宅物业服务费 0.85 元/㎡·月（老旧小区提升改造后标准）；电动车充电 0.6 元/度。收费依据：物业服务合同及海口市物业服务收费管理规定。');
    const base = 1_200_000 + i * 35_000;
    await pub(id, 'maintenance_fund', label(6), '本期专项维修资金使用经业主表决同意，用于楼道照明和雨污管道维修。',
      { opening: base * 10, income: [{ item: '业主续缴维修资金', amount: 180_000 }], spending: [{ item: '楼道照明更换', amount: 96_000 }, { item: '雨污管道疏通维修', amount: 154_000 }], closing: base * 10 + 180_000 - 250_000 });
    await pub(id, 'common_income', label(3), '共有部分（停车位、宣传栏）经营收益扣除管理成本后归全体业主所有。',
      { opening: base, income: [{ item: '地面停车位', amount: 360_000 }, { item: '宣传栏广告', amount: 48_000 }], spending: [{ item: '管理成本（10%）', amount: 40_800 }], closing: base + 360_000 + 48_000 - 40_800 });
  }
  for (const id of served.get(yecheng)!.slice(0, 3)) {
    await pub(id, 'service', label(12), '服务内容：保洁、秩序维护、绿化养护、共用设施设备维修养护；项目经理：王文静。');
    await pub(id, 'fees', label(12), '住宅物业服务费 1.10 元/㎡·月；地面停车位管理费 60 元/月。');
  }
  await pub(largest.id, 'committee_accounts', label(6), '业主委员会工作经费收支，经业委会会议审核后公示。',
    { opening: 520_000, income: [{ item: '共有部分收益划拨', amount: 200_000 }], spending: [{ item: '业主大会会议费用', amount: 36_000 }, { item: '办公用品', amount: 12_500 }], closing: 520_000 + 200_000 - 48_500 });
  return `property: 府城街道 — 3 companies serving ${[...served.values()].reduce((n, v) => n + v.length, 0)} of ${compounds.length} compounds, an owners' committee (${committee}), disclosures for ${ours.length} compounds of 府城社区`;
}

export async function loadPropertyDemo({ db, keys, log }: DemoContext) {
  const f = await db.tx((tx) => fucheng(tx, keys));
  if (f) log(f);
  const have = await db.query(`SELECT 1 FROM region WHERE code = $1`, [CHANGJIU]);
  if (!have.rowCount) { log('property: 南昌 is not in the region tree; red-property demo skipped'); return; }
  await db.tx(async (tx) => {
    await handMade(tx, keys);
    const g = await generated(tx, { committeesWithOrg: 1, propertyBodiesWithOrg: 1, demonstration: 1 });
    await wufangHome(tx, keys);
    log(`property: 昌九社区 by hand; 南昌市 generated: ${g.committees} owners' committees, ${g.companies} companies (${SEED_FIGURES.committeesWithOrg} committees and ${SEED_FIGURES.propertyBodiesWithOrg} companies/outlets with a party organisation, ${SEED_FIGURES.demonstrationCompounds} demonstration compounds)`);
  });
}
