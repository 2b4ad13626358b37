import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration, plainLine } from '../../src/cli/progress.js';

function fakeStream() {
  const s = new PassThrough();
  let out = '';
  s.on('data', (c) => { out += c.toString(); });
  return { stream: s, text: () => out };
}

describe('CLI progress when stdout is not a terminal', () => {
  it('prints a line at each stage start, at most one per interval while it runs, and one at the end; no bar, no escape codes', () => {
    const { stream, text } = fakeStream();
    let t = 0;
    const p = createProgress({ stream, tty: false, everyMs: 5000, now: () => t });
    p.stage('cases', 2_000_000);
    for (let done = 100_000; done <= 2_000_000; done += 100_000) {
      t += 1000; // 100,000 a second
      p.update(done, 2_000_000);
    }
    p.stage('statistics');
    t += 2500;
    p.done();
    const lines = text().trimEnd().split('\n');
    expect(lines).toEqual([
      'cases: 0/2,000,000 (0%)',
      'cases: 500,000/2,000,000 (25%), 100,000/s, ~15s left',
      'cases: 1,000,000/2,000,000 (50%), 100,000/s, ~10s left',
      'cases: 1,500,000/2,000,000 (75%), 100,000/s, ~5s left',
      'cases: 2,000,000/2,000,000 (100%), 100,000/s, ~0s left',
      'cases: 2,000,000/2,000,000 (100%), 100,000/s, done in 20s',
      'statistics: …',
      'statistics: done in 3s',
    ]);
    expect(text()).not.toMatch(/\u001b/);
  });

  it('a total that becomes known later is used; updates after done are ignored', () => {
    const { stream, text } = fakeStream();
    let t = 0;
    const p = createProgress({ stream, tty: false, everyMs: 1000, now: () => t });
    p.stage('residents');
    t = 2000;
    p.update(500, 1000);
    p.done();
    p.update(900, 1000);
    expect(text().trimEnd().split('\n')).toEqual(['residents: …', 'residents: 500/1,000 (50%), 250/s, ~2s left', 'residents: 1,000/1,000 (100%), 500/s, done in 2s']);
  });

  it('formats durations and lines', () => {
    expect(formatDuration(59.4)).toBe('59s');
    expect(formatDuration(61)).toBe('1m01s');
    expect(formatDuration(3 * 3600 + 120)).toBe('3h02m');
    expect(plainLine('x', 0, 10, 0)).toBe('x: 0/10 (0%)');
  });

  it('on a terminal it draws a bar with counts, rate and time left', () => {
    const { stream, text } = fakeStream();
    Object.assign(stream, { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    const p = createProgress({ stream, tty: true });
    p.stage('cases', 1000);
    p.update(500);
    p.done();
    expect(text()).toMatch(/cases \[.*\] 100% \| 1,000\/1,000 \| [\d,]+\/s \| 剩余 left/);
  });
});
