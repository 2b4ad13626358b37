import { overdueSummary } from '../../src/modules/property/disclosure-overdue.js';
import { describe, expect, it } from 'vitest';
import { displayName, pdfProblem } from '../../src/modules/property/disclosure-files.js';
import { covers, duePeriod, lapsedPeriod, overdueFor, parsePeriod, periodOf, previousPeriod, statementProblem } from '../../src/modules/property/disclosure-rules.js';

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
  it.each([
    [{ opening: 10.5, income: [], spending: [], closing: 10.5 }, ['figures.opening', 'figures.closing']],
    [s(0, [1, 2, -3], [4], -4), ['figures.income[2].amount']],
    [{ opening: 0, income: [{ item: '租金', amount: 1 }, { item: '', amount: 0.5 }], spending: [{ item: '保洁', amount: -1 }], closing: 0 },
      ['figures.income[1].item', 'figures.income[1].amount', 'figures.spending[0].amount']],
    [s(100, [50], [10], 141), ['figures.closing']],
  ])('details name every bad field of %j as the request body does', (st, fields) => {
    expect(statementProblem(st)!.details.map((d) => d.field)).toEqual(fields);
  });
  it('the message names the first bad line', () => {
    expect(statementProblem(s(0, [1, 2, -3], [], 0))).toMatchObject({ code: 'fund_statement_invalid', params: { field: 'income[2].amount' }, details: [{ rule: 'non_negative' }] });
  });
});

describe('overdue for period X as of day D', () => {
  const p = (label: string) => parsePeriod(label)!;
  const d = (label: string) => ({ start: p(label).start, end: p(label).end });
  it.each([
    // period, as of, grace days, what was disclosed, serving since, overdue?
    ['2026-Q3', '2026-10-30', 30, [], null, false], // the last day of grace
    ['2026-Q3', '2026-10-31', 30, [], null, true], // the day after
    ['2026-Q3', '2026-10-01', 0, [], null, true], // no grace: overdue the day after the period ends
    ['2026-Q3', '2026-09-30', 0, [], null, false], // the period has not ended
    ['2026-Q3', '2026-11-15', 30, [d('2026-Q3')], null, false],
    ['2026-Q3', '2026-11-15', 30, [d('2026-08')], null, false], // a month inside the quarter covers it
    ['2026-Q3', '2026-11-15', 30, [d('2026-H2')], null, true], // a half-year does not lie inside the quarter
    ['2026-Q3', '2026-11-15', 30, [d('2026-Q2')], null, true], // the wrong quarter
    ['2026-H1', '2026-08-01', 30, [d('2026-Q2')], null, false],
    ['2025', '2026-02-01', 30, [], null, true],
    ['2025', '2026-01-30', 30, [], null, false],
    ['2026-Q3', '2026-11-15', 30, [], '2026-09-30', true], // served on the period's last day: owes it
    ['2026-Q3', '2026-11-15', 30, [], '2026-10-01', false], // began serving after the period: owes nothing for it
  ] as const)('%s as of %s (grace %i, disclosed %j, serving since %s) → %s', (label, asOf, grace, disclosed, since, overdue) => {
    expect(overdueFor(p(label), asOf, grace, [...disclosed], since)).toBe(overdue);
  });

  it.each([
    // as of, months, grace → the latest period whose deadline has passed, and its deadline
    ['2026-11-28', 3, 30, '2026-Q3', '2026-10-30'],
    ['2026-10-30', 3, 30, '2026-Q2', '2026-07-30'], // Q3 is still in its grace
    ['2026-10-31', 3, 30, '2026-Q3', '2026-10-30'],
    ['2026-01-10', 12, 30, '2024', '2025-01-30'], // 2025 is still in its grace
    ['2026-02-01', 12, 30, '2025', '2026-01-30'],
    ['2026-07-01', 6, 0, '2026-H1', '2026-06-30'],
    ['2026-03-10', 1, 45, '2025-12', '2026-02-14'], // grace longer than the period: January is still in its grace until 03-17
    ['2026-03-01', 1, 0, '2026-02', '2026-02-28'],
  ])('as of %s with %i-month periods and %i grace days the lapsed period is %s (due %s)', (asOf, months, grace, label, dueBy) => {
    expect(lapsedPeriod(asOf, months, grace)).toMatchObject({ label, dueBy });
  });
  it('no fixed period, nothing lapses', () => expect(lapsedPeriod('2026-11-28', 0, 30)).toBeNull());
  it('the period before a first quarter is the last quarter of the year before', () => expect(previousPeriod(p('2026-Q1')).label).toBe('2025-Q4'));
  it('a lapsed period is overdue exactly when nothing covers it', () => {
    for (const [asOf, months, grace] of [['2026-11-28', 3, 30], ['2026-03-10', 1, 45], ['2026-02-01', 12, 30]] as const) {
      const x = lapsedPeriod(asOf, months, grace)!;
      expect(overdueFor(x, asOf, grace, [])).toBe(true);
      expect(overdueFor(x, asOf, grace, [{ start: x.start, end: x.end }])).toBe(false);
    }
  });
});

