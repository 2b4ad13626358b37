/** core/db/batch.ts: group commit — who shares a statement, who gets which answer, and what a failing statement does. */
import { describe, expect, it } from 'vitest';
import { batcher } from '../../src/core/db/batch.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('batcher', () => {
  it('calls of one turn of the event loop share a run; later calls wait while inFlight runs are busy, then go together', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const send = batcher<number, number>({ max: 100, inFlight: 1, async run(items) { runs.push(items); await gate; return items.map((x) => x * 10); } });
    const first = [1, 2, 3].map(send);
    await tick();
    const later = [4, 5].map(send);
    await tick();
    expect(runs).toEqual([[1, 2, 3]]);
    release();
    expect(await Promise.all([...first, ...later])).toEqual([10, 20, 30, 40, 50]);
    expect(runs).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('max items per run', async () => {
    const runs: number[][] = [];
    const send = batcher<number, number>({ max: 2, inFlight: 5, async run(items) { runs.push(items); return items; } });
    await Promise.all([1, 2, 3, 4, 5].map(send));
    expect(runs).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('an item\'s own error reaches only its caller', async () => {
    const send = batcher<number, number>({ max: 10, inFlight: 1, async run(items) { return items.map((x) => (x < 0 ? new Error(`bad ${x}`) : x)); } });
    const r = await Promise.allSettled([1, -2, 3].map(send));
    expect(r.map((x) => (x.status === 'fulfilled' ? x.value : (x.reason as Error).message))).toEqual([1, 'bad -2', 3]);
  });

  it('a run that fails as a whole is retried item by item, so only the item at fault fails', async () => {
    const runs: number[][] = [];
    const send = batcher<number, number>({
      max: 10, inFlight: 1,
      async run(items) { runs.push(items); if (items.includes(13)) throw new Error('constraint broken by 13'); return items; },
    });
    const r = await Promise.allSettled([12, 13, 14].map(send));
    expect(r.map((x) => (x.status === 'fulfilled' ? x.value : (x.reason as Error).message))).toEqual([12, 'constraint broken by 13', 14]);
    expect(runs).toEqual([[12, 13, 14], [12], [13], [14]]);
  });

  it('items that must be apart never share a run', async () => {
    const runs: string[][] = [];
    const send = batcher<string, string>({ max: 10, inFlight: 1, apart: (a, b) => a[0] === b[0], async run(items) { runs.push(items); return items; } });
    await Promise.all(['a1', 'b1', 'a2', 'c1', 'a3'].map(send));
    expect(runs).toEqual([['a1', 'b1', 'c1'], ['a2'], ['a3']]);
  });

  it('a lone call is sent at once (no timer): it is answered within the same few ticks', async () => {
    const send = batcher<number, number>({ max: 10, inFlight: 2, async run(items) { return items; } });
    expect(await send(7)).toBe(7);
  });
});
