/**
 * Campaigns (专项行动, issue 14): the calls the console and the phone make. Types come from the
 * generated API types (web/shared/api.gen.ts), never written by hand.
 */
import { download, request } from '../api';
import type { ApiBody, ApiResult, ApiSchema } from '../apiTypes';

export type Campaign = ApiSchema<'Campaign'>;
export type CampaignItem = ApiSchema<'CampaignItem'>;
export type CampaignRollup = ApiSchema<'CampaignRollup'>;
export type ChecklistItem = ApiSchema<'CampaignChecklistItem'>;
export type NewCampaign = ApiBody<'/api/campaigns', 'post'>;
export type AnswerBody = ApiBody<'/api/campaign-items/{id}/answer', 'post'>;
export type MyCampaigns = ApiResult<'/api/campaigns/mine'>;
export type ItemStatus = 'todo' | 'done' | 'problem';

export const campaignsApi = {
  list: (state: 'running' | 'closed' | undefined, signal?: AbortSignal) =>
    request<ApiResult<'/api/campaigns'>>('/api/campaigns', { query: { state }, signal }),
  mine: (signal?: AbortSignal) => request<MyCampaigns>('/api/campaigns/mine', { signal }),
  create: (body: NewCampaign) => request<ApiResult<'/api/campaigns', 'post'>>('/api/campaigns', { method: 'POST', body }),
  rollup: (id: number, region: string | undefined, signal?: AbortSignal) =>
    request<CampaignRollup>(`/api/campaigns/${id}`, { query: { region }, signal }),
  items: (id: number, q: { region?: string; grid?: string; status?: ItemStatus; limit?: number; offset?: number }, signal?: AbortSignal) =>
    request<ApiResult<'/api/campaigns/{id}/items'>>(`/api/campaigns/${id}/items`, { query: q, signal }),
  close: (id: number) => request<ApiResult<'/api/campaigns/{id}/close', 'post'>>(`/api/campaigns/${id}/close`, { method: 'POST', body: {} }),
  exportXlsx: (id: number, region: string | undefined) => download(`/api/campaigns/${id}/export`, { region }, `campaign-${id}.xlsx`),
  answer: (itemId: number, body: AnswerBody) =>
    request<ApiResult<'/api/campaign-items/{id}/answer', 'post'>>(`/api/campaign-items/${itemId}/answer`, { method: 'POST', body }),
  toCase: (itemId: number, body: { categoryCode: string; description?: string }) =>
    request<ApiResult<'/api/campaign-items/{id}/case', 'post'>>(`/api/campaign-items/${itemId}/case`, { method: 'POST', body }),
};

/** A fresh id for one answer (the server keeps the first answer sent under it: a resend is harmless). */
export function newClientRef(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}`;
}
