/**
 * Party organisations and red property through HTTP on a real database: the registry, owners'
 * committees, companies, instructors, cross-appointments and the two coverages (issue #5).
 * Demo: 昌九社区 (360111005014) in 站东街道 (360111005); accounts nanchang (community staff),
 * zhandong (站东街道), chaonong (朝农街道), street (府城街道, outside).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let nanchang: Session, zhandong: Session, street: Session, admin: Session, property: Session;
beforeAll(async () => {
  t = await testApp();
  [nanchang, zhandong, street, admin, property] = await Promise.all(['nanchang', 'zhandong', 'street', 'admin', 'property'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const CHANGJIU = '360111005014';
const count = async (table: string) => (await t.db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
const compoundId = async (name: string) => (await t.db.query('SELECT id FROM compound WHERE name = $1', [name])).rows[0].id as number;
const companyId = async (name: string) => (await t.db.query('SELECT id FROM property_company WHERE name = $1', [name])).rows[0].id as number;

async function holders(n: number, s = nanchang, partyStatus: 'full' | null = null) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await t.send('POST', '/api/post-holders', { name: `测试${Math.random().toString(36).slice(2, 6)}`, gender: 'female', phone: `1390791${String(1000 + Math.floor(Math.random() * 8999))}`, regionCode: CHANGJIU, partyStatus }, s);
    expect(r.status).toBe(201);
    ids.push(r.body.id);
  }
  return ids;
}

describe('the coverage contract', () => {
  it('南昌市 reproduces the seed: 132 owners\' committees and 108 companies/outlets with a party organisation, 116 demonstration sites', async () => {
    const r = await t.get('/api/coverage/party?region=3601', admin);
    expect(r.status).toBe(200);
    expect(r.body.ownersCommittees.withPartyOrg).toBe(132);
    expect(r.body.propertyCompanies.withPartyOrg).toBe(108);
    expect(r.body.demonstrationCompounds).toBe(116);
    for (const k of ['ownersCommittees', 'propertyCompanies'] as const) {
      const c = r.body[k];
      expect(Object.keys(c)).toEqual(expect.arrayContaining(['total', 'withPartyOrg', 'withInstructor', 'withThreeMembers', 'organisationCoverage', 'workCoverage']));
      expect(c.workCoverage).toBeCloseTo((c.withPartyOrg + c.withInstructor) / c.total, 10);
      expect(c.organisationCoverage).toBeGreaterThan(0);
      expect(c.organisationCoverage).toBeLessThanOrEqual(1);
    }
    // children add up to the whole
    const sum = r.body.children.reduce((a: number, ch: any) => a + ch.ownersCommittees.total, 0);
    expect(sum).toBe(r.body.ownersCommittees.total);
  });

  it('站东街道 as its street sees only its subtree; another street cannot ask', async () => {
    const r = await t.get('/api/coverage/party?region=360111005', zhandong);
    expect(r.status).toBe(200);
    expect(r.body.region.name).toBe('站东街道');
    expect(r.body.children.map((c: any) => c.code)).toContain(CHANGJIU);
    expect((await t.get('/api/coverage/party?region=360111005', street)).status).toBe(403);
    expect((await t.get('/api/coverage/party?region=3601', zhandong)).status).toBe(403);
    expect((await t.get('/api/coverage/party?region=360111005', property)).status).toBe(403);
  });
});

describe('the Done-when journey through the API', () => {
  it('a community registers an owners\' committee with its branch, an instructor for a company without one, and 站东街道\'s coverage moves', async () => {
    const before = (await t.get('/api/coverage/party?region=360111005', zhandong)).body;
    const members = await holders(5);
    const xincun = await compoundId('站东新村');
    const oc = await t.send('POST', '/api/owners-committees', {
      compoundId: xincun, electedOn: '2026-10-10', termYears: 5, households: 300, firstMeetingOn: '2026-10-14', filedOn: '2026-11-02',
      members: members.map((holderId, i) => ({ holderId, title: i === 0 ? 'chair' : i === 1 ? 'vice_chair' : 'member' })),
    }, nanchang);
    expect(oc.status).toBe(201);
    expect(oc.body.members).toHaveLength(5);
    expect(oc.body.termEnd).toBe('2031-10-10');
    expect(oc.body.findings).toEqual([]);

    const org = await t.send('POST', '/api/party-orgs', { name: '站东新村业主委员会党支部', kind: 'branch', regionCode: CHANGJIU, attached: { kind: 'owners_committee', ref: String(oc.body.id) }, termStart: '2026-11-01' }, nanchang);
    expect(org.status).toBe(201);
    expect(org.body.findings.map((f: any) => f.code)).toContain('secretary_missing');
    for (const h of members.slice(0, 3)) expect((await t.send('POST', `/api/party-orgs/${org.body.id}/members`, { holderId: h, status: 'full', joinedOn: '2015-07-01' }, nanchang)).status).toBe(201);
    expect((await t.send('POST', `/api/party-orgs/${org.body.id}/officers`, { holderId: members[0], title: 'secretary', from: '2026-11-01' }, nanchang)).status).toBe(201);
    const o2 = await t.get(`/api/party-orgs/${org.body.id}`, nanchang);
    expect(o2.body.fullMembers).toBe(3);
    expect(o2.body.secretary.holderId).toBe(members[0]);
    expect(o2.body.findings).toEqual([]);
    expect(o2.body.termEnd).toBe('2029-11-01'); // 3 years: not a community organisation

    const anju = await companyId('南昌安居物业管理有限公司');
    const units = (await t.get(`/api/party-units?region=${CHANGJIU}&kind=property`, nanchang)).body.items;
    const anjuUnit = units.find((u: any) => u.kind === 'property_company' && u.ref === String(anju));
    expect(anjuUnit.findings.map((f: any) => f.code)).toEqual(['instructor_advised']);
    const [instructor] = await holders(1, nanchang, 'full');
    const ins = await t.send('POST', '/api/party-instructors', { holderId: instructor, unit: { kind: 'property_company', ref: String(anju) }, from: '2026-11-20' }, nanchang);
    expect(ins.status).toBe(201);

    const after = (await t.get('/api/coverage/party?region=360111005', zhandong)).body;
    expect(after.ownersCommittees.total).toBe(before.ownersCommittees.total + 1);
    expect(after.ownersCommittees.withPartyOrg).toBe(before.ownersCommittees.withPartyOrg + 1);
    expect(after.ownersCommittees.withThreeMembers).toBe(before.ownersCommittees.withThreeMembers + 1);
    expect(after.propertyCompanies.withInstructor).toBe(before.propertyCompanies.withInstructor + 1);
    expect(after.propertyCompanies.workCoverage).toBeGreaterThan(before.propertyCompanies.workCoverage);

    // an instructor where an organisation exists is refused
    const hongxin = await companyId('南昌红心物业服务有限公司');
    const refused = await t.send('POST', '/api/party-instructors', { holderId: instructor, unit: { kind: 'property_company', ref: String(hongxin) }, from: '2026-11-20' }, zhandong);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('instructor_not_needed');
  });
});

describe('owners\' committees: bad input is refused and nothing is written', () => {
  it.each([
    [4, 5, 'committee_size_range'],
    [6, 5, 'committee_size_even'],
    [13, 5, 'committee_size_range'],
    [5, 6, 'committee_term_too_long'],
    [5, 2.5, 'committee_term_invalid'],
  ])('%i members, a %s-year term → %s', async (n, termYears, code) => {
    const id = await t.db.query(`INSERT INTO compound (community_code, path, name) SELECT code, path, $1 FROM region WHERE code = $2 RETURNING id`, [`测试小区${n}-${termYears}`, CHANGJIU]);
    const members = await holders(n);
    const posts = await count('post');
    const r = await t.send('POST', '/api/owners-committees', { compoundId: id.rows[0].id, electedOn: '2026-09-01', termYears, members: members.map((holderId, i) => ({ holderId, title: i === 0 ? 'chair' : 'member' })) }, nanchang, { 'accept-language': 'en' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
    expect(r.body.error.message).toMatch(/[a-z]/);
    expect(await count('post')).toBe(posts);
    expect((await t.db.query('SELECT count(*)::int AS n FROM owners_committee WHERE compound_id = $1', [id.rows[0].id])).rows[0].n).toBe(0);
  });

  it('no chair, two chairs, a first meeting before the election, a date that does not exist', async () => {
    const cid = (await t.db.query(`INSERT INTO compound (community_code, path, name) SELECT code, path, '测试小区X' FROM region WHERE code = $1 RETURNING id`, [CHANGJIU])).rows[0].id;
    const m = await holders(5);
    const base = { compoundId: cid, electedOn: '2026-09-01', termYears: 5 };
    const noChair = await t.send('POST', '/api/owners-committees', { ...base, members: m.map((holderId) => ({ holderId, title: 'member' })) }, nanchang);
    expect(noChair.body.error.code).toBe('committee_chair_count');
    const twoChairs = await t.send('POST', '/api/owners-committees', { ...base, members: m.map((holderId, i) => ({ holderId, title: i < 2 ? 'chair' : 'member' })) }, nanchang);
    expect(twoChairs.body.error.code).toBe('committee_chair_count');
    const early = await t.send('POST', '/api/owners-committees', { ...base, firstMeetingOn: '2026-08-30', members: m.map((holderId, i) => ({ holderId, title: i === 0 ? 'chair' : 'member' })) }, nanchang);
    expect(early.status).toBe(400);
    expect(early.body.error.code).toBe('date_order');
    const bad = await t.send('POST', '/api/owners-committees', { ...base, electedOn: '2026-02-30', members: m.map((holderId, i) => ({ holderId, title: i === 0 ? 'chair' : 'member' })) }, nanchang);
    expect(bad.body.error.code).toBe('date_invalid');
    expect((await t.db.query('SELECT count(*)::int AS n FROM owners_committee WHERE compound_id = $1', [cid])).rows[0].n).toBe(0);
    // a committee with no first meeting 8 days after its election is flagged
    const ok = await t.send('POST', '/api/owners-committees', { ...base, electedOn: '2026-01-05', members: m.map((holderId, i) => ({ holderId, title: i === 0 ? 'chair' : 'member' })) }, nanchang);
    expect(ok.status).toBe(201);
    expect(ok.body.findings.map((f: any) => f.code).sort()).toEqual(['filing_overdue', 'first_meeting_overdue']);
    const again = await t.send('POST', '/api/owners-committees', { ...base, members: m.map((holderId, i) => ({ holderId, title: i === 0 ? 'chair' : 'member' })) }, nanchang);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('committee_exists');
    // recording the meeting and the filing clears the flags (late ones stay as warnings)
    const p = await t.send('PATCH', `/api/owners-committees/${ok.body.id}`, { version: ok.body.version, firstMeetingOn: '2026-01-09', filedOn: '2026-03-01' }, nanchang);
    expect(p.status).toBe(200);
    expect(p.body.findings.map((f: any) => f.code)).toEqual(['filing_late']);
    const stale = await t.send('PATCH', `/api/owners-committees/${ok.body.id}`, { version: ok.body.version, filedOn: '2026-03-02' }, nanchang);
    expect(stale.status).toBe(409);
  });

  it('documents are versioned; a re-election ends the previous members\' posts', async () => {
    const list = (await t.get(`/api/owners-committees?region=${CHANGJIU}`, nanchang)).body.items;
    const oc = list.find((c: any) => c.compoundName === '昌九小区');
    const d1 = await t.send('POST', `/api/owners-committees/${oc.id}/documents`, { kind: 'statute', title: '昌九小区管理规约', content: '第一条 …', adoptedOn: '2024-06-01' }, nanchang);
    const d2 = await t.send('POST', `/api/owners-committees/${oc.id}/documents`, { kind: 'statute', title: '昌九小区管理规约（修订）', content: '第一条（修订）…', adoptedOn: '2026-06-01' }, nanchang);
    expect([d1.body.version, d2.body.version]).toEqual([1, 2]);
    expect((await t.get(`/api/compound-documents/${d2.body.id}`, nanchang)).body.content).toBe('第一条（修订）…');
    const m = await holders(7);
    const r = await t.send('POST', `/api/owners-committees/${oc.id}/elections`, { version: oc.version, electedOn: '2026-11-01', termYears: 5, members: m.map((holderId, i) => ({ holderId, title: i === 0 ? 'chair' : 'member' })) }, nanchang);
    expect(r.status).toBe(200);
    expect(r.body.members).toHaveLength(7);
    expect(r.body.previousTerms).toEqual([expect.objectContaining({ electedOn: '2024-04-20', endedOn: '2026-11-01' })]);
    const ended = await t.db.query(`SELECT count(*)::int AS n FROM post WHERE body_kind = 'owners_committee' AND body_ref = $1 AND to_on = '2026-10-31'`, [String(oc.id)]);
    expect(ended.rows[0].n).toBe(5);
  });
});

describe('property companies', () => {
  it('a credit code with a wrong check character or format is refused; a good one is normalised', async () => {
    const before = await count('property_company');
    const wrong = await t.send('POST', '/api/property-companies', { name: '测试物业', creditCode: '91350100M000100Y44', regionCode: CHANGJIU }, nanchang);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('credit_code_check');
    const fmt = await t.send('POST', '/api/property-companies', { name: '测试物业', creditCode: '9135010OM000100Y43', regionCode: CHANGJIU }, nanchang);
    expect(fmt.body.error.code).toBe('credit_code_format');
    expect(await count('property_company')).toBe(before);
    const ok = await t.send('POST', '/api/property-companies', { name: '测试物业', creditCode: ' 91350100m000100y43 ', regionCode: CHANGJIU }, nanchang);
    expect(ok.status).toBe(201);
    expect(ok.body.creditCode).toBe('91350100M000100Y43');
    const dup = await t.send('POST', '/api/property-companies', { name: '测试物业二', creditCode: '91350100M000100Y43', regionCode: CHANGJIU }, nanchang);
    expect(dup.status).toBe(409);
    // a company outside the caller's region cannot be registered there
    expect((await t.send('POST', '/api/property-companies', { name: 'x', creditCode: '91110000600037341L', regionCode: '460107002001' }, nanchang)).status).toBe(403);
  });

  it('one company per compound at a time', async () => {
    const xincun = await compoundId('站东新村');
    const hongxin = await companyId('南昌红心物业服务有限公司');
    const r = await t.send('POST', '/api/property-contracts', { compoundId: xincun, companyId: hongxin, startsOn: '2026-01-01' }, nanchang);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('contract_overlap');
    const back = await t.send('POST', '/api/property-contracts', { compoundId: xincun, companyId: hongxin, startsOn: '2010-01-01', endsOn: '2019-05-01' }, nanchang);
    expect(back.status).toBe(201);
  });

  it('property staff read their own place; they cannot edit the register', async () => {
    expect((await t.get(`/api/property-companies?region=${CHANGJIU}`, property)).status).toBe(200);
    expect((await t.send('POST', '/api/property-companies', { name: 'x', creditCode: '91110000600037341L', regionCode: CHANGJIU }, property)).status).toBe(403);
    expect((await t.get(`/api/party-orgs?region=${CHANGJIU}`, property)).status).toBe(403);
  });
});

describe('party organisations', () => {
  it('the community committee: 5-year term, approval on record, secretary; the company branch has the same secretary (cross-appointment)', async () => {
    const orgs = (await t.get(`/api/party-orgs?region=${CHANGJIU}`, nanchang)).body.items;
    const cc = orgs.find((o: any) => o.name === '中共昌九社区委员会');
    expect(cc.termYears).toBe(5);
    expect(cc.termEnd).toBe('2027-05-20');
    expect(cc.approvalRef).toBeTruthy();
    expect(cc.secretary.name).toBe('王红梅');
    const x = (await t.get(`/api/cross-appointments?region=360111005`, zhandong)).body;
    const wang = x.items.find((i: any) => i.name === '王红梅');
    expect(wang.posts.map((p: any) => p.side).sort()).toEqual(['property', 'two_committees', 'two_committees']);
    expect(x.byCommunity).toEqual([expect.objectContaining({ code: CHANGJIU })]);
  });

  it('a joint branch covers at most five units; a unit with its own branch cannot join one', async () => {
    const cids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await t.send('POST', '/api/property-companies', { name: `联建测试${i}`, creditCode: makeCode(900 + i), regionCode: CHANGJIU }, nanchang);
      expect(c.status).toBe(201);
      cids.push(String(c.body.id));
    }
    const six = await t.send('POST', '/api/party-orgs', { name: '联合党支部', kind: 'branch', joint: true, regionCode: CHANGJIU, attached: { kind: 'property_company', ref: cids[0] }, units: cids.slice(1).map((ref) => ({ kind: 'property_company', ref })) }, nanchang);
    expect(six.status).toBe(409);
    expect(six.body.error.code).toBe('joint_branch_full');
    const five = await t.send('POST', '/api/party-orgs', { name: '联合党支部', kind: 'branch', joint: true, regionCode: CHANGJIU, attached: { kind: 'property_company', ref: cids[0] }, units: cids.slice(1, 5).map((ref) => ({ kind: 'property_company', ref })) }, nanchang);
    expect(five.status).toBe(201);
    expect(five.body.units).toHaveLength(5);
    const sixth = await t.send('POST', `/api/party-orgs/${five.body.id}/units`, { kind: 'property_company', ref: cids[5] }, nanchang);
    expect(sixth.body.error.code).toBe('joint_branch_full');
    const hongxin = await companyId('南昌红心物业服务有限公司');
    const own = await t.send('POST', '/api/party-orgs', { name: '重复', kind: 'branch', regionCode: CHANGJIU, attached: { kind: 'property_company', ref: String(hongxin) } }, nanchang);
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe('party_unit_taken');
    // one membership per person
    const [h] = await holders(1);
    expect((await t.send('POST', `/api/party-orgs/${five.body.id}/members`, { holderId: h, status: 'full', joinedOn: '2020-01-01' }, nanchang)).status).toBe(201);
    const other = (await t.get(`/api/party-orgs?region=${CHANGJIU}`, nanchang)).body.items.find((o: any) => o.name === '中共昌九社区委员会');
    const twice = await t.send('POST', `/api/party-orgs/${other.id}/members`, { holderId: h, status: 'full', joinedOn: '2020-01-01' }, nanchang);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('member_elsewhere');
  });

  it('a branch with 7 full members and no committee is flagged; the check is configuration', async () => {
    const org = await t.send('POST', '/api/party-orgs', { name: '七人支部', kind: 'branch', regionCode: CHANGJIU, attached: { kind: 'project', ref: '站东棚改项目' }, termStart: '2026-01-01' }, nanchang);
    const hs = await holders(7);
    for (const h of hs) await t.send('POST', `/api/party-orgs/${org.body.id}/members`, { holderId: h, status: 'full', joinedOn: '2020-01-01' }, nanchang);
    await t.send('POST', `/api/party-orgs/${org.body.id}/officers`, { holderId: hs[0], title: 'secretary', from: '2026-01-01' }, nanchang);
    const o = await t.get(`/api/party-orgs/${org.body.id}`, nanchang, { 'accept-language': 'zh-CN' });
    expect(o.body.findings.map((f: any) => f.code)).toEqual(['committee_required']);
    expect(o.body.findings[0].message).toContain('支部委员会');
    expect((await t.send('PUT', '/api/settings/party.rules', { value: { ...(await t.get('/api/settings', admin)).body.items.find((s: any) => s.key === 'party.rules').value, committeeFrom: 8 } }, admin)).status).toBe(200);
    expect((await t.get(`/api/party-orgs/${org.body.id}`, nanchang)).body.findings).toEqual([]);
    await t.send('PUT', '/api/settings/party.rules', { value: null }, admin);
  });

  it('phones are masked; a reveal needs a reason and is audited', async () => {
    const list = (await t.get(`/api/post-holders?region=${CHANGJIU}&q=王红`, nanchang)).body.items;
    expect(list[0].phoneMasked).toBe('139****1001');
    expect(JSON.stringify(list)).not.toContain('13907911001');
    const raw = await t.db.query(`SELECT phone_enc FROM post_holder WHERE id = $1`, [list[0].id]);
    expect(raw.rows[0].phone_enc).not.toContain('13907911001');
    expect((await t.send('POST', `/api/post-holders/${list[0].id}/reveal`, { field: 'phone', reason: '' }, nanchang)).status).toBe(400);
    const r = await t.send('POST', `/api/post-holders/${list[0].id}/reveal`, { field: 'phone', reason: '联系换届事宜' }, nanchang);
    expect(r.body.value).toBe('13907911001');
    const audit = await t.db.query(`SELECT detail FROM audit_log WHERE action = 'party.holder.reveal' ORDER BY id DESC LIMIT 1`);
    expect(JSON.parse(audit.rows[0].detail).reason).toBe('联系换届事宜');
    expect((await t.send('POST', `/api/post-holders/${list[0].id}/reveal`, { field: 'phone', reason: '联系换届事宜' }, zhandong)).status).toBe(200);
    expect((await t.send('POST', `/api/post-holders/${list[0].id}/reveal`, { field: 'phone', reason: '联系换届事宜' }, street)).status).toBe(404);
  });
});

function makeCode(n: number) {
  const CH = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const first = `91360111${String(n).padStart(9, '0')}`;
  const sum = [...first].reduce((a, c, i) => a + CH.indexOf(c) * W[i], 0);
  return first + CH[(31 - (sum % 31)) % 31];
}
