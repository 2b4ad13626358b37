/**
 * The phone's queue of visits written with no signal (待发送), after the case reports' outbox
 * (cases/outbox.ts) but smaller: a visit has no photos, so its body is kept in localStorage per
 * account, with the clientRef it was written with. It is sent at once, again when the signal
 * returns (`online`), when the page opens and on demand; the server answers the first visit for a
 * clientRef it has seen (200), so a send whose answer was lost is repeated safely and a visit is
 * filed exactly once. A network error, 5xx, 401 (signed out), 408 or 429 keeps it queued; any
 * other 4xx marks it failed with the server's message (the worker fixes the entry or discards it).
 */
import { ApiError, request } from '../../shared/api';

export interface QueuedVisit { clientRef: string; body: Record<string, unknown> & { clientRef: string }; label: string; createdAt: string; error: string | null; }

const key = (accountId: string) => `gz.visitOutbox.${accountId}`;
const listeners = new Set<() => void>();

export function queuedVisits(accountId: string): QueuedVisit[] {
  try {
    return JSON.parse(localStorage.getItem(key(accountId)) ?? '[]') as QueuedVisit[];
  } catch {
    return [];
  }
}
function save(accountId: string, items: QueuedVisit[]) {
  localStorage.setItem(key(accountId), JSON.stringify(items));
  for (const l of listeners) l();
}
export function onVisitOutbox(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const retryable = (e: unknown) => !(e instanceof ApiError) || e.status === 0 || e.status >= 500 || [401, 408, 429].includes(e.status);

/** How long one send may take: a request made as the signal comes and goes can hang, and would hold the queue. */
const SEND_TIMEOUT_MS = 10_000;
async function send(body: QueuedVisit['body']): Promise<void> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), SEND_TIMEOUT_MS);
  try {
    await request('/api/visits', { method: 'POST', body, signal: ac.signal });
  } catch (e) {
    // timed out: as a lost answer (the clientRef makes the next send safe)
    if ((e as Error)?.name === 'AbortError') throw new ApiError(0, 'network_error', (e as Error).message);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

let sending: Promise<void> | null = null;

/** Send what waits, oldest first; stops at the first error worth retrying later. */
export function flushVisits(accountId: string): Promise<void> {
  if (sending) return sending;
  // reset when done — in a callback, never inside the run itself: a run with nothing to send ends before
  // `sending` is even assigned, and would leave it set for good (no visit would ever be sent again)
  sending = (async () => {
    for (const item of queuedVisits(accountId)) {
      if (item.error) continue;
      try {
        await send(item.body);
        save(accountId, queuedVisits(accountId).filter((x) => x.clientRef !== item.clientRef));
      } catch (e) {
        if (retryable(e)) return;
        save(accountId, queuedVisits(accountId).map((x) => (x.clientRef === item.clientRef ? { ...x, error: (e as Error).message } : x)));
      }
    }
  })().finally(() => { sending = null; });
  return sending;
}

/** Keep a visit, then try to send it: 'sent', 'queued' (no signal; it goes later) or the server's refusal (thrown, nothing kept). */
export async function queueVisit(accountId: string, body: Record<string, unknown> & { clientRef: string }, label: string): Promise<'sent' | 'queued'> {
  if (!queuedVisits(accountId).some((x) => x.clientRef === body.clientRef)) {
    save(accountId, [...queuedVisits(accountId), { clientRef: body.clientRef, body, label, createdAt: new Date().toISOString(), error: null }]);
  }
  try {
    await send(body);
  } catch (e) {
    if (retryable(e)) return 'queued';
    save(accountId, queuedVisits(accountId).filter((x) => x.clientRef !== body.clientRef));
    throw e;
  }
  save(accountId, queuedVisits(accountId).filter((x) => x.clientRef !== body.clientRef));
  void flushVisits(accountId);
  return 'sent';
}

export function discardVisit(accountId: string, clientRef: string): void {
  save(accountId, queuedVisits(accountId).filter((x) => x.clientRef !== clientRef));
}
