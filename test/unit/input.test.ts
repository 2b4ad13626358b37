import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { boundSchema, findNul, INT4_MAX, INT4_MIN, isRealDate, isRealDateTime, NUMBER_LIMIT } from '../../src/core/http/input.js';
import { Id } from '../../src/core/http/schemas.js';
import { definitionShapeProblems } from '../../src/modules/credit/schemas.js';
import { NANCHANG_STARS, YANTAI_POINTS } from '../../src/modules/credit/rules.js';

describe('real calendar dates', () => {
  it.each([
    ['2026-02-28', true], ['2024-02-29', true], ['2000-02-29', true], ['0001-01-01', true], ['9999-12-31', true],
    ['2026-02-29', false], ['1900-02-29', false], ['2026-02-30', false], ['2026-04-31', false], ['2026-13-01', false], ['2026-00-10', false],
    ['2026-01-00', false], ['0000-01-01', false], ['2026-1-1', false], ['20260101', false], ['2026-01-01T00:00:00Z', false], ['', false],
  ])('%s → %s', (s, ok) => expect(isRealDate(s)).toBe(ok));
});

describe('real date-times', () => {
  it.each([
    ['2026-03-02T08:00:00+08:00', true], ['2026-03-02T08:00:00Z', true], ['2026-03-02T08:00:00.123Z', true], ['2026-03-02T08:00:00', true], ['2026-03-02 08:00:00+0800', true],
    ['2026-02-30T00:00:00Z', false], ['2026-01-01T24:00:00Z', false], ['2026-01-01T23:60:00Z', false], ['2026-01-01T23:59:60Z', false],
    ['2026-01-01T00:00:00+24:00', false], ['0000-01-01T00:00:00Z', false], ['2026-01-01', false], ['x', false],
  ])('%s → %s', (s, ok) => expect(isRealDateTime(s)).toBe(ok));
});

describe('bounds for every integer and number', () => {
  const s = boundSchema(Type.Object({
    a: Type.Integer(), b: Type.Number(), c: Type.Integer({ minimum: 1 }), d: Type.Number({ minimum: 0, maximum: 10 }), id: Id,
    e: Type.Optional(Type.Union([Type.Integer(), Type.Null()])), f: Type.Array(Type.Object({ g: Type.Number() })),
    when: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), at: Type.String({ format: 'date-time' }),
  })) as any;
  it.each([
    ['a', INT4_MIN, INT4_MAX], ['b', -NUMBER_LIMIT, NUMBER_LIMIT], ['c', 1, INT4_MAX], ['d', 0, 10], ['id', 1, Number.MAX_SAFE_INTEGER],
  ])('%s: %d … %d', (k, min, max) => {
    expect(s.properties[k].minimum).toBe(min);
    expect(s.properties[k].maximum).toBe(max);
  });
  it('inside unions and arrays of objects', () => {
    expect(s.properties.e.anyOf[0]).toMatchObject({ minimum: INT4_MIN, maximum: INT4_MAX });
    expect(s.properties.f.items.properties.g).toMatchObject({ minimum: -NUMBER_LIMIT, maximum: NUMBER_LIMIT });
  });
  it('a YYYY-MM-DD pattern is a date; the original schema is left as it was', () => {
    expect(s.properties.when.format).toBe('date');
    expect(s.properties.at.format).toBe('date-time');
    expect((Type.Integer() as any).maximum).toBeUndefined();
  });
});

describe('NUL anywhere', () => {
  it.each([
    ['a\u0000b', 'body'], [{ x: 'ok', y: ['fine', 'bad\u0000'] }, 'body.y.1'], [{ ['k\u0000']: 1 }, 'body.k\\0'], [{ deep: { er: { still: '\u0000' } } }, 'body.deep.er.still'],
    ['plain', null], [{ n: 1, b: true, z: null }, null], [[1, 2, 'x'], null],
  ])('%j → %s', (v, at) => expect(findNul(v, 'body')).toBe(at));
});

describe('credit scheme definitions have a shape', () => {
  it('the presets fit their kind', () => {
    expect(definitionShapeProblems('stars', NANCHANG_STARS)).toEqual([]);
    expect(definitionShapeProblems('points', YANTAI_POINTS)).toEqual([]);
  });
  it.each([
    ['stars', null, 'definition'], ['stars', {}, 'definition.dimensions'], ['points', {}, 'definition.baseMax'],
    ['stars', { ...NANCHANG_STARS, dimensions: [{ ...NANCHANG_STARS.dimensions[0], sources: null }] }, 'definition.dimensions.0.sources'],
    ['stars', { ...NANCHANG_STARS, bands: [{ grade: '1', min: 'x' }] }, 'definition.bands.0.min'],
    ['points', { ...YANTAI_POINTS, recordValidityDays: 1e309 }, 'definition.recordValidityDays'],
    ['points', NANCHANG_STARS, 'definition.baseMax'],
  ] as const)('%s %j → %s', (kind, definition, field) => {
    expect(definitionShapeProblems(kind, definition).map((p) => p.field)).toContain(field);
  });
});
