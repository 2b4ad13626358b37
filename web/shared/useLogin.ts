/** The login page's state for the console and the phone: where to go after, the error, the submit. */
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { Location } from 'react-router-dom';
import { useAuth } from './auth';

export interface LoginForm {
  username: string;
  password: string;
}

/** Back to the page that sent the user to log in (with its hash when `withHash`), else home. */
function redirectTarget(state: unknown, withHash: boolean): string {
  const from = (state as { from?: Location } | null)?.from;
  if (!from || from.pathname === '/login') return '/';
  return `${from.pathname}${from.search ?? ''}${withHash ? (from.hash ?? '') : ''}`;
}

export function useLogin(opts: { withHash: boolean; failed: string }) {
  const { status, login } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const target = redirectTarget(location.state, opts.withHash);

  const onFinish = async (v: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
      navigate(target, { replace: true });
    } catch (e) {
      setError(e instanceof Error ? e.message : opts.failed);
    } finally {
      setSubmitting(false);
    }
  };

  /** Already logged in (and not just now): go on at once. */
  const done = status === 'authenticated' && !submitting;
  return { target, done, error, submitting, onFinish };
}
