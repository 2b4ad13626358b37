/** Campaign rules as tables: checklist, answers, problems, which answer wins, deadline, roll-up figures, masks. */
import { describe, expect, it } from 'vitest';
import { campaignStatus, checkAnswers, checkChecklist, deadlineAllowed, decideAnswer, isProblem, maskRoom, photosOf, progress, type ChecklistItem } from '../../src/modules/campaigns/rules.js';

const list: ChecklistItem[] = [
  { key: 'ok', label: '灭火器有效', type: 'yesno', required: true, problemWhen: false },
  { key: 'n', label: '人数', type: 'number', required: false },
  { key: 't', label: '说明', type: 'text', required: false },
  { key: 'p', label: '照片', type: 'photo', required: false },
];
const U1 = '0b7d6f3e-1c2a-4f5b-9a8e-123456789abc';

describe('checklist', () => {
  it.each([
    [[{ label: '是否在家', type: 'yesno' }], true, 'q1'],
    [[{ label: 'a', type: 'yesno' }, { label: 'b', type: 'text', required: false }], true, 'q1'],
    [[], false, 'no items'],
    [[{ key: 'A', label: 'a', type: 'yesno' }], false, 'key'],
    [[{ key: 'x', label: 'a', type: 'yesno' }, { key: 'x', label: 'b', type: 'yesno' }], false, 'repeated'],
    [[{ label: ' ', type: 'yesno' }], false, 'empty label'],
    [[{ label: 'a', type: 'audio' }], false, 'unknown type'],
    [[{ label: 'a', type: 'number', problemWhen: true }], false, 'problemWhen'],
    [Array.from({ length: 31 }, (_, i) => ({ label: `i${i}`, type: 'text' })), false, 'more than 30'],
  ])('%j → ok %s (%s)', (input, ok, hint) => {
    const r = checkChecklist(input as any);
    expect(r.ok).toBe(ok);
    if (r.ok) expect(r.value[0].key).toBe(hint);
    else expect(r.reason).toContain(hint);
  });
  it('defaults required to true and trims labels', () => {
    expect(checkChecklist([{ label: '  在家 ', type: 'yesno' }])).toEqual({ ok: true, value: [{ key: 'q1', label: '在家', type: 'yesno', required: true }] });
  });
});

describe('answers', () => {
  it.each([
    [{ ok: true }, true],
    [{ ok: false, n: 0, t: ' 楼道堆物 ', p: [U1] }, true],
    [{ ok: true, p: U1 }, true],
    [{ ok: true, t: '   ' }, true], // blank optional text = not answered
    [{}, false],
    [{ ok: null }, false],
    [{ ok: 'true' }, false],
    [{ ok: 1 }, false],
    [{ ok: true, n: '3' }, false],
    [{ ok: true, n: Number.NaN }, false],
    [{ ok: true, n: 2e9 }, false],
    [{ ok: true, t: 'x'.repeat(1001) }, false],
    [{ ok: true, p: ['x'] }, false],
    [{ ok: true, p: [U1, U1] }, false],
    [{ ok: true, p: Array.from({ length: 10 }, (_, i) => U1.slice(0, -1) + i) }, false],
    [{ ok: true, extra: 1 }, false],
  ])('%j → ok %s', (answers, ok) => {
    expect(checkAnswers(list, answers as any).ok).toBe(ok);
  });
  it('keeps trimmed text and lower-case photo ids', () => {
    expect(checkAnswers(list, { ok: true, t: ' a ', p: [U1.toUpperCase()] })).toEqual({ ok: true, value: { ok: true, t: 'a', p: [U1] } });
  });
});

describe('problems and photos', () => {
  it.each([
    [{ ok: true }, false, false],
    [{ ok: false }, false, true],
    [{ ok: true }, true, true],
    [{}, false, false],
  ])('%j flagged %s → %s', (answers, flagged, problem) => {
    expect(isProblem(list, answers as any, flagged)).toBe(problem);
  });
  it('lists the photos of photo items only', () => {
    expect(photosOf(list, { ok: true, t: U1, p: [U1] })).toEqual([U1]);
    expect(photosOf(list, null)).toEqual([]);
  });
});

