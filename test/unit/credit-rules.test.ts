import { describe, expect, it } from 'vitest';
import { appealFilingProblem, bandFor, caseScore, localizeBreakdown, NANCHANG_STARS, recordCounts, schemeProblems, scorePoints, scoreStars, surveyScore, YANTAI_POINTS, type CreditRecord, type Scorer } from '../../src/modules/credit/rules.js';

const all = (score: number | null) => (_d: string, _s: Scorer) => ({ score, evidence: score === null ? [] : [{ kind: 'appraisal', label: 'x', value: score }] });

describe('南昌 five stars', () => {
  it.each([
    [100, '5', 'red'], [90, '5', 'red'], [89.99, '4', null], [80, '4', null], [79.99, '3', null], [70, '3', null], [69.99, '2', null], [60, '2', null], [59.99, '1', 'black'], [0, '1', 'black'],
  ])('every source at %s → %s★ (%s)', (score, grade, list) => {
    const b = scoreStars(NANCHANG_STARS, all(score));
    expect(b.total).toBe(score);
    expect(b.grade).toBe(grade);
    expect(b.list).toBe(list);
  });
  it('weights: each dimension counts by its weight, and the weighted parts add up to the total', () => {
    const by: Record<string, number> = { basic_service: 100, sanitation: 50, appearance: 0, community_building: 100, satisfaction: 80 };
    const b = scoreStars(NANCHANG_STARS, (d) => ({ score: by[d], evidence: [] }));
    expect(b.total).toBe(30 + 10 + 0 + 15 + 16);
    expect(b.dimensions.reduce((a, d) => a + d.weighted, 0)).toBeCloseTo(b.total, 6);
  });
  it('a source with no evidence: its share goes to the others, and the breakdown says so', () => {
    const b = scoreStars(NANCHANG_STARS, (d, s) => (d === 'basic_service' && s === 'cases' ? { score: null, evidence: [] } : { score: d === 'basic_service' && s === 'disclosure' ? 40 : 100, evidence: [] }));
    const basic = b.dimensions.find((d) => d.key === 'basic_service')!;
    expect(basic.score).toBe(Math.round(((0.6 * 100 + 0.15 * 40) / 0.75) * 100) / 100);
    expect(basic.evidence.some((e) => e.value === null && e.label.includes('无数据'))).toBe(true);
    expect(b.reasons.join()).toContain('按其余来源折算');
  });
  it('a dimension with no evidence at all scores 0', () => {
    const b = scoreStars(NANCHANG_STARS, (d) => ({ score: d === 'satisfaction' ? null : 100, evidence: [] }));
    expect(b.dimensions.find((d) => d.key === 'satisfaction')!.score).toBe(0);
    expect(b.total).toBe(80);
  });
});

describe('烟台 points', () => {
  const rec = (kind: 'good' | 'bad', points: number, occurredOn: string, serious = false, validDays: number | null = null): CreditRecord => ({ kind, points, serious, reason: kind, occurredOn, validDays });
  it.each([
    [80, [], 80, 'AA'], [80, [rec('good', 5, '2026-06-01')], 85, 'AAA'], [84.99, [], 80, 'AA'],
    [70, [], 70, 'A'], [69.99, [], 69.99, 'B'], [60, [], 60, 'B'], [59.99, [], 59.99, 'C'],
    [80, [rec('good', 30, '2026-01-01'), rec('good', 30, '2026-02-01')], 120, 'AAA'], // good records capped at 40
    [80, [rec('bad', 25, '2026-03-01')], 55, 'C'],
  ])('base %s with %j → %s, %s', (base, records, total, grade) => {
    const b = scorePoints(YANTAI_POINTS, { score: Math.min(base, 80), evidence: [] }, records, '2026-12-31');
    expect(b.total).toBe(Math.min(total, 120));
    expect(b.grade).toBe(grade);
  });
  it('a serious bad record blacklists regardless of the score', () => {
    const b = scorePoints(YANTAI_POINTS, { score: 80, evidence: [] }, [rec('good', 40, '2026-05-01'), rec('bad', 1, '2026-05-02', true)], '2026-12-31');
    expect(b.total).toBe(119);
    expect(b).toMatchObject({ grade: 'C', list: 'black' });
  });
  it.each([
    ['2026-12-31', '2026-01-01', null, true], ['2026-12-31', '2025-12-31', null, false], ['2026-12-31', '2026-01-02', null, true],
    ['2026-12-31', '2025-01-01', 730, true], ['2026-12-31', '2027-01-01', null, false], ['2026-12-31', '2026-12-31', null, true],
  ])('as of %s a record of %s (valid %s days) counts: %s', (asOf, on, days, yes) => {
    expect(recordCounts(rec('bad', 1, on, false, days), asOf, 365)).toBe(yes);
  });
  it('山东 variant: below 60 with no bad record is B', () => {
    const d = { ...YANTAI_POINTS, noBadRecordGrade: 'B' };
    expect(scorePoints(d, { score: 50, evidence: [] }, [], '2026-12-31').grade).toBe('B');
    expect(scorePoints(d, { score: 60, evidence: [] }, [rec('bad', 2, '2026-01-01')], '2026-12-31').grade).toBe('C');
  });
});

