/**
 * GB 11643-1999 citizen identity numbers and mainland mobile numbers.
 * ID: 6-digit region, 8-digit birth date, 3-digit sequence (odd = male), check character
 * by ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11, result 0–10 where 10 is written X).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export type IdProblem = 'id_format' | 'id_birth_date' | 'id_check_digit';

export interface IdInfo { idNumber: string; birthDate: string; gender: 'male' | 'female'; regionCode: string; }

/** Normalise (upper-case X, trim) and check an 18-character ID number. `today` bounds the birth date. */
export function parseIdNumber(raw: string, today = new Date()): IdInfo | { problem: IdProblem } {
  const id = String(raw ?? '').trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { problem: 'id_format' };
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const valid = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  if (!valid || y < 1890 || date.getTime() > today.getTime()) return { problem: 'id_birth_date' };
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return { problem: 'id_check_digit' };
  return { idNumber: id, birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female', regionCode: id.slice(0, 6) };
}

/** Mainland mobile numbers: 11 digits starting 13–19; spaces, dashes and a +86/86 prefix are accepted and removed. */
export function parseMobile(raw: string): string | null {
  const s = String(raw ?? '').replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}

/** Age in whole years on a date (birthdays on 29 February count from 1 March in other years). */
export function ageOn(birthDate: string, on: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = on.getUTCFullYear() - y;
  const before = on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d);
  if (before) age--;
  return age;
}
