/**
 * Owners' committee and property company rules, pure (no DB, no I/O). Sources, as summarised
 * in the project's RULES.md:
 * - 民法典 (Civil Code, arts. 277–278) and 业主大会和业主委员会指导规则 (住建部, 2009):
 *   an owners' committee has 5–11 members, an odd number (some cities allow 3 for compounds of
 *   ≤ 100 households — configurable, off by default); its term is at most 5 years, with a
 *   reminder 3 months before expiry; it holds its first meeting within 7 days of its election
 *   and is filed with the street office within 30 days;
 * - GB 32100-2015 法人和其他组织统一社会信用代码编码规则: 18 characters from
 *   0-9 and ABCDEFGHJKLMNPQRTUWXY; position 1 registration authority, 2 organisation type,
 *   3–8 administrative division code (digits), 9–17 organisation code, 18 check character
 *   C18 = 31 − (Σ value(ci)·Wi mod 31), 31 → 0, Wi = 3^(i−1) mod 31.
 *
 * Dates are 'YYYY-MM-DD' strings handled as UTC calendar days (no time zones).
 */
import { addDays, addMonths, dayNumber, RuleError, termEnd, type Finding } from '../party/rules.js';

// ---- unified social credit code (统一社会信用代码) ----

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function normaliseCreditCode(s: string): string {
  return s.trim().toUpperCase();
}

function creditFormatOk(code: string, length: number): boolean {
  if (code.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const c = code[i]!;
    if (!CREDIT_CHARSET.includes(c)) return false;
    if (i >= 2 && i <= 7 && !(c >= '0' && c <= '9')) return false;
  }
  return true;
}

/** The 18th (check) character for the first 17 characters; throws RuleError 'credit_code_format' if they are malformed. */
export function creditCodeCheckChar(first17: string): string {
  const code = normaliseCreditCode(first17);
  if (!creditFormatOk(code, 17)) throw new RuleError('credit_code_format', { value: first17 });
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_CHARSET.indexOf(code[i]!) * CREDIT_WEIGHTS[i]!;
  const v = 31 - (sum % 31);
  return CREDIT_CHARSET[v === 31 ? 0 : v]!;
}

/** null when the code (after normalising) is valid; otherwise why not. */
export function creditCodeProblem(code: string): null | 'credit_code_format' | 'credit_code_check' {
  const c = normaliseCreditCode(code);
  if (!creditFormatOk(c, 18)) return 'credit_code_format';
  return creditCodeCheckChar(c.slice(0, 17)) === c[17] ? null : 'credit_code_check';
}

// ---- owners' committee (业主委员会) ----

export interface CommitteeRuleConfig {
  minMembers: number;
  maxMembers: number;
  oddOnly: boolean;
  smallCompoundHouseholds: number;
  /** minimum for compounds of ≤ smallCompoundHouseholds households; null = no exception */
  smallCompoundMinMembers: number | null;
  maxTermYears: number;
  expiryReminderMonths: number;
  firstMeetingDays: number;
  filingDays: number;
}

export const COMMITTEE_RULE_DEFAULTS: CommitteeRuleConfig = Object.freeze({
  minMembers: 5,
  maxMembers: 11,
  oddOnly: true,
  smallCompoundHouseholds: 100,
  smallCompoundMinMembers: null,
  maxTermYears: 5,
  expiryReminderMonths: 3,
  firstMeetingDays: 7,
  filingDays: 30,
});

export interface CommitteeSizeProblem {
  code: 'committee_size_range' | 'committee_size_even';
  params: { min: number; max: number; members: number };
}

/** Range first, then parity. The small-compound minimum applies only when configured and households are known and ≤ the limit. */
export function committeeSizeProblem(members: number, households: number | null, cfg: CommitteeRuleConfig = COMMITTEE_RULE_DEFAULTS): null | CommitteeSizeProblem {
  const small = cfg.smallCompoundMinMembers !== null && households !== null && households <= cfg.smallCompoundHouseholds;
  const min = small ? cfg.smallCompoundMinMembers! : cfg.minMembers;
  const max = cfg.maxMembers;
  const params = { min, max, members };
  if (!Number.isInteger(members) || members < min || members > max) return { code: 'committee_size_range', params };
  if (cfg.oddOnly && members % 2 === 0) return { code: 'committee_size_even', params };
  return null;
}

