/**
 * Credit ratings of property companies (docs/party-api.md, "Credit ratings and the red/black
 * list"): the types the console reads and the calls it makes. The breakdown's shape is the one the
 * public pages read (web/shared/property/api.ts).
 */
import { request } from '../../shared/api';
import type { ApiSchema } from '../../shared/apiTypes';
import type { Breakdown } from '../../shared/property/api';

export type { Breakdown, CreditRecord, Evidence } from '../../shared/property/api';

export type Scorer = 'housing_bureau' | 'street' | 'community_party_org' | 'owners' | 'cases' | 'disclosure';
/** The scorers a person enters a score for; the others are computed from evidence. */
export const APPRAISERS: readonly Scorer[] = ['housing_bureau', 'street', 'community_party_org'];
/** The appraiser each role scores as (the server maps them the same way). */
export type SchemeKind = 'stars' | 'points';

export interface StarsDefinition {
  dimensions: { key: string; name: string; weight: number; sources: { scorer: Scorer; share: number }[] }[];
  bands: { grade: string; min: number; list?: 'red' | 'black' | null; consequence?: string }[];
}
export interface PointsDefinition {
  baseMax: number;
  goodMax: number;
  recordValidityDays: number;
  seriousBlacklists: boolean;
  noBadRecordGrade: string | null;
  bands: StarsDefinition['bands'];
}

export interface Scheme {
  id: number;
  code: string;
  version: number;
  name: string;
  kind: SchemeKind;
  definition: StarsDefinition | PointsDefinition;
}

export type PeriodState = 'open' | 'computed' | 'published' | 'fixed';
export const PERIOD_STATES: readonly PeriodState[] = ['open', 'computed', 'published', 'fixed'];

/** A rating period (GET /api/credit-periods). */
export type Period = ApiSchema<'CreditPeriod'>;

export interface Appraisal {
  dimension: string;
  scorer: Scorer;
  score: number;
  note: string | null;
  by: string | null;
  at: string;
}

/** A company in a period: its appraisals, survey figures, score, grade, breakdown and appeal. */
export type RatedCompany = ApiSchema<'CreditPeriodDetail'>['companies'][number];

export type AppealState = 'pending' | 'upheld' | 'rejected';

/** An appeal against a period's result (GET /api/credit-periods/:id/appeals, and what filing or deciding one answers). */
export type Appeal = ApiSchema<'CreditAppeal'>;

/** GET /api/credit-periods/:id/appeals: the appeals the caller may see, its company (property staff) and whether it may file one now. */
export type Appeals = ApiSchema<'CreditAppeals'>;

export interface Correction {
  dimension: string;
  scorer: Scorer;
  score: number;
}

/** A period with each company's appraisals, survey figures, score, grade and breakdown; GET adds what the caller appraises. */
export type PeriodDetail = Omit<ApiSchema<'CreditPeriodDetail'>, 'definition'> & {
  /** The scheme's definition, as its kind shapes it (the server sends it as a free object). */
  definition?: Scheme['definition'];
  /** The dimensions the caller scores as itself, and whether it may score any on another's behalf (administrators). */
  appraiser?: { scorers: Scorer[]; onBehalf: boolean };
};

export interface NewPeriod {
  schemeId: number;
  regionCode: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface NewRecord {
  companyId: number;
  kind: 'good' | 'bad';
  points: number;
  serious?: boolean;
  reason: string;
  occurredOn: string;
  validDays?: number;
}

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
  addRecord: (body: NewRecord) => request<{ id: number }>('/api/credit-records', { method: 'POST', body }),
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
  scorer: Scorer;
  max: number;
  /** The share of the dimension this appraisal carries (1 for points schemes). */
  share: number;
}

/** The appraisals a scheme asks for: per stars dimension its appraiser sources; for points, the base by the housing bureau. */
export function appraisalSlots(kind: SchemeKind, definition: Scheme['definition'] | undefined, baseName: string): AppraisalSlot[] {
  if (!definition) return [];
  if (kind === 'points') return [{ dimension: 'base', name: baseName, scorer: 'housing_bureau', max: (definition as PointsDefinition).baseMax, share: 1 }];
  return (definition as StarsDefinition).dimensions.flatMap((d) =>
    d.sources.filter((s) => APPRAISERS.includes(s.scorer)).map((s) => ({ dimension: d.key, name: d.name, scorer: s.scorer, max: 100, share: s.share })),
  );
}
