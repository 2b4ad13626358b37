import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blindIndex, decrypt, encrypt } from '../../src/core/privacy/cipher.js';
import { deriveKeys } from '../../src/core/privacy/keys.js';
import { maskIdNumber, maskPhone } from '../../src/core/privacy/mask.js';
import { ageOn, idCheckChar, parseIdNumber, parseMobile } from '../../src/core/privacy/validate.js';
import { careGroupFromText, livingAlone65 } from '../../src/modules/people/care.js';

const TODAY = new Date('2026-11-27T00:00:00Z');

describe('GB 11643 ID numbers', () => {
  it('reads birth date, gender and region from a valid number (the standard\'s example)', () => {
    expect(parseIdNumber('11010519491231002X', TODAY)).toEqual({ idNumber: '11010519491231002X', birthDate: '1949-12-31', gender: 'female', regionCode: '110105' });
  });
  it.each([
    ['11010519491231002x', null], // lower-case x is normalised
    ['110105194912310021', 'id_check_digit'],
    ['11010519490231002X', 'id_birth_date'], // 31 February
    ['110105203012310027', 'id_birth_date'], // born in the future
    ['440524188001010014', 'id_birth_date'], // before 1890: implausible for a living resident
    ['11010519491231002', 'id_format'],
    ['1101051949123100AX', 'id_format'],
    ['', 'id_format'],
  ])('%j → %s', (id, problem) => {
    const r = parseIdNumber(id, TODAY);
    if (problem === null) expect('problem' in r).toBe(false);
    else expect(r).toEqual({ problem });
  });
  it('the check character follows ISO 7064 MOD 11-2', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('46010719800101123')).toMatch(/^[0-9X]$/);
  });
});

describe('mobile numbers', () => {
  it.each([
    ['13800138000', '13800138000'], ['138 0013 8000', '13800138000'], ['+86 138-0013-8000', '13800138000'], ['8613800138000', '13800138000'],
    ['12800138000', null], ['1380013800', null], ['1380013800a', null], ['010-12345678', null],
  ])('%j → %j', (raw, want) => expect(parseMobile(raw)).toBe(want));
});

describe('masks', () => {
  it('show the region and last four of an ID, the first three and last four of a phone', () => {
    expect(maskIdNumber('46010019800101123X')).toBe('460100********123X');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('age and living alone 65+', () => {
  it.each([
    ['1961-11-27', 65], ['1961-11-28', 64], ['1960-02-29', 66], ['2026-11-27', 0],
  ])('born %s → %i on 2026-11-27', (b, a) => expect(ageOn(b, TODAY)).toBe(a));
  it.each([[65, 1, true], [64, 1, false], [80, 2, false], [90, 0, false]])('age %i in a household of %i → %s', (age, n, want) => expect(livingAlone65(age, n)).toBe(want));
  it('care groups from the spreadsheet\'s words', () => {
    expect(careGroupFromText('独居老人')).toBe('living_alone');
    expect(careGroupFromText('低保')).toBe('subsistence_allowance');
    expect(careGroupFromText('高龄')).toBe('very_old');
    expect(careGroupFromText('高龄老人（80岁以上）')).toBe('very_old'); // as earlier templates wrote it
    expect(careGroupFromText('高龄老人（关爱对象登记）')).toBe('very_old');
    expect(careGroupFromText('学生')).toBeNull();
  });
});

describe('encryption at rest', () => {
  const keys = deriveKeys(randomBytes(32));
  it('round-trips, differs every time, and fails under another key', () => {
    const a = encrypt(keys, '46010019800101123X');
    expect(a).not.toContain('46010019800101123X');
    expect(encrypt(keys, '46010019800101123X')).not.toBe(a);
    expect(decrypt(keys, a)).toBe('46010019800101123X');
    expect(() => decrypt(deriveKeys(randomBytes(32)), a)).toThrow();
  });
  it('keyed hashes match exactly and only under the same key', () => {
    expect(blindIndex(keys, 'id', 'x')).toBe(blindIndex(keys, 'id', 'x'));
    expect(blindIndex(keys, 'id', 'x')).not.toBe(blindIndex(keys, 'phone', 'x'));
    expect(blindIndex(deriveKeys(randomBytes(32)), 'id', 'x')).not.toBe(blindIndex(keys, 'id', 'x'));
  });
});
