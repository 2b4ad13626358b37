import { describe, expect, it } from 'vitest';
import { AppError, allErrorCodes, defineErrors, errorDef, messageFor, pickLang } from '../../src/core/http/errors.js';
import '../../src/modules/index.js';

describe('pickLang', () => {
  it.each([
    [undefined, 'zh-CN'], ['', 'zh-CN'], ['en', 'en'], ['en-US,en;q=0.9', 'en'], ['zh-CN,zh;q=0.9,en;q=0.8', 'zh-CN'],
    ['en;q=0.5,zh-TW;q=0.8', 'zh-CN'], ['fr-FR', 'zh-CN'], ['fr-FR,en;q=0.3', 'en'],
  ])('%s → %s', (h, want) => expect(pickLang(h)).toBe(want));
});

describe('error catalog', () => {
  it('every code is snake_case with a 4xx/5xx status and both languages', () => {
    for (const code of allErrorCodes()) {
      const d = errorDef(code)!;
      expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(d.status).toBeGreaterThanOrEqual(400);
      expect(d.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(d.en).toMatch(/^[A-Z{]/);
      expect(d.zh.match(/\{\w+\}/g) ?? []).toEqual(expect.arrayContaining(d.en.match(/\{\w+\}/g) ?? []));
    }
  });
  it('interpolates parameters', () => {
    expect(messageFor('region_not_found', 'en', { code: '46' })).toBe('Region 46 does not exist.');
    expect(new AppError('region_not_found').status).toBe(404);
  });
  it('refuses a code that is not snake_case', () => {
    expect(() => defineErrors({ BadCode: { status: 400, zh: '错', en: 'Bad' } })).toThrow();
  });
});
