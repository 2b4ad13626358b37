import { describe, expect, it } from 'vitest';
import { actionsFor, type CaseRow, type Relation, type TaskRow } from '../../src/modules/cases/rules.js';
import { resumedDue, type Clock } from '../../src/modules/cases/deadlines.js';

const row = (over: Partial<CaseRow> = {}): CaseRow => ({
  id: 1, number: 'x', source: 'resident', category_code: '0601', state: 'reported', previous_state: null, version: 1, description: '', address: null, lon: null, lat: null,
  street_code: '460107002', community_code: '460107002001', grid_code: '460107002001001', path: '/p/', level: 'community', priority: 'normal',
  handler_kind: null, handler_account_id: null, handler_department_id: null, handler_name: null, lead_department_id: null,
  registered_at: null, response_due: null, resolve_due: null, responded_at: null, handled_at: null, suspended_at: null, closed_at: null, overdue_at: null, warned_at: null, escalated_at: null,
  supervised: false, rework_count: 0, reopened: false, reporter_account_id: 9, reporter_name: null, reporter_phone_mask: null, anonymous: false,
  integration_id: null, external_id: null, hotline_type: null, callback_at: null, no_callback_reason: null, satisfaction: null, resolved: null, rating_note: null, rated_at: null, rated_by: null,
  merged_into: null, created_by: null, created_at: new Date(), updated_at: new Date(), ...over,
});
const rel = (over: Partial<Relation> = {}): Relation => ({ accountId: 5, street: false, community: false, gridWorker: false, property: false, handler: false, reporter: false, departments: [], ...over });
const COMMUNITY = rel({ community: true });
const STREET = rel({ street: true });
const WORKER = rel({ gridWorker: true });
const REPORTER = rel({ reporter: true, accountId: 9 });

describe('who may do what to a case', () => {
  it.each([
    ['community registers a community-level report', COMMUNITY, row(), ['register', 'reject', 'merge']],
    ['the street may too, and whistle only once registered', STREET, row(), ['register', 'reject', 'merge']],
    ['a grid worker of the grid handles on the spot', WORKER, row(), ['on_the_spot']],
    ['the reporter cannot move the case', REPORTER, row(), []],
    ['a street-level matter is not the community\'s to register', COMMUNITY, row({ level: 'street' }), []],
    ['registered: community dispatches, escalates, suspends', COMMUNITY, row({ state: 'registered' }), ['dispatch', 'suspend', 'escalate', 'merge']],
    ['registered: the street supervises and whistles', STREET, row({ state: 'registered' }), ['dispatch', 'suspend', 'merge', 'supervise', 'whistle']],
    ['supervised once only', STREET, row({ state: 'registered', supervised: true }), ['dispatch', 'suspend', 'merge', 'whistle']],
    ['dispatched to me: accept or return', rel({ handler: true }), row({ state: 'dispatched', handler_kind: 'grid_worker', handler_account_id: 5 }), ['accept', 'return']],
    ['handled: a grid worker verifies someone else\'s work', WORKER, row({ state: 'handled', handler_kind: 'community' }), ['verify_pass', 'verify_fail']],
    ['handled: never one\'s own work', rel({ gridWorker: true, handler: true }), row({ state: 'handled', handler_kind: 'grid_worker', handler_account_id: 5 }), []],
    ['rejection is a registration decision: not after 立案', COMMUNITY, row({ state: 'registered' }).state === 'registered' ? row({ state: 'returned' }) : row(), ['reject', 'dispatch', 'escalate']],
    ['verified: the dispatcher closes', COMMUNITY, row({ state: 'verified' }), ['close']],
    ['closed: the reporter rates', REPORTER, row({ state: 'closed' }), ['rate']],
    ['closed and rated dissatisfied: reopen once', REPORTER, row({ state: 'closed', rated_at: new Date(), satisfaction: 'dissatisfied' }), ['reopen']],
    ['closed, reopened before: no more', REPORTER, row({ state: 'closed', rated_at: new Date(), satisfaction: 'dissatisfied', reopened: true }), []],
    ['a hotline ticket: callback before closing', COMMUNITY, row({ state: 'verified', source: 'hotline' }), ['close', 'callback']],
    ['a hotline ticket is not rated by the reporter after closing (the callback is the rating)', REPORTER, row({ state: 'closed', source: 'hotline' }), []],
    ['a grid worker escalates a grid-level case they hold', rel({ gridWorker: true, handler: true }), row({ state: 'accepted', level: 'grid', handler_kind: 'grid_worker', handler_account_id: 5 }), ['return', 'handle', 'escalate']],
  ] as [string, Relation, CaseRow, string[]][])('%s', (_n, r, c, want) => {
    expect(actionsFor(r, c, [])).toEqual(want);
  });

  it('summoned departments report in, then report back; the street rates what is done', () => {
    const tasks: TaskRow[] = [
      { id: 1, department_id: 7, role: 'lead', reported_in_at: null, done_at: null, rating: null },
      { id: 2, department_id: 8, role: 'assist', reported_in_at: new Date(), done_at: new Date(), rating: null },
    ];
    const c = row({ state: 'dispatched', level: 'street', handler_kind: 'department', handler_department_id: 7 });
    // the lead department accepts by reporting in, not by the generic accept
    expect(actionsFor(rel({ handler: true, departments: [7] }), c, tasks)).toEqual(['return', 'report_in']);
    expect(actionsFor(rel({ departments: [8] }), c, tasks)).toEqual([]);
    expect(actionsFor(STREET, c, tasks)).toEqual(['suspend', 'whistle', 'rate_department']);
  });
});

describe('suspension pauses the clock', () => {
  const clock: Clock = { cal: { holidays: new Set(), workdays: new Set() }, office: [{ from: '08:30', to: '12:00' }, { from: '14:30', to: '18:00' }] };
  it.each([
    // suspended Mon 09:30 → resumed Mon 11:30 (+08): 2 office hours lost; the Tuesday 10:00 deadline moves to 12:00
    ['2026-11-30T01:30:00Z', '2026-11-30T03:30:00Z', '2026-12-01T02:00:00Z', '2026-12-01T04:00:00Z'],
    // suspended over the weekend only: no office time lost, no change
    ['2026-11-28T02:00:00Z', '2026-11-29T10:00:00Z', '2026-12-01T02:00:00Z', '2026-12-01T02:00:00Z'],
    // suspended in the lunch break only: no change
    ['2026-11-30T04:10:00Z', '2026-11-30T06:20:00Z', '2026-12-01T02:00:00Z', '2026-12-01T02:00:00Z'],
  ])('suspended %s → %s moves %s to %s', (since, until, due, want) => {
    expect(resumedDue(clock, new Date(due), new Date(since), new Date(until)).toISOString()).toBe(new Date(want).toISOString());
  });
});

describe('who whistles is configuration', () => {
  it.each([
    [['street'], STREET, true], [['street'], COMMUNITY, false],
    [['street', 'community'], COMMUNITY, true], [['community'], STREET, false],
  ] as [('street' | 'community')[], Relation, boolean][])('levels %j: %o may whistle → %s', (levels, r, want) => {
    expect(actionsFor(r, row({ state: 'registered' }), [], { whistleLevels: levels }).includes('whistle')).toBe(want);
  });
});
