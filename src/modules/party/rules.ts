/**
 * Party organisation rules, pure (no DB, no I/O). Source: 中国共产党支部工作条例（试行）
 * (2018) as summarised in the project's RULES.md:
 * - a unit with ≥ 3 full members sets up its own branch; with fewer it joins a joint branch
 *   (联合党支部), which covers at most 5 units;
 * - a branch with ≥ 7 full members elects a committee of 3–5 (at most 7) with a secretary;
 *   with fewer, a secretary (optionally a deputy) and no committee;
 * - over 50 members: advise a general branch (党总支); over 100: a primary committee (基层党委);
 *   both are set up with a superior's approval;
 * - terms: 5 years for community (and village) organisations, 3 years for others;
 * - organisation coverage = bodies with their own organisation ÷ bodies with ≥ 3 members;
 *   work coverage = bodies with an organisation or an instructor ÷ all bodies.
 *
 * Dates are 'YYYY-MM-DD' strings handled as UTC calendar days (no time zones).
 * Findings and errors carry stable snake_case codes for the API and the error catalogue.
 */

export type OrgKind = 'working_committee' | 'committee' | 'general_branch' | 'branch' | 'group';
export type AttachedKind =
  | 'street' | 'community' | 'grid' | 'building' | 'area' | 'owners_committee' | 'property_company' | 'property_outlet' | 'resident_unit' | 'project';

export interface PartyRuleConfig {
  branchMinFull: number;
  committeeFrom: number;
  committeeMin: number;
  committeeMax: number;
  committeeHardMax: number;
  generalBranchOver: number;
  primaryCommitteeOver: number;
  termYearsCommunity: number;
  termYearsOther: number;
  reelectionReminderDays: number;
  jointBranchMaxUnits: number;
}

export const PARTY_RULE_DEFAULTS: PartyRuleConfig = Object.freeze({
  branchMinFull: 3,
  committeeFrom: 7,
  committeeMin: 3,
  committeeMax: 5,
  committeeHardMax: 7,
  generalBranchOver: 50,
  primaryCommitteeOver: 100,
  termYearsCommunity: 5,
  termYearsOther: 3,
  reelectionReminderDays: 90,
  jointBranchMaxUnits: 5,
});

export interface Finding {
  code: string;
  severity: 'error' | 'warning' | 'advice';
  params: Record<string, string | number>;
}

/** A rule refused an operation or an input; `code` is a stable snake_case error code. */
export class RuleError extends Error {
  readonly code: string;
  readonly params: Record<string, string | number>;
  constructor(code: string, params: Record<string, string | number> = {}) {
    super(code);
    this.name = 'RuleError';
    this.code = code;
    this.params = params;
  }
}

