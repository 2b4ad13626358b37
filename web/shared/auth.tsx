/** Session state shared by the console and the mobile pages (no UI library here). */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, ApiError, onUnauthorized, setCsrfToken } from './api';
import type { Me, User } from './types';

export type AuthStatus = 'loading' | 'anonymous' | 'authenticated' | 'error';

export interface AuthState {
  status: AuthStatus;
  user: User | null;
  /** Set when status is 'error' (e.g. the server could not be reached). */
  error: ApiError | null;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  reload: () => void;
  /**
   * Whether the policy lets this account do the action (`<module>.<action>`, e.g. `cases.metrics`)
   * somewhere in its scope — from GET /api/auth/me. Menus, routes and buttons follow this, never
   * role names; whether it applies to one record stays that record's answer (a case's actions).
   */
  can: (action: string) => boolean;
  /** Region codes of the assignments that grant the action (null: the whole country); [] when not allowed. */
  scopeOf: (action: string) => (string | null)[];
}

const AuthContext = createContext<AuthState | null>(null);

/**
 * With `offline`, the phone keeps the last good session (user + CSRF token; the cookie stays in
 * the browser) so the app opens with no signal; the server checks it again when the signal returns.
 */
const OFFLINE_KEY = 'gongzhi.m.session';
function remember(offline: boolean | undefined, s: Me | null) {
  if (!offline) return;
  try {
    if (s) localStorage.setItem(OFFLINE_KEY, JSON.stringify({ user: s.user, csrfToken: s.csrfToken, abilities: s.abilities, scopes: s.scopes }));
    else localStorage.removeItem(OFFLINE_KEY);
  } catch { /* private mode: no offline start */ }
}
function remembered(): Me | null {
  try {
    const v = localStorage.getItem(OFFLINE_KEY);
    const me = v ? (JSON.parse(v) as Partial<Me>) : null;
    // a session remembered before abilities were sent: checked again once the signal returns
    return me?.user && me.csrfToken ? { user: me.user, csrfToken: me.csrfToken, abilities: me.abilities ?? {}, scopes: me.scopes ?? {} } : null;
  } catch {
    return null;
  }
}

export function AuthProvider({ children, offline }: { children: ReactNode; offline?: boolean }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [grants, setGrants] = useState<Pick<Me, 'abilities' | 'scopes'>>(NONE);
  const [error, setError] = useState<ApiError | null>(null);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let cancelled = false;
    // a re-check (signal back) keeps the page on screen; only the first check shows loading
    setStatus((st) => (st === 'authenticated' ? st : 'loading'));
    api
      .me()
      .then((s) => {
        if (cancelled) return;
        remember(offline, s);
        setUser(s.user);
        setGrants(s);
        setError(null);
        setStatus('authenticated');
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        const last = offline && e instanceof ApiError && e.status === 0 ? remembered() : null;
        if (last) {
          // no signal: carry on with the last session; queued reports go out when it returns
          setCsrfToken(last.csrfToken);
          setUser(last.user);
          setGrants(last);
          setError(null);
          setStatus('authenticated');
          return;
        }
        setUser(null);
        setGrants(NONE);
        setCsrfToken(null);
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
          remember(offline, null);
          setError(null);
          setStatus('anonymous');
        } else {
          setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e)));
          setStatus('error');
        }
      });
    return () => {
      cancelled = true;
    };
  }, [nonce, offline]);

  // back online: check the session with the server again
  useEffect(() => {
    if (!offline) return;
    const again = () => setNonce((n) => n + 1);
    window.addEventListener('online', again);
    return () => window.removeEventListener('online', again);
  }, [offline]);

  // A 401 from any later call means the session ended (expired or logged out elsewhere).
  useEffect(
    () =>
      onUnauthorized(() => {
        remember(offline, null);
        setUser(null);
        setGrants(NONE);
        setCsrfToken(null);
        setStatus('anonymous');
      }),
    [offline],
  );

  const login = useCallback(async (username: string, password: string) => {
    await api.login(username, password);
    // what the account may do comes with me (the policy's answer for every action)
    const s = await api.me();
    remember(offline, s);
    setUser(s.user);
    setGrants(s);
    setError(null);
    setStatus('authenticated');
    return s.user;
  }, [offline]);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      /* the session is dropped locally either way */
    }
    remember(offline, null);
    setUser(null);
    setGrants(NONE);
    setStatus('anonymous');
  }, [offline]);

  const value = useMemo<AuthState>(
    () => ({
      status,
      user,
      error,
      login,
      logout,
      reload: () => setNonce((n) => n + 1),
      can: (action) => grants.abilities[action] === true,
      scopeOf: (action) => (grants.abilities[action] ? grants.scopes[action] ?? [] : []),
    }),
    [status, user, grants, error, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

const NONE: Pick<Me, 'abilities' | 'scopes'> = { abilities: {}, scopes: {} };

/** `can(action)`: what the signed-in account may do, as the server's policy decides (see AuthState.can). */
export function useCan(): AuthState['can'] {
  return useAuth().can;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}
