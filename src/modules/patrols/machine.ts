/**
 * 拆违: an illegal structure's life as a pure state machine. Registered (登记) → persuasion visits
 * (劝拆, dated notes, any number) → one of three ends: removed by the owner (自拆), assisted removal
 * (帮拆), or handed to enforcement (移交执法). An end is final. Every step carries the China date it
 * happened on: not in the future, not before the structure was found, not before the step before.
 */
export const STRUCTURE_STATES = ['registered', 'persuading', 'self_removed', 'assisted_removed', 'enforcement'] as const;
export type StructureState = (typeof STRUCTURE_STATES)[number];
export const STRUCTURE_ACTIONS = ['visit', 'self_remove', 'assist_remove', 'hand_over'] as const;
export type StructureAction = (typeof STRUCTURE_ACTIONS)[number];

/** The ends: a structure that reached one is no longer followed. */
export const FINAL_STATES: readonly StructureState[] = ['self_removed', 'assisted_removed', 'enforcement'];

const TARGET: Record<StructureAction, StructureState> = {
  visit: 'persuading', self_remove: 'self_removed', assist_remove: 'assisted_removed', hand_over: 'enforcement',
};

/** The actions open in a state (what the phone and console offer). */
export function actionsFrom(state: StructureState): StructureAction[] {
  return FINAL_STATES.includes(state) ? [] : [...STRUCTURE_ACTIONS];
}

export type StepResult =
  | { ok: true; state: StructureState; closes: boolean }
  | { ok: false; code: 'structure_transition_invalid' | 'structure_date_future' | 'structure_date_before'; params: Record<string, string> };

/**
 * One step: the state after `action` taken on `on` (YYYY-MM-DD), or why not. `since` is the date of
 * the latest step so far (the registration's found date when there is none); `today` is China's today.
 */
export function step(state: StructureState, action: StructureAction, on: string, since: string, today: string): StepResult {
  if (!actionsFrom(state).includes(action)) return { ok: false, code: 'structure_transition_invalid', params: { from: state, action } };
  if (on > today) return { ok: false, code: 'structure_date_future', params: { on, today } };
  if (on < since) return { ok: false, code: 'structure_date_before', params: { on, since } };
  const next = TARGET[action];
  return { ok: true, state: next, closes: FINAL_STATES.includes(next) };
}
