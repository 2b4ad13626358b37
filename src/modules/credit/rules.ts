/**
 * Credit rating of property companies (RULES.md, "Owners and property"), pure:
 *  - 南昌 five-star model ('stars'): dimensions 基础服务, 环境卫生, 小区容貌, 参与社区建设, 业主满意度,
 *    each 0–100 from its sources (the district housing bureau, the street office, the community
 *    party organisation's appraisal, the owners' survey, case figures, disclosure compliance),
 *    weighted; 1–5 stars by bands; 5★ red list, 1★ black list.
 *  - 烟台 points model ('points'): base ≤ 80 + good records (≤ 40 in all) − bad records;
 *    AAA ≥ 85, AA ≥ 80, A ≥ 70, B ≥ 60, C < 60; a serious bad record blacklists whatever the
 *    score; a record counts for 365 days unless it says otherwise; 山东 variant: < 60 with no bad
 *    record is B.
 * A scheme is data (versioned in the database); these functions check and apply it.
 */
export type Scorer = 'housing_bureau' | 'street' | 'community_party_org' | 'owners' | 'cases' | 'disclosure';
export const APPRAISERS: readonly Scorer[] = ['housing_bureau', 'street', 'community_party_org'];
export const SCORER_NAMES: Record<Scorer, string> = {
  housing_bureau: '区住房保障和房产管理部门', street: '街道办事处', community_party_org: '社区党组织评议',
  owners: '业主满意度测评', cases: '小区案件办理情况', disclosure: '物业公示履行情况',
};

export const SCORER_NAMES_EN: Record<Scorer, string> = {
  housing_bureau: 'District housing bureau', street: 'Street office', community_party_org: 'Community party organisation',
  owners: 'Owners\' satisfaction survey', cases: 'Cases in the compounds served', disclosure: 'Disclosures made',
};

export interface Band { grade: string; min: number; list?: 'red' | 'black' | null; consequence?: string; consequenceEn?: string; }
export interface StarsDefinition {
  dimensions: { key: string; name: string; nameEn?: string; weight: number; sources: { scorer: Scorer; share: number }[] }[];
  bands: Band[];
}
export interface PointsDefinition {
  baseMax: number; goodMax: number; recordValidityDays: number; seriousBlacklists: boolean;
  /** 山东 variant: a score below the lowest band's floor with no bad record gets this grade instead */
  noBadRecordGrade: string | null;
  bands: Band[];
}
export type Scheme = { kind: 'stars'; definition: StarsDefinition } | { kind: 'points'; definition: PointsDefinition };

export const NANCHANG_STARS: StarsDefinition = {
  dimensions: [
    { key: 'basic_service', name: '基础服务', nameEn: 'Basic service', weight: 0.3, sources: [{ scorer: 'housing_bureau', share: 0.6 }, { scorer: 'cases', share: 0.25 }, { scorer: 'disclosure', share: 0.15 }] },
    { key: 'sanitation', name: '环境卫生', nameEn: 'Sanitation', weight: 0.2, sources: [{ scorer: 'street', share: 1 }] },
    { key: 'appearance', name: '小区容貌', nameEn: 'Appearance of the compound', weight: 0.15, sources: [{ scorer: 'street', share: 1 }] },
    { key: 'community_building', name: '参与社区建设', nameEn: 'Part in community building', weight: 0.15, sources: [{ scorer: 'community_party_org', share: 1 }] },
    { key: 'satisfaction', name: '业主满意度', nameEn: 'Owners\' satisfaction', weight: 0.2, sources: [{ scorer: 'owners', share: 1 }] },
  ],
  bands: [
    { grade: '5', min: 90, list: 'red', consequence: '列入红榜，授予星级牌匾', consequenceEn: 'On the red list; a star plaque' },
    { grade: '4', min: 80, consequence: '授予星级牌匾', consequenceEn: 'A star plaque' },
    { grade: '3', min: 70, consequence: '授予星级牌匾', consequenceEn: 'A star plaque' },
    { grade: '2', min: 60, consequence: '约谈指导', consequenceEn: 'A guidance talk' },
    { grade: '1', min: 0, list: 'black', consequence: '列入黑榜，警示约谈，增加检查频次', consequenceEn: 'On the black list; a warning talk and more inspections' },
  ],
};

export const YANTAI_POINTS: PointsDefinition = {
  baseMax: 80, goodMax: 40, recordValidityDays: 365, seriousBlacklists: true, noBadRecordGrade: null,
  bands: [
    { grade: 'AAA', min: 85, list: 'red', consequence: '守信激励', consequenceEn: 'Rewarded for keeping faith' },
    { grade: 'AA', min: 80 }, { grade: 'A', min: 70 }, { grade: 'B', min: 60 },
    { grade: 'C', min: 0, list: 'black', consequence: '失信惩戒，重点监管', consequenceEn: 'Penalised for breaking faith; closely supervised' },
  ],
};

