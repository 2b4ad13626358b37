/**
 * Case deadlines on the working calendar (RULES.md, Cases): response within the category's
 * working hours from intake; resolution within its working hours or days from registration;
 * a suspension pauses the clock and resuming moves the deadline by the working time lost.
 */
import { addWorkingDays, addWorkingHours, workingMsBetween, type Calendar, type Span } from '../../core/calendar/working.js';
import type { Queryable } from '../../core/db/pool.js';
import { loadCalendar, officeHours } from '../calendar/index.js';
import { defineSetting } from '../settings/index.js';
import { Type } from '@sinclair/typebox';
import type { LimitUnit } from './catalogue.js';

export interface Clock { cal: Calendar; office: Span[]; }

export async function loadClock(db: Queryable): Promise<Clock> {
  return { cal: await loadCalendar(db), office: await officeHours(db) };
}

export function responseDue(clock: Clock, from: Date, hours: number): Date {
  return addWorkingHours(clock.cal, from, hours, clock.office);
}

export function resolveDue(clock: Clock, from: Date, value: number, unit: LimitUnit): Date {
  return unit === 'working_days' ? addWorkingDays(clock.cal, from, value) : addWorkingHours(clock.cal, from, value, clock.office);
}

/** After a suspension from `since` to `until`, the deadline moves by the office time that passed. */
export function resumedDue(clock: Clock, due: Date, since: Date, until: Date): Date {
  const lost = workingMsBetween(clock.cal, since, until, clock.office);
  return lost > 0 ? addWorkingHours(clock.cal, due, lost / 3600_000, clock.office) : due;
}

/** A case is near its deadline when less than this share of its resolution time is left. */
export const warnShare = defineSetting({
  key: 'cases.warnShare',
  description: '临期提醒 Warn the handler when less than this share of the resolution time is left (0–1)',
  schema: Type.Number({ minimum: 0.01, maximum: 0.9 }),
  default: 0.2,
});

export const reportInMinutes = defineSetting({
  key: 'cases.reportInMinutes',
  description: '报到时限 Minutes a summoned department has to report in after a whistle (the original practice: 30 for enforcement)',
  schema: Type.Integer({ minimum: 5, maximum: 7 * 24 * 60 }),
  default: 30,
});

export const duplicateWindow = defineSetting({
  key: 'cases.duplicates',
  description: '疑似重复 A new report is a likely duplicate of an open case of the same category within this distance (metres) and time (hours)',
  schema: Type.Object({ meters: Type.Integer({ minimum: 1, maximum: 5000 }), hours: Type.Integer({ minimum: 1, maximum: 24 * 30 }) }, { additionalProperties: false }),
  default: { meters: 100, hours: 72 },
});

export const photoLimit = defineSetting({
  key: 'cases.photoMaxMb',
  description: '照片大小上限 Largest photo accepted (MB)',
  schema: Type.Integer({ minimum: 1, maximum: 25 }),
  default: 8,
});

export const whistleLevels = defineSetting({
  key: 'cases.whistleLevels',
  description: '吹哨层级 Who may whistle departments: the street command centre (default) and, if a city decides so, community staff',
  schema: Type.Array(Type.Union([Type.Literal('street'), Type.Literal('community')]), { minItems: 1, maxItems: 2, uniqueItems: true }),
  default: ['street'] as ('street' | 'community')[],
});
