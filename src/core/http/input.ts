/**
 * Guards every request's input once, at the edge, so malformed values never reach SQL:
 *  - numbers: a route's integer and number schemas get PostgreSQL-safe bounds where they give
 *    none (int4 for integers, ±1e15 for numbers; row ids say bigint themselves in `Id`), so
 *    1e309, Infinity or 2^31 are a 400 and never an out-of-range error in the database;
 *  - text: a NUL byte (which PostgreSQL text cannot hold) anywhere in a path, query, body
 *    (JSON, form, multipart field or file name) is refused with 400 `text_nul`;
 *  - dates: the `date` and `date-time` formats check a real calendar date (2026-02-30 is refused),
 *    and a YYYY-MM-DD pattern without a format gets the `date` format.
 */
import type { FastifyRequest } from 'fastify';
import { AppError, defineErrors, messageFor } from './errors.js';

export const INT4_MIN = -2147483648;
export const INT4_MAX = 2147483647;
/** Numbers (double precision, numeric) without bounds of their own: finite and exact as integers. */
export const NUMBER_LIMIT = 1e15;

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

function isObj(x: unknown): x is Record<string, any> {
  return !!x && typeof x === 'object' && !Array.isArray(x);
}

function types(s: Record<string, any>): string[] {
  return Array.isArray(s.type) ? s.type : typeof s.type === 'string' ? [s.type] : [];
}

/**
 * A copy of a request schema in which every integer/number without bounds has them, and a
 * YYYY-MM-DD pattern without a format is a `date`. Symbol keys (TypeBox's Kind) are kept.
 */
export function boundSchema<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map((x) => boundSchema(x)) as T;
  if (!isObj(schema)) return schema;
  const out: Record<string | symbol, any> = {};
  for (const k of Object.getOwnPropertySymbols(schema)) out[k] = (schema as any)[k];
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' || k === 'patternProperties' || k === '$defs' || k === 'definitions') {
      out[k] = isObj(v) ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, boundSchema(s)])) : v;
    } else if (['items', 'additionalProperties', 'anyOf', 'oneOf', 'allOf', 'not', 'if', 'then', 'else', 'prefixItems', 'contains'].includes(k)) {
      out[k] = typeof v === 'object' ? boundSchema(v) : v;
    } else out[k] = v;
  }
  const t = types(out);
  const integer = t.includes('integer');
  if (integer || t.includes('number')) {
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = integer ? INT4_MIN : -NUMBER_LIMIT;
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = integer ? INT4_MAX : NUMBER_LIMIT;
  }
  if (t.includes('string') && out.pattern === DATE_PATTERN && out.format === undefined) out.format = 'date';
  return out as T;
}

/** A real calendar date, YYYY-MM-DD, year 0001–9999. */
export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return d <= days;
}

/** An RFC 3339 date-time on a real date with a real time of day (the zone may be left out). */
export function isRealDateTime(s: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):?(\d{2}))?$/.exec(s);
  if (!m || !isRealDate(m[1])) return false;
  if (+m[2] > 23 || +m[3] > 59 || +m[4] > 59) return false;
  if (m[7] !== undefined && (+m[7] > 23 || +m[8] > 59)) return false;
  return !Number.isNaN(Date.parse(m[6] ? s : s.replace(' ', 'T')));
}

/** Replaces Ajv's `date` and `date-time` formats (run after ajv-formats is added). */
export function addRealDateFormats(ajv: { addFormat(name: string, f: { type: 'string'; validate: (s: string) => boolean }): unknown }): void {
  ajv.addFormat('date', { type: 'string', validate: isRealDate });
  ajv.addFormat('date-time', { type: 'string', validate: isRealDateTime });
}

/** Where the first NUL byte sits in a parsed value (a string, or a key or value in objects and arrays), or null. */
export function findNul(value: unknown, at: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at : null;
  if (depth > 64 || !value || typeof value !== 'object') return null;
  if (Buffer.isBuffer(value)) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) { const f = findNul(value[i], `${at}.${i}`, depth + 1); if (f) return f; }
    return null;
  }
  for (const [k, v] of Object.entries(value)) {
    if (k.includes('\u0000')) return `${at}.${k.replace(/\u0000/g, '\\0')}`;
    const f = findNul(v, `${at}.${k}`, depth + 1);
    if (f) return f;
  }
  return null;
}