describe('schemes and evidence', () => {
  it('the presets are consistent', () => {
    expect(schemeProblems({ kind: 'stars', definition: NANCHANG_STARS })).toEqual([]);
    expect(schemeProblems({ kind: 'points', definition: YANTAI_POINTS })).toEqual([]);
  });
  it.each([
    [{ ...NANCHANG_STARS, dimensions: NANCHANG_STARS.dimensions.map((d, i) => (i === 0 ? { ...d, weight: 0.4 } : d)) }, 'weights add up to 1.1'],
    [{ ...NANCHANG_STARS, bands: [{ grade: '5', min: 90 }, { grade: '1', min: 10 }] }, 'lowest band starts at 0'],
    [{ ...NANCHANG_STARS, bands: [{ grade: '1', min: 0 }, { grade: '5', min: 90 }] }, 'floors must fall'],
    [{ ...NANCHANG_STARS, dimensions: NANCHANG_STARS.dimensions.map((d, i) => (i === 1 ? { ...d, sources: [{ scorer: 'street' as const, share: 0.9 }] } : d)) }, 'shares add up to 0.9'],
  ])('%# is refused: %s', (definition, message) => {
    expect(schemeProblems({ kind: 'stars', definition }).join()).toContain(message);
  });
  it.each([[[5, 5, 5], 100], [[1], 20], [[4, 5], 90], [[], null]])('survey %j → %s', (answers, score) => expect(surveyScore(answers)).toBe(score));
  it.each([
    [{ responseRate: null, resolutionRate: null, satisfactionRate: null, onTimeRate: null }, null],
    [{ responseRate: null, resolutionRate: null, satisfactionRate: null, onTimeRate: 0.9 }, 90], // nothing called back yet
    [{ responseRate: 1, resolutionRate: 0.8, satisfactionRate: 0.6, onTimeRate: 0.8 }, 80],
    [{ responseRate: 0.9372, resolutionRate: null, satisfactionRate: 0.7582, onTimeRate: null }, 84.77], // RULES' worked rates, two defined
    [{ responseRate: 0, resolutionRate: 0, satisfactionRate: 0, onTimeRate: 0 }, 0],
  ])('cases %j → %s', (f, score) => expect(caseScore(f)).toBe(score));
  it('bands: the floor belongs to the band', () => expect(bandFor(NANCHANG_STARS.bands, 90).grade).toBe('5'));
});

describe('appeal window', () => {
  it.each([
    ['open', '2026-12-31', '2026-11-28', 'appeal_not_published'],
    ['computed', '2026-12-31', '2026-11-28', 'appeal_not_published'],
    ['published', '2026-12-08', '2026-11-28', null],
    ['published', '2026-11-28', '2026-11-28', null], // the last day counts
    ['published', '2026-11-27', '2026-11-28', 'appeal_window_closed'],
    ['published', null, '2026-11-28', 'appeal_window_closed'],
    ['fixed', '2026-12-31', '2026-11-28', 'appeal_window_closed'],
  ])('%s, window until %s, today %s → %s', (state, appealUntil, today, expected) => {
    expect(appealFilingProblem({ state, appealUntil }, today)).toBe(expected);
  });
});

describe('breakdowns in two languages', () => {
  const b = scoreStars(NANCHANG_STARS, (d, s) => (d === 'satisfaction' || s === 'cases' ? { score: null, evidence: [] } : { score: 90, evidence: [{ kind: 'appraisal', label: `${s}评分`, value: 90, en: { label: `${s} appraisal` } }] }));
  it('Chinese by default, with no English left in', () => {
    const zh = localizeBreakdown(b, 'zh-CN');
    expect(zh.dimensions[0].name).toBe('基础服务');
    expect(zh.reasons.join()).toContain('业主满意度：无任何评价数据');
    expect(JSON.stringify(zh)).not.toMatch(/"en"|reasonsEn|nameEn/);
  });
  it('English: names, labels, details, reasons and the consequence', () => {
    const en = localizeBreakdown(b, 'en');
    expect(en.dimensions.map((d) => d.name)).toEqual(['Basic service', 'Sanitation', 'Appearance of the compound', 'Part in community building', 'Owners\' satisfaction']);
    expect(en.dimensions[0].evidence[0]).toMatchObject({ label: 'housing_bureau appraisal', detail: '60% of this dimension' });
    expect(en.dimensions[0].evidence.find((e) => e.kind === 'cases')).toMatchObject({ label: 'Cases in the compounds served: no data' });
    expect(en.reasons).toContain('Owners\' satisfaction: no evidence at all; it scores 0');
    expect(en.consequence).toBe('A star plaque');
    expect(JSON.stringify(en)).not.toMatch(/[\u4e00-\u9fff]/);
  });
  it('a breakdown stored before it had English reads in Chinese, names from the built-in list', () => {
    const old = JSON.parse(JSON.stringify(b, (k, v) => (k === 'en' || k === 'reasonsEn' || k === 'nameEn' || k === 'consequenceEn' ? undefined : v)));
    const en = localizeBreakdown(old, 'en');
    expect(en.dimensions[0].name).toBe('Basic service');
    expect(en.reasons[0]).toMatch(/[\u4e00-\u9fff]/);
  });
});