const EPS = 1e-9;
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Problems of a scheme definition (empty when it can be used). */
export function schemeProblems(s: Scheme): string[] {
  const out: string[] = [];
  const bands = s.definition.bands;
  if (!bands?.length) out.push('bands: at least one band');
  else {
    for (let i = 1; i < bands.length; i++) if (!(bands[i].min < bands[i - 1].min)) out.push(`bands[${i}]: the floors must fall from the top band down`);
    if (bands[bands.length - 1].min !== 0) out.push('bands: the lowest band starts at 0');
    if (new Set(bands.map((b) => b.grade)).size !== bands.length) out.push('bands: grades must differ');
  }
  if (s.kind === 'stars') {
    const d = s.definition;
    if (!d.dimensions?.length) out.push('dimensions: at least one');
    const total = d.dimensions.reduce((a, x) => a + x.weight, 0);
    if (Math.abs(total - 1) > EPS) out.push(`dimensions: the weights add up to ${round2(total)}, not 1`);
    for (const [i, x] of d.dimensions.entries()) {
      if (!(x.weight > 0)) out.push(`dimensions[${i}].weight: above 0`);
      const shares = x.sources.reduce((a, y) => a + y.share, 0);
      if (!x.sources.length || Math.abs(shares - 1) > EPS) out.push(`dimensions[${i}].sources: the shares add up to ${round2(shares)}, not 1`);
    }
    if (new Set(d.dimensions.map((x) => x.key)).size !== d.dimensions.length) out.push('dimensions: keys must differ');
    if (bands?.some((b) => b.min > 100)) out.push('bands: floors are at most 100');
  } else {
    const d = s.definition;
    if (!(d.baseMax > 0)) out.push('baseMax: above 0');
    if (!(d.goodMax >= 0)) out.push('goodMax: 0 or more');
    if (!(d.recordValidityDays > 0)) out.push('recordValidityDays: above 0');
  }
  return out;
}

/** The largest score an appraiser may give in a dimension ('base' for points schemes). */
export function appraisalMax(s: Scheme, dimension: string): number | null {
  if (s.kind === 'points') return dimension === 'base' ? s.definition.baseMax : null;
  return s.definition.dimensions.some((d) => d.key === dimension) ? 100 : null;
}

/** Which appraisers score a dimension. */
export function appraisersOf(s: Scheme, dimension: string): Scorer[] {
  if (s.kind === 'points') return dimension === 'base' ? ['housing_bureau'] : [];
  return (s.definition.dimensions.find((d) => d.key === dimension)?.sources ?? []).map((x) => x.scorer).filter((x) => APPRAISERS.includes(x));
}

export function bandFor(bands: Band[], score: number): Band {
  return bands.find((b) => score >= b.min - EPS) ?? bands[bands.length - 1];
}

/** One piece of evidence; `label` and `detail` are Chinese, `en` the same in English (see localizeBreakdown). */
export interface Evidence { kind: string; label: string; value: string | number | null; detail?: string; en?: { label: string; detail?: string }; }

/** What a source scored (0–100) in a dimension and why; a source with no evidence has score null. */
export type SourceScore = { score: number | null; evidence: Evidence[] };
export type SourceScores = (dimension: string, scorer: Scorer) => SourceScore | undefined;

export interface Breakdown {
  total: number; grade: string; list: 'red' | 'black' | null; consequence: string | null; consequenceEn?: string | null;
  dimensions: { key: string; name: string; nameEn?: string; weight: number; score: number; weighted: number; evidence: Evidence[] }[];
  records: { kind: 'good' | 'bad'; points: number; serious: boolean; reason: string; occurredOn: string; counted: boolean }[];
  reasons: string[];
  reasonsEn?: string[];
}

/** Dimension names in English where a scheme gives none (schemes stored before names had two languages). */
const DIMENSION_EN: Record<string, string> = {
  basic_service: 'Basic service', sanitation: 'Sanitation', appearance: 'Appearance of the compound', community_building: 'Part in community building',
  satisfaction: 'Owners\' satisfaction', base: 'Base score', good: 'Good records', bad: 'Bad records',
};

/**
 * A breakdown as one language reads it: in English, each label, detail, reason, dimension name and
 * consequence is its English text (the Chinese where none was kept); the other language's texts are left out.
 */
