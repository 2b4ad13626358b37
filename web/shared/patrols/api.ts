/**
 * Calls of the patrols module (巡查, 联动巡查, 拆违) over the shared fetch helper; the answers are typed
 * from the generated API types (web/shared/api.gen.ts).
 */
import { get, request, upload } from '../api';
import type { ApiBody, ApiResult, ApiSchema } from '../apiTypes';

export type Patrol = ApiSchema<'Patrol'>;
export type Structure = ApiSchema<'IllegalStructure'>;
export type StructureDetail = ApiSchema<'IllegalStructureDetail'>;
export type StructureCounts = ApiSchema<'StructureCounts'>;
export type Track = ApiResult<'/api/patrols/{id}/track'>;
export type StartBody = ApiBody<'/api/patrols', 'post'>;
export type TrackPoint = { lon: number; lat: number; at: string };
export type StepAction = StructureDetail['actions'][number];

export const patrolsApi = {
  list: (query: { region?: string; mine?: boolean; open?: boolean; from?: string; to?: string; limit?: number; offset?: number }, signal?: AbortSignal) =>
    get('/api/patrols', { query, signal }),
  one: (id: number, signal?: AbortSignal) => get('/api/patrols/{id}', { path: { id }, signal }),
  track: (id: number, signal?: AbortSignal) => get('/api/patrols/{id}/track', { path: { id }, signal }),
  start: (body: StartBody) => request<ApiResult<'/api/patrols', 'post'>>('/api/patrols', { method: 'POST', body }),
  points: (id: number, points: TrackPoint[]) => request<ApiResult<'/api/patrols/{id}/points', 'post'>>(`/api/patrols/${id}/points`, { method: 'POST', body: { points } }),
  end: (id: number, summary: string | undefined, points: TrackPoint[]) =>
    request<ApiResult<'/api/patrols/{id}/end', 'post'>>(`/api/patrols/${id}/end`, { method: 'POST', body: { summary, points } }),
  report: (id: number, body: ApiBody<'/api/patrols/{id}/cases', 'post'>) =>
    request<ApiResult<'/api/patrols/{id}/cases', 'post'>>(`/api/patrols/${id}/cases`, { method: 'POST', body }),

  structures: (query: { region: string; state?: string; limit?: number; offset?: number }, signal?: AbortSignal) => get('/api/illegal-structures', { query, signal }),
  structure: (id: number, signal?: AbortSignal) => get('/api/illegal-structures/{id}', { path: { id }, signal }),
  counts: (region: string, signal?: AbortSignal) => get('/api/illegal-structures/counts', { query: { region }, signal }),
  register: (body: ApiBody<'/api/illegal-structures', 'post'>) => request<ApiResult<'/api/illegal-structures', 'post'>>('/api/illegal-structures', { method: 'POST', body }),
  step: (id: number, body: ApiBody<'/api/illegal-structures/{id}/steps', 'post'>) =>
    request<ApiResult<'/api/illegal-structures/{id}/steps', 'post'>>(`/api/illegal-structures/${id}/steps`, { method: 'POST', body }),
  uploadPhoto: (file: File | Blob) => upload<ApiResult<'/api/illegal-structures/photos', 'post'>>('/api/illegal-structures/photos', {}, file),
  photoUrl: (id: string) => `/api/illegal-structures/photos/${id}`,
};
