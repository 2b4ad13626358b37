/** Disclosures (公示, 民法典 943/944) through HTTP: publish, read as a resident, ask, compliance, refusals. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let nanchang: Session, property: Session, owners: Session, changjiu: Session, resident: Session, zhandong: Session, housing: Session, admin: Session;
beforeAll(async () => {
  t = await testApp();
  [nanchang, property, owners, changjiu, resident, zhandong, housing, admin] = await Promise.all(['nanchang', 'property', 'owners', 'changjiu', 'resident', 'zhandong', 'housing', 'admin'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const compoundId = async (name: string) => (await t.db.query('SELECT id FROM compound WHERE name = $1', [name])).rows[0].id as number;
const count = async () => (await t.db.query('SELECT count(*)::int AS n FROM disclosure')).rows[0].n as number;
const statement = { opening: 1_000_000, income: [{ item: '业主缴存', amount: 250_000 }], spending: [{ item: '电梯维修', amount: 400_000 }], closing: 850_000 };

describe('publishing', () => {
  it('the company publishes a quarterly fund statement; the compound\'s residents read it, others do not', async () => {
    const cj = await compoundId('昌九小区');
    const r = await t.send('POST', '/api/disclosures', { compoundId: cj, category: 'maintenance_fund', period: '2026-Q3', title: '三季度维修资金', content: '明细如下', figures: statement }, property);
    expect(r.status).toBe(201);
    expect(r.body.publisher).toMatchObject({ kind: 'property_company', name: '南昌红心物业服务有限公司' });
    expect(r.body).toMatchObject({ period: '2026-Q3', periodStart: '2026-07-01', periodEnd: '2026-09-30', figures: statement });
    const mine = await t.get('/api/compounds/mine', changjiu);
    expect(mine.body.items.map((c: any) => c.name)).toContain('昌九小区');
    const list = await t.get(`/api/disclosures?compound=${cj}`, changjiu);
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ id: r.body.id, title: '三季度维修资金' });
    expect((await t.get(`/api/disclosures/${r.body.id}`, resident)).status).toBe(404); // 府城's resident
    expect((await t.get(`/api/disclosures?compound=${cj}`, resident)).status).toBe(403);
  });

  it.each([
    [{ category: 'maintenance_fund', period: '2026-Q3', figures: { ...statement, closing: 850_001 } }, 400, 'fund_statement_unbalanced'],
    [{ category: 'maintenance_fund', period: '2026-Q3' }, 400, 'fund_statement_required'],
    [{ category: 'fees', period: '2026', figures: statement }, 400, 'fund_statement_not_expected'],
    [{ category: 'maintenance_fund', period: '2026-Q5', figures: statement }, 400, 'disclosure_period_invalid'],
    [{ category: 'maintenance_fund', period: '2099-Q1', figures: statement }, 400, 'disclosure_period_future'],
    [{ category: 'maintenance_fund', period: '2026-Q3', figures: { ...statement, opening: 10.5, closing: 850_000.5 } }, 400, 'fund_statement_invalid'],
    [{ category: 'committee_decision', period: '2026-11' }, 403, 'disclosure_not_yours'],
  ])('%j → %i %s, nothing written', async (body, status, code) => {
    const before = await count();
    const r = await t.send('POST', '/api/disclosures', { compoundId: await compoundId('昌九小区'), title: 't', content: 'c', ...body }, property, { 'accept-language': 'en' });
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(await count()).toBe(before);
  });

  it('a bad fund statement names each bad line in details[].field, as the body spells it', async () => {
    const before = await count();
    const figures = { opening: 0, income: [{ item: '租金', amount: 100 }, { item: '广告', amount: 1.5 }, { item: ' ', amount: -2 }], spending: [], closing: 0 };
    const r = await t.send('POST', '/api/disclosures', { compoundId: await compoundId('昌九小区'), category: 'common_income', period: '2026-Q1', title: 't', content: 'c', figures }, property, { 'accept-language': 'en' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('fund_statement_invalid');
    expect(r.body.error.message).toContain('income[1].amount');
    expect(r.body.error.details.map((d: any) => d.field)).toEqual(['figures.income[1].amount', 'figures.income[2].item', 'figures.income[2].amount']);
    const off = await t.send('POST', '/api/disclosures', { compoundId: await compoundId('昌九小区'), category: 'common_income', period: '2026-Q1', title: 't', content: 'c', figures: { ...statement, closing: 1 } }, property);
    expect(off.body.error).toMatchObject({ code: 'fund_statement_unbalanced', details: [{ field: 'figures.closing', rule: 'balance' }] });
    expect(await count()).toBe(before);
  });

  it('the owners\' committee publishes its decisions; a compound with no committee cannot', async () => {
    const r = await t.send('POST', '/api/disclosures', { compoundId: await compoundId('昌九小区'), category: 'committee_decision', period: '2026-11', title: '关于电梯广告收益使用的决定', content: '…' }, owners);
    expect(r.status).toBe(201);
    expect(r.body.publisher.kind).toBe('owners_committee');
    const none = await t.send('POST', '/api/disclosures', { compoundId: await compoundId('站东新村'), category: 'committee_decision', period: '2026-11', title: 'x', content: 'x' }, nanchang);
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('no_owners_committee');
  });
});

describe('residents ask; fees are never collected by cutting utilities', () => {
  it('a question becomes a case for the compound', async () => {
    const d = (await t.get(`/api/disclosures?compound=${await compoundId('昌九小区')}`, changjiu)).body.items[0];
    const q = await t.send('POST', `/api/disclosures/${d.id}/questions`, { text: '电梯维修为何花费这么多？' }, changjiu);
    expect(q.status).toBe(201);
    const c = await t.db.query('SELECT category_code, source, community_code, compound_id, description FROM cases WHERE id = $1', [q.body.caseId]);
    expect(c.rows[0]).toMatchObject({ category_code: '0902', source: 'resident', community_code: '360111005014', compound_id: await compoundId('昌九小区') });
    expect((await t.get(`/api/cases/${q.body.caseId}`, changjiu)).status).toBe(200);
  });

  it.each(['cut_water', 'cut_power', 'cut_heat', 'cut_gas'])('%s is refused with the reason (422), nothing recorded', async (measure) => {
    const r = await t.send('POST', '/api/fee-collection-measures', { compoundId: await compoundId('站东新村'), measure }, nanchang);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('utility_cut_forbidden');
    expect(r.body.error.message).toContain('第九百四十四条');
    expect((await t.db.query('SELECT count(*)::int AS n FROM fee_collection_measure')).rows[0].n).toBe(0);
  });

  it('a reminder is recorded', async () => {
    expect((await t.send('POST', '/api/fee-collection-measures', { compoundId: await compoundId('站东新村'), measure: 'reminder', note: '书面催告' }, property)).status).toBe(201);
  });
});

describe('compliance', () => {
  it('a compound with nothing for the period due is overdue to the community, the street and the housing bureau; publishing clears it', async () => {
    // monthly service disclosures with no grace, so the due period is last month whatever today is
    const s = (await t.get('/api/settings', admin)).body.items.find((x: any) => x.key === 'property.disclosureObligations');
    const months = { service: 1, fees: 0, maintenance_fund: 0, common_income: 0, committee_decision: 0, committee_accounts: 0 };
    expect((await t.send('PUT', '/api/settings/property.disclosureObligations', { value: { ...s.value, months, graceDays: 0 } }, admin)).status).toBe(200);
    for (const who of [nanchang, zhandong, housing]) {
      const c = await t.get('/api/disclosures/compliance?region=360111005014', who);
      expect(c.status).toBe(200);
      const hp = c.body.items.find((i: any) => i.compoundName === '青山湖畔花园');
      expect(hp.due).toEqual([expect.objectContaining({ category: 'service', disclosed: false, overdue: true })]);
    }
    const due = (await t.get('/api/disclosures/compliance?region=360111005014', nanchang)).body.items.find((i: any) => i.compoundName === '青山湖畔花园').due[0];
    expect((await t.send('POST', '/api/disclosures', { compoundId: await compoundId('青山湖畔花园'), category: 'service', period: due.period, title: '服务事项', content: '…' }, property)).status).toBe(201);
    const after = (await t.get('/api/disclosures/compliance?region=360111005014', nanchang)).body.items.find((i: any) => i.compoundName === '青山湖畔花园');
    expect(after.overdue).toBe(0);
    expect((await t.get('/api/disclosures/compliance?region=360111005014', property)).status).toBe(403);
    await t.send('PUT', '/api/settings/property.disclosureObligations', { value: null }, admin);
  });
});
