/**
 * Issue #12, figures and words outside the case module, through HTTP on the demo:
 * one definition per figure and the same number wherever it appears (living alone, party members),
 * the two coverages listing every child region, Chinese disclosure titles and company names, and
 * 府城街道's red-property demo (companies, contracts, a committee, disclosures).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

const FUCHENG_STREET = '460107002';
const FUCHENG = '460107002001'; // 府城社区
let t: TestApp;
let admin: Session, street: Session, community: Session;
beforeAll(async () => {
  t = await testApp();
  [admin, street, community] = await Promise.all(['admin', 'street', 'community'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('人口概况: each figure has one definition and is the same wherever it appears', () => {
  it('独居老人 (65+, one-person household) and the care group are named apart, and each equals its list', async () => {
    const s = await t.get(`/api/residents/stats?region=${FUCHENG_STREET}`, street);
    expect(s.status).toBe(200);
    const d = s.body.definitions;
    expect(d.livingAlone65.name).toBe('独居老人（65岁及以上，按户籍单人户）');
    expect(d.careLivingAlone.name).toBe('独居老人（关爱对象登记）');
    expect(d.livingAlone65.name).not.toBe(d.careLivingAlone.name);
    // the care group 高龄老人 is not the 80+ computed from birth dates (121 beside 150 in the demo)
    expect(d.careVeryOld.name).toBe('高龄老人（关爱对象登记）');
    expect(d.partyMembers.name).toContain('人口登记');
    expect((await t.get(`/api/residents/stats?region=${FUCHENG_STREET}`, street, { 'accept-language': 'en' })).body.definitions.livingAlone65.name).toMatch(/^Living alone aged 65\+/);
    // the same number in the list a community's staff filters by
    const s1 = (await t.get(`/api/residents/stats?region=${FUCHENG}`, community)).body;
    const alone = await t.get(`/api/residents?region=${FUCHENG}&livingAlone65=true&limit=1`, community);
    expect(alone.body.total).toBe(s1.livingAlone65);
    const care = await t.get(`/api/residents?region=${FUCHENG}&careGroup=living_alone&limit=1`, community);
    expect(care.body.total).toBe(s1.careGroups.living_alone ?? 0);
    const party = await t.get(`/api/residents?region=${FUCHENG}&limit=1`, community);
    expect(party.status).toBe(200);
  });

  it('the drawer\'s household history names the place and the grid, not "户 #id"', async () => {
    const list = await t.get(`/api/residents?region=${FUCHENG}&limit=1`, community);
    const r = await t.get(`/api/residents/${list.body.items[0].id}`, community);
    expect(r.status).toBe(200);
    const h = r.body.history[0];
    expect(h.address).toMatch(/号.*栋.*单元/);
    expect(h.gridName).toMatch(/网格/);
  });
});

describe('中共府城社区委员会: its member figures agree with the registry or are named apart', () => {
  it('the committee holds the community\'s registered party members (with its branches); both figures are returned', async () => {
    const stats = (await t.get(`/api/residents/stats?region=${FUCHENG}`, community)).body;
    expect(stats.partyMembers).toBeGreaterThan(0);
    const orgs = await t.get(`/api/party-orgs?region=${FUCHENG}`, community);
    const committee = orgs.body.items.find((o: any) => o.name === '中共府城社区委员会');
    // 居住在本社区的党员 (registry) — the same number as 人口概况
    expect(committee.residentPartyMembers).toBe(stats.partyMembers);
    // 组织关系在本组织及下级组织的党员: the registered residents plus the nine officers of the grid branches and groups
    expect(committee.membersWithSubOrgs).toBe(stats.partyMembers + 9);
    expect(committee.fullMembers + committee.probationaryMembers).toBeGreaterThan(0);
    const detail = await t.get(`/api/party-orgs/${committee.id}`, community);
    expect(detail.body.membersWithSubOrgs).toBe(committee.membersWithSubOrgs);
    // a grid branch is not attached to a region: no registry figure
    const branch = orgs.body.items.find((o: any) => o.name === '中共府城社区第1网格党支部');
    expect(branch.residentPartyMembers).toBeNull();
    expect(branch.membersWithSubOrgs).toBeGreaterThanOrEqual(branch.fullMembers + branch.probationaryMembers);
  });
});

describe('两个覆盖 lists every child region', () => {
  it('府城街道 shows all its communities, with or without bodies', async () => {
    const r = await t.get(`/api/coverage/party?region=${FUCHENG_STREET}`, street);
    expect(r.status).toBe(200);
    const { rows } = await t.db.query(`SELECT code FROM region WHERE parent_code = $1 ORDER BY code`, [FUCHENG_STREET]);
    expect(rows.length).toBe(9);
    expect(r.body.children.map((c: any) => c.code)).toEqual(rows.map((x) => x.code));
    expect(r.body.children[0]).toMatchObject({ level: 'community' });
    expect(r.body.children.every((c: any) => typeof c.ownersCommittees.total === 'number')).toBe(true);
  });
});

describe('the words users read', () => {
  it('demo disclosure titles are Chinese (no "2025-Q4 common_income")', async () => {
    const { rows } = await t.db.query(`SELECT title FROM disclosure`);
    expect(rows.length).toBeGreaterThan(0);
    for (const { title } of rows) expect(title).not.toMatch(/[a-z_]{3,}|\d{4}-[QH]\d/);
    const chaonong = await t.login('chaonong');
    const list = await t.get(`/api/disclosures?region=360103013`, chaonong);
    expect(list.status).toBe(200);
    expect(list.body.items.some((d: any) => d.title === '2025 年第四季度共有部分经营收支公示')).toBe(true);
  });

  it('public company names are distinct and carry no numbered suffix', async () => {
    const { rows } = await t.db.query(`SELECT name FROM property_company`);
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
    for (const { name } of rows) expect(name).not.toMatch(/（\d+）|\(\d+\)/);
    const pub = await t.get('/api/public/credit-lists?region=360103013', null);
    expect(pub.status).toBe(200);
    expect(JSON.stringify(pub.body)).not.toMatch(/有限公司（\d+）/);
  });
});

describe('府城街道\'s red property in the demo', () => {
  it('its compounds have companies with contracts, an owners\' committee and disclosures', async () => {
    const companies = await t.get(`/api/property-companies?region=${FUCHENG_STREET}`, street);
    expect(companies.status).toBe(200);
    expect(companies.body.items.length).toBeGreaterThanOrEqual(2);
    expect(companies.body.items.some((c: any) => c.compounds > 0)).toBe(true);
    const committees = await t.get(`/api/owners-committees?region=${FUCHENG_STREET}`, street);
    expect(committees.body.items.length).toBeGreaterThanOrEqual(1);
    const disclosures = await t.get(`/api/disclosures?region=${FUCHENG}`, community);
    expect(disclosures.status).toBe(200);
    expect(disclosures.body.items.length).toBeGreaterThan(0);
    expect(disclosures.body.items.some((d: any) => d.publisher?.kind === 'owners_committee' || d.category === 'committee_accounts')).toBe(true);
    const compliance = await t.get(`/api/disclosures/compliance?region=${FUCHENG}`, community);
    expect(compliance.status).toBe(200);
    expect(compliance.body.items.length).toBeGreaterThan(0);
    const cov = (await t.get(`/api/coverage/party?region=${FUCHENG_STREET}`, street)).body;
    expect(cov.propertyCompanies.total).toBeGreaterThanOrEqual(2);
    expect(cov.ownersCommittees.total).toBeGreaterThanOrEqual(1);
    void admin;
  });
});
