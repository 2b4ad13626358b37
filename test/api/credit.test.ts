/** Credit ratings through HTTP: schemes, a period run end to end, evidence traced, the public lists (issue #5). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/modules/accounts/accounts.js';
import { demoIdNumber } from '../../src/modules/people/demo-homes.js';
import { DEMO_HOMES } from '../../src/modules/property/demo.js';
import { DEMO_PASSWORD, testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let chaonong: Session, housing: Session, admin: Session, nanchang: Session, zhandong: Session, changjiu: Session, property: Session;
beforeAll(async () => {
  t = await testApp();
  [chaonong, housing, admin, nanchang, zhandong, changjiu, property] = await Promise.all(['chaonong', 'housing', 'admin', 'nanchang', 'zhandong', 'changjiu', 'property'].map((u) => t.login(u)));
});
afterAll(() => t.close());

describe('the demo publishes 朝农街道\'s 2025 list', () => {
  it('is public, newest first, with red and black entries whose scores are explained down to the evidence', async () => {
    const r = await t.get('/api/public/credit-lists?region=360103013', null);
    expect(r.status).toBe(200);
    expect(r.body.periods).toHaveLength(1);
    const p = r.body.periods[0];
    expect(p.period).toBe('2025 年度物业服务企业信用评价');
    expect(p.red.length).toBeGreaterThan(0);
    expect(p.black.length).toBeGreaterThan(0);
    for (const e of [...p.red, ...p.black]) expect(Object.keys(e)).toEqual(expect.arrayContaining(['company', 'creditCode', 'grade', 'score']));
    expect(p.red.every((e: any) => e.grade === '5' && e.score >= 90)).toBe(true);
    expect(p.black.every((e: any) => e.grade === '1' && e.score < 60)).toBe(true);
    const b = await t.get(`/api/public/credit-lists/${p.periodId}/companies/${p.red[0].companyId}`, null);
    expect(b.status).toBe(200);
    const dims = b.body.breakdown.dimensions;
    expect(dims.map((d: any) => d.name)).toEqual(['基础服务', '环境卫生', '小区容貌', '参与社区建设', '业主满意度']);
    expect(dims.reduce((a: number, d: any) => a + d.weighted, 0)).toBeCloseTo(b.body.score, 1);
    const kinds = dims.flatMap((d: any) => d.evidence.map((e: any) => e.kind));
    expect(kinds).toEqual(expect.arrayContaining(['appraisal', 'survey', 'cases', 'disclosure']));
    // nothing personal in the public answer
    expect(JSON.stringify(b.body)).not.toMatch(/demo:|household/);
    // in English, the explanation is English (the appraisers' own notes stay as they wrote them)
    const en = await t.get(`/api/public/credit-lists/${p.periodId}/companies/${p.red[0].companyId}`, null, { 'accept-language': 'en' });
    expect(en.body.breakdown.dimensions.map((d: any) => d.name)).toEqual(['Basic service', 'Sanitation', 'Appearance of the compound', 'Part in community building', 'Owners\' satisfaction']);
    const labels = en.body.breakdown.dimensions.flatMap((d: any) => d.evidence.map((e: any) => e.label));
    expect(labels).toEqual(expect.arrayContaining(['District housing bureau\'s appraisal', 'Owners\' satisfaction survey', 'Cases in the compounds served', 'Disclosures due']));
    expect(en.body.breakdown.consequence).toBe('On the red list; a star plaque');
  });
});

describe('running a period', () => {
  let periodId: number;
  let companyId: number;
  it('the street opens a period; each appraiser scores only its own dimension, within its band', async () => {
    const schemes = (await t.get('/api/credit-schemes', chaonong)).body.items;
    const stars = schemes.find((s: any) => s.code === 'nanchang-stars');
    const p = await t.send('POST', '/api/credit-periods', { schemeId: stars.id, regionCode: '360103013', name: '2026 年度评价', startsOn: '2026-01-01', endsOn: '2026-12-31' }, chaonong);
    expect(p.status).toBe(201);
    expect(p.body.state).toBe('open');
    periodId = p.body.id;
    companyId = p.body.companies[0].companyId;
    const ok = await t.send('PUT', `/api/credit-periods/${periodId}/appraisals`, { companyId, dimension: 'sanitation', score: 88.5 }, chaonong);
    expect(ok.status).toBe(200);
    const notMine = await t.send('PUT', `/api/credit-periods/${periodId}/appraisals`, { companyId, dimension: 'basic_service', score: 80 }, chaonong);
    expect(notMine.status).toBe(403);
    expect(notMine.body.error.code).toBe('appraisal_not_yours');
    expect(notMine.body.error.message).toContain('基础服务');
    for (const score of [-1, 100.5, 101, 12.345]) {
      const bad = await t.send('PUT', `/api/credit-periods/${periodId}/appraisals`, { companyId, dimension: 'basic_service', score }, housing);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('score_out_of_band');
    }
    expect((await t.send('PUT', `/api/credit-periods/${periodId}/appraisals`, { companyId, dimension: 'basic_service', score: 91 }, housing)).status).toBe(200);
    expect((await t.send('PUT', `/api/credit-periods/${periodId}/appraisals`, { companyId, dimension: 'nonsense', score: 91 }, housing)).body.error.code).toBe('dimension_unknown');
    expect((await t.send('PUT', `/api/credit-periods/${periodId}/appraisals`, { companyId, dimension: 'sanitation', score: 80 }, zhandong)).status).toBe(404);
  });

  it('computes, shows each score\'s breakdown, publishes with an appeal window, and fixes only after it', async () => {
    expect((await t.send('POST', `/api/credit-periods/${periodId}/publish`, { appealDays: 10 }, chaonong)).body.error.code).toBe('period_state');
    const c = await t.send('POST', `/api/credit-periods/${periodId}/compute`, undefined, chaonong);
    expect(c.status).toBe(200);
    expect(c.body.state).toBe('computed');
    const co = c.body.companies.find((x: any) => x.companyId === companyId);
    expect(co.breakdown.dimensions.find((d: any) => d.key === 'sanitation').score).toBe(88.5);
    expect(co.breakdown.reasons.join()).toContain('无任何评价数据');
    const pub = await t.send('POST', `/api/credit-periods/${periodId}/publish`, { appealDays: 10 }, chaonong);
    expect(pub.body.state).toBe('published');
    expect((await t.send('PUT', `/api/credit-periods/${periodId}/appraisals`, { companyId, dimension: 'sanitation', score: 10 }, chaonong)).body.error.code).toBe('period_state');
    const fix = await t.send('POST', `/api/credit-periods/${periodId}/fix`, undefined, chaonong);
    expect(fix.status).toBe(409);
    expect(fix.body.error.code).toBe('appeal_window_open');
    const lists = (await t.get('/api/public/credit-lists?region=360103013', null)).body.periods;
    expect(lists.map((p: any) => p.period)).toEqual(['2026 年度评价', '2025 年度物业服务企业信用评价']);
  });
});

describe('the residents\' survey', () => {
  it('needs the account bound to a household, and takes one response per household per company per period', async () => {
    const stars = (await t.get('/api/credit-schemes', zhandong)).body.items.find((s: any) => s.code === 'nanchang-stars');
    const p = await t.send('POST', '/api/credit-periods', { schemeId: stars.id, regionCode: '360111005', name: '站东 2026', startsOn: '2026-01-01', endsOn: '2026-12-31' }, zhandong);
    expect(p.status).toBe(201);
    // not bound yet: nothing to answer, and an answer is refused with the reason
    expect((await t.get('/api/credit-surveys/open', changjiu)).body).toEqual({ household: { bound: false, compound: null }, items: [] });
    const hongxin = p.body.companies.find((c: any) => c.name === '南昌红心物业服务有限公司');
    const unbound = await t.send('POST', `/api/credit-periods/${p.body.id}/survey`, { companyId: hongxin.companyId, score: 4 }, changjiu);
    expect(unbound.status).toBe(409);
    expect(unbound.body.error.code).toBe('survey_household_required');
    expect((await t.send('PUT', '/api/me/household', DEMO_HOMES.changjiu, changjiu)).status).toBe(200);

    const open = (await t.get('/api/credit-surveys/open', changjiu)).body;
    expect(open.household.compound.name).toBe('昌九小区');
    expect(open.items).toHaveLength(1);
    const item = open.items.find((i: any) => i.periodId === p.body.id);
    expect(item).toMatchObject({ companyName: '南昌红心物业服务有限公司', compoundName: '昌九小区', answered: false });
    // a company that does not serve the household's compound cannot be rated by it
    const anju = p.body.companies.find((c: any) => c.name === '南昌安居物业管理有限公司');
    expect((await t.send('POST', `/api/credit-periods/${p.body.id}/survey`, { companyId: anju.companyId, score: 1 }, changjiu)).body.error.code).toBe('survey_not_your_compound');
    const a = await t.send('POST', `/api/credit-periods/${p.body.id}/survey`, { companyId: item.companyId, compoundId: item.compoundId, score: 4 }, changjiu);
    expect(a.status).toBe(201);
    const again = await t.send('POST', `/api/credit-periods/${p.body.id}/survey`, { companyId: item.companyId, score: 1 }, changjiu, { 'accept-language': 'en' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('survey_already_answered');
    expect((await t.send('POST', `/api/credit-periods/${p.body.id}/survey`, { companyId: item.companyId, score: 6 }, changjiu)).status).toBe(400);
    expect((await t.get('/api/credit-surveys/open', changjiu)).body.items.find((i: any) => i.periodId === p.body.id).answered).toBe(true);

    // another member of the same household, on their own account: the household has answered
    const { rows: [h] } = await t.db.query(`SELECT r.household_id FROM resident_account ra JOIN resident r ON r.id = ra.resident_id JOIN account a ON a.id = ra.account_id WHERE a.username = 'changjiu'`);
    const spouseId = demoIdNumber('360111', '1980-05-12', 22);
    const spouse = await t.send('POST', '/api/residents', { name: '陈小梅', idNumber: spouseId, householdId: Number(h.household_id), relation: 'member', movedIn: '2015-06-01' }, nanchang);
    expect(spouse.status).toBe(201);
    await t.db.tx((tx) => createAccount(tx, { username: 'changjiu2', displayName: '昌九小区业主家属', password: DEMO_PASSWORD, roles: [{ role: 'resident', regionCode: '360111005014' }] }));
    const s2 = await t.login('changjiu2');
    expect((await t.send('PUT', '/api/me/household', { name: '陈小梅', idNumber: spouseId }, s2)).status).toBe(200);
    const second = await t.send('POST', `/api/credit-periods/${p.body.id}/survey`, { companyId: item.companyId, score: 2 }, s2);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('survey_already_answered');
    expect((await t.db.query('SELECT count(*)::int AS n FROM credit_survey WHERE period_id = $1', [p.body.id])).rows[0].n).toBe(1);
  });
});

describe('appeals', () => {
  let periodId: number, wuye: Session, companyId: number;
  beforeAll(async () => {
    wuye = await t.login('wufangwuye');
    const stars = (await t.get('/api/credit-schemes', chaonong)).body.items.find((s: any) => s.code === 'nanchang-stars');
    const p = (await t.send('POST', '/api/credit-periods', { schemeId: stars.id, regionCode: '360103013', name: '申诉测试期', startsOn: '2026-01-01', endsOn: '2026-06-30' }, chaonong)).body;
    periodId = p.id;
    companyId = (await t.db.query(`SELECT ca.company_id FROM body_account ca JOIN account a ON a.id = ca.account_id WHERE a.username = 'wufangwuye'`)).rows[0].company_id;
    companyId = Number(companyId);
    expect((await t.send('PUT', `/api/credit-periods/${periodId}/appraisals`, { companyId, dimension: 'sanitation', score: 40, note: '巡查发现垃圾堆放' }, chaonong)).status).toBe(200);
  });

  it('can be filed only by the company\'s own staff, against a published result, in the window, once', async () => {
    const early = await t.send('POST', `/api/credit-periods/${periodId}/appeals`, { reason: '环境卫生评分与实际不符，已提供整改照片。' }, wuye);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('appeal_not_published');
    expect((await t.send('POST', `/api/credit-periods/${periodId}/compute`, undefined, chaonong)).status).toBe(200);
    expect((await t.send('POST', `/api/credit-periods/${periodId}/publish`, { appealDays: 10 }, chaonong)).status).toBe(200);
    expect((await t.send('POST', `/api/credit-periods/${periodId}/appeals`, { reason: '太短' }, wuye)).body.error.code).toBe('appeal_reason_short');
    expect((await t.send('POST', `/api/credit-periods/${periodId}/appeals`, { reason: '环境卫生评分与实际不符，已提供整改照片。', dimension: 'nonsense' }, wuye)).body.error.code).toBe('dimension_unknown');
    // property staff with no company link; the `property` account's 昌九社区 is outside this period
    await t.db.tx((tx) => createAccount(tx, { username: 'wufang-nolink', displayName: '未关联企业的物业人员', password: DEMO_PASSWORD, roles: [{ role: 'property_staff', regionCode: '360103013001' }] }));
    const nolink = await t.send('POST', `/api/credit-periods/${periodId}/appeals`, { reason: '环境卫生评分与实际不符，已提供整改照片。' }, await t.login('wufang-nolink'));
    expect(nolink.status).toBe(403);
    expect(nolink.body.error.code).toBe('account_no_company');
    expect((await t.send('POST', `/api/credit-periods/${periodId}/appeals`, { reason: '环境卫生评分与实际不符，已提供整改照片。' }, property)).status).toBe(404);
    const filed = await t.send('POST', `/api/credit-periods/${periodId}/appeals`, { reason: '环境卫生评分与实际不符，已提供整改照片。', dimension: 'sanitation' }, wuye);
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ companyId, state: 'pending', dimension: 'sanitation' });
    const twice = await t.send('POST', `/api/credit-periods/${periodId}/appeals`, { reason: '再次申诉环境卫生评分问题。' }, wuye, { 'accept-language': 'en' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('appeal_already_filed');
    expect(twice.body.error.message).toMatch(/^Your company/);
    // the company sees its own appeal; the street sees all; the public list marks it under appeal
    const mine = (await t.get(`/api/credit-periods/${periodId}/appeals`, wuye)).body;
    expect(mine.items).toHaveLength(1);
    expect(mine.canFile).toBe(false);
    expect((await t.get(`/api/credit-periods/${periodId}/appeals`, chaonong)).body.items).toHaveLength(1);
    const detail = (await t.get(`/api/credit-periods/${periodId}`, chaonong)).body.companies.find((c: any) => c.companyId === companyId);
    expect(detail.appeal).toBe('pending');
    expect(detail.figures).toHaveProperty('disclosure');
    // the result cannot be fixed while an appeal is pending (nor before the window ends)
    await t.db.query(`UPDATE credit_period SET appeal_until = CURRENT_DATE - 1 WHERE id = $1`, [periodId]);
    const fix = await t.send('POST', `/api/credit-periods/${periodId}/fix`, undefined, chaonong);
    expect(fix.status).toBe(409);
    expect(fix.body.error.code).toBe('appeals_pending');
    // and a closed window refuses new appeals
    expect((await t.get(`/api/credit-periods/${periodId}/appeals`, wuye)).body.canFile).toBe(false);
  });

  it('is decided by the period\'s managers: upheld corrects the appraisal and recomputes the company\'s score, traceably', async () => {
    const a = (await t.get(`/api/credit-periods/${periodId}/appeals`, chaonong)).body.items[0];
    const before = (await t.get(`/api/credit-periods/${periodId}`, chaonong)).body.companies.find((c: any) => c.companyId === companyId);
    expect((await t.send('POST', `/api/credit-appeals/${a.id}/decision`, { decision: 'upheld', reply: '复核属实，但未附更正' }, chaonong)).body.error.code).toBe('appeal_corrections_required');
    expect((await t.send('POST', `/api/credit-appeals/${a.id}/decision`, { decision: 'rejected', reply: '维持原评分结果', corrections: [{ dimension: 'sanitation', scorer: 'street', score: 80 }] }, chaonong)).body.error.code).toBe('appeal_corrections_unexpected');
    const bad = await t.send('POST', `/api/credit-appeals/${a.id}/decision`, { decision: 'upheld', reply: '复核属实，更正评分', corrections: [{ dimension: 'sanitation', scorer: 'street', score: 80 }, { dimension: 'sanitation', scorer: 'housing_bureau', score: 80 }] }, chaonong);
    expect(bad.status).toBe(403);
    expect(bad.body.error.details[0].field).toBe('corrections[1].scorer');
    expect((await t.send('POST', `/api/credit-appeals/${a.id}/decision`, { decision: 'upheld', reply: '复核属实，更正评分', corrections: [{ dimension: 'sanitation', scorer: 'street', score: 101 }] }, chaonong)).body.error.code).toBe('score_out_of_band');
    // nothing was half-written by the refused decisions
    expect((await t.db.query(`SELECT score::float8 AS s FROM credit_appraisal WHERE period_id = $1 AND company_id = $2 AND dimension = 'sanitation'`, [periodId, companyId])).rows[0].s).toBe(40);
    expect((await t.send('POST', `/api/credit-appeals/${a.id}/decision`, { decision: 'rejected', reply: '维持原评' }, wuye)).status).toBe(403);
    const ok = await t.send('POST', `/api/credit-appeals/${a.id}/decision`, { decision: 'upheld', reply: '复核属实：整改照片与巡查记录相符，更正环境卫生评分。', corrections: [{ dimension: 'sanitation', scorer: 'street', score: 80 }] }, chaonong);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ state: 'upheld', scoreBefore: before.score });
    expect(ok.body.scoreAfter).toBeCloseTo(before.score + 0.2 * 40, 2);
    const after = (await t.get(`/api/credit-periods/${periodId}`, chaonong)).body.companies.find((c: any) => c.companyId === companyId);
    expect(after.score).toBe(ok.body.scoreAfter);
    expect(after.breakdown.reasons.join()).toContain('经申诉复核更正');
    expect(after.appeal).toBe('upheld');
    expect((await t.send('POST', `/api/credit-appeals/${a.id}/decision`, { decision: 'rejected', reply: '维持原评' }, chaonong)).body.error.code).toBe('appeal_decided');
    // the public breakdown carries the decision; the result can now be fixed
    const pub = (await t.get(`/api/public/credit-lists/${periodId}/companies/${companyId}`, null)).body;
    expect(pub.appeal).toMatchObject({ state: 'upheld' });
    expect((await t.send('POST', `/api/credit-periods/${periodId}/fix`, undefined, chaonong)).status).toBe(200);
    const late = await t.send('POST', `/api/credit-periods/${periodId}/appeals`, { reason: '确定后再申诉环境卫生评分。' }, wuye);
    expect(late.body.error.code).toBe('appeal_window_closed');
  });
});

describe('who rates', () => {
  it('a department takes part only as the housing bureau: other departments\' staff neither appraise nor run periods', async () => {
    await t.db.tx(async (tx) => {
      const id = await createAccount(tx, { username: 'qsh-cgj', displayName: '青山湖区城市管理局', password: DEMO_PASSWORD, roles: [{ role: 'department_staff', regionCode: '360111' }] });
      await tx.query(`INSERT INTO department_member (account_id, department_id) SELECT $1, id FROM department WHERE region_code = '360111' AND kind = 'urban_management'`, [id]);
    });
    const cgj = await t.login('qsh-cgj');
    const stars = (await t.get('/api/credit-schemes', zhandong)).body.items.find((s: any) => s.code === 'nanchang-stars');
    const refused = await t.send('POST', '/api/credit-periods', { schemeId: stars.id, regionCode: '360111005', name: '城管局试开', startsOn: '2026-01-01', endsOn: '2026-06-30' }, cgj);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_housing_bureau');
    const p = (await t.send('POST', '/api/credit-periods', { schemeId: stars.id, regionCode: '360111005', name: '站东半年', startsOn: '2026-01-01', endsOn: '2026-06-30' }, zhandong)).body;
    const companyId = p.companies[0].companyId;
    const a = await t.send('PUT', `/api/credit-periods/${p.id}/appraisals`, { companyId, dimension: 'basic_service', score: 90 }, cgj);
    expect(a.status).toBe(403);
    expect(a.body.error.code).toBe('appraisal_not_yours');
    expect((await t.send('POST', `/api/credit-periods/${p.id}/compute`, undefined, cgj)).body.error.code).toBe('not_housing_bureau');
    // the city housing bureau scores 基础服务 there
    expect((await t.send('PUT', `/api/credit-periods/${p.id}/appraisals`, { companyId, dimension: 'basic_service', score: 90 }, housing)).status).toBe(200);
  });
});

describe('schemes are data', () => {
  it('a new version must be consistent; weights that do not add up are refused', async () => {
    const s = (await t.get('/api/credit-schemes', admin)).body.items.find((x: any) => x.code === 'nanchang-stars');
    const bad = structuredClone(s.definition);
    bad.dimensions[0].weight = 0.5;
    const r = await t.send('POST', '/api/credit-schemes', { code: 'nanchang-stars', name: s.name, kind: 'stars', definition: bad }, admin);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('scheme_invalid');
    const good = structuredClone(s.definition);
    good.dimensions[0].weight = 0.25; good.dimensions[4].weight = 0.25;
    const v2 = await t.send('POST', '/api/credit-schemes', { code: 'nanchang-stars', name: `${s.name}（2027 版）`, kind: 'stars', definition: good }, admin);
    expect(v2.status).toBe(201);
    expect(v2.body.version).toBe(2);
    expect((await t.send('POST', '/api/credit-schemes', { code: 'x1', name: 'x', kind: 'stars', definition: good }, chaonong)).status).toBe(403);
  });

  it('the 烟台 preset: a serious bad record blacklists whatever the score', async () => {
    const y = (await t.get('/api/credit-schemes', chaonong)).body.items.find((x: any) => x.code === 'yantai-points');
    const p = (await t.send('POST', '/api/credit-periods', { schemeId: y.id, regionCode: '360103013', name: '烟台法试评', startsOn: '2026-01-01', endsOn: '2026-06-30' }, chaonong)).body;
    const [a, b] = p.companies;
    for (const c of [a, b]) expect((await t.send('PUT', `/api/credit-periods/${p.id}/appraisals`, { companyId: c.companyId, dimension: 'base', score: 80 }, housing)).status).toBe(200);
    expect((await t.send('PUT', `/api/credit-periods/${p.id}/appraisals`, { companyId: a.companyId, dimension: 'base', score: 81 }, housing)).body.error.code).toBe('score_out_of_band');
    expect((await t.send('POST', '/api/credit-records', { companyId: a.companyId, kind: 'good', points: 10, reason: '获评市级物业服务示范项目', occurredOn: '2026-03-01' }, chaonong)).status).toBe(201);
    expect((await t.send('POST', '/api/credit-records', { companyId: b.companyId, kind: 'bad', points: 5, serious: true, reason: '擅自停止供水催缴物业费', occurredOn: '2026-04-01' }, chaonong)).status).toBe(201);
    expect((await t.send('POST', '/api/credit-records', { companyId: b.companyId, kind: 'good', points: 5, serious: true, reason: '表扬', occurredOn: '2026-04-01' }, chaonong)).body.error.code).toBe('record_invalid');
    const c = (await t.send('POST', `/api/credit-periods/${p.id}/compute`, undefined, chaonong)).body.companies;
    expect(c.find((x: any) => x.companyId === a.companyId)).toMatchObject({ score: 90, grade: 'AAA', list: 'red' });
    expect(c.find((x: any) => x.companyId === b.companyId)).toMatchObject({ score: 75, grade: 'C', list: 'black' });
  });
});
