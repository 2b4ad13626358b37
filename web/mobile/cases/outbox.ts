/**
 * The offline report queue (待发送). A report is written to IndexedDB first — with its photos
 * and a client-made `clientRef` — and only then sent; so a report written with no signal, or
 * whose answer was lost on a weak one, is never lost and never filed twice:
 *
 * - sending = upload the photos that are not uploaded yet (their ids are kept on the record as
 *   they come back), then `POST /api/cases` with the `clientRef`. The server answers the same
 *   case for the same clientRef from the same account (200 instead of 201), so resending after
 *   a lost response is safe.
 * - a network error, a timeout, a 5xx, 408 or 429, or a 401 (signed out: it waits for the next
 *   sign-in) keeps the report queued with a growing back-off; the `online` event, the app coming
 *   back to the foreground and the app starting send at once.
 * - any other 4xx marks it 发送失败 with the server's message: the user fixes it or discards it.
 * - one sender at a time per browser (an in-memory lock, plus Web Locks across tabs where the
 *   browser has them); a record is removed only after the server has answered with the case.
 */
import { ApiError, request, upload } from '../../shared/api';
import type { CaseDetail, NewCaseInput, UploadedPhoto } from '../../shared/cases';
import { idbDelete, idbGet, idbGetAll, idbPut, openDb } from './idb';
import { photoBlob, type StoredPhoto } from './photos';

const STORE = 'outbox';
const UPLOAD_TIMEOUT_MS = 90_000;
const CREATE_TIMEOUT_MS = 30_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export type OutboxStatus = 'pending' | 'sending' | 'failed';

export interface OutboxError {
  status: number;
  code: string;
  message: string;
  /** Where it failed: a photo upload or the case itself. */
  stage: 'photo' | 'case';
}

export interface OutboxItem {
  clientRef: string;
  /** The account that wrote it: only that account sends it (clientRef is per account on the server). */
  accountId: string;
  createdAt: string;
  updatedAt: string;
  /** The case body without photos and clientRef (added at send time). */
  input: Omit<NewCaseInput, 'photos' | 'clientRef' | 'onTheSpot'>;
  /** Handled on the spot (grid workers): the result text; its photos are `spotPhotos`. */
  onTheSpot: { result: string } | null;
  photos: StoredPhoto[];
  spotPhotos: StoredPhoto[];
  /** For the list while it waits (the category's name when it was written). */
  categoryName: string;
  status: OutboxStatus;
  attempts: number;
  /** Epoch ms of the next automatic attempt. */
  nextAt: number;
  error: OutboxError | null;
}

export type SendOutcome =
  | { kind: 'sent'; caseDetail: CaseDetail }
  | { kind: 'queued'; error: OutboxError | null }
  | { kind: 'failed'; error: OutboxError }
  | { kind: 'missing' };

export type OutboxEvent =
  | { type: 'changed' }
  | { type: 'sent'; clientRef: string; caseDetail: CaseDetail };

// ------------------------------------------------------------------ storage (IndexedDB, memory fallback)

const memory = new Map<string, OutboxItem>();
let persistent: boolean | null = null;

async function usePersistent(): Promise<boolean> {
  if (persistent !== null) return persistent;
  try {
    await openDb();
    persistent = true;
  } catch {
    persistent = false; // e.g. a private window that refuses IndexedDB: keep the queue in memory
  }
  return persistent;
}

/** False when the browser gave us no IndexedDB: the queue then lives only as long as the page. */
export async function outboxIsPersistent(): Promise<boolean> {
  return usePersistent();
}

async function getItem(clientRef: string): Promise<OutboxItem | undefined> {
  if (await usePersistent()) return idbGet<OutboxItem>(STORE, clientRef);
  return memory.get(clientRef);
}

async function allItems(): Promise<OutboxItem[]> {
  if (await usePersistent()) return idbGetAll<OutboxItem>(STORE);
  return [...memory.values()];
}

async function putItem(item: OutboxItem): Promise<void> {
  if (await usePersistent()) await idbPut(STORE, item);
  else memory.set(item.clientRef, item);
}

async function deleteItem(clientRef: string): Promise<void> {
  if (await usePersistent()) await idbDelete(STORE, clientRef);
  else memory.delete(clientRef);
}

// ------------------------------------------------------------------ events

const listeners = new Set<(e: OutboxEvent) => void>();

export function subscribeOutbox(fn: (e: OutboxEvent) => void): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}

function emit(e: OutboxEvent): void {
  for (const l of [...listeners]) {
    try {
      l(e);
    } catch {
      /* a listener's bug must not stop the queue */
    }
  }
}

// ------------------------------------------------------------------ public queue operations