export interface TermProblem { code: 'committee_term_too_long' | 'committee_term_invalid'; params: { max: number } }

export function termProblem(termYears: number, cfg: CommitteeRuleConfig = COMMITTEE_RULE_DEFAULTS): null | TermProblem {
  if (!Number.isInteger(termYears) || termYears <= 0) return { code: 'committee_term_invalid', params: { max: cfg.maxTermYears } };
  if (termYears > cfg.maxTermYears) return { code: 'committee_term_too_long', params: { max: cfg.maxTermYears } };
  return null;
}

export interface CommitteeFacts { electedOn: string; termYears: number; firstMeetingOn: string | null; filedOn: string | null; }

/**
 * Throws RuleError 'date_invalid' for a malformed date and 'date_order' when the first meeting
 * or the filing precedes the election (the same day is fine).
 */
export function assertCommitteeDates(c: Pick<CommitteeFacts, 'electedOn' | 'firstMeetingOn' | 'filedOn'>): void {
  const elected = dayNumber(c.electedOn);
  for (const field of ['firstMeetingOn', 'filedOn'] as const) {
    const v = c[field];
    if (v !== null && dayNumber(v) < elected) throw new RuleError('date_order', { field, value: v, electedOn: c.electedOn });
  }
}

/**
 * Findings for one owners' committee as of `today`:
 * - first meeting due by electedOn + firstMeetingDays (that day is on time, the next is late);
 * - filing due by electedOn + filingDays, likewise;
 * - the term runs from electedOn; it is expired on its end day and after, and expiring from
 *   expiryReminderMonths calendar months before its end day;
 * - a term over the maximum is an error finding (`committee_term_too_long`) and expiry is then
 *   counted on the maximum term; a term ≤ 0 or fractional throws RuleError 'committee_term_invalid'.
 */
export function committeeFindings(c: CommitteeFacts, today: string, cfg: CommitteeRuleConfig = COMMITTEE_RULE_DEFAULTS): Finding[] {
  assertCommitteeDates(c);
  const now = dayNumber(today);
  const out: Finding[] = [];

  const tp = termProblem(c.termYears, cfg);
  if (tp?.code === 'committee_term_invalid') throw new RuleError(tp.code, { ...tp.params, termYears: c.termYears });
  if (tp) out.push({ code: tp.code, severity: 'error', params: { ...tp.params, termYears: c.termYears } });

  const meetingDue = addDays(c.electedOn, cfg.firstMeetingDays);
  if (c.firstMeetingOn === null) {
    if (now > dayNumber(meetingDue)) out.push({ code: 'first_meeting_overdue', severity: 'error', params: { due: meetingDue } });
  } else if (dayNumber(c.firstMeetingOn) > dayNumber(meetingDue)) {
    out.push({ code: 'first_meeting_late', severity: 'warning', params: { due: meetingDue, heldOn: c.firstMeetingOn } });
  }

  const filingDue = addDays(c.electedOn, cfg.filingDays);
  if (c.filedOn === null) {
    if (now > dayNumber(filingDue)) out.push({ code: 'filing_overdue', severity: 'error', params: { due: filingDue } });
  } else if (dayNumber(c.filedOn) > dayNumber(filingDue)) {
    out.push({ code: 'filing_late', severity: 'warning', params: { due: filingDue, filedOn: c.filedOn } });
  }

  const end = termEnd(c.electedOn, Math.min(c.termYears, cfg.maxTermYears));
  if (now >= dayNumber(end)) {
    out.push({ code: 'term_expired', severity: 'error', params: { termEnd: end } });
  } else if (now >= dayNumber(addMonths(end, -cfg.expiryReminderMonths))) {
    out.push({ code: 'term_expiring', severity: 'warning', params: { termEnd: end } });
  }
  return out;
}
