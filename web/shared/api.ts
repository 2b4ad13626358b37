/**
 * Tiny fetch wrapper shared by the web console and the mobile H5 pages.
 *
 * - same-origin cookies (the session cookie is httpOnly and set by the server)
 * - JSON in, JSON out
 * - `x-csrf-token` on every non-GET request (token comes from login / me)
 * - `Accept-Language` follows the UI language so server messages match it
 * - non-2xx responses throw an {@link ApiError} parsed from
 *   `{ error: { code, message, details } }`
 */
import type {
  CareGroupName,
  Compound,
  CompoundDetail,
  Household,
  NewBuildingInput,
  NewCompoundInput,
  NewResidentInput,
  Relation,
  Resident,
  ResidentDetail,
  ResidentFilters,
  ResidentImportReport,
  JobView,
  ResidentPage,
  ResidentPatch,
  ResidentStats,
  Crs,
  Grid,
  GridCoverage,
  GridImportReport,
  GridKind,
  GridPatch,
  GridWriteResult,
  NewGridInput,
  Me,
  Session,
  StaffInput,
} from './types';

import type { ApiPath, ApiResult } from './apiTypes';

export type ApiLanguage = 'zh-CN' | 'en';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown[];

  constructor(status: number, code: string, message: string, details: unknown[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken: string | null = null;
let language: ApiLanguage = 'zh-CN';
const unauthorizedListeners = new Set<() => void>();

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function setApiLanguage(lang: ApiLanguage): void {
  language = lang;
}

export function getApiLanguage(): ApiLanguage {
  return language;
}

/** Called when any request (other than login/me) answers 401, e.g. the session expired. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
  /** Do not notify unauthorized listeners on 401 (used by login / me). */
  quiet401?: boolean;
  /** Extra request headers (e.g. `Prefer: return=representation` for the full resource in a POST's reply). */
  headers?: Record<string, string>;
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

const FALLBACK_MESSAGES: Record<ApiLanguage, { network: string; http: (s: number) => string }> = {
  'zh-CN': {
    network: '网络连接失败，请检查网络后重试',
    http: (s) => `请求失败（HTTP ${s}）`,
  },
  en: {
    network: 'Network error, please check your connection and retry',
    http: (s) => `Request failed (HTTP ${s})`,
  },
};

export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET';
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': language,
    ...opts.headers,
  };
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', FALLBACK_MESSAGES[language].network);
  }

  return readJson<T>(res, opts.quiet401);
}

async function readJson<T>(res: Response, quiet401 = false): Promise<T> {
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!res.ok) throw errorOf(res.status, data, quiet401);
  return data as T;
}

function errorOf(status: number, data: unknown, quiet401 = false): ApiError {
  const e = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = typeof e?.code === 'string' ? e.code : `http_${status}`;
  const message = typeof e?.message === 'string' && e.message ? e.message : FALLBACK_MESSAGES[language].http(status);
  const details = Array.isArray(e?.details) ? (e!.details as unknown[]) : [];
  if (status === 401 && !quiet401) {
    for (const l of unauthorizedListeners) l();
  }
  return new ApiError(status, code, message, details);
}

/** A multipart POST (form fields and one file); answers JSON like {@link request}. */
export async function upload<T>(path: string, fields: Record<string, string>, file: File | Blob, fileName?: string): Promise<T> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', file, fileName ?? (file instanceof File ? file.name : 'upload'));
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, body: form, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', FALLBACK_MESSAGES[language].network);
  }
  return readJson<T>(res);
}

/** The file name from a Content-Disposition header (RFC 5987 filename* first). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(disposition);
  return plain ? plain[1].trim() : fallback;
}

/**
 * GET a file (e.g. an .xlsx the server makes) with the session cookie and save it in the browser.
 * Errors answer as JSON and throw an {@link ApiError}.
 */
export async function download(path: string, query: RequestOptions['query'], fallbackName: string): Promise<{ name: string; size: number }> {
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), {
      headers: { Accept: '*/*', 'Accept-Language': language },
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network_error', FALLBACK_MESSAGES[language].network);
  }
  if (!res.ok) return readJson<never>(res);
  const blob = await res.blob();
  const name = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return { name, size: blob.size };
}

