/**
 * The case loop (GB/T 30428 and 接诉即办): 发现 reported → 立案 registered (or 不予立案
 * rejected) → 派遣 dispatched → accepted → 处置 handled → 核查 verified → 结案 closed.
 * Also: 退回 returned (back to the dispatcher), 挂起 suspended (the clock stops) and
 * resumed, 重办 reopened after a failed verification or a dissatisfied rating (counts as
 * rework), and on-the-spot handling by a grid worker (reported → handled in one step,
 * still recorded). Pure: which action is allowed from which state, and where it leads.
 */
export const STATES = ['reported', 'registered', 'rejected', 'dispatched', 'accepted', 'returned', 'suspended', 'handled', 'verified', 'closed', 'merged'] as const;
export type State = (typeof STATES)[number];

export const ACTIONS = ['register', 'reject', 'dispatch', 'accept', 'return', 'suspend', 'resume', 'handle', 'verify_pass', 'verify_fail', 'close', 'reopen', 'on_the_spot', 'escalate', 'merge', 'supervise', 'urge', 'reassign', 'whistle'] as const;
export type CaseAction = (typeof ACTIONS)[number];

/** action → from which states → to which state (resume goes back to where the case was). */
const TABLE: Record<CaseAction, { from: readonly State[]; to: State | 'previous' | 'same' }> = {
  register: { from: ['reported'], to: 'registered' },
  reject: { from: ['reported', 'returned'], to: 'rejected' },
  dispatch: { from: ['registered', 'returned'], to: 'dispatched' },
  accept: { from: ['dispatched'], to: 'accepted' },
  return: { from: ['dispatched', 'accepted'], to: 'returned' },
  suspend: { from: ['registered', 'dispatched', 'accepted'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'previous' },
  handle: { from: ['accepted'], to: 'handled' },
  verify_pass: { from: ['handled'], to: 'verified' },
  verify_fail: { from: ['handled'], to: 'accepted' }, // back to the same handler: rework (返工)
  close: { from: ['verified'], to: 'closed' },
  reopen: { from: ['closed'], to: 'accepted' }, // 重办 after a dissatisfied rating, once
  on_the_spot: { from: ['reported'], to: 'handled' },
  // 上报/升级: one level up; the higher level dispatches again (the old handler is released).
  escalate: { from: ['registered', 'dispatched', 'accepted', 'returned'], to: 'registered' },
  // A likely duplicate joins the surviving case (its reporters follow that case).
  merge: { from: ['reported', 'registered'], to: 'merged' },
  // 督办: a higher level presses the handler; the state does not change.
  supervise: { from: ['registered', 'dispatched', 'accepted', 'returned', 'handled'], to: 'same' },
  // 催办: a higher level hurries the handler along (may be repeated); the state does not change.
  urge: { from: ['dispatched', 'accepted'], to: 'same' },
  // 改派: a higher level takes the case from its handler and dispatches it to another.
  reassign: { from: ['dispatched', 'accepted'], to: 'dispatched' },
  // 街道吹哨: the lead department becomes the handler; departments then report in.
  whistle: { from: ['registered', 'dispatched', 'accepted', 'returned'], to: 'dispatched' },
};

export function allowedActions(state: State): CaseAction[] {
  return ACTIONS.filter((a) => TABLE[a].from.includes(state));
}

export type Transition = { ok: true; to: State } | { ok: false; code: 'case_transition_invalid' };

export function transition(state: State, action: CaseAction, previous: State | null = null): Transition {
  const rule = TABLE[action];
  if (!rule.from.includes(state)) return { ok: false, code: 'case_transition_invalid' };
  if (rule.to === 'same') return { ok: true, to: state };
  if (rule.to === 'previous') {
    if (!previous || previous === 'suspended') return { ok: false, code: 'case_transition_invalid' };
    return { ok: true, to: previous };
  }
  return { ok: true, to: rule.to };
}

/** States in which the resolution clock runs (suspension stops it; closed and rejected end it). */
export function clockRuns(state: State): boolean {
  return state !== 'suspended' && state !== 'closed' && state !== 'rejected' && state !== 'verified' && state !== 'merged';
}

export const FINAL_STATES: readonly State[] = ['closed', 'rejected', 'merged'];
export const OPEN_STATES: readonly State[] = STATES.filter((s) => !FINAL_STATES.includes(s));
export const isState = (s: string): s is State => (STATES as readonly string[]).includes(s);
export const isCaseAction = (s: string): s is CaseAction => (ACTIONS as readonly string[]).includes(s);