describe('which answer wins', () => {
  const fresh = { version: 0, answeredBy: null, answeredAt: null };
  const answered = { version: 2, answeredBy: '王红', answeredAt: '2026-12-01T10:00:00+08:00' };
  it.each([
    ['first answer', fresh, null, {}, { kind: 'first' }],
    ['resend of the first', answered, { version: 1 }, {}, { kind: 'repeat', version: 1 }],
    ['resend wins over revise', answered, { version: 2 }, { revise: true, version: 1 }, { kind: 'repeat', version: 2 }],
    ['second phone', answered, null, {}, { kind: 'refuse', code: 'campaign_item_answered', params: { by: '王红', at: answered.answeredAt, version: 2 } }],
    ['revision', answered, null, { revise: true, version: 2 }, { kind: 'revise', version: 3 }],
    ['stale revision', answered, null, { revise: true, version: 1 }, { kind: 'refuse', code: 'campaign_item_version_conflict', params: { version: 2 } }],
    ['revision without a version', answered, null, { revise: true }, { kind: 'refuse', code: 'campaign_item_version_conflict', params: { version: 2 } }],
    ['revising nothing', fresh, null, { revise: true, version: 0 }, { kind: 'refuse', code: 'campaign_item_not_answered', params: {} }],
  ])('%s', (_name, item, same, req, out) => {
    expect(decideAnswer(item, same, req)).toEqual(out);
  });
});

describe('deadline and status', () => {
  it.each([
    ['2026-12-08', '2026-12-08', true],
    ['2026-12-07', '2026-12-08', false],
    ['2027-12-08', '2026-12-08', true],
    ['2027-12-09', '2026-12-08', false],
    ['2025-02-28', '2024-02-29', true],
    ['2025-03-01', '2024-02-29', true], // 29 Feb + 1 year rolls to 1 March
    ['2025-03-02', '2024-02-29', false],
  ])('deadline %s on %s → %s', (deadline, today, ok) => {
    expect(deadlineAllowed(deadline, today)).toBe(ok);
  });
  it.each([
    ['running', '2026-12-10', '2026-12-09', 'running'],
    ['running', '2026-12-10', '2026-12-10', 'due_today'],
    ['running', '2026-12-10', '2026-12-11', 'overdue'],
    ['closed', '2026-12-10', '2026-12-11', 'closed'],
    ['closed', '2026-12-10', '2026-12-01', 'closed'],
  ] as const)('%s, deadline %s, on %s → %s', (state, deadline, today, status) => {
    expect(campaignStatus(state, deadline, today)).toBe(status);
  });
});

describe('figures and masks', () => {
  it.each([
    [0, 0, 0, { total: 0, done: 0, todo: 0, problems: 0, rate: 0 }],
    [3, 1, 1, { total: 3, done: 1, todo: 2, problems: 1, rate: 0.3333 }],
    [50000, 49999, 7, { total: 50000, done: 49999, todo: 1, problems: 7, rate: 0.9999 }], // 100% only when all are done
    [100, 29, 0, { total: 100, done: 29, todo: 71, problems: 0, rate: 0.29 }],
    [8, 8, 0, { total: 8, done: 8, todo: 0, problems: 0, rate: 1 }],
  ])('progress(%i, %i, %i)', (total, done, problems, out) => {
    expect(progress(total, done, problems)).toEqual(out);
  });
  it.each([
    [null, ''], ['', ''], ['1', '1'], ['12', '1*'], ['301', '3**'], ['A-1203', 'A-****'], ['十二层东户', '十二***'],
  ])('maskRoom(%j) → %j', (room, out) => {
    expect(maskRoom(room)).toBe(out);
  });
});