export function localizeBreakdown(b: Breakdown, lang: 'zh-CN' | 'en'): Breakdown {
  const en = lang === 'en';
  return {
    ...b,
    consequence: en ? (b.consequenceEn ?? b.consequence) : b.consequence,
    consequenceEn: undefined,
    dimensions: b.dimensions.map(({ nameEn, ...d }) => ({
      ...d,
      name: en ? (nameEn ?? DIMENSION_EN[d.key] ?? d.name) : d.name,
      evidence: d.evidence.map(({ en: e, ...x }) => (en && e ? { ...x, label: e.label, ...(e.detail !== undefined ? { detail: e.detail } : {}) } : x)),
    })),
    reasons: en ? (b.reasonsEn ?? b.reasons) : b.reasons,
    reasonsEn: undefined,
  };
}

/**
 * Stars: each dimension = Σ share × source score over its sources that have evidence (the shares
 * of sources with none are spread over the others, and the breakdown says so); a dimension with
 * no evidence at all scores 0. Total = Σ weight × dimension, rounded to 2 decimals.
 */
export function scoreStars(d: StarsDefinition, sources: SourceScores): Breakdown {
  const reasons: string[] = [];
  const reasonsEn: string[] = [];
  const dims = d.dimensions.map((dim) => {
    const src = (scorer: Scorer) => sources(dim.key, scorer);
    const present = dim.sources.filter((s) => src(s.scorer)?.score !== null && src(s.scorer)?.score !== undefined);
    const shareSum = present.reduce((a, s) => a + s.share, 0);
    const evidence = dim.sources.flatMap((s) => {
      const src = sources(dim.key, s.scorer);
      const share = Math.round(s.share * 100);
      if (!src || src.score === null) {
        return [{ kind: s.scorer, label: `${SCORER_NAMES[s.scorer]}：无数据`, value: null, detail: `占本项 ${share}%，按其余来源折算`, en: { label: `${SCORER_NAMES_EN[s.scorer]}: no data`, detail: `${share}% of this dimension, spread over the other sources` } }];
      }
      return src.evidence.map((e, i) => (i === 0 ? {
        ...e,
        detail: [e.detail, `占本项 ${share}%`].filter(Boolean).join('；'),
        ...(e.en ? { en: { label: e.en.label, detail: [e.en.detail, `${share}% of this dimension`].filter(Boolean).join('; ') } } : {}),
      } : e));
    });
    let score = 0;
    if (shareSum > 0) score = present.reduce((a, s) => a + (s.share / shareSum) * (src(s.scorer)!.score as number), 0);
    else {
      reasons.push(`${dim.name}：无任何评价数据，本项计 0 分`);
      reasonsEn.push(`${dim.nameEn ?? DIMENSION_EN[dim.key] ?? dim.name}: no evidence at all; it scores 0`);
    }
    if (present.length && present.length < dim.sources.length) {
      reasons.push(`${dim.name}：部分来源无数据，按其余来源折算`);
      reasonsEn.push(`${dim.nameEn ?? DIMENSION_EN[dim.key] ?? dim.name}: some sources have no data; their share is spread over the others`);
    }
    score = round2(score);
    return { key: dim.key, name: dim.name, nameEn: dim.nameEn ?? DIMENSION_EN[dim.key], weight: dim.weight, score, weighted: round2(score * dim.weight), evidence };
  });
  const total = round2(dims.reduce((a, x) => a + x.score * x.weight, 0));
  const band = bandFor(d.bands, total);
  return { total, grade: band.grade, list: band.list ?? null, consequence: band.consequence ?? null, consequenceEn: band.consequenceEn ?? null, dimensions: dims, records: [], reasons, reasonsEn };
}

export interface CreditRecord { kind: 'good' | 'bad'; points: number; serious: boolean; reason: string; occurredOn: string; validDays: number | null; }

