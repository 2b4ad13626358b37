/**
 * The resident-facing calls of docs/party-api.md, "Disclosures" and "Credit ratings and the
 * red/black list", over the shared fetch helper (CSRF, language, ApiError). The public red/black
 * list needs no session.
 */
import { request, upload } from '../api';

// ---------------------------------------------------------------- disclosures (公示)

export type DisclosureCategory =
  | 'service'
  | 'fees'
  | 'maintenance_fund'
  | 'common_income'
  | 'committee_decision'
  | 'committee_accounts';

/** One line of a fund statement; amounts are in 分 (integer cents). */
export interface FundLine {
  item: string;
  amount: number;
}

export interface FundStatement {
  opening: number;
  income: FundLine[];
  spending: FundLine[];
  closing: number;
}

/** An attachment of a disclosure (合同, 收支明细表 scans, photos): a PDF or an image, checked by content on upload. */
export interface DisclosureFile {
  id: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
}

export interface Disclosure {
  id: number;
  compoundId: number;
  compoundName: string;
  publisher: { kind: string; ref: string; name: string | null };
  category: DisclosureCategory;
  period: string;
  periodStart: string;
  periodEnd: string;
  title: string;
  content: string;
  figures: FundStatement | null;
  publishedAt: string;
  /** In the publisher's order; absent from servers before attachments existed. */
  attachments?: DisclosureFile[];
}

export interface MyCompound {
  id: number;
  name: string;
  communityName: string;
  /** The compound of the household the account is bound to (listed first). */
  home?: boolean;
}

// ---------------------------------------------------------------- owners' survey (满意度测评)

export interface OpenSurvey {
  periodId: number;
  periodName: string;
  companyId: number;
  companyName: string;
  compoundId: number;
  compoundName: string;
  answered: boolean;
}

/** What `GET /api/credit-surveys/open` says of the household the answers count for. */
export interface SurveyHousehold {
  bound: boolean;
  compound: { id: number; name: string } | null;
}

/** 实名绑定: the account's home, or how many failed checks are left today. */
export type MyHome =
  | { bound: false; failuresToday: number; maxFailures: number }
  | {
      bound: true;
      name: string;
      boundAt: string;
      householdId: number;
      members: number;
      community: string;
      grid: { code: string; name: string };
      compound: { id: number; name: string } | null;
      address: string | null;
    };

export interface SurveyAnswer {
  companyId: number;
  compoundId?: number;
  score: number;
  comment?: string;
}

// ---------------------------------------------------------------- public red/black list

export type Named = { id: number; name: string };

export interface ListEntry {
  /** The company: `{ id, name }`, or its name with `companyId` beside it. */
  company: Named | string;
  companyId?: number;
  creditCode: string;
  grade: string;
  score: number;
  list?: 'red' | 'black' | null;
}

export interface SchemeRef {
  id?: number;
  code?: string;
  version?: number;
  name: string;
  kind?: 'stars' | 'points';
}

export interface PublicPeriod {
  /** The period: `{ id, name, … }`, or its name with `periodId` beside it. */
  period: (Named & { regionCode?: string; regionName?: string; startsOn?: string; endsOn?: string }) | string;
  periodId?: number;
  publishedAt: string;
  scheme: SchemeRef | string;
  /** The scheme's kind when `scheme` is just its name. */
  kind?: 'stars' | 'points';
  /** The period's region name. */
  region?: string;
  red: ListEntry[];
  black: ListEntry[];
}

export interface Evidence {
  kind: string;
  label: string;
  value: string | number | null;
  detail?: string | null;
}

export interface CreditRecord {
  kind: 'good' | 'bad';
  points: number;
  serious?: boolean;
  reason: string;
  occurredOn: string;
  counted?: boolean;
}

export interface Breakdown {
  total: number;
  grade: string;
  list: 'red' | 'black' | null;
  consequence?: string | null;
  dimensions: { key: string; name: string; weight: number; score: number; weighted: number; evidence: Evidence[] }[];
  records: CreditRecord[];
  reasons: string[];
}

/** The published score of one company: the breakdown, with (or without) who and when around it. */
export type CompanyScore = Breakdown & {
  breakdown?: Breakdown;
  company?: Named | string;
  companyName?: string;
  creditCode?: string;
  period?: PublicPeriod['period'];
  periodName?: string;
  scheme?: SchemeRef | string;
  publishedAt?: string;
  score?: number;
};

// ---------------------------------------------------------------- calls

const id = (n: number | string) => encodeURIComponent(String(n));

export const propertyApi = {
  myCompounds: (signal?: AbortSignal) => request<{ items: MyCompound[] }>('/api/compounds/mine', { signal }),
  disclosures: (compound: number | string, signal?: AbortSignal) =>
    request<{ items: Disclosure[] }>('/api/disclosures', { query: { compound: String(compound) }, signal }),
  /** Upload one attachment (PDF, JPEG, PNG, WebP) to name in the publish call; the caller's until then. */
  uploadFile: (file: File | Blob, fileName?: string) => upload<DisclosureFile>('/api/disclosure-files', {}, file, fileName),
  /** Remove one of the caller's uploads not yet published. */
  removeFile: (fileId: string) => request<unknown>(`/api/disclosure-files/${id(fileId)}`, { method: 'DELETE' }),
  fileUrl: (fileId: string) => `/api/disclosure-files/${id(fileId)}`,
  ask: (disclosureId: number, text: string) =>
    request<{ caseId: number; caseNumber: string }>(`/api/disclosures/${id(disclosureId)}/questions`, { method: 'POST', body: { text } }),

  openSurveys: (signal?: AbortSignal) => request<{ household: SurveyHousehold; items: OpenSurvey[] }>('/api/credit-surveys/open', { signal }),
  myHome: (signal?: AbortSignal) => request<MyHome>('/api/me/household', { signal }),
  bindHome: (body: { name: string; idNumber: string }) => request<MyHome>('/api/me/household', { method: 'PUT', body }),
  unbindHome: () => request<MyHome>('/api/me/household', { method: 'DELETE' }),
  answerSurvey: (periodId: number, body: SurveyAnswer) =>
    request<unknown>(`/api/credit-periods/${id(periodId)}/survey`, { method: 'POST', body }),

  publicLists: (region: string, signal?: AbortSignal) =>
    request<{ periods: PublicPeriod[] }>('/api/public/credit-lists', { query: { region }, signal }),
  publicScore: (periodId: number | string, companyId: number | string, signal?: AbortSignal) =>
    request<CompanyScore>(`/api/public/credit-lists/${id(periodId)}/companies/${id(companyId)}`, { signal }),
};

// ---------------------------------------------------------------- reading the loose shapes

export function periodRef(p: Pick<PublicPeriod, 'period' | 'periodId'>): { id: number | undefined; name: string } {
  return typeof p.period === 'string' ? { id: p.periodId, name: p.period } : { id: p.period.id ?? p.periodId, name: p.period.name };
}

export function companyRef(e: Pick<ListEntry, 'company' | 'companyId'>): { id: number | undefined; name: string } {
  return typeof e.company === 'string' ? { id: e.companyId, name: e.company } : { id: e.company.id ?? e.companyId, name: e.company.name };
}

export function schemeRef(s: SchemeRef | string | undefined): SchemeRef | null {
  if (!s) return null;
  return typeof s === 'string' ? { name: s } : s;
}

/** The breakdown itself, whether the answer is the breakdown or wraps it. */
export function breakdownOf(r: CompanyScore): Breakdown {
  return r.breakdown ?? r;
}
