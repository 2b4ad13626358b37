import { describe, expect, it } from 'vitest';
import {
  PARTY_RULE_DEFAULTS, RuleError, assertJointBranchCapacity, checkOrganisation, checkUnit, coverage, termEnd, termYearsFor,
  type AttachedKind, type Finding, type OrgKind, type OrganisationFacts, type PartyRuleConfig, type UnitFacts,
} from '../../src/modules/party/rules.js';

const org = (over: Partial<OrganisationFacts> = {}): OrganisationFacts => ({
  kind: 'branch', attached: 'resident_unit', joint: false, unitsCovered: 1, fullMembers: 5, probationaryMembers: 0,
  committeeSize: 0, hasSecretary: true, termStart: '2024-01-01', approvalRef: null, ...over,
});
const TODAY = '2025-06-01';
const codes = (fs: Finding[]) => fs.map((f) => f.code);
const find = (fs: Finding[], code: string) => fs.find((f) => f.code === code);
const thrown = (fn: () => void): RuleError => {
  try { fn(); } catch (e) { if (e instanceof RuleError) return e; throw e; }
  throw new Error('expected a RuleError');
};

describe('term length and term end', () => {
  it.each([
    ['branch', 'community', 5],
    ['committee', 'community', 5],
    ['general_branch', 'community', 5],
    ['branch', 'street', 3],
    ['committee', 'street', 3],
    ['branch', 'grid', 3],
    ['branch', 'owners_committee', 3],
    ['branch', 'property_company', 3],
    ['branch', 'resident_unit', 3],
    ['general_branch', 'project', 3],
  ] as [OrgKind, AttachedKind, number][])('%s attached to %s: %i years', (kind, attached, years) => {
    expect(termYearsFor(kind, attached, PARTY_RULE_DEFAULTS)).toBe(years);
  });

  it('follows the configuration', () => {
    expect(termYearsFor('branch', 'community', { ...PARTY_RULE_DEFAULTS, termYearsCommunity: 4 })).toBe(4);
  });

  it.each([
    ['2021-03-15', 3, '2024-03-15'],
    ['2021-01-01', 5, '2026-01-01'],
    ['2019-12-31', 5, '2024-12-31'],
    ['2020-02-29', 3, '2023-02-28'], // Feb 29 → Feb 28 in a common year
    ['2020-02-29', 4, '2024-02-29'], // and stays Feb 29 in a leap year
    ['2023-02-28', 1, '2024-02-28'],
  ])('%s + %i years = %s', (start, years, end) => {
    expect(termEnd(start, years)).toBe(end);
  });

  it.each(['2021-02-30', '2021-13-01', '21-01-01', '2021-1-1', ''])('rejects the malformed date %j', (d) => {
    expect(thrown(() => termEnd(d, 3)).code).toBe('date_invalid');
  });
});

