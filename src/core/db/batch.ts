/**
 * Group commit for a one-statement writer: calls that arrive while earlier statements are in
 * flight are written together by the next statement, so a busy intake pays the per-statement
 * and per-commit cost of the database once per batch instead of once per request (measured:
 * 50 cases in one set-based statement cost PostgreSQL about a quarter of 50 one-case statements).
 *
 * - Nothing waits for a timer: a call that finds fewer than `inFlight` statements running is
 *   sent at the end of the current turn of the event loop (with whatever else arrived in it).
 * - Every caller is answered after its statement committed (durable when acknowledged), with
 *   its own result or its own error: `run` returns one entry per item, an Error for an item that
 *   failed on its own.
 * - When a batch statement fails as a whole (say one row breaks a constraint no check foresaw),
 *   each of its items is tried again alone, so only the item at fault fails.
 * - `apart(a, b)`: two items that must not share a statement (e.g. both name the same photo);
 *   the later one waits for the next batch.
 * Each process batches its own calls; processes share the database with no lock between them.
 */
export interface BatchOptions<T, R> {
  /** Items per statement at most. */
  max: number;
  /** Statements in flight at once (≤ the pool's size; 2 keeps PostgreSQL busy while Node prepares the next). */
  inFlight: number;
  run(items: T[]): Promise<(R | Error)[]>;
  apart?(a: T, b: T): boolean;
}

interface Waiting<T, R> { item: T; resolve(r: R): void; reject(e: unknown): void; }

export function batcher<T, R>(o: BatchOptions<T, R>): (item: T) => Promise<R> {
  const queue: Waiting<T, R>[] = [];
  let running = 0;
  let scheduled = false;

  const settle = (batch: Waiting<T, R>[], results: (R | Error)[]) => {
    batch.forEach((w, i) => {
      const r = results[i];
      if (r instanceof Error) w.reject(r);
      else if (r === undefined) w.reject(new Error('batch: no result for an item'));
      else w.resolve(r);
    });
  };

  async function send(batch: Waiting<T, R>[]) {
    running++;
    try {
      let results: (R | Error)[];
      try {
        results = await o.run(batch.map((w) => w.item));
      } catch (e) {
        if (batch.length === 1) throw e;
        // the statement failed as a whole: each item alone, so the error reaches only its own caller
        results = [];
        for (const w of batch) {
          try { results.push((await o.run([w.item]))[0]); } catch (one) { results.push(one instanceof Error ? one : new Error(String(one))); }
        }
      }
      settle(batch, results);
    } catch (e) {
      for (const w of batch) w.reject(e);
    } finally {
      running--;
      pump();
    }
  }

  function take(): Waiting<T, R>[] {
    const batch: Waiting<T, R>[] = [];
    for (let i = 0; i < queue.length && batch.length < o.max;) {
      const w = queue[i];
      if (o.apart && batch.some((b) => o.apart!(b.item, w.item))) { i++; continue; }
      batch.push(w);
      queue.splice(i, 1);
    }
    return batch;
  }

  function pump() {
    while (running < o.inFlight && queue.length) void send(take());
  }

  return (item: T) => new Promise<R>((resolve, reject) => {
    queue.push({ item, resolve, reject });
    if (!scheduled) {
      scheduled = true;
      // the end of this turn of the event loop: requests parsed in the same turn share a statement
      setImmediate(() => { scheduled = false; pump(); });
    }
  });
}
