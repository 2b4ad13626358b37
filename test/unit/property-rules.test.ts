import { describe, expect, it } from 'vitest';
import {
  COMMITTEE_RULE_DEFAULTS, assertCommitteeDates, committeeFindings, committeeSizeProblem, creditCodeCheckChar, creditCodeProblem,
  normaliseCreditCode, termProblem, type CommitteeFacts, type CommitteeRuleConfig,
} from '../../src/modules/property/rules.js';
import { RuleError, type Finding } from '../../src/modules/party/rules.js';

const thrown = (fn: () => void): RuleError => {
  try { fn(); } catch (e) { if (e instanceof RuleError) return e; throw e; }
  throw new Error('expected a RuleError');
};
const codes = (fs: Finding[]) => fs.map((f) => f.code);

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    ['91350100M000100Y43', '91350100M000100Y43'],
    ['91110000600037341L', '91110000600037341L'],
    [' 91110000600037341l ', '91110000600037341L'],
  ])('normalises %j to %j', (raw, want) => {
    expect(normaliseCreditCode(raw)).toBe(want);
  });

  it.each([
    ['91350100M000100Y4', '3'],
    ['91110000600037341', 'L'],
    ['9111000060003734F', '0'], // Σ ≡ 0 (mod 31): 31 maps to 0
    ['9111000060003734R', 'Y'],
    ['91110000600037341'.toLowerCase(), 'L'],
  ])('check character of %s is %s', (first17, want) => {
    expect(creditCodeCheckChar(first17)).toBe(want);
  });

  it.each(['9111000060003734', '91A10000600037341', '9111000060003734I'])('check character of malformed %j throws', (first17) => {
    expect(thrown(() => creditCodeCheckChar(first17)).code).toBe('credit_code_format');
  });

  it.each([
    // valid (commonly cited real codes, confirmed by computing the check character)
    ['91350100M000100Y43', null],
    ['91110000600037341L', null],
    ['9111000060003734F0', null],
    ['91350100m000100y43', null], // lower case is normalised
    ['  91110000600037341L\n', null], // surrounding whitespace is trimmed
    // wrong check character
    ['91350100M000100Y44', 'credit_code_check'],
    ['91110000600037341K', 'credit_code_check'],
    ['911100006000373410', 'credit_code_check'],
    // forbidden letters anywhere
    ['91350100I000100Y43', 'credit_code_format'],
    ['91350100O000100Y43', 'credit_code_format'],
    ['91350100S000100Y43', 'credit_code_format'],
    ['91350100V000100Y43', 'credit_code_format'],
    ['91350100Z000100Y43', 'credit_code_format'],
    ['91110000600037341I', 'credit_code_format'],
    // wrong length
    ['', 'credit_code_format'],
    ['91110000600037341', 'credit_code_format'],
    ['91110000600037341LL', 'credit_code_format'],
    // positions 3–8 must be digits
    ['91A50100M000100Y43', 'credit_code_format'],
    ['9135010AM000100Y43', 'credit_code_format'],
    // other characters
    ['911100006000-7341L', 'credit_code_format'],
    ['91110000 600037341L', 'credit_code_format'],
  ] as [string, string | null][])('%j → %s', (code, want) => {
    expect(creditCodeProblem(code)).toBe(want);
  });
});

describe('owners\' committee size', () => {
  const SMALL: CommitteeRuleConfig = { ...COMMITTEE_RULE_DEFAULTS, smallCompoundMinMembers: 3 };

  it.each([
    [0, null, 'committee_size_range', 5],
    [3, null, 'committee_size_range', 5],
    [4, null, 'committee_size_range', 5],
    [5, null, null, 5],
    [6, null, 'committee_size_even', 5],
    [7, null, null, 5],
    [11, null, null, 5],
    [12, null, 'committee_size_range', 5], // out of range wins over parity
    [13, null, 'committee_size_range', 5],
    [5.5, null, 'committee_size_range', 5],
    [3, 50, 'committee_size_range', 5], // the small-compound exception is off by default
  ] as [number, number | null, string | null, number][])('default: %i members (households %j) → %s', (members, households, want, min) => {
    const p = committeeSizeProblem(members, households, COMMITTEE_RULE_DEFAULTS);
    expect(p?.code ?? null).toBe(want);
    if (p) expect(p.params).toEqual({ min, max: 11, members });
  });

  it.each([
    [3, 100, null, 3],
    [3, 1, null, 3],
    [3, 101, 'committee_size_range', 5],
    [3, null, 'committee_size_range', 5], // households unknown: no exception
    [2, 80, 'committee_size_range', 3],
    [4, 80, 'committee_size_even', 3],
    [5, 101, null, 5],
    [12, 80, 'committee_size_range', 3],
  ] as [number, number | null, string | null, number][])('3 allowed for small compounds: %i members, %j households → %s', (members, households, want, min) => {
    const p = committeeSizeProblem(members, households, SMALL);
    expect(p?.code ?? null).toBe(want);
    if (p) expect(p.params).toEqual({ min, max: 11, members });
  });

  it('parity can be switched off', () => {
    expect(committeeSizeProblem(6, null, { ...COMMITTEE_RULE_DEFAULTS, oddOnly: false })).toBeNull();
  });
});