/** A v4 UUID: crypto.randomUUID where there is one (secure contexts), else from getRandomValues, else Math.random. */
export function newClientRef(): string {
  const c = (globalThis as { crypto?: Crypto }).crypto;
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID();
    } catch {
      /* not a secure context */
    }
  }
  const bytes = new Uint8Array(16);
  if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Saves (or replaces, when editing a failed one) a report; it is sent by {@link flushOutbox} / {@link sendNow}. */
export async function saveReport(
  item: Omit<OutboxItem, 'status' | 'attempts' | 'nextAt' | 'error' | 'createdAt' | 'updatedAt'> & { createdAt?: string },
): Promise<OutboxItem> {
  const now = new Date().toISOString();
  const old = await getItem(item.clientRef);
  const full: OutboxItem = {
    ...item,
    createdAt: old?.createdAt ?? item.createdAt ?? now,
    updatedAt: now,
    status: 'pending',
    attempts: 0,
    nextAt: 0,
    error: null,
  };
  await putItem(full);
  emit({ type: 'changed' });
  return full;
}

export async function getReport(clientRef: string): Promise<OutboxItem | undefined> {
  return getItem(clientRef);
}

/** The account's queued reports, newest first. */
export async function listOutbox(accountId: string): Promise<OutboxItem[]> {
  const items = (await allItems()).filter((i) => i.accountId === accountId);
  return items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export async function discardReport(clientRef: string): Promise<void> {
  await deleteItem(clientRef);
  emit({ type: 'changed' });
}

// ------------------------------------------------------------------ sending

function isOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

function backoff(attempts: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 3000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Worth retrying by itself later (the report is fine, the moment is not). */
function retryable(e: unknown): boolean {
  if (!(e instanceof ApiError)) return true; // a timeout or an unexpected failure
  return e.status === 0 || e.status >= 500 || e.status === 408 || e.status === 429 || e.status === 401;
}

function errorOf(e: unknown, stage: OutboxError['stage']): OutboxError {
  if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message, stage };
  return { status: 0, code: 'network_error', message: (e as Error)?.message || String(e), stage };
}

class Timeout extends Error {
  constructor() {
    super('timeout');
    this.name = 'Timeout';
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((ok, fail) => {
    const timer = setTimeout(() => fail(new Timeout()), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        ok(v);
      },
      (e) => {
        clearTimeout(timer);
        fail(e);
      },
    );
  });
}

async function uploadMissing(item: OutboxItem, list: 'photos' | 'spotPhotos'): Promise<void> {
  for (let i = 0; i < item[list].length; i++) {
    const p = item[list][i];
    if (p.uploadedId) continue;
    const res = await withTimeout(upload<UploadedPhoto>('/api/case-photos', {}, photoBlob(p), p.name), UPLOAD_TIMEOUT_MS);
    item[list] = item[list].map((q, j) => (j === i ? { ...q, uploadedId: res.id } : q));
    await putItem(item); // keep the progress: a retry uploads only what is left
  }
}

function bodyOf(item: OutboxItem): NewCaseInput {
  const ids = (ps: StoredPhoto[]) => ps.map((p) => p.uploadedId!).filter(Boolean);
  const body: NewCaseInput = { ...item.input, clientRef: item.clientRef };
  const photos = ids(item.photos);
  if (photos.length) body.photos = photos;
  if (item.onTheSpot) {
    const spot = ids(item.spotPhotos);
    body.onTheSpot = spot.length ? { result: item.onTheSpot.result, photos: spot } : { result: item.onTheSpot.result };
  }
  return body;
}

/** 201 (new) and 200 (this clientRef was already filed) both mean "the server has it". */
async function createCase(body: NewCaseInput): Promise<CaseDetail> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), CREATE_TIMEOUT_MS);
  try {
    // the full case (the sent list shows it), not just {id, number, state}
    return await request<CaseDetail>('/api/cases', { method: 'POST', body, signal: ac.signal, headers: { Prefer: 'return=representation' } });
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') throw new Timeout();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

/** Reports sent in this page's life: a second sender asking about one gets its case. */
const recentlySent = new Map<string, CaseDetail>();

async function sendItem(clientRef: string): Promise<SendOutcome> {
  let item = await getItem(clientRef);
  if (!item) {
    const done = recentlySent.get(clientRef);
    return done ? { kind: 'sent', caseDetail: done } : { kind: 'missing' };
  }
  if (!isOnline()) {
    if (item.status === 'sending') {
      item = { ...item, status: 'pending' };
      await putItem(item);
      emit({ type: 'changed' });
    }
    return { kind: 'queued', error: null };
  }
  const hadUploads = [...item.photos, ...item.spotPhotos].some((p) => p.uploadedId);
  item = { ...item, status: 'sending', updatedAt: new Date().toISOString() };
  await putItem(item);
  emit({ type: 'changed' });

  let stage: OutboxError['stage'] = 'photo';
  try {
    await uploadMissing(item, 'photos');
    await uploadMissing(item, 'spotPhotos');
    stage = 'case';
    let result: CaseDetail;
    try {
      result = await createCase(bodyOf(item));
    } catch (e) {
      // Photos uploaded in an earlier session may have been cleared by the server meanwhile:
      // on a 4xx, upload them again once before calling the report wrong.
      if (hadUploads && e instanceof ApiError && e.status >= 400 && e.status < 500 && !retryable(e)) {
        item.photos = item.photos.map((p) => ({ ...p, uploadedId: undefined }));
        item.spotPhotos = item.spotPhotos.map((p) => ({ ...p, uploadedId: undefined }));
        stage = 'photo';
        await uploadMissing(item, 'photos');
        await uploadMissing(item, 'spotPhotos');
        stage = 'case';
        result = await createCase(bodyOf(item));
      } else throw e;
    }
    recentlySent.set(clientRef, result);
    await deleteItem(clientRef);
    emit({ type: 'sent', clientRef, caseDetail: result });
    emit({ type: 'changed' });
    return { kind: 'sent', caseDetail: result };
  } catch (e) {
    const error = errorOf(e, stage);
    const latest = await getItem(clientRef); // with the uploaded ids recorded meanwhile
    if (!latest) return { kind: 'missing' }; // discarded while it was being sent
    if (retryable(e)) {
      const attempts = latest.attempts + 1;
      await putItem({ ...latest, status: 'pending', attempts, nextAt: Date.now() + backoff(attempts), error });
      emit({ type: 'changed' });
      return { kind: 'queued', error };
    }
    await putItem({ ...latest, status: 'failed', error });
    emit({ type: 'changed' });
    return { kind: 'failed', error };
  }
}

// One sender at a time in this page; Web Locks (where available) keep two tabs from sending together.
let chain: Promise<unknown> = Promise.resolve();

type LockManager = { request: (name: string, cb: () => Promise<unknown>) => Promise<unknown> };

function exclusive<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  const run = (): Promise<T> => (locks?.request ? (locks.request('gongzhi-outbox', fn) as Promise<T>) : fn());
  const next = chain.then(run, run);
  chain = next.catch(() => undefined);
  return next;
}