describe('attachments are judged by content', () => {
  const pdf = (body = '', version = '1.4') => {
    let out = `%PDF-${version}\n1 0 obj\n<< /Type /Catalog ${body}>>\nendobj\n`;
    const xref = out.length;
    out += `xref\n0 2\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(out, 'latin1');
  };
  it.each([
    ['a well-formed PDF', pdf(), null],
    ['PDF 2.0', pdf('', '2.0'), null],
    ['a PDF with random binary that happens to hold /JS', pdf('/Data (\u0001/JS\u0002) '), null],
    ['no header', Buffer.from('hello %PDF-1.4'), 'not_pdf'],
    ['an unknown version', pdf('', '3.1'), 'not_pdf'],
    ['cut short', pdf().subarray(0, 60), 'truncated'],
    ['startxref past the end', Buffer.from(pdf().toString('latin1').replace(/startxref\n\d+/, 'startxref\n99999'), 'latin1'), 'truncated'],
    ['startxref pointing at nothing', Buffer.from(pdf().toString('latin1').replace(/startxref\n\d+/, 'startxref\n3'), 'latin1'), 'truncated'],
    ['an OpenAction running JavaScript', pdf('/OpenAction << /S /JavaScript /JS (app.alert(1)) >> '), 'active_content'],
    ['a launch action', pdf('/OpenAction << /S /Launch /F (cmd.exe) >> '), 'active_content'],
    ['an embedded file', pdf('/Names << /EmbeddedFiles 2 0 R >> '), 'active_content'],
  ])('%s → %s', (_what, buf, problem) => {
    expect(pdfProblem(buf)).toBe(problem);
  });
  it.each([
    ['电梯维修合同.pdf', 'pdf', '电梯维修合同.pdf'],
    ['收支明细表.pdf', 'jpg', '收支明细表.jpg'], // named as a PDF, but an image
    ['C:\\fakepath\\scan.JPEG', 'jpg', 'scan.jpg'],
    ['../../etc/passwd', 'pdf', 'passwd.pdf'],
    ['a\u0000b<script>.pdf', 'pdf', 'abscript.pdf'],
    ['', 'png', '附件.png'],
    [undefined, 'pdf', '附件.pdf'],
    ['长'.repeat(300) + '.pdf', 'pdf', '长'.repeat(96) + '.pdf'],
  ])('the name %j of a %s file reads %j', (given, ext, name) => {
    expect(displayName(given, ext)).toBe(name);
  });
});

describe('the supervisors\' overdue summary', () => {
  const item = (street: string, n: number) => ({ street, compound: `小区${n}`, what: '服务事项与人员（2026 年 10 月，应于 2026-11-30 前公示）' });
  it('street by street, the first five compounds of each named', () => {
    const text = overdueSummary([...Array.from({ length: 7 }, (_, i) => item('站东街道', i)), item('朝农街道', 9)]);
    expect(text.startsWith('公示逾期（新增 8 个小区）：站东街道 7 个小区：小区0服务事项与人员')).toBe(true);
    expect(text).toContain('小区4服务事项与人员');
    expect(text).not.toContain('小区5');
    expect(text).toContain('等。朝农街道 1 个小区：小区9');
    expect(text.endsWith('详见物业公示监管。')).toBe(true);
  });
  it('at most ten streets, then how many more', () => {
    const text = overdueSummary(Array.from({ length: 12 }, (_, i) => item(`街道${i}`, i)));
    expect(text).toContain('街道9 1 个小区');
    expect(text).not.toContain('街道10 ');
    expect(text).toContain('；另有 2 个街道。');
  });
});
