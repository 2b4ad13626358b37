/**
 * Disclosure rules (民法典 art. 943 and local rules): which categories exist and who publishes
 * them, period labels, the obligation period now due, and fund statements that must add up.
 * Pure; amounts are integers in 分 (fen) so the arithmetic is exact.
 */
export const CATEGORIES = ['service', 'fees', 'maintenance_fund', 'common_income', 'committee_decision', 'committee_accounts'] as const;
export type Category = (typeof CATEGORIES)[number];
export const PUBLISHER: Record<Category, 'property' | 'committee'> = {
  service: 'property', fees: 'property', maintenance_fund: 'property', common_income: 'property',
  committee_decision: 'committee', committee_accounts: 'committee',
};
/** Categories whose content is a fund statement with figures. */
export const FUND_STATEMENTS: ReadonlySet<Category> = new Set(['maintenance_fund', 'common_income', 'committee_accounts']);

export interface Obligations { months: Record<Category, number>; graceDays: number; }
/** At least once per period (months; 0 = no fixed period), due within graceDays after the period ends. */
export const OBLIGATION_DEFAULTS: Obligations = {
  months: { service: 12, fees: 12, maintenance_fund: 6, common_income: 3, committee_decision: 0, committee_accounts: 6 },
  graceDays: 30,
};

export interface Period { label: string; start: string; end: string; months: number; }

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate(); // m: 1-12

function span(y: number, firstMonth: number, months: number, label: string): Period {
  const endMonth = firstMonth + months - 1;
  return { label, start: `${y}-${pad(firstMonth)}-01`, end: `${y}-${pad(endMonth)}-${pad(lastDay(y, endMonth))}`, months };
}

/** '2026' | '2026-H1' | '2026-Q3' | '2026-09' → the period, or null for anything else. */
export function parsePeriod(label: string): Period | null {
  const m = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$/.exec(label.trim());
  if (!m) return null;
  const y = Number(m[1]);
  if (y < 1990 || y > 2100) return null;
  const p = m[2];
  if (!p) return span(y, 1, 12, `${y}`);
  if (p[0] === 'H') return span(y, p === 'H1' ? 1 : 7, 6, `${y}-${p}`);
  if (p[0] === 'Q') return span(y, (Number(p[1]) - 1) * 3 + 1, 3, `${y}-${p}`);
  const month = Number(p);
  if (month < 1 || month > 12) return null;
  return span(y, month, 1, `${y}-${p}`);
}

