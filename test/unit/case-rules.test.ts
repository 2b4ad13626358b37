import { describe, expect, it } from 'vitest';
import { actionsFor, todoActions, type CaseRow, type Relation, type TaskRow } from '../../src/modules/cases/rules.js';
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
    // the street oversees (督办, 催办) but does not reassign a whistled case: its departments are on tasks
    expect(actionsFor(STREET, c, tasks)).toEqual(['suspend', 'supervise', 'urge', 'whistle', 'rate_department']);
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

describe('a higher level oversees every case in its subtree, at any level (督办, 催办, 改派)', () => {
  const handledBy = (kind: string, over: Partial<CaseRow> = {}) => row({ state: 'accepted', level: 'street', handler_kind: kind, handler_name: 'x', ...over });
  it.each([
    ['street over a street-level case a community handles (was: only 吹哨 and 挂起)', STREET, handledBy('community'), ['suspend', 'supervise', 'urge', 'reassign', 'whistle']],
    ['street over a street-level case a grid worker handles', STREET, handledBy('grid_worker', { handler_account_id: 77 }), ['suspend', 'supervise', 'urge', 'reassign', 'whistle']],
    ['street over a street-level case a department handles', STREET, handledBy('department', { handler_department_id: 3 }), ['suspend', 'supervise', 'urge', 'reassign', 'whistle']],
    ['street over a community-level case a grid worker handles', STREET, handledBy('grid_worker', { level: 'community', handler_account_id: 77 }), ['suspend', 'supervise', 'urge', 'reassign', 'whistle']],
    ['street over a grid-level case a property company handles', STREET, handledBy('property', { level: 'grid' }), ['suspend', 'supervise', 'urge', 'reassign', 'whistle']],
    ['once supervised, still urged and reassigned', STREET, handledBy('community', { supervised: true }), ['suspend', 'urge', 'reassign', 'whistle']],
    ['not over itself: a case the street handles', rel({ street: true, handler: true }), handledBy('street'), ['return', 'suspend', 'handle', 'whistle']],
    ['a hotline ticket stays with its first lead department (首接负责): no reassign', STREET, handledBy('department', { source: 'hotline', handler_department_id: 3, lead_department_id: 3 }), ['suspend', 'supervise', 'urge', 'whistle']],
    ['community over its grid worker on a community-level case', COMMUNITY, handledBy('grid_worker', { level: 'community', handler_account_id: 77 }), ['suspend', 'escalate', 'supervise', 'urge', 'reassign']],
    ['community not over a street-level case', COMMUNITY, handledBy('grid_worker', { handler_account_id: 77 }), []],
    ['community not over itself', rel({ community: true, handler: true }), handledBy('community', { level: 'community' }), ['return', 'suspend', 'handle', 'escalate']],
  ] as [string, Relation, CaseRow, string[]][])('%s', (_n, r, c, want) => {
    expect(actionsFor(r, c, [])).toEqual(want);
  });
});

describe('satisfaction comes from the reporter; a callback is never the handler\'s', () => {
  const closed = (over: Partial<CaseRow> = {}) => row({ state: 'closed', handler_kind: 'grid_worker', handler_account_id: 5, ...over });
  it.each([
    ['the resident rates their report', REPORTER, closed({ handler_account_id: 77 }), true],
    ['a grid worker records a callback on someone else\'s case', rel({ gridWorker: true }), closed({ handler_account_id: 77 }), true],
    ['…never on their own (they handled it)', rel({ gridWorker: true }), closed(), false],
    ['a staff-discovered case has no rating, not even by its reporter', rel({ gridWorker: true, reporter: true }), closed({ source: 'grid_worker', handler_account_id: 77 }), false],
    ['a patrol\'s case neither', COMMUNITY, closed({ source: 'patrol' }), false],
    ['the community calls back on a case it did not handle', COMMUNITY, closed({ handler_account_id: 77 }), true],
    ['the community does not call back on its own handling', rel({ community: true, handler: true }), closed({ handler_kind: 'community' }), false],
  ] as [string, Relation, CaseRow, boolean][])('%s → %s', (_n, r, c, want) => {
    expect(actionsFor(r, c, []).includes('rate')).toBe(want);
  });
});

describe('我的待办: what the case waits on the caller for', () => {
  it.each([
    ['a community handling a street-level case: accept, handle', rel({ community: true, handler: true }), row({ state: 'accepted', level: 'street', handler_kind: 'community' }), ['handle']],
    ['the street: not waited on for a community-level registration', STREET, row(), []],
    ['the street: waited on for a street-level registration', STREET, row({ level: 'street' }), ['register']],
    ['the street: oversight is not a to-do', STREET, row({ state: 'accepted', level: 'street', handler_kind: 'community' }), []],
    ['the street verifies street-level work', STREET, row({ state: 'handled', level: 'street', handler_kind: 'community' }), ['verify_pass']],
    ['a grid worker verifies other\'s work in the grid', WORKER, row({ state: 'handled', handler_kind: 'community' }), ['verify_pass']],
    ['a grid worker dispatched a street-level case', rel({ gridWorker: true, handler: true }), row({ state: 'dispatched', level: 'street', handler_kind: 'grid_worker', handler_account_id: 5 }), ['accept']],
    ['a staff callback is offered, not a to-do', rel({ gridWorker: true }), row({ state: 'closed', handler_kind: 'community' }), []],
    ['the resident\'s rating is', REPORTER, row({ state: 'closed' }), ['rate']],
  ] as [string, Relation, CaseRow, string[]][])('%s', (_n, r, c, want) => {
    expect(todoActions(r, c, [])).toEqual(want);
  });
});
