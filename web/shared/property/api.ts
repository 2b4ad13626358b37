/**
 * The resident-facing calls of docs/party-api.md, "Disclosures" and "Credit ratings and the
 * red/black list", over the shared fetch helper (CSRF, language, ApiError). The public red/black
 * list needs no session.
 */
import { request, upload } from '../api';
import type { ApiBody, ApiResult, ApiSchema } from '../apiTypes';

// ---------------------------------------------------------------- disclosures (公示)

export type Disclosure = ApiSchema<'Disclosure'>;
export type DisclosureCategory = Disclosure['category'];

/** A fund statement; amounts are in 分 (integer cents). */
export type FundStatement = NonNullable<Disclosure['figures']>;
export type FundLine = FundStatement['income'][number];

/** An attachment of a disclosure (合同, 收支明细表 scans, photos): a PDF or an image, checked by content on upload. */
export type DisclosureFile = ApiSchema<'DisclosureFile'>;

/** GET /api/compounds/mine: `home` marks the compound of the household the account is bound to (listed first). */
export type MyCompound = ApiResult<'/api/compounds/mine'>['items'][number];

// ---------------------------------------------------------------- owners' survey (满意度测评)

/** GET /api/credit-surveys/open: the household the answers count for, and the surveys open to it. */
export type OpenSurveys = ApiSchema<'CreditOpenSurveys'>;
export type OpenSurvey = OpenSurveys['items'][number];
export type SurveyHousehold = OpenSurveys['household'];

/** 实名绑定: the account's home, or how many failed checks are left today. */
export type MyHome = ApiSchema<'MyHousehold'>;

export type SurveyAnswer = ApiBody<'/api/credit-periods/{id}/survey', 'post'>;

// ---------------------------------------------------------------- public red/black list

/** GET /api/public/credit-lists: each published period with its red and black lists. */
export type PublicPeriod = ApiSchema<'CreditPublicLists'>['periods'][number];
export type ListEntry = PublicPeriod['red'][number];

/** How a score was reached (the breakdown the console and the public pages read). */
export type Breakdown = ApiSchema<'CreditBreakdown'>;
export type Evidence = Breakdown['dimensions'][number]['evidence'][number];
export type CreditRecord = Breakdown['records'][number];

/** The published score of one company: who, when, under which scheme, and the breakdown. */
export type CompanyScore = ApiSchema<'CreditPublicBreakdown'>;

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
    request<ApiResult<'/api/disclosures/{id}/questions', 'post'>>(`/api/disclosures/${id(disclosureId)}/questions`, { method: 'POST', body: { text } }),

  openSurveys: (signal?: AbortSignal) => request<OpenSurveys>('/api/credit-surveys/open', { signal }),
  myHome: (signal?: AbortSignal) => request<MyHome>('/api/me/household', { signal }),
  bindHome: (body: { name: string; idNumber: string }) => request<MyHome>('/api/me/household', { method: 'PUT', body }),
  unbindHome: () => request<MyHome>('/api/me/household', { method: 'DELETE' }),
  answerSurvey: (periodId: number, body: SurveyAnswer) =>
    request<unknown>(`/api/credit-periods/${id(periodId)}/survey`, { method: 'POST', body }),

  publicLists: (region: string, signal?: AbortSignal) =>
    request<ApiSchema<'CreditPublicLists'>>('/api/public/credit-lists', { query: { region }, signal }),
  publicScore: (periodId: number | string, companyId: number | string, signal?: AbortSignal) =>
    request<CompanyScore>(`/api/public/credit-lists/${id(periodId)}/companies/${id(companyId)}`, { signal }),
};
