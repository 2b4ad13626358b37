import { describe, expect, it } from 'vitest';
import { allowedActions, clockRuns, STATES, transition, type CaseAction, type State } from '../../src/modules/cases/machine.js';

describe('case transitions', () => {
  it.each([
    ['reported', 'register', 'registered'],
    ['reported', 'reject', 'rejected'],
    ['reported', 'on_the_spot', 'handled'],
    ['registered', 'dispatch', 'dispatched'],
    ['dispatched', 'accept', 'accepted'],
    ['dispatched', 'return', 'returned'],
    ['accepted', 'return', 'returned'],
    ['returned', 'dispatch', 'dispatched'],
    ['returned', 'reject', 'rejected'],
    ['accepted', 'handle', 'handled'],
    ['handled', 'verify_pass', 'verified'],
    ['handled', 'verify_fail', 'accepted'],
    ['verified', 'close', 'closed'],
    ['closed', 'reopen', 'accepted'],
    ['accepted', 'suspend', 'suspended'],
    ['dispatched', 'escalate', 'registered'],
    ['accepted', 'escalate', 'registered'],
    ['reported', 'merge', 'merged'],
    ['registered', 'merge', 'merged'],
    ['accepted', 'supervise', 'accepted'],
    ['handled', 'supervise', 'handled'],
    ['registered', 'whistle', 'dispatched'],
    ['accepted', 'whistle', 'dispatched'],
  ] as [State, CaseAction, State][])('%s --%s--> %s', (from, action, to) => {
    expect(transition(from, action)).toEqual({ ok: true, to });
  });

  it.each([
    ['reported', 'dispatch'], ['registered', 'handle'], ['handled', 'close'], ['closed', 'handle'], ['rejected', 'register'],
    ['closed', 'close'], ['suspended', 'handle'], ['verified', 'reopen'], ['accepted', 'accept'],
    ['dispatched', 'merge'], ['closed', 'supervise'], ['handled', 'escalate'], ['closed', 'whistle'], ['merged', 'register'], ['reported', 'whistle'],
  ] as [State, CaseAction][])('%s refuses %s', (from, action) => {
    expect(transition(from, action)).toEqual({ ok: false, code: 'case_transition_invalid' });
  });

  it('resume returns to the state before the suspension', () => {
    expect(transition('suspended', 'resume', 'dispatched')).toEqual({ ok: true, to: 'dispatched' });
    expect(transition('suspended', 'resume', 'accepted')).toEqual({ ok: true, to: 'accepted' });
    expect(transition('suspended', 'resume', null).ok).toBe(false);
  });

  it('every state but the final ones allows something; final ones only what the rules say', () => {
    for (const s of STATES) expect(allowedActions(s).length > 0).toBe(s !== 'rejected' && s !== 'merged');
    expect(allowedActions('closed')).toEqual(['reopen']);
  });

  it('the clock stops while suspended and after verification', () => {
    expect(STATES.filter((s) => !clockRuns(s))).toEqual(['rejected', 'suspended', 'verified', 'closed', 'merged']);
  });
});
