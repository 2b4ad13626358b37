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
  AuditPage,
  AuditVerify,
  Crs,
  Grid,
  GridCoverage,
  GridImportReport,
  GridKind,
  GridLocateResult,
  GridPatch,
  GridWriteResult,
  MapSettings,
  NewGridInput,
  RegionDetail,
  RegionSummary,
  ScopeRoot,
  Session,
  StaffInput,
} from './types';

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

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const e = (data as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
      ?.error;
    const code = typeof e?.code === 'string' ? e.code : `http_${res.status}`;
    const message =
      typeof e?.message === 'string' && e.message ? e.message : FALLBACK_MESSAGES[language].http(res.status);
    const details = Array.isArray(e?.details) ? (e!.details as unknown[]) : [];
    if (res.status === 401 && !opts.quiet401) {
      for (const l of unauthorizedListeners) l();
    }
    throw new ApiError(res.status, code, message, details);
  }
  return data as T;
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
  me: async (): Promise<Session> => {
    const s = await request<Session>('/api/auth/me', { quiet401: true });
    setCsrfToken(s.csrfToken);
    return s;
  },
  logout: async (): Promise<void> => {
    try {
      await request<{ ok: boolean }>('/api/auth/logout', { method: 'POST', body: {}, quiet401: true });
    } finally {
      setCsrfToken(null);
    }
  },
  scope: (signal?: AbortSignal) => request<{ roots: ScopeRoot[] }>('/api/scope', { signal }),
  region: (code: string, signal?: AbortSignal) =>
    request<RegionDetail>(`/api/regions/${encodeURIComponent(code)}`, { signal }),
  regionChildren: (code: string, signal?: AbortSignal) =>
    request<{ items: RegionSummary[] }>(`/api/regions/${encodeURIComponent(code)}/children`, { signal }),
  searchRegions: (q: string, signal?: AbortSignal) =>
    request<{ items: RegionSummary[] }>('/api/regions', { query: { q }, signal }),
  audit: (
    params: { limit?: number; before?: string | number | null; action?: string; actor?: string },
    signal?: AbortSignal,
  ) =>
    request<AuditPage>('/api/audit', {
      query: {
        limit: params.limit ?? 50,
        before: params.before ?? undefined,
        action: params.action,
        actor: params.actor,
      },
      signal,
    }),
  auditVerify: () => request<AuditVerify>('/api/audit/verify'),

  // ---- grids ----
  mapSettings: (signal?: AbortSignal) => request<MapSettings>('/api/map/settings', { signal }),
  grids: (region: string, kind?: GridKind, signal?: AbortSignal) =>
    request<{ items: Grid[] }>('/api/grids', { query: { region, kind }, signal }),
  grid: (code: string, signal?: AbortSignal) => request<Grid>(`/api/grids/${encodeURIComponent(code)}`, { signal }),
  myGrids: (signal?: AbortSignal) => request<{ items: Grid[] }>('/api/grids/mine', { signal }),
  createGrid: (body: NewGridInput) => request<GridWriteResult>('/api/grids', { method: 'POST', body }),
  updateGrid: (code: string, body: GridPatch) =>
    request<GridWriteResult>(`/api/grids/${encodeURIComponent(code)}`, { method: 'PUT', body }),
  deleteGrid: (code: string, version: number) =>
    request<{ ok: boolean }>(`/api/grids/${encodeURIComponent(code)}`, { method: 'DELETE', query: { version } }),
  importGrids: (body: { region: string; crs: Crs; geojson: unknown; dryRun: boolean }) =>
    request<GridImportReport>('/api/grids/import', { method: 'POST', body }),
  addGridStaff: (code: string, body: StaffInput) =>
    request<Grid>(`/api/grids/${encodeURIComponent(code)}/staff`, { method: 'POST', body }),
  removeGridStaff: (code: string, staffId: string | number) =>
    request<Grid>(`/api/grids/${encodeURIComponent(code)}/staff/${encodeURIComponent(String(staffId))}`, {
      method: 'DELETE',
    }),
  locateGrid: (lon: number, lat: number, crs: Crs = 'wgs84', signal?: AbortSignal) =>
    request<GridLocateResult>('/api/grids/locate', { query: { lon, lat, crs }, signal }),
  gridCoverage: (region: string, signal?: AbortSignal) =>
    request<GridCoverage>('/api/coverage/grids', { query: { region }, signal }),
};
