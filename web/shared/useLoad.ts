/**
 * Data loading for the console and the phone: runs `load` when `deps` change (or on `reload()`),
 * aborts the previous request, keeps the last good data on screen while reloading. A null `load`
 * waits (nothing is requested, nothing cleared).
 */
import { useCallback, useEffect, useState } from 'react';
import type { DependencyList } from 'react';

export interface Loaded<T> {
  data: T | null;
  /** The failure's message (the server's, in the UI language), or null. */
  error: string | null;
  /** The failure itself (an ApiError carries status and code), or null. */
  failure: Error | null;
  loading: boolean;
  reload: () => void;
  /** Change the data in place (e.g. after a write that answered the new state). */
  update: (fn: (data: T) => T) => void;
}

export function useLoad<T>(load: ((signal: AbortSignal) => Promise<T>) | null, deps: DependencyList): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const [loading, setLoading] = useState(false);
  const [nonce, setNonce] = useState(0);
  const enabled = load !== null;
  useEffect(() => {
    if (!load) return;
    const ac = new AbortController();
    setLoading(true);
    setFailure(null);
    load(ac.signal)
      .then((d) => !ac.signal.aborted && setData(d))
      .catch((e: Error) => {
        if (ac.signal.aborted || e?.name === 'AbortError') return;
        setData(null);
        setFailure(e instanceof Error ? e : new Error(String(e)));
      })
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
    // `load` is a fresh closure every render: `deps` say what it depends on
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, enabled, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const update = useCallback((fn: (d: T) => T) => setData((d) => (d === null ? d : fn(d))), []);
  return { data, error: failure ? failure.message : null, failure, loading, reload, update };
}