describe('checkOrganisation: committee and secretary', () => {
  it('a sound small branch has no findings', () => {
    expect(checkOrganisation(org(), TODAY)).toEqual([]);
  });

  it.each([
    // fullMembers, committeeSize, expected codes
    [2, 0, []],
    [6, 0, []],
    [6, 3, ['committee_not_needed']],
    [6, 8, ['committee_not_needed']], // no committee is expected at all, so its size is moot
    [7, 0, ['committee_required']],
    [7, 2, ['committee_required']],
    [7, 3, []],
    [7, 5, []],
    [7, 6, ['committee_above_usual']],
    [7, 7, ['committee_above_usual']],
    [7, 8, ['committee_too_large']],
    [30, 2, ['committee_required']],
    [30, 5, []],
  ] as [number, number, string[]][])('branch of %i full members with a committee of %i → %j', (full, size, want) => {
    expect(codes(checkOrganisation(org({ fullMembers: full, committeeSize: size }), TODAY))).toEqual(want);
  });

  it('probationary members do not count towards the committee threshold', () => {
    expect(codes(checkOrganisation(org({ fullMembers: 6, probationaryMembers: 5 }), TODAY))).toEqual([]);
  });

  it('severities and params', () => {
    expect(find(checkOrganisation(org({ fullMembers: 7, committeeSize: 2 }), TODAY), 'committee_required'))
      .toEqual({ code: 'committee_required', severity: 'error', params: { fullMembers: 7, min: 3 } });
    expect(find(checkOrganisation(org({ fullMembers: 7, committeeSize: 8 }), TODAY), 'committee_too_large'))
      .toEqual({ code: 'committee_too_large', severity: 'error', params: { committeeSize: 8, max: 7 } });
    expect(find(checkOrganisation(org({ fullMembers: 7, committeeSize: 6 }), TODAY), 'committee_above_usual'))
      .toEqual({ code: 'committee_above_usual', severity: 'warning', params: { committeeSize: 6, max: 5 } });
    expect(find(checkOrganisation(org({ fullMembers: 6, committeeSize: 3 }), TODAY), 'committee_not_needed'))
      .toEqual({ code: 'committee_not_needed', severity: 'warning', params: { fullMembers: 6, from: 7 } });
  });

  it('committee size rules are a branch rule only', () => {
    expect(codes(checkOrganisation(org({ kind: 'general_branch', fullMembers: 40, committeeSize: 9, approvalRef: 'A-1' }), TODAY))).toEqual([]);
  });

  it.each([
    ['branch', ['secretary_missing']],
    ['general_branch', ['secretary_missing']],
    ['committee', ['secretary_missing']],
    ['working_committee', ['secretary_missing']],
    ['group', []],
  ] as [OrgKind, string[]][])('%s without a secretary → %j', (kind, want) => {
    expect(codes(checkOrganisation(org({ kind, hasSecretary: false, approvalRef: 'A-1' }), TODAY))).toEqual(want);
  });

  it('secretary_missing is an error', () => {
    expect(find(checkOrganisation(org({ hasSecretary: false }), TODAY), 'secretary_missing')?.severity).toBe('error');
  });
});

describe('checkOrganisation: size advice and approval', () => {
  const big = (kind: OrgKind, full: number, prob: number) =>
    org({ kind, fullMembers: full, probationaryMembers: prob, committeeSize: 5, approvalRef: 'A-1' });

  it.each([
    ['branch', 50, 0, []],
    ['branch', 45, 5, []],
    ['branch', 51, 0, ['advise_general_branch']],
    ['branch', 45, 6, ['advise_general_branch']], // probationary members count
    ['branch', 100, 0, ['advise_general_branch']],
    ['branch', 101, 0, ['advise_primary_committee']], // the stronger advice only
    ['branch', 95, 6, ['advise_primary_committee']],
    ['general_branch', 51, 0, []],
    ['general_branch', 100, 0, []],
    ['general_branch', 101, 0, ['advise_primary_committee']],
    ['committee', 500, 0, []],
  ] as [OrgKind, number, number, string[]][])('%s of %i full + %i probationary → %j', (kind, full, prob, want) => {
    expect(codes(checkOrganisation(big(kind, full, prob), TODAY))).toEqual(want);
  });

  it('advice carries the head count and the threshold', () => {
    expect(find(checkOrganisation(big('branch', 45, 6), TODAY), 'advise_general_branch'))
      .toEqual({ code: 'advise_general_branch', severity: 'advice', params: { members: 51, over: 50 } });
    expect(find(checkOrganisation(big('general_branch', 101, 0), TODAY), 'advise_primary_committee'))
      .toEqual({ code: 'advise_primary_committee', severity: 'advice', params: { members: 101, over: 100 } });
  });

  it.each([
    ['general_branch', null, ['approval_missing']],
    ['general_branch', '', ['approval_missing']],
    ['general_branch', '   ', ['approval_missing']],
    ['general_branch', '区委组织部〔2024〕12号', []],
    ['committee', null, ['approval_missing']],
    ['committee', 'A-1', []],
    ['branch', null, []],
    ['working_committee', null, []],
  ] as [OrgKind, string | null, string[]][])('%s with approval %j → %j', (kind, approvalRef, want) => {
    const fs = checkOrganisation(org({ kind, fullMembers: 20, committeeSize: 5, approvalRef }), TODAY);
    expect(codes(fs)).toEqual(want);
    if (want.length) expect(fs[0]!.severity).toBe('error');
  });
});