describe('owners\' committee term', () => {
  it.each([
    [1, null], [3, null], [5, null],
    [6, 'committee_term_too_long'],
    [0, 'committee_term_invalid'], [-1, 'committee_term_invalid'], [2.5, 'committee_term_invalid'], [Number.NaN, 'committee_term_invalid'],
  ] as [number, string | null][])('%d years → %s', (years, want) => {
    const p = termProblem(years, COMMITTEE_RULE_DEFAULTS);
    expect(p?.code ?? null).toBe(want);
    if (p) expect(p.params).toEqual({ max: 5 });
  });
});

describe('owners\' committee findings', () => {
  const c = (over: Partial<CommitteeFacts> = {}): CommitteeFacts => ({
    electedOn: '2024-03-01', termYears: 5, firstMeetingOn: '2024-03-05', filedOn: '2024-03-20', ...over,
  });

  it('a committee that met and filed on time, mid-term, has no findings', () => {
    expect(committeeFindings(c(), '2025-01-01', COMMITTEE_RULE_DEFAULTS)).toEqual([]);
  });

  it.each([
    // first meeting due on 2024-03-08 (election + 7 days)
    [null, '2024-03-01', []],
    [null, '2024-03-08', []],
    [null, '2024-03-09', [{ code: 'first_meeting_overdue', severity: 'error', params: { due: '2024-03-08' } }]],
    ['2024-03-01', '2024-04-01', []], // the election day itself
    ['2024-03-08', '2024-04-01', []], // day 7: on time
    ['2024-03-09', '2024-04-01', [{ code: 'first_meeting_late', severity: 'warning', params: { due: '2024-03-08', heldOn: '2024-03-09' } }]], // day 8
  ] as [string | null, string, Finding[]][])('first meeting %j, today %s', (firstMeetingOn, today, want) => {
    expect(committeeFindings(c({ firstMeetingOn, filedOn: '2024-03-01' }), today)).toEqual(want);
  });

  it.each([
    // filing due on 2024-03-31 (election + 30 days)
    [null, '2024-03-31', []],
    [null, '2024-04-01', [{ code: 'filing_overdue', severity: 'error', params: { due: '2024-03-31' } }]],
    ['2024-03-31', '2024-05-01', []], // day 30: on time
    ['2024-04-01', '2024-05-01', [{ code: 'filing_late', severity: 'warning', params: { due: '2024-03-31', filedOn: '2024-04-01' } }]], // day 31
  ] as [string | null, string, Finding[]][])('filed %j, today %s', (filedOn, today, want) => {
    expect(committeeFindings(c({ filedOn }), today)).toEqual(want);
  });

  it.each([
    // a 5-year term from 2024-03-01 ends 2029-03-01; the reminder starts 3 months earlier, 2028-12-01
    ['2028-11-30', []],
    ['2028-12-01', [{ code: 'term_expiring', severity: 'warning', params: { termEnd: '2029-03-01' } }]],
    ['2029-02-28', [{ code: 'term_expiring', severity: 'warning', params: { termEnd: '2029-03-01' } }]],
    ['2029-03-01', [{ code: 'term_expired', severity: 'error', params: { termEnd: '2029-03-01' } }]],
    ['2029-03-02', [{ code: 'term_expired', severity: 'error', params: { termEnd: '2029-03-01' } }]],
  ] as [string, Finding[]][])('term on %s', (today, want) => {
    expect(committeeFindings(c(), today)).toEqual(want);
  });

  it.each([
    // a 3-year term from 2021-05-31 ends 2024-05-31; three months earlier clamps to 2024-02-29
    ['2024-02-28', []],
    ['2024-02-29', ['term_expiring']],
  ])('the reminder edge clamps to the month end: %s', (today, want) => {
    expect(codes(committeeFindings(c({ electedOn: '2021-05-31', termYears: 3, firstMeetingOn: '2021-06-01', filedOn: '2021-06-01' }), today))).toEqual(want);
  });

  it('a term from Feb 29 ends on Feb 28', () => {
    const x = c({ electedOn: '2024-02-29', firstMeetingOn: '2024-03-01', filedOn: '2024-03-01' });
    expect(committeeFindings(x, '2029-02-27')).toEqual([{ code: 'term_expiring', severity: 'warning', params: { termEnd: '2029-02-28' } }]);
    expect(codes(committeeFindings(x, '2029-02-28'))).toEqual(['term_expired']);
  });

  it('a term over 5 years is an error, and expiry counts on 5', () => {
    expect(committeeFindings(c({ termYears: 6 }), '2029-03-01')).toEqual([
      { code: 'committee_term_too_long', severity: 'error', params: { max: 5, termYears: 6 } },
      { code: 'term_expired', severity: 'error', params: { termEnd: '2029-03-01' } },
    ]);
  });

  it('a shorter term ends sooner', () => {
    expect(codes(committeeFindings(c({ termYears: 3 }), '2027-03-01'))).toEqual(['term_expired']);
  });

  it.each([0, -2, 1.5])('a term of %d years cannot be evaluated', (termYears) => {
    expect(thrown(() => committeeFindings(c({ termYears }), '2025-01-01')).code).toBe('committee_term_invalid');
  });

  it('follows the configuration', () => {
    const cfg: CommitteeRuleConfig = { ...COMMITTEE_RULE_DEFAULTS, firstMeetingDays: 10, filingDays: 15, expiryReminderMonths: 6 };
    expect(committeeFindings(c({ firstMeetingOn: null, filedOn: null }), '2024-03-11', cfg)).toEqual([]);
    expect(codes(committeeFindings(c({ firstMeetingOn: null, filedOn: null }), '2024-03-17', cfg))).toEqual(['first_meeting_overdue', 'filing_overdue']);
    expect(codes(committeeFindings(c(), '2028-09-01', cfg))).toEqual(['filing_late', 'term_expiring']); // filed on day 19 of 15
  });
});