/**
 * The 400 for a NUL byte. It also carries `statusCode` and an English message so that a scope
 * with its own error shape (Open311) renders it as a 400 with a readable description.
 */
export class NulError extends AppError {
  statusCode = 400;
  constructor(field: string) {
    super('text_nul', { field }, [{ field, rule: 'nul', code: 'text_nul', params: { field } }]);
    this.message = messageFor('text_nul', 'en', { field });
  }
}

function checkNul(req: FastifyRequest): void {
  const url = req.url;
  // the raw URL: %00 anywhere (path or query), whatever the router or query parser made of it
  if (/%00/.test(url) || url.includes('\u0000')) {
    const q = url.indexOf('?');
    const inPath = /%00|\u0000/.test(q < 0 ? url : url.slice(0, q));
    throw new NulError(inPath ? 'params' : (findNul(req.query, 'querystring') ?? 'querystring'));
  }
  const where = findNul(req.params, 'params') ?? findNul(req.query, 'querystring') ?? findNul(req.body, 'body');
  if (where) throw new NulError(where);
}

/** Multipart fields and file names are read by the handler as it streams: check each part as it comes. */
function guardMultipart(req: FastifyRequest): void {
  const r = req as any;
  if (typeof r.parts !== 'function' || typeof r.isMultipart !== 'function' || !r.isMultipart()) return;
  const parts = r.parts;
  r.parts = function (this: unknown, ...args: unknown[]) {
    const it: AsyncIterable<any> = parts.apply(this, args);
    return (async function* () {
      for await (const part of it) {
        const where = findNul(part.fieldname, 'body') ?? findNul(part.filename, `body.${part.fieldname}.filename`) ?? (part.type === 'field' ? findNul(part.value, `body.${part.fieldname}`) : null);
        if (where) {
          if (part.file?.resume) part.file.resume();
          throw new NulError(where);
        }
        yield part;
      }
    })();
  };
}

const numericCache = new WeakMap<object, string[]>();
/** The properties of a params or querystring schema that hold numbers (once per schema: routes keep theirs). */
function numericProps(schema: unknown): string[] {
  if (!isObj(schema)) return [];
  let out = numericCache.get(schema);
  if (!out) { out = findNumericProps(schema); numericCache.set(schema, out); }
  return out;
}

function findNumericProps(schema: unknown): string[] {
  const s = isObj(schema) ? schema : {};
  const out: string[] = [];
  for (const [k, p] of Object.entries<any>(isObj(s.properties) ? s.properties : {})) {
    const t = [...types(p ?? {}), ...[...(p?.anyOf ?? []), ...(p?.oneOf ?? [])].flatMap((x: any) => types(x ?? {}))];
    if (t.includes('integer') || t.includes('number')) out.push(k);
  }
  return out;
}

/**
 * Ajv's type coercion turns the strings '1e309' and 'Infinity' of a path or query into Infinity
 * and then skips the bounds (its range checks only look at finite numbers): refuse them here.
 */
function checkFinite(req: FastifyRequest): void {
  const schema = (req.routeOptions?.schema ?? {}) as Record<string, unknown>;
  const details: { field: string; message: string; rule: string }[] = [];
  for (const [context, values] of [['params', req.params], ['querystring', req.query]] as const) {
    if (!isObj(values)) continue;
    for (const k of numericProps(schema[context])) {
      for (const v of [values[k]].flat()) {
        if (typeof v === 'string' && v.trim() !== '' && Number.isNaN(Number(v)) === false && !Number.isFinite(Number(v))) {
          details.push({ field: `${context}.${k}`, message: 'must be a finite number within its bounds', rule: 'maximum' });
        }
      }
    }
  }
  if (details.length) throw new AppError('validation_failed', {}, details);
}

/** The preValidation hook: runs for /api and for the scopes registered beside it (Open311). */
export function inputGuard(req: FastifyRequest, _reply: unknown, done: (err?: Error) => void): void {
  try {
    checkNul(req);
    checkFinite(req);
    guardMultipart(req);
  } catch (e) {
    done(e as Error);
    return;
  }
  done();
}

defineErrors({
  text_nul: { status: 400, zh: '字段 {field} 含有不允许的空字符（NUL，\\u0000），请删除后重试。', en: 'The field {field} contains a NUL character (\\u0000), which is not allowed.' },
  date_invalid: { status: 400, zh: '日期 {value} 无效。', en: 'The date {value} is not a real date.' },
});