describe('checkOrganisation: joint branches', () => {
  it.each([
    [true, 1, []],
    [true, 5, []],
    [true, 6, ['joint_too_many_units']],
    [false, 6, []],
  ] as [boolean, number, string[]][])('joint=%s covering %i units → %j', (joint, unitsCovered, want) => {
    expect(codes(checkOrganisation(org({ joint, unitsCovered }), TODAY))).toEqual(want);
  });

  it('the error names the count and the limit', () => {
    expect(find(checkOrganisation(org({ joint: true, unitsCovered: 6 }), TODAY), 'joint_too_many_units'))
      .toEqual({ code: 'joint_too_many_units', severity: 'error', params: { unitsCovered: 6, max: 5 } });
  });
});

describe('checkOrganisation: terms', () => {
  // a 3-year term from 2023-01-01 and a 5-year community term from 2021-01-01 both end on 2026-01-01
  const other = (today: string) => checkOrganisation(org({ termStart: '2023-01-01' }), today);
  const community = (today: string) => checkOrganisation(org({ attached: 'community', termStart: '2021-01-01' }), today);

  it.each([
    ['2025-10-02', []], // 91 days left
    ['2025-10-03', [{ code: 'term_expiring', severity: 'warning', params: { termEnd: '2026-01-01', daysLeft: 90 } }]], // reminder edge
    ['2025-12-31', [{ code: 'term_expiring', severity: 'warning', params: { termEnd: '2026-01-01', daysLeft: 1 } }]], // day before expiry
    ['2026-01-01', [{ code: 'term_expired', severity: 'error', params: { termEnd: '2026-01-01', daysOver: 0 } }]], // expiry day
    ['2026-01-02', [{ code: 'term_expired', severity: 'error', params: { termEnd: '2026-01-01', daysOver: 1 } }]],
  ] as [string, Finding[]][])('on %s', (today, want) => {
    expect(other(today)).toEqual(want);
    expect(community(today)).toEqual(want);
  });

  it('a community term is 5 years, others 3', () => {
    const start = org({ termStart: '2021-01-01' });
    expect(codes(checkOrganisation({ ...start, attached: 'community' }, TODAY))).toEqual([]);
    expect(codes(checkOrganisation({ ...start, attached: 'street' }, TODAY))).toEqual(['term_expired']);
  });

  it('the reminder window follows the configuration', () => {
    const cfg: PartyRuleConfig = { ...PARTY_RULE_DEFAULTS, reelectionReminderDays: 30 };
    expect(checkOrganisation(org({ termStart: '2023-01-01' }), '2025-12-01', cfg)).toEqual([]);
    expect(codes(checkOrganisation(org({ termStart: '2023-01-01' }), '2025-12-02', cfg))).toEqual(['term_expiring']);
  });

  it.each([
    ['branch', ['term_missing']],
    ['general_branch', ['term_missing']],
    ['committee', ['term_missing']],
    ['working_committee', []],
    ['group', []],
  ] as [OrgKind, string[]][])('%s without a term start → %j', (kind, want) => {
    const fs = checkOrganisation(org({ kind, termStart: null, approvalRef: 'A-1' }), TODAY);
    expect(codes(fs)).toEqual(want);
    if (want.length) expect(fs[0]!.severity).toBe('warning');
  });

  it('groups have no committee, size or term checks', () => {
    const g = org({ kind: 'group', fullMembers: 200, committeeSize: 9, hasSecretary: false, termStart: '2000-01-01' });
    expect(checkOrganisation(g, TODAY)).toEqual([]);
  });

  it('several findings come together, in a stable order', () => {
    const o = org({ fullMembers: 60, committeeSize: 2, hasSecretary: false, joint: true, unitsCovered: 7, termStart: '2020-01-01' });
    expect(codes(checkOrganisation(o, TODAY))).toEqual(['secretary_missing', 'committee_required', 'advise_general_branch', 'joint_too_many_units', 'term_expired']);
  });
});