describe('owners\' committee date order', () => {
  it.each([
    [{ electedOn: '2024-03-01', firstMeetingOn: '2024-03-01', filedOn: '2024-03-01' }],
    [{ electedOn: '2024-03-01', firstMeetingOn: null, filedOn: null }],
    [{ electedOn: '2024-03-01', firstMeetingOn: '2024-05-01', filedOn: '2024-04-01' }],
  ])('accepts %j', (dates) => {
    expect(() => assertCommitteeDates(dates)).not.toThrow();
  });

  it.each([
    [{ electedOn: '2024-03-01', firstMeetingOn: '2024-02-29', filedOn: null }, 'firstMeetingOn'],
    [{ electedOn: '2024-03-01', firstMeetingOn: '2024-03-02', filedOn: '2024-02-01' }, 'filedOn'],
  ])('refuses %j', (dates, field) => {
    const e = thrown(() => assertCommitteeDates(dates));
    expect(e.code).toBe('date_order');
    expect(e.params).toMatchObject({ field, electedOn: '2024-03-01' });
  });

  it('committeeFindings checks the order too', () => {
    expect(thrown(() => committeeFindings({ electedOn: '2024-03-01', termYears: 5, firstMeetingOn: '2024-02-01', filedOn: null }, '2024-04-01')).code).toBe('date_order');
  });

  it.each([
    [{ electedOn: '2024-02-30', firstMeetingOn: null, filedOn: null }],
    [{ electedOn: '2024-03-01', firstMeetingOn: '2024/03/02', filedOn: null }],
  ])('malformed dates are refused: %j', (dates) => {
    expect(thrown(() => assertCommitteeDates(dates)).code).toBe('date_invalid');
  });
});
