/** 拆违: the illegal structure's state machine (src/modules/patrols/machine.ts), every state × action and the date edges. */
import { describe, expect, it } from 'vitest';
import { actionsFrom, step, STRUCTURE_ACTIONS, type StructureAction, type StructureState } from '../../src/modules/patrols/machine.js';

const TODAY = '2026-12-08';
const SINCE = '2026-11-01';

describe('structure machine', () => {
  const table: [StructureState, StructureAction, StructureState | 'invalid'][] = [
    ['registered', 'visit', 'persuading'],
    ['registered', 'self_remove', 'self_removed'],
    ['registered', 'assist_remove', 'assisted_removed'],
    ['registered', 'hand_over', 'enforcement'],
    ['persuading', 'visit', 'persuading'],
    ['persuading', 'self_remove', 'self_removed'],
    ['persuading', 'assist_remove', 'assisted_removed'],
    ['persuading', 'hand_over', 'enforcement'],
    ...(['self_removed', 'assisted_removed', 'enforcement'] as StructureState[]).flatMap((s) => STRUCTURE_ACTIONS.map((a) => [s, a, 'invalid'] as [StructureState, StructureAction, 'invalid'])),
  ];
  it.each(table)('%s + %s → %s', (from, action, to) => {
    const r = step(from, action, '2026-12-01', SINCE, TODAY);
    if (to === 'invalid') expect(r).toEqual({ ok: false, code: 'structure_transition_invalid', params: { from, action } });
    else expect(r).toEqual({ ok: true, state: to, closes: to !== 'persuading' });
  });

  it('dates: today and the day of the previous step are fine; tomorrow and the day before are not', () => {
    expect(step('registered', 'visit', TODAY, SINCE, TODAY).ok).toBe(true);
    expect(step('registered', 'visit', SINCE, SINCE, TODAY).ok).toBe(true);
    expect(step('registered', 'visit', '2026-12-09', SINCE, TODAY)).toMatchObject({ ok: false, code: 'structure_date_future' });
    expect(step('persuading', 'self_remove', '2026-10-31', SINCE, TODAY)).toMatchObject({ ok: false, code: 'structure_date_before' });
    // an invalid transition is named before a bad date
    expect(step('enforcement', 'visit', '2030-01-01', SINCE, TODAY)).toMatchObject({ code: 'structure_transition_invalid' });
  });

  it('offers every step until an end, none after', () => {
    expect(actionsFrom('registered')).toEqual([...STRUCTURE_ACTIONS]);
    expect(actionsFrom('persuading')).toEqual([...STRUCTURE_ACTIONS]);
    for (const s of ['self_removed', 'assisted_removed', 'enforcement'] as StructureState[]) expect(actionsFrom(s)).toEqual([]);
  });
});