/** The calendar-aligned period of `months` (12, 6, 3 or 1) containing a date. */
export function periodOf(date: string, months: number): Period {
  const y = Number(date.slice(0, 4)), mo = Number(date.slice(5, 7));
  const first = Math.floor((mo - 1) / months) * months + 1;
  const label = months === 12 ? `${y}` : months === 6 ? `${y}-H${first === 1 ? 1 : 2}` : months === 3 ? `${y}-Q${(first - 1) / 3 + 1}` : `${y}-${pad(first)}`;
  return span(y, first, months, label);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/** The obligation period whose disclosure is now expected: the last one that has ended (null when none is fixed). */
export function duePeriod(today: string, months: number, graceDays: number): (Period & { dueBy: string }) | null {
  if (!months) return null;
  const current = periodOf(today, months);
  const previous = periodOf(addDays(current.start, -1), months);
  return { ...previous, dueBy: addDays(previous.end, graceDays) };
}

/** A disclosure counts for an obligation period when its own period lies inside it. */
export function covers(obligation: Period, disclosed: { start: string; end: string }): boolean {
  return disclosed.start >= obligation.start && disclosed.end <= obligation.end;
}

/** The period of the same length just before this one. */
export function previousPeriod(p: Period): Period {
  return periodOf(addDays(p.start, -1), p.months);
}

/**
 * The latest obligation period whose deadline (its end + graceDays) has passed by `asOf`: the one
 * that is overdue on that day if nothing covers it. Null when the category has no fixed period.
 * With grace days shorter than the period this is the compliance view's due period once it is
 * late; with longer grace days it still names the right period (never one still in its grace).
 */
export function lapsedPeriod(asOf: string, months: number, graceDays: number): (Period & { dueBy: string }) | null {
  if (!months) return null;
  let p = periodOf(asOf, months);
  do p = previousPeriod(p); while (addDays(p.end, graceDays) >= asOf);
  return { ...p, dueBy: addDays(p.end, graceDays) };
}

/**
 * Overdue for period X as of day D: D is after X's deadline (end + graceDays), the publisher was
 * already serving the compound when X ended (a company whose contract began later owes nothing
 * for X), and no disclosure of the category covers X.
 */
export function overdueFor(x: Period, asOf: string, graceDays: number, disclosed: { start: string; end: string }[], servingSince?: string | null): boolean {
  if (asOf <= addDays(x.end, graceDays)) return false;
  if (servingSince && servingSince > x.end) return false;
  return !disclosed.some((d) => covers(x, d));
}

export interface Line { item: string; amount: number; }
export interface Statement { opening: number; income: Line[]; spending: Line[]; closing: number; }

/** Where a statement is wrong, as a field of the request body (`figures.income[2].amount`). */
export interface StatementDetail { field: string; message: string; rule: 'integer' | 'non_negative' | 'item_required' | 'balance'; }

export type StatementProblem =
  | { code: 'fund_statement_invalid'; params: { field: string }; details: StatementDetail[] }
  | { code: 'fund_statement_unbalanced'; params: { opening: string; income: string; spending: string; expected: string; closing: string }; details: StatementDetail[] };

const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100).toLocaleString('en')}.${pad(Math.abs(fen) % 100)}`;

/** Every malformed field of a statement (not the sums): amounts must be whole 分, lines non-negative with an item. */
export function statementFieldProblems(s: Statement): StatementDetail[] {
  const out: StatementDetail[] = [];
  const int = (x: unknown) => Number.isSafeInteger(x);
  if (!int(s.opening)) out.push({ field: 'figures.opening', message: 'must be a whole number of fen', rule: 'integer' });
  for (const [name, lines] of [['income', s.income], ['spending', s.spending]] as const) {
    for (const [i, l] of lines.entries()) {
      if (!l.item?.trim()) out.push({ field: `figures.${name}[${i}].item`, message: 'each line names its item', rule: 'item_required' });
      if (!int(l.amount)) out.push({ field: `figures.${name}[${i}].amount`, message: 'must be a whole number of fen', rule: 'integer' });
      else if (l.amount < 0) out.push({ field: `figures.${name}[${i}].amount`, message: 'must not be negative', rule: 'non_negative' });
    }
  }
  if (!int(s.closing)) out.push({ field: 'figures.closing', message: 'must be a whole number of fen', rule: 'integer' });
  return out;
}

/**
 * Integer amounts in 分, non-negative lines with an item, and opening + Σincome − Σspending = closing.
 * `details` name every bad field as in the request body; the message names the first.
 */
export function statementProblem(s: Statement): StatementProblem | null {
  const bad = statementFieldProblems(s);
  if (bad.length) return { code: 'fund_statement_invalid', params: { field: bad[0].field.replace(/^figures\./, '') }, details: bad };
  const income = s.income.reduce((a, l) => a + l.amount, 0);
  const spending = s.spending.reduce((a, l) => a + l.amount, 0);
  const expected = s.opening + income - spending;
  if (expected !== s.closing) {
    return {
      code: 'fund_statement_unbalanced', params: { opening: yuan(s.opening), income: yuan(income), spending: yuan(spending), expected: yuan(expected), closing: yuan(s.closing) },
      details: [{ field: 'figures.closing', message: `opening + income - spending = ${expected} fen, not ${s.closing}`, rule: 'balance' }],
    };
  }
  return null;
}

/** Fee-collection measures: the lawful ones are recorded; cutting a utility is refused (民法典 art. 944). */
export const LAWFUL_MEASURES = ['reminder', 'notice', 'mediation', 'lawsuit'] as const;
export const UTILITY_CUTS = ['cut_water', 'cut_power', 'cut_heat', 'cut_gas'] as const;