/**
 * GET a route by its OpenAPI path, the answer typed from the generated types (web/shared/api.gen.ts):
 * `get('/api/regions/{code}', { path: { code } })`.
 */
export function get<P extends ApiPath>(
  route: P,
  opts: { path?: Record<string, string | number>; query?: RequestOptions['query']; signal?: AbortSignal; quiet401?: boolean } = {},
): Promise<ApiResult<P>> {
  const url = route.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(String(opts.path?.[k] ?? '')));
  return request<ApiResult<P>>(url, { query: opts.query, signal: opts.signal, quiet401: opts.quiet401 });
}

/** Typed endpoints. */
export const api = {
  login: async (username: string, password: string): Promise<Session> => {
    const s = await request<Session>('/api/auth/login', {
      method: 'POST',
      body: { username, password },
      quiet401: true,
    });
    setCsrfToken(s.csrfToken);
    return s;
  },
  me: async (): Promise<Me> => {
    const s = await get('/api/auth/me', { quiet401: true });
    setCsrfToken(s.csrfToken);
    return s;
  },
  logout: async (): Promise<void> => {
    try {
      await request<ApiResult<'/api/auth/logout', 'post'>>('/api/auth/logout', { method: 'POST', body: {}, quiet401: true });
    } finally {
      setCsrfToken(null);
    }
  },
  scope: (signal?: AbortSignal) => get('/api/scope', { signal }),
  region: (code: string, signal?: AbortSignal) => get('/api/regions/{code}', { path: { code }, signal }),
  regionChildren: (code: string, signal?: AbortSignal) => get('/api/regions/{code}/children', { path: { code }, signal }),
  searchRegions: (q: string, signal?: AbortSignal) => get('/api/regions', { query: { q }, signal }),
  audit: (
    params: { limit?: number; before?: string | number | null; action?: string; actor?: string },
    signal?: AbortSignal,
  ) =>
    get('/api/audit', {
      query: {
        limit: params.limit ?? 50,
        before: params.before ?? undefined,
        action: params.action,
        actor: params.actor,
      },
      signal,
    }),
  auditVerify: () => get('/api/audit/verify'),

  // ---- grids ----
  mapSettings: (signal?: AbortSignal) => get('/api/map/settings', { signal }),
  grids: (region: string, kind?: GridKind, signal?: AbortSignal) =>
    request<{ items: Grid[] }>('/api/grids', { query: { region, kind }, signal }),
  grid: (code: string, signal?: AbortSignal) => request<Grid>(`/api/grids/${encodeURIComponent(code)}`, { signal }),
  myGrids: (signal?: AbortSignal) => request<{ items: Grid[] }>('/api/grids/mine', { signal }),
  createGrid: (body: NewGridInput) => request<GridWriteResult>('/api/grids', { method: 'POST', body }),
  updateGrid: (code: string, body: GridPatch) =>
    request<GridWriteResult>(`/api/grids/${encodeURIComponent(code)}`, { method: 'PUT', body }),
  deleteGrid: (code: string, version: number) =>
    request<ApiResult<'/api/grids/{code}', 'delete'>>(`/api/grids/${encodeURIComponent(code)}`, { method: 'DELETE', query: { version } }),
  importGrids: (body: { region: string; crs: Crs; geojson: unknown; dryRun: boolean }) =>
    request<GridImportReport>('/api/grids/import', { method: 'POST', body }),
  addGridStaff: (code: string, body: StaffInput) =>
    request<Grid>(`/api/grids/${encodeURIComponent(code)}/staff`, { method: 'POST', body }),
  removeGridStaff: (code: string, staffId: string | number) =>
    request<Grid>(`/api/grids/${encodeURIComponent(code)}/staff/${encodeURIComponent(String(staffId))}`, {
      method: 'DELETE',
    }),
  locateGrid: (lon: number, lat: number, crs: Crs = 'wgs84', signal?: AbortSignal) =>
    get('/api/grids/locate', { query: { lon, lat, crs }, signal }),
  gridCoverage: (region: string, signal?: AbortSignal) =>
    request<GridCoverage>('/api/coverage/grids', { query: { region }, signal }),

  // ---- people ----
  residents: (filters: ResidentFilters, page: { limit: number; offset: number }, signal?: AbortSignal) =>
    request<ResidentPage>('/api/residents', { query: { ...residentQuery(filters), ...page }, signal }),
  resident: (id: number, signal?: AbortSignal) => request<ResidentDetail>(`/api/residents/${id}`, { signal }),
  createResident: (body: NewResidentInput) => request<Resident>('/api/residents', { method: 'POST', body }),
  updateResident: (id: number, body: ResidentPatch) => request<Resident>(`/api/residents/${id}`, { method: 'PATCH', body }),
  moveResident: (id: number, body: { date: string; toHouseholdId?: number; relation?: Relation }) =>
    request<Resident>(`/api/residents/${id}/move`, { method: 'POST', body }),
  /** The server answers { ok: true } here (not the resident): read it again afterwards. */
  recordDeath: (id: number, date: string) => request<unknown>(`/api/residents/${id}/death`, { method: 'POST', body: { date } }),
  reveal: (id: number, field: 'idNumber' | 'phone', reason: string) =>
    request<ApiResult<'/api/residents/{id}/reveal', 'post'>>(`/api/residents/${id}/reveal`, { method: 'POST', body: { field, reason } }),
  addCareGroup: (id: number, group: CareGroupName, note?: string) =>
    request<Resident>(`/api/residents/${id}/care-groups`, { method: 'POST', body: note ? { group, note } : { group } }),
  endCareGroup: (id: number, group: CareGroupName) =>
    request<Resident>(`/api/residents/${id}/care-groups/${encodeURIComponent(group)}`, { method: 'DELETE' }),
  setLivingAlone: (id: number, value: boolean | null, reason?: string) =>
    request<Resident>(`/api/residents/${id}/living-alone`, {
      method: 'PUT',
      body: value === null ? { value: null } : { value, reason },
    }),
  residentStats: (region: string, signal?: AbortSignal) => request<ResidentStats>('/api/residents/stats', { query: { region }, signal }),
  exportResidents: (filters: ResidentFilters) => download('/api/residents/export', residentQuery(filters), 'residents.xlsx'),
  importTemplate: () => download('/api/residents/import-template', undefined, 'residents-template.xlsx'),
  importResidents: (file: File, mode: 'check' | 'commit') => upload<ResidentImportReport>('/api/residents/import', { mode }, file),
  /** The import as a job (the console's path: it shows the job's progress). */
  startImportJob: (file: File, mode: 'check' | 'commit') =>
    upload<{ job: JobView<ResidentImportReport> }>('/api/residents/import', { mode, async: '1' }, file),
  startResidentExport: (filters: ResidentFilters) =>
    request<{ job: JobView<{ rows: number }> }>('/api/residents/export', { method: 'POST', body: residentQuery(filters) }),
  job: <R = Record<string, unknown>>(id: number, signal?: AbortSignal) => request<JobView<R>>(`/api/jobs/${id}`, { signal }),
  jobFile: (job: JobView) => download(job.file!.url, undefined, job.file!.name),
  createHousehold: (body: { gridCode: string; dwellingId?: number; address?: string }) =>
    request<ApiResult<'/api/households', 'post'>>('/api/households', { method: 'POST', body }),
  household: (id: number, signal?: AbortSignal) => request<Household>(`/api/households/${id}`, { signal }),
  compounds: (region: string, signal?: AbortSignal) => request<{ items: Compound[] }>('/api/compounds', { query: { region }, signal }),
  compound: (id: number, signal?: AbortSignal) => request<CompoundDetail>(`/api/compounds/${id}`, { signal }),
  createCompound: (body: NewCompoundInput) => request<ApiResult<'/api/compounds', 'post'>>('/api/compounds', { method: 'POST', body }),
  createBuilding: (compoundId: number, body: NewBuildingInput) =>
    request<ApiResult<'/api/compounds/{id}/buildings', 'post'>>(`/api/compounds/${compoundId}/buildings`, { method: 'POST', body }),
};

/** Filters as query parameters (empty ones left out; false switches too). */
function residentQuery(f: ResidentFilters): Record<string, string | boolean | undefined> {
  return {
    region: f.region,
    q: f.q?.trim() || undefined,
    idNumber: f.idNumber?.trim() || undefined,
    phone: f.phone?.trim() || undefined,
    careGroup: f.careGroup,
    livingAlone65: f.livingAlone65 ? true : undefined,
    grid: f.grid,
    includeGone: f.includeGone ? true : undefined,
  };
}