// ---- calendar days (UTC) ----

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(s: string): [number, number, number] {
  const m = DATE_RE.exec(s);
  if (m) {
    const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return [y, mo, d];
  }
  throw new RuleError('date_invalid', { value: String(s) });
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function fmt(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; throws RuleError 'date_invalid' on a malformed or impossible date. */
export function dayNumber(s: string): number {
  const [y, m, d] = parts(s);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** `b − a` in whole days. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

export function addDays(s: string, days: number): string {
  const t = new Date((dayNumber(s) + days) * DAY_MS);
  return fmt(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Calendar months later (or earlier, if negative); a day past the target month's end clamps to its last day. */
export function addMonths(s: string, months: number): string {
  const [y, m, d] = parts(s);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12), nm = (idx - ny * 12) + 1;
  return fmt(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** The day a term that began on `termStart` expires: same month and day `years` later (Feb 29 → Feb 28). */
export function termEnd(termStart: string, years: number): string {
  return addMonths(termStart, years * 12);
}

// ---- organisations ----

/** 5 years for an organisation attached to a community (community/village level), 3 otherwise. */
export function termYearsFor(kind: OrgKind, attached: AttachedKind, cfg: PartyRuleConfig = PARTY_RULE_DEFAULTS): number {
  void kind; // the term depends on the level the organisation sits at, not on its kind
  return attached === 'community' ? cfg.termYearsCommunity : cfg.termYearsOther;
}

export interface OrganisationFacts {
  kind: OrgKind;
  attached: AttachedKind;
  joint: boolean;
  unitsCovered: number;
  fullMembers: number;
  probationaryMembers: number;
  committeeSize: number;
  hasSecretary: boolean;
  termStart: string | null;
  approvalRef: string | null;
}

const ELECTED: readonly OrgKind[] = ['branch', 'general_branch', 'committee'];

/**
 * Findings for one organisation as of `today`. Semantics at the edges:
 * - committee rules (3–5, at most 7) apply to branches only; a branch with fewer than
 *   `committeeFrom` full members that has a committee gets only `committee_not_needed`;
 * - "over 50" / "over 100" count full + probationary members and are strict (51, 101);
 *   a branch over 100 is advised a primary committee only (not also a general branch);
 * - a term is expired on its end day (the anniversary) and after; `term_expiring` is
 *   raised when 1..reelectionReminderDays days are left;
 * - groups (党小组) get no checks; working committees (党工委, appointed) get only the secretary check.
 */
export function checkOrganisation(org: OrganisationFacts, today: string, cfg: PartyRuleConfig = PARTY_RULE_DEFAULTS): Finding[] {
  const out: Finding[] = [];
  if (org.kind === 'group') return out;
  const members = org.fullMembers + org.probationaryMembers;

  if (!org.hasSecretary) out.push({ code: 'secretary_missing', severity: 'error', params: {} });

  if (org.kind === 'branch') {
    if (org.fullMembers >= cfg.committeeFrom) {
      if (org.committeeSize < cfg.committeeMin) {
        out.push({ code: 'committee_required', severity: 'error', params: { fullMembers: org.fullMembers, min: cfg.committeeMin } });
      } else if (org.committeeSize > cfg.committeeHardMax) {
        out.push({ code: 'committee_too_large', severity: 'error', params: { committeeSize: org.committeeSize, max: cfg.committeeHardMax } });
      } else if (org.committeeSize > cfg.committeeMax) {
        out.push({ code: 'committee_above_usual', severity: 'warning', params: { committeeSize: org.committeeSize, max: cfg.committeeMax } });
      }
    } else if (org.committeeSize > 0) {
      out.push({ code: 'committee_not_needed', severity: 'warning', params: { fullMembers: org.fullMembers, from: cfg.committeeFrom } });
    }
  }

  if ((org.kind === 'branch' || org.kind === 'general_branch') && members > cfg.primaryCommitteeOver) {
    out.push({ code: 'advise_primary_committee', severity: 'advice', params: { members, over: cfg.primaryCommitteeOver } });
  } else if (org.kind === 'branch' && members > cfg.generalBranchOver) {
    out.push({ code: 'advise_general_branch', severity: 'advice', params: { members, over: cfg.generalBranchOver } });
  }

  if ((org.kind === 'general_branch' || org.kind === 'committee') && !(org.approvalRef ?? '').trim()) {
    out.push({ code: 'approval_missing', severity: 'error', params: { kind: org.kind } });
  }

  if (org.joint && org.unitsCovered > cfg.jointBranchMaxUnits) {
    out.push({ code: 'joint_too_many_units', severity: 'error', params: { unitsCovered: org.unitsCovered, max: cfg.jointBranchMaxUnits } });
  }

  if (ELECTED.includes(org.kind)) {
    if (org.termStart === null) {
      out.push({ code: 'term_missing', severity: 'warning', params: {} });
    } else {
      const end = termEnd(org.termStart, termYearsFor(org.kind, org.attached, cfg));
      const daysLeft = daysBetween(today, end);
      if (daysLeft <= 0) {
        out.push({ code: 'term_expired', severity: 'error', params: { termEnd: end, daysOver: daysBetween(end, today) } });
      } else if (daysLeft <= cfg.reelectionReminderDays) {
        out.push({ code: 'term_expiring', severity: 'warning', params: { termEnd: end, daysLeft } });
      }
    }
  }
  return out;
}

export interface UnitFacts { fullMembers: number; hasOwnOrg: boolean; inJointBranch: boolean; hasInstructor: boolean; }

/** Findings for one unit (a body that may host party members). */
export function checkUnit(unit: UnitFacts, cfg: PartyRuleConfig = PARTY_RULE_DEFAULTS): Finding[] {
  const out: Finding[] = [];
  if (unit.hasOwnOrg) return out;
  if (unit.fullMembers >= cfg.branchMinFull) {
    // a joint branch is for units with too few members; it does not excuse a unit with enough
    out.push({ code: 'branch_required', severity: 'error', params: { fullMembers: unit.fullMembers, min: cfg.branchMinFull } });
  } else if (unit.fullMembers > 0 && !unit.inJointBranch) {
    out.push({ code: 'joint_branch_advised', severity: 'advice', params: { fullMembers: unit.fullMembers, min: cfg.branchMinFull } });
  } else if (unit.fullMembers <= 0 && !unit.hasInstructor) {
    out.push({ code: 'instructor_advised', severity: 'advice', params: {} });
  }
  return out;
}

/** Throws RuleError 'joint_branch_full' when a joint branch already covering `currentUnits` units may not take one more. */
export function assertJointBranchCapacity(currentUnits: number, cfg: PartyRuleConfig = PARTY_RULE_DEFAULTS): void {
  if (currentUnits + 1 > cfg.jointBranchMaxUnits) {
    throw new RuleError('joint_branch_full', { current: currentUnits, max: cfg.jointBranchMaxUnits });
  }
}

// ---- coverage ----

export interface CoverageBody { hasOwnOrg: boolean; partyMembers: number; hasInstructor: boolean; }

export interface Coverage {
  total: number;
  /** bodies with their own party organisation */
  withPartyOrg: number;
  /** bodies with an instructor and no own organisation */
  withInstructor: number;
  /** bodies with ≥ 3 party members */
  withThreeMembers: number;
  /** bodies with ≥ 3 party members and their own organisation (numerator of organisationCoverage) */
  withThreeMembersAndOrg: number;
  /** withThreeMembersAndOrg ÷ withThreeMembers; null when no body has ≥ 3 members */
  organisationCoverage: number | null;
  /** (withPartyOrg + withInstructor) ÷ total; null when there are no bodies */
  workCoverage: number | null;
  /** withPartyOrg ÷ total; null when there are no bodies */
  withPartyOrgShare: number | null;
}

export function coverage(bodies: readonly CoverageBody[], cfg: PartyRuleConfig = PARTY_RULE_DEFAULTS): Coverage {
  let withPartyOrg = 0, withInstructor = 0, withThreeMembers = 0, withThreeMembersAndOrg = 0;
  for (const b of bodies) {
    const three = b.partyMembers >= cfg.branchMinFull;
    if (b.hasOwnOrg) withPartyOrg++;
    else if (b.hasInstructor) withInstructor++;
    if (three) withThreeMembers++;
    if (three && b.hasOwnOrg) withThreeMembersAndOrg++;
  }
  const total = bodies.length;
  return {
    total, withPartyOrg, withInstructor, withThreeMembers, withThreeMembersAndOrg,
    organisationCoverage: withThreeMembers ? withThreeMembersAndOrg / withThreeMembers : null,
    workCoverage: total ? (withPartyOrg + withInstructor) / total : null,
    withPartyOrgShare: total ? withPartyOrg / total : null,
  };
}
