/** Accounts linked to the body they work for — property staff to their company, owners' committee members to their committee: what they publish and appeal follows from the link (issue #5). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let nanchang: Session, property: Session, zhandong: Session;
let hongxin: number, anju: number;
const compoundId = async (name: string) => Number((await t.db.query('SELECT id FROM compound WHERE name = $1', [name])).rows[0].id);
beforeAll(async () => {
  t = await testApp();
  [nanchang, property, zhandong] = await Promise.all(['nanchang', 'property', 'zhandong'].map((u) => t.login(u)));
  const items = (await t.get('/api/property-companies?region=360111005014', nanchang)).body.items;
  hongxin = items.find((c: any) => c.name === '南昌红心物业服务有限公司').id;
  anju = items.find((c: any) => c.name === '南昌安居物业管理有限公司').id;
});
afterAll(() => t.close());

const service = (id: number) => ({ compoundId: id, category: 'service', period: '2026', title: '2026 年度服务事项公示', content: '保洁、秩序维护、绿化。' });

describe('company accounts', () => {
  it('the demo links `property` to 红心物业; the company shows its accounts', async () => {
    const c = (await t.get(`/api/property-companies/${hongxin}`, nanchang)).body;
    expect(c.accounts.map((a: any) => a.username)).toEqual(['property']);
  });

  it('a company\'s staff publish for the compounds their company serves, not for another company\'s', async () => {
    const own = await t.send('POST', '/api/disclosures', service(await compoundId('昌九小区')), property);
    expect(own.status).toBe(201);
    const other = await t.send('POST', '/api/disclosures', service(await compoundId('站东新村')), property, { 'accept-language': 'en' });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('disclosure_not_your_company');
    expect(other.body.error.message).toContain('南昌安居物业管理有限公司');
  });

  it('the community moves the account to another company; only property-staff accounts can be linked; audited', async () => {
    const bad = await t.send('PUT', `/api/property-companies/${anju}/accounts`, { username: 'owners' }, nanchang);
    expect(bad.status).toBe(409);
    expect(bad.body.error.code).toBe('account_not_property_staff');
    expect((await t.send('PUT', `/api/property-companies/${anju}/accounts`, { username: 'nobody-here' }, nanchang)).body.error.code).toBe('account_not_found');
    const moved = await t.send('PUT', `/api/property-companies/${anju}/accounts`, { username: 'Property' }, nanchang);
    expect(moved.status).toBe(200);
    expect(moved.body.items.map((a: any) => a.username)).toEqual(['property']);
    expect((await t.get(`/api/property-companies/${hongxin}`, nanchang)).body.accounts).toEqual([]);
    expect((await t.send('POST', '/api/disclosures', service(await compoundId('站东新村')), property)).status).toBe(201);
    expect((await t.send('POST', '/api/disclosures', { ...service(await compoundId('昌九小区')), period: '2025' }, property)).body.error.code).toBe('disclosure_not_your_company');
    const { rows } = await t.db.query(`SELECT detail FROM audit_log WHERE action = 'property.company.link_account' ORDER BY id DESC LIMIT 1`);
    expect(JSON.parse(rows[0].detail)).toMatchObject({ username: 'property' });
    // unlinked, the account publishes for no company
    const acc = moved.body.items[0].id;
    expect((await t.send('DELETE', `/api/property-companies/${anju}/accounts/${acc}`, undefined, nanchang)).body.items).toEqual([]);
    expect((await t.send('DELETE', `/api/property-companies/${anju}/accounts/${acc}`, undefined, nanchang)).body.error.code).toBe('body_account_not_linked');
    expect((await t.send('POST', '/api/disclosures', { ...service(await compoundId('站东新村')), period: '2025' }, property)).body.error.code).toBe('account_no_company');
  });

  it('a street outside the company\'s place cannot link accounts to it', async () => {
    const chaonong = await t.login('chaonong');
    expect((await t.send('PUT', `/api/property-companies/${hongxin}/accounts`, { username: 'property' }, chaonong)).body.error.code).toBe('company_not_found');
    expect((await t.send('PUT', `/api/property-companies/${hongxin}/accounts`, { username: 'property' }, zhandong)).status).toBe(200);
  });

  it('an owners\' committee member publishes the committee\'s decisions for its own compound only', async () => {
    const owners = await t.login('owners');
    const decision = (id: number) => ({ compoundId: id, category: 'committee_decision', period: '2026', title: '关于续聘物业服务企业的决定', content: '经业主大会表决通过。' });
    expect((await t.send('POST', '/api/disclosures', decision(await compoundId('昌九小区')), owners)).status).toBe(201);
    const other = await t.send('POST', '/api/disclosures', decision(await compoundId('青山湖畔花园')), owners);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('disclosure_not_your_committee');
    // the committee shows its accounts; a property-staff account cannot be linked to it
    const oc = Number((await t.db.query(`SELECT oc.id FROM owners_committee oc JOIN compound cp ON cp.id = oc.compound_id WHERE cp.name = '青山湖畔花园'`)).rows[0].id);
    expect((await t.send('PUT', `/api/owners-committees/${oc}/accounts`, { username: 'property' }, nanchang)).body.error.code).toBe('account_not_committee_member');
    const moved = await t.send('PUT', `/api/owners-committees/${oc}/accounts`, { username: 'owners' }, nanchang);
    expect(moved.body.items.map((a: any) => a.username)).toEqual(['owners']);
    expect((await t.get(`/api/owners-committees/${oc}`, nanchang)).body.accounts.map((a: any) => a.username)).toEqual(['owners']);
    expect((await t.send('POST', '/api/disclosures', decision(await compoundId('青山湖畔花园')), owners)).status).toBe(201);
  });
});
