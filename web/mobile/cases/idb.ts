/**
 * A very small key-value store over the raw IndexedDB API (no library): one database, object
 * stores keyed by an in-line key path. Used by the offline report queue, which must survive a
 * closed tab, a killed WeChat web view and a restarted phone.
 *
 * Values are structured-cloned; photos are kept as ArrayBuffer + MIME type rather than Blob,
 * because older iOS web views (the WeChat browser on iOS < 14) cannot store Blobs in IndexedDB.
 */

const DB_NAME = 'gongzhi-mobile';
const DB_VERSION = 1;

/** Object stores and their key paths. Adding a store means bumping DB_VERSION. */
const STORES: Record<string, string> = {
  outbox: 'clientRef',
};

let opening: Promise<IDBDatabase> | null = null;

function promised<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((ok, fail) => {
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error ?? new Error('IndexedDB request failed'));
  });
}

export function idbAvailable(): boolean {
  try {
    return typeof indexedDB !== 'undefined' && indexedDB !== null;
  } catch {
    return false; // some browsers throw on access in private mode
  }
}

export function openDb(): Promise<IDBDatabase> {
  if (opening) return opening;
  opening = new Promise<IDBDatabase>((ok, fail) => {
    if (!idbAvailable()) {
      fail(new Error('IndexedDB is not available'));
      return;
    }
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      for (const [name, keyPath] of Object.entries(STORES)) {
        if (!db.objectStoreNames.contains(name)) db.createObjectStore(name, { keyPath });
      }
    };
    req.onsuccess = () => {
      const db = req.result;
      // Another tab upgrading the schema: let it, and reopen next time.
      db.onversionchange = () => {
        db.close();
        opening = null;
      };
      db.onclose = () => {
        opening = null;
      };
      ok(db);
    };
    req.onerror = () => fail(req.error ?? new Error('IndexedDB open failed'));
    req.onblocked = () => fail(new Error('IndexedDB open blocked by another tab'));
  });
  opening.catch(() => {
    opening = null;
  });
  return opening;
}

/** Runs `fn` in one transaction and resolves when the transaction has committed. */
async function inTx<T>(store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await openDb();
  return new Promise<T | undefined>((ok, fail) => {
    const tx = db.transaction(store, mode);
    let result: T | undefined;
    const req = fn(tx.objectStore(store));
    if (req) req.onsuccess = () => (result = req.result);
    tx.oncomplete = () => ok(result);
    tx.onerror = () => fail(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => fail(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export async function idbGet<T>(store: string, key: IDBValidKey): Promise<T | undefined> {
  return (await inTx<T>(store, 'readonly', (s) => s.get(key) as IDBRequest<T>)) ?? undefined;
}

export async function idbGetAll<T>(store: string): Promise<T[]> {
  const db = await openDb();
  const tx = db.transaction(store, 'readonly');
  return (await promised(tx.objectStore(store).getAll())) as T[];
}

/** Insert or replace; resolves once durable (transaction complete). */
export async function idbPut<T>(store: string, value: T): Promise<void> {
  await inTx(store, 'readwrite', (s) => s.put(value));
}

export async function idbDelete(store: string, key: IDBValidKey): Promise<void> {
  await inTx(store, 'readwrite', (s) => s.delete(key));
}

/** Read-modify-write of one record in a single transaction; `fn` returning undefined deletes nothing and writes nothing. */
export async function idbUpdate<T>(store: string, key: IDBValidKey, fn: (old: T | undefined) => T | undefined): Promise<T | undefined> {
  const db = await openDb();
  return new Promise<T | undefined>((ok, fail) => {
    const tx = db.transaction(store, 'readwrite');
    const s = tx.objectStore(store);
    let next: T | undefined;
    const get = s.get(key);
    get.onsuccess = () => {
      next = fn(get.result as T | undefined);
      if (next !== undefined) s.put(next);
    };
    tx.oncomplete = () => ok(next);
    tx.onerror = () => fail(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => fail(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}
