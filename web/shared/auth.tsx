/** Session state shared by the console and the mobile pages (no UI library here). */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, ApiError, onUnauthorized, setCsrfToken } from './api';
import type { User } from './types';

export type AuthStatus = 'loading' | 'anonymous' | 'authenticated' | 'error';

export interface AuthState {
  status: AuthStatus;
  user: User | null;
  /** Set when status is 'error' (e.g. the server could not be reached). */
  error: ApiError | null;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  reload: () => void;
  hasRole: (role: string) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setStatus('loading');
    api
      .me()
      .then((s) => {
        if (cancelled) return;
        setUser(s.user);
        setError(null);
        setStatus('authenticated');
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        setUser(null);
        setCsrfToken(null);
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
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
  }, [nonce]);

  // A 401 from any later call means the session ended (expired or logged out elsewhere).
  useEffect(
    () =>
      onUnauthorized(() => {
        setUser(null);
        setCsrfToken(null);
        setStatus('anonymous');
      }),
    [],
  );

  const login = useCallback(async (username: string, password: string) => {
    const s = await api.login(username, password);
    setUser(s.user);
    setError(null);
    setStatus('authenticated');
    return s.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      /* the session is dropped locally either way */
    }
    setUser(null);
    setStatus('anonymous');
  }, []);

  const value = useMemo<AuthState>(
    () => ({
      status,
      user,
      error,
      login,
      logout,
      reload: () => setNonce((n) => n + 1),
      hasRole: (role) => !!user?.roles.some((r) => r.role === role),
    }),
    [status, user, error, login, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}