describe('checkUnit', () => {
  const unit = (over: Partial<UnitFacts>): UnitFacts => ({ fullMembers: 0, hasOwnOrg: false, inJointBranch: false, hasInstructor: false, ...over });
  it.each([
    [unit({ fullMembers: 3 }), ['branch_required']],
    [unit({ fullMembers: 3, inJointBranch: true }), ['branch_required']], // a joint branch does not excuse it
    [unit({ fullMembers: 12, hasInstructor: true }), ['branch_required']],
    [unit({ fullMembers: 3, hasOwnOrg: true }), []],
    [unit({ fullMembers: 2 }), ['joint_branch_advised']],
    [unit({ fullMembers: 1 }), ['joint_branch_advised']],
    [unit({ fullMembers: 2, inJointBranch: true }), []],
    [unit({ fullMembers: 1, hasOwnOrg: true }), []],
    [unit({ fullMembers: 0 }), ['instructor_advised']],
    [unit({ fullMembers: 0, hasInstructor: true }), []],
    [unit({ fullMembers: 0, hasOwnOrg: true }), []],
  ] as [UnitFacts, string[]][])('%j → %j', (u, want) => {
    expect(codes(checkUnit(u, PARTY_RULE_DEFAULTS))).toEqual(want);
  });

  it('severities and params', () => {
    expect(checkUnit(unit({ fullMembers: 3 }))).toEqual([{ code: 'branch_required', severity: 'error', params: { fullMembers: 3, min: 3 } }]);
    expect(checkUnit(unit({ fullMembers: 2 }))).toEqual([{ code: 'joint_branch_advised', severity: 'advice', params: { fullMembers: 2, min: 3 } }]);
    expect(checkUnit(unit({}))).toEqual([{ code: 'instructor_advised', severity: 'advice', params: {} }]);
  });
});

describe('assertJointBranchCapacity', () => {
  it.each([0, 1, 4])('a joint branch of %i units may take one more', (n) => {
    expect(() => assertJointBranchCapacity(n, PARTY_RULE_DEFAULTS)).not.toThrow();
  });

  it.each([5, 6])('a joint branch of %i units is full', (n) => {
    const e = thrown(() => assertJointBranchCapacity(n, PARTY_RULE_DEFAULTS));
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('joint_branch_full');
    expect(e.params).toEqual({ current: n, max: 5 });
  });

  it('follows the configuration', () => {
    expect(() => assertJointBranchCapacity(3, { ...PARTY_RULE_DEFAULTS, jointBranchMaxUnits: 3 })).toThrow(RuleError);
  });
});

describe('coverage', () => {
  const body = (hasOwnOrg: boolean, partyMembers: number, hasInstructor: boolean) => ({ hasOwnOrg, partyMembers, hasInstructor });

  it('no bodies: every ratio is null', () => {
    expect(coverage([])).toEqual({
      total: 0, withPartyOrg: 0, withInstructor: 0, withThreeMembers: 0, withThreeMembersAndOrg: 0,
      organisationCoverage: null, workCoverage: null, withPartyOrgShare: null,
    });
  });

  it('no body with 3 members: organisation coverage is null, the others are not', () => {
    const c = coverage([body(false, 2, true), body(false, 0, false)]);
    expect(c.organisationCoverage).toBeNull();
    expect(c.workCoverage).toBe(0.5);
    expect(c.withPartyOrgShare).toBe(0);
  });

  it('a worked example', () => {
    const c = coverage([
      body(true, 10, false), // A: own org, 10 members
      body(true, 2, false), //  B: own org (e.g. a small branch), 2 members
      body(false, 5, true), //  C: 5 members, only an instructor
      body(false, 0, true), //  D: no members, an instructor
      body(false, 1, false), // E: 1 member, nothing
      body(true, 3, true), //   F: own org and an instructor: counted once, as an org
    ]);
    expect(c).toEqual({
      total: 6, withPartyOrg: 3, withInstructor: 2, withThreeMembers: 3, withThreeMembersAndOrg: 2,
      organisationCoverage: 2 / 3, workCoverage: 5 / 6, withPartyOrgShare: 0.5,
    });
  });

  it('organisation coverage never exceeds 1', () => {
    const c = coverage([body(true, 3, false), body(true, 1, false), body(true, 0, false)]);
    expect(c.organisationCoverage).toBe(1);
    expect(c.withPartyOrgShare).toBe(1);
  });

  it.each([
    [2, 0], [3, 1],
  ])('threshold: a body with %i members counts as having three: %i', (members, want) => {
    expect(coverage([body(true, members, false)]).withThreeMembers).toBe(want);
  });
});
