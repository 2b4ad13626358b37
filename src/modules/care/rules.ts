/**
 * Care-plan rules (关爱计划), pure: the periods a rule counts in, which contacts count, and the state
 * of one resident's slot. Dates are China calendar dates (`YYYY-MM-DD`, core/time.ts); a contact
 * counts on the China date of its instant (a call at 00:30 on Monday, China time, is Monday's).
 *
 * Decisions (docs/ARCHITECTURE.md, "care"):
 *  - A phone rule counts every contact that reached the resident — a call, a home visit where they
 *    were met, a meeting outside, another contact; a visit rule counts home visits only.
 *  - A home visit that found nobody home counts for nothing: it names nobody met (the visits module
 *    refuses a nobody-home visit with people met), so no resident was checked on.
 *  - A resident who joins the plan during a period owes nothing in that period: a slot is due in a
 *    period that starts on or after the day they joined (joining on a Wednesday, calls are due from
 *    the next Monday; on 10 December, the home visit from the half-month of the 16th).
 *  - A slot missed becomes overdue the day after its period ends: Monday for a week, the 16th or the
 *    1st for a half-month, the 1st for a month.
 */
import { addDays, daysInMonth, isoWeek } from '../../core/time.js';

export const PERIODS = ['iso_week', 'half_month', 'month'] as const;
export type Per = (typeof PERIODS)[number];
export const RULE_KINDS = ['phone', 'visit'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export type ContactKind = 'home_visit' | 'phone' | 'met_outside' | 'other';

export interface Period { label: string; start: string; end: string; }
export interface Rule { kind: RuleKind; per: Per; times: number; }

const pad = (n: number) => String(n).padStart(2, '0');

/** The period of a rule that contains a date: 2026-W49, 2026-12-H1 (days 1–15) / H2 (16–end), 2026-12. */
export function periodOf(per: Per, date: string): Period {
  if (per === 'iso_week') {
    const w = isoWeek(date);
    return { label: `${w.year}-W${pad(w.week)}`, start: w.monday, end: w.sunday };
  }
  const y = Number(date.slice(0, 4)), m = Number(date.slice(5, 7)), d = Number(date.slice(8, 10));
  const ym = `${y}-${pad(m)}`, last = `${ym}-${pad(daysInMonth(y, m))}`;
  if (per === 'month') return { label: ym, start: `${ym}-01`, end: last };
  return d <= 15 ? { label: `${ym}-H1`, start: `${ym}-01`, end: `${ym}-15` } : { label: `${ym}-H2`, start: `${ym}-16`, end: last };
}

/** The period before the one containing a date. */
export const previousPeriod = (per: Per, date: string): Period => periodOf(per, addDays(periodOf(per, date).start, -1));

/** The day a missed slot becomes overdue: the day after its period ends. */
export const overdueFrom = (p: Period): string => addDays(p.end, 1);

/** The periods whose last day lies in [from, to], in order (a compliance report's slots). */
export function periodsEndingIn(per: Per, from: string, to: string): Period[] {
  const out: Period[] = [];
  for (let p = periodOf(per, from); p.end <= to; p = periodOf(per, addDays(p.end, 1))) if (p.end >= from) out.push(p);
  return out;
}

/** Whether a contact of this kind counts for a rule of this kind (a nobody-home visit never reaches here: it names nobody). */
export function counts(rule: RuleKind, contact: ContactKind): boolean {
  return rule === 'phone' ? true : contact === 'home_visit';
}

/** Whether a resident who joined the plan on `since` owes a slot in this period. */
export const isDue = (p: Period, since: string): boolean => since <= p.start;

export interface SlotState {
  /** Owed at all in this period. */
  due: boolean;
  /** Counting contacts in the period, up to `asOf`. */
  done: number;
  /** Contacts the rule asks for. */
  needed: number;
  met: boolean;
  /** Missed: the period ended before `asOf` and the rule was not met. */
  overdue: boolean;
}

/** One resident's slot of a rule in a period, as of a day: `contacts` are the resident's, with their China dates. */
export function slotState(rule: Rule, p: Period, since: string, contacts: { kind: ContactKind; date: string }[], asOf: string): SlotState {
  const done = contacts.filter((c) => c.date >= p.start && c.date <= p.end && c.date <= asOf && counts(rule.kind, c.kind)).length;
  return slotFromCount(rule, p, since, done, asOf);
}

/** The same from the number of counting contacts in the period up to `asOf` (counted by the database for a whole region). */
export function slotFromCount(rule: Rule, p: Period, since: string, done: number, asOf: string): SlotState {
  const due = isDue(p, since) && p.start <= asOf;
  const met = done >= rule.times;
  return { due, done, needed: rule.times, met, overdue: due && !met && overdueFrom(p) <= asOf };
}

/**
 * Urgency order of due items: overdue first, then the earliest deadline, then the most contacts
 * still missing, then a visit before a call, then the resident.
 */
export function byUrgency<T extends { overdue: boolean; dueBy: string; done: number; needed: number; kind: RuleKind; residentId: number }>(a: T, b: T): number {
  return Number(b.overdue) - Number(a.overdue) || a.dueBy.localeCompare(b.dueBy) || (b.needed - b.done) - (a.needed - a.done)
    || (a.kind === b.kind ? 0 : a.kind === 'visit' ? -1 : 1) || a.residentId - b.residentId;
}
