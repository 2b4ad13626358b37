import { describe, expect, it } from 'vitest';
import { covers, duePeriod, parsePeriod, periodOf, statementProblem } from '../../src/modules/property/disclosure-rules.js';

describe('period labels', () => {
  it.each([
    ['2026', '2026-01-01', '2026-12-31', 12],
    ['2026-H1', '2026-01-01', '2026-06-30', 6],
    ['2026-H2', '2026-07-01', '2026-12-31', 6],
    ['2026-Q1', '2026-01-01', '2026-03-31', 3],
    ['2024-Q1', '2024-01-01', '2024-03-31', 3],
    ['2026-Q4', '2026-10-01', '2026-12-31', 3],
    ['2024-02', '2024-02-01', '2024-02-29', 1],
    ['2026-02', '2026-02-01', '2026-02-28', 1],
  ])('%s → %s … %s', (label, start, end, months) => {
    expect(parsePeriod(label)).toEqual({ label, start, end, months });
  });
  it.each(['2026-Q5', '2026-H3', '2026-13', '2026-00', '26', '2026Q1', '', '1900', '2026-Q1 '.repeat(2)])('%j is refused', (label) => {
    expect(parsePeriod(label)).toBeNull();
  });
  it.each([
    ['2026-11-28', 3, '2026-Q4'], ['2026-10-01', 3, '2026-Q4'], ['2026-09-30', 3, '2026-Q3'],
    ['2026-06-30', 6, '2026-H1'], ['2026-07-01', 6, '2026-H2'], ['2026-05-15', 12, '2026'], ['2026-05-15', 1, '2026-05'],
  ])('%s in %i-month periods is %s', (date, months, label) => {
    expect(periodOf(date, months).label).toBe(label);
  });
});

describe('the period now due', () => {
  it.each([
    ['2026-11-28', 3, 30, '2026-Q3', '2026-10-30'],
    ['2026-01-10', 3, 30, '2025-Q4', '2026-01-30'],
    ['2026-01-10', 12, 30, '2025', '2026-01-30'],
    ['2026-07-01', 6, 0, '2026-H1', '2026-06-30'],
    ['2026-03-01', 1, 15, '2026-02', '2026-03-15'],
  ])('on %s with %i-month periods and %i grace days: %s, due by %s', (today, months, grace, label, dueBy) => {
    expect(duePeriod(today, months, grace)).toMatchObject({ label, dueBy });
  });
  it('no fixed period, nothing due', () => expect(duePeriod('2026-11-28', 0, 30)).toBeNull());
  it.each([
    ['2026-Q3', '2026-Q3', true], ['2026-Q3', '2026-09', true], ['2026-Q3', '2026-H2', false], ['2026-H1', '2026-Q2', true], ['2026', '2026-Q4', true], ['2026', '2025-Q4', false],
  ])('obligation %s is covered by a disclosure for %s: %s', (ob, d, yes) => {
    expect(covers(parsePeriod(ob)!, parsePeriod(d)!)).toBe(yes);
  });
});

describe('fund statements add up exactly (分)', () => {
  const s = (opening: number, income: number[], spending: number[], closing: number) => ({ opening, income: income.map((amount, i) => ({ item: `收入${i}`, amount })), spending: spending.map((amount, i) => ({ item: `支出${i}`, amount })), closing });
  it.each([
    [s(0, [], [], 0), null],
    [s(100_00, [50_00, 25], [10_00], 140_25), null],
    [s(100_00, [50_00], [10_00], 140_01), 'fund_statement_unbalanced'],
    [s(10, [], [20], -10), null], // an overdraft is shown as it is
    [s(100, [0.1 as number], [], 100.1), 'fund_statement_invalid'],
    [s(100, [-5], [], 95), 'fund_statement_invalid'],
    [{ opening: 0, income: [{ item: ' ', amount: 1 }], spending: [], closing: 1 }, 'fund_statement_invalid'],
  ])('%j → %s', (st, code) => {
    expect(statementProblem(st)?.code ?? null).toBe(code);
  });
  it('the message shows the sums in yuan', () => {
    expect(statementProblem(s(1_000_00, [234_50], [1_00], 1_233_00))?.params).toMatchObject({ expected: '1,233.50', closing: '1,233.00' });
  });
});
