/** Credit ratings through HTTP: schemes, a period run end to end, evidence traced, the public lists (issue #5). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type Session, type TestApp } from '../support/app.js';

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
  it('one response per household per period', async () => {
    const stars = (await t.get('/api/credit-schemes', zhandong)).body.items.find((s: any) => s.code === 'nanchang-stars');
    const p = await t.send('POST', '/api/credit-periods', { schemeId: stars.id, regionCode: '360111005', name: '站东 2026', startsOn: '2026-01-01', endsOn: '2026-12-31' }, zhandong);
    expect(p.status).toBe(201);
    const open = (await t.get('/api/credit-surveys/open', changjiu)).body.items;
    const item = open.find((i: any) => i.periodId === p.body.id && i.compoundName === '昌九小区');
    expect(item).toMatchObject({ companyName: '南昌红心物业服务有限公司', answered: false });
    const a = await t.send('POST', `/api/credit-periods/${p.body.id}/survey`, { companyId: item.companyId, compoundId: item.compoundId, score: 4 }, changjiu);
    expect(a.status).toBe(201);
    const again = await t.send('POST', `/api/credit-periods/${p.body.id}/survey`, { companyId: item.companyId, compoundId: item.compoundId, score: 1 }, changjiu, { 'accept-language': 'en' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('survey_already_answered');
    expect((await t.db.query('SELECT count(*)::int AS n FROM credit_survey WHERE period_id = $1', [p.body.id])).rows[0].n).toBe(1);
    expect((await t.send('POST', `/api/credit-periods/${p.body.id}/survey`, { companyId: item.companyId, compoundId: item.compoundId, score: 6 }, changjiu)).status).toBe(400);
    expect((await t.get('/api/credit-surveys/open', changjiu)).body.items.find((i: any) => i.periodId === p.body.id && i.compoundName === '昌九小区').answered).toBe(true);
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