/** Sends one report now (the report page calls this right after saving). */
export function sendNow(clientRef: string): Promise<SendOutcome> {
  return exclusive(() => sendItem(clientRef));
}

/**
 * Sends the account's queued reports that are due (all of them with `force`, e.g. when the
 * signal has just come back). Failed (4xx) ones wait for the user.
 */
export function flushOutbox(accountId: string, opts: { force?: boolean } = {}): Promise<void> {
  return exclusive(async () => {
    if (!isOnline()) return;
    const now = Date.now();
    const due = (await listOutbox(accountId))
      .filter((i) => i.status !== 'failed' && (opts.force || i.status === 'sending' || i.nextAt <= now))
      .reverse(); // oldest first
    for (const i of due) {
      const r = await sendItem(i.clientRef);
      // The network is down again: stop here, the next trigger retries the rest.
      if (r.kind === 'queued' && (!r.error || r.error.status === 0)) break;
    }
  });
}

/**
 * Starts sending the account's queue in the background: now (app start / sign-in), whenever
 * the browser says it is online again, when the app returns to the foreground, and on a timer
 * for the earliest back-off. Returns a stop function.
 */
export function startOutbox(accountId: string): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const schedule = async () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = null;
    let items: OutboxItem[] = [];
    try {
      items = (await listOutbox(accountId)).filter((i) => i.status === 'pending');
    } catch {
      return;
    }
    if (!items.length || stopped) return;
    const next = Math.min(...items.map((i) => i.nextAt));
    const wait = Math.max(1000, next - Date.now());
    timer = setTimeout(() => void run(false), Math.min(wait, MAX_BACKOFF_MS));
  };
  const run = async (force: boolean) => {
    if (stopped) return;
    try {
      await flushOutbox(accountId, { force });
    } catch {
      /* storage trouble: try again on the next trigger */
    }
    await schedule();
  };

  const onOnline = () => void run(true);
  const onVisible = () => {
    if (document.visibilityState === 'visible') void run(false);
  };
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  const unsubscribe = subscribeOutbox((e) => {
    if (e.type === 'changed') void schedule();
  });
  void run(true);

  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    window.removeEventListener('online', onOnline);
    document.removeEventListener('visibilitychange', onVisible);
    unsubscribe();
  };
}