/** A record counts on `asOf` when it happened in the validity window before it (inclusive). */
export function recordCounts(r: CreditRecord, asOf: string, defaultDays: number): boolean {
  const days = r.validDays ?? defaultDays;
  const age = (Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${r.occurredOn}T00:00:00Z`)) / 86400_000;
  return age >= 0 && age < days;
}

/** Points: base (≤ baseMax) + good records (≤ goodMax in all) − bad records; a serious bad record blacklists. */
export function scorePoints(d: PointsDefinition, base: { score: number | null; evidence: Evidence[] }, records: CreditRecord[], asOf: string): Breakdown {
  const reasons: string[] = [];
  const reasonsEn: string[] = [];
  const rs = records.map((r) => ({ ...r, counted: recordCounts(r, asOf, d.recordValidityDays) }));
  const good = rs.filter((r) => r.counted && r.kind === 'good').reduce((a, r) => a + r.points, 0);
  const bad = rs.filter((r) => r.counted && r.kind === 'bad').reduce((a, r) => a + r.points, 0);
  const goodCounted = Math.min(good, d.goodMax);
  if (good > d.goodMax) {
    reasons.push(`良好记录加分 ${round2(good)}，以 ${d.goodMax} 分为限`);
    reasonsEn.push(`Good records add ${round2(good)}, capped at ${d.goodMax}`);
  }
  const baseScore = Math.min(base.score ?? 0, d.baseMax);
  if (base.score === null) {
    reasons.push('无基础分评价，基础分计 0');
    reasonsEn.push('No base appraisal; the base scores 0');
  }
  const total = round2(baseScore + goodCounted - bad);
  let band = bandFor(d.bands, total);
  const serious = rs.some((r) => r.counted && r.kind === 'bad' && r.serious);
  const anyBad = rs.some((r) => r.counted && r.kind === 'bad');
  if (serious && d.seriousBlacklists) {
    band = d.bands[d.bands.length - 1];
    reasons.push('有严重失信记录，不论得分列入最低等级（黑榜）');
    reasonsEn.push('A serious bad record: the lowest grade (black list) whatever the score');
  } else if (d.noBadRecordGrade && !anyBad && band === d.bands[d.bands.length - 1]) {
    band = d.bands.find((b) => b.grade === d.noBadRecordGrade) ?? band;
    reasons.push(`无不良记录，得分低于 ${d.bands[d.bands.length - 2]?.min ?? 0} 分时评为 ${band.grade}`);
    reasonsEn.push(`No bad record: below ${d.bands[d.bands.length - 2]?.min ?? 0} the grade is ${band.grade}`);
  }
  return {
    total, grade: band.grade, list: band.list ?? null, consequence: band.consequence ?? null, consequenceEn: band.consequenceEn ?? null,
    dimensions: [
      { key: 'base', name: '基础分', nameEn: DIMENSION_EN.base, weight: 1, score: round2(baseScore), weighted: round2(baseScore), evidence: base.evidence },
      {
        key: 'good', name: '良好记录加分', nameEn: DIMENSION_EN.good, weight: 1, score: round2(goodCounted), weighted: round2(goodCounted),
        evidence: rs.filter((r) => r.kind === 'good').map((r) => ({ kind: 'record', label: r.reason, value: r.points, detail: `${r.occurredOn}${r.counted ? '' : '（已过有效期，不计）'}`, en: { label: r.reason, detail: `${r.occurredOn}${r.counted ? '' : ' (expired, not counted)'}` } })),
      },
      {
        key: 'bad', name: '不良记录扣分', nameEn: DIMENSION_EN.bad, weight: -1, score: round2(bad), weighted: round2(-bad),
        evidence: rs.filter((r) => r.kind === 'bad').map((r) => ({ kind: 'record', label: r.reason, value: -r.points, detail: `${r.occurredOn}${r.serious ? '，严重' : ''}${r.counted ? '' : '（已过有效期，不计）'}`, en: { label: r.reason, detail: `${r.occurredOn}${r.serious ? ', serious' : ''}${r.counted ? '' : ' (expired, not counted)'}` } })),
      },
    ],
    records: rs.map(({ validDays: _v, ...r }) => r),
    reasons,
    reasonsEn,
  };
}

/** Survey answers 1–5 → 0–100 (× 20), the owners' source. */
export function surveyScore(answers: number[]): number | null {
  if (!answers.length) return null;
  return round2((answers.reduce((a, x) => a + x, 0) / answers.length) * 20);
}

/**
 * Case figures → 0–100: the mean of the rates the cases issue defines for 接诉即办 — 响应率, 解决率,
 * 满意率 (the three rates) — and 按期结案率, whichever are defined (a rate of nothing is left out).
 */
export function caseScore(r: { responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null; onTimeRate: number | null }): number | null {
  const parts = [r.responseRate, r.resolutionRate, r.satisfactionRate, r.onTimeRate].filter((x): x is number => x !== null);
  if (!parts.length) return null;
  return round2((parts.reduce((a, x) => a + x, 0) / parts.length) * 100);
}

/**
 * An appeal (申诉) is filed against a published result while its window is open: from publication
 * to the appeal-until date, both days included. Once fixed, a result is final.
 */
export function appealFilingProblem(p: { state: string; appealUntil: string | null }, today: string): null | 'appeal_not_published' | 'appeal_window_closed' {
  if (p.state === 'fixed') return 'appeal_window_closed';
  if (p.state !== 'published') return 'appeal_not_published';
  if (!p.appealUntil || today > p.appealUntil) return 'appeal_window_closed';
  return null;
}
