/**
 * Credit ratings of property companies (docs/party-api.md, "Credit ratings and the red/black
 * list"): the types the console reads and the calls it makes. The breakdown's shape is the one the
 * public pages read (web/shared/property/api.ts).
 */
import { request } from '../../shared/api';
import type { ApiBody, ApiResult, ApiSchema } from '../../shared/apiTypes';
import type { Breakdown } from '../../shared/property/api';

export type { Breakdown, CreditRecord, Evidence } from '../../shared/property/api';

/** A credit scheme (one version of it) with its kind's definition. */
export type Scheme = ApiSchema<'CreditScheme'>;
export type StarsDefinition = ApiSchema<'CreditStarsDefinition'>;
export type PointsDefinition = ApiSchema<'CreditPointsDefinition'>;
export type Scorer = StarsDefinition['dimensions'][number]['sources'][number]['scorer'];
/** The scorers a person enters a score for (what an appraisal or a correction names); the others are computed from evidence. */
export type Appraiser = Correction['scorer'];
export const APPRAISERS: readonly Appraiser[] = ['housing_bureau', 'street', 'community_party_org'];
export const isAppraiser = (s: Scorer): s is Appraiser => (APPRAISERS as readonly Scorer[]).includes(s);
export type SchemeKind = Scheme['kind'];

export type PeriodState = Period['state'];
export const PERIOD_STATES: readonly PeriodState[] = ['open', 'computed', 'published', 'fixed'];

/** A rating period (GET /api/credit-periods). */
export type Period = ApiSchema<'CreditPeriod'>;

/** A company in a period: its appraisals, survey figures, score, grade, breakdown and appeal. */
export type RatedCompany = ApiSchema<'CreditPeriodDetail'>['companies'][number];
export type Appraisal = RatedCompany['appraisals'][number];

export type AppealState = Appeal['state'];

/** An appeal against a period's result (GET /api/credit-periods/:id/appeals, and what filing or deciding one answers). */
export type Appeal = ApiSchema<'CreditAppeal'>;

/** GET /api/credit-periods/:id/appeals: the appeals the caller may see, its company (property staff) and whether it may file one now. */
export type Appeals = ApiSchema<'CreditAppeals'>;

/** A correction an upheld appeal makes to one appraisal. */
export type Correction = NonNullable<ApiBody<'/api/credit-appeals/{id}/decision', 'post'>['corrections']>[number];

/** A period with each company's appraisals, survey figures, score, grade and breakdown (what the writes answer). */
export type PeriodDetail = ApiSchema<'CreditPeriodDetail'> & {
  /** GET only: the dimensions the caller scores as itself, and whether it may score any on another's behalf (administrators). */
  appraiser?: ApiResult<'/api/credit-periods/{id}'>['appraiser'];
};

export type NewPeriod = ApiBody<'/api/credit-periods', 'post'>;

export type NewRecord = ApiBody<'/api/credit-records', 'post'>;

const id = (n: number) => encodeURIComponent(String(n));

export const creditApi = {
  schemes: (signal?: AbortSignal) => request<{ items: Scheme[] }>('/api/credit-schemes', { signal }),
  periods: (region: string, signal?: AbortSignal) => request<{ items: Period[] }>('/api/credit-periods', { query: { region }, signal }),
  period: (periodId: number, signal?: AbortSignal) => request<PeriodDetail>(`/api/credit-periods/${id(periodId)}`, { signal }),
  createPeriod: (body: NewPeriod) => request<PeriodDetail>('/api/credit-periods', { method: 'POST', body }),
  appraise: (periodId: number, body: { companyId: number; dimension: string; score: number; note?: string; scorer?: Scorer }) =>
    request<PeriodDetail>(`/api/credit-periods/${id(periodId)}/appraisals`, { method: 'PUT', body }),
  compute: (periodId: number) => request<PeriodDetail>(`/api/credit-periods/${id(periodId)}/compute`, { method: 'POST', body: {} }),
  publish: (periodId: number, appealDays: number) =>
    request<PeriodDetail>(`/api/credit-periods/${id(periodId)}/publish`, { method: 'POST', body: { appealDays } }),
  fix: (periodId: number) => request<PeriodDetail>(`/api/credit-periods/${id(periodId)}/fix`, { method: 'POST', body: {} }),
  addRecord: (body: NewRecord) => request<ApiResult<'/api/credit-records', 'post'>>('/api/credit-records', { method: 'POST', body }),
  appeals: (periodId: number, signal?: AbortSignal) => request<Appeals>(`/api/credit-periods/${id(periodId)}/appeals`, { signal }),
  fileAppeal: (periodId: number, body: { dimension?: string | null; reason: string }) =>
    request<Appeal>(`/api/credit-periods/${id(periodId)}/appeals`, { method: 'POST', body }),
  decideAppeal: (appealId: number, body: { decision: 'upheld' | 'rejected'; reply: string; corrections?: Correction[] }) =>
    request<Appeal>(`/api/credit-appeals/${id(appealId)}/decision`, { method: 'POST', body }),
};

// ---------------------------------------------------------------- reading a scheme

/** One score an appraiser enters: a dimension and the appraiser who scores it, 0–max. */
export interface AppraisalSlot {
  dimension: string;
  /** The dimension's name (基础服务 …). */
  name: string;
  scorer: Appraiser;
  max: number;
  /** The share of the dimension this appraisal carries (1 for points schemes). */
  share: number;
}

/** A slot as a form's value: `dimension/scorer`. */
export const slotKey = (s: Pick<AppraisalSlot, 'dimension' | 'scorer'>) => `${s.dimension}/${s.scorer}`;

/** The appraisals a scheme asks for: per stars dimension its appraiser sources; for points, the base by the housing bureau. */
export function appraisalSlots(definition: Scheme['definition'] | undefined, baseName: string): AppraisalSlot[] {
  if (!definition) return [];
  if ('baseMax' in definition) return [{ dimension: 'base', name: baseName, scorer: 'housing_bureau', max: definition.baseMax, share: 1 }];
  return definition.dimensions.flatMap((d) =>
    d.sources.flatMap((s) => (isAppraiser(s.scorer) ? [{ dimension: d.key, name: d.name, scorer: s.scorer, max: 100, share: s.share }] : [])),
  );
}
