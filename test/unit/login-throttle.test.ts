import { describe, expect, it } from 'vitest';
import { delayAfter, LOGIN_THROTTLE } from '../../src/core/auth/throttle.js';

describe('login throttle delays', () => {
  const pair = LOGIN_THROTTLE.pair, account = LOGIN_THROTTLE.account;
  it.each([
    // failures counted so far → seconds before the next attempt from that address
    [0, 0], [1, 0], [4, 0], [5, 1], [6, 2], [7, 4], [8, 8], [10, 32], [14, 512], [15, 900], [40, 900], [10_000, 900],
  ])('pair: after %i failures wait %i s', (n, s) => expect(delayAfter(n, pair)).toBe(s));

  it.each([
    // the account-wide ceiling slows, with a small bound, never locks
    [0, 0], [19, 0], [20, 1], [21, 2], [24, 16], [25, 30], [500, 30],
  ])('account: after %i failures wait %i s', (n, s) => expect(delayAfter(n, account)).toBe(s));

  it('grows monotonically and never passes the cap', () => {
    for (const step of [pair, account]) {
      let prev = 0;
      for (let n = 0; n < 100; n++) {
        const d = delayAfter(n, step);
        expect(d).toBeGreaterThanOrEqual(prev);
        expect(d).toBeLessThanOrEqual(step.capSeconds);
        prev = d;
      }
    }
  });
});
