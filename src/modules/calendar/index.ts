/**
 * The working calendar as data: public holidays and make-up working days, seeded from the
 * npm package `chinese-days` (official State Council notices, 2004 on) and extended or
 * corrected by an administrator each year. Office hours are a setting.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Type } from '@sinclair/typebox';
import { definePolicy } from '../../core/access/policy.js';
import { addWorkingDays, addWorkingHours, isWorkingDay, type Calendar } from '../../core/calendar/working.js';
import { cached, invalidate } from '../../core/cache.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError, defineErrors } from '../../core/http/errors.js';
import { route, type Module } from '../../core/http/module.js';
import { Instant, named, Ok, ref } from '../../core/http/schemas.js';
import { defineSetting } from '../settings/index.js';
import { chinaDate } from '../../core/time.js';

const require = createRequire(import.meta.url);

export const officeHours = defineSetting({
  key: 'calendar.officeHours',
  description: '工作时段 Office hours that working-hour deadlines count',
  schema: Type.Array(Type.Object({ from: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }), to: Type.String({ pattern: '^([01]\\d|2[0-4]):[0-5]\\d$' }) }, { additionalProperties: false }), { minItems: 1, maxItems: 4 }),
  default: [{ from: '08:30', to: '12:00' }, { from: '14:30', to: '18:00' }],
});

defineErrors({
  calendar_date_invalid: { status: 400, zh: '日期 {date} 无效。', en: 'The date {date} is not a real date.' },
  calendar_day_not_found: { status: 404, zh: '{date} 没有手工设置。', en: 'There is no entry for {date} set by hand.' },
  deadline_needs_one: { status: 400, zh: '请给出工作日数或工作小时数之一。', en: 'Give either working days or working hours.' },
});

const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const realDate = (d: string) => { const t = new Date(`${d}T00:00:00Z`); return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d; };

/** The calendar as the rules see it (package rows and administrators' rows; an administrator's row wins). */
/**
 * The calendar is read on every deadline computation, so it is kept in memory (core/cache.ts):
 * every writer of calendar_day calls invalidate(), which NOTIFYs every process at commit.
 */
const CALENDAR_CACHE = 'calendar';
export const loadCalendar = cached(CALENDAR_CACHE, async (db): Promise<Calendar> => {
  const { rows } = await db.query(`SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM calendar_day`);
  return { holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)), workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.day)) };
});

/** Load the package's days; rows an administrator has set are never overwritten. */
export async function seedCalendar(db: Queryable): Promise<number> {
  await invalidate(db, CALENDAR_CACHE);
  const data = JSON.parse(fs.readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as { holidays: Record<string, string>; workdays: Record<string, string> };
  const days: string[] = [], kinds: string[] = [], names: string[] = [];
  for (const [kind, map] of [['holiday', data.holidays], ['workday', data.workdays]] as const) {
    for (const [day, label] of Object.entries(map)) { days.push(day); kinds.push(kind); names.push(label.split(',')[1] ?? label); }
  }
  const r = await db.query(
    `INSERT INTO calendar_day (day, kind, name, source) SELECT d::date, k, n, 'chinese-days' FROM unnest($1::text[], $2::text[], $3::text[]) AS t(d, k, n)
     ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name WHERE calendar_day.source = 'chinese-days'`,
    [days, kinds, names],
  );
  await invalidate(db, CALENDAR_CACHE); // again, after the write (called on the pool as well as in transactions)
  return r.rowCount ?? 0;
}

const CalendarDay = named('CalendarDay', Type.Object({
  day: Type.String({ description: 'YYYY-MM-DD' }), kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]), name: Type.String(),
  source: Type.Union([Type.Literal('chinese-days'), Type.Literal('admin')]),
}));
const OfficeHours = named('OfficeHours', Type.Array(Type.Object({ from: Type.String({ description: 'HH:mm' }), to: Type.String({ description: 'HH:mm' }) })));

const policy = definePolicy('calendar', { read: 'authenticated', write: ['admin'] });

export const calendarModule: Module = {
  name: 'calendar',
  title: '工作日历 Working calendar: public holidays and make-up working days',
  migrations: [{
    id: '0160_calendar',
    sql: `CREATE TABLE calendar_day (
  day date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday','workday')),
  name text NOT NULL,
  source text NOT NULL CHECK (source IN ('chinese-days','admin')),
  updated_at timestamptz NOT NULL DEFAULT now()
);`,
  }, {
    id: '0161_calendar_version',
    sql: `CREATE TABLE calendar_version (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  token text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text),
  version bigint NOT NULL DEFAULT 1
);
INSERT INTO calendar_version DEFAULT VALUES;
CREATE FUNCTION calendar_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE calendar_version SET version = version + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER calendar_day_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_day FOR EACH STATEMENT EXECUTE FUNCTION calendar_version_bump();`,
  }],
  policy,
  reference: async ({ db }) => { await seedCalendar(db); },
  routes: [
    route({
      method: 'GET', url: '/api/calendar', action: policy.read,
      summary: 'The holidays and make-up working days of a year',
      query: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
      response: { 200: Type.Object({ year: Type.Integer(), items: Type.Array(ref(CalendarDay)), officeHours: ref(OfficeHours) }) },
      async handler({ query, db }) {
        const { rows } = await db.query(
          `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name, source FROM calendar_day WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1) ORDER BY day`,
          [query.year],
        );
        return { year: query.year, items: rows, officeHours: await officeHours(db) };
      },
    }),
    route({
      method: 'PUT', url: '/api/calendar/:date', action: policy.write,
      summary: 'Set a day as a holiday or a make-up working day (e.g. next year\'s notice, or a local holiday)',
      params: Type.Object({ date: DateStr }),
      body: Type.Object({ kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]), name: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
      response: { 200: ref(CalendarDay) },
      async handler(ctx) {
        if (!realDate(ctx.params.date)) throw new AppError('calendar_date_invalid', { date: ctx.params.date });
        await ctx.command({ action: 'calendar.set', targetType: 'calendar_day', targetId: ctx.params.date, detail: { ...ctx.body } }, async (tx) =>
          (await invalidate(tx, CALENDAR_CACHE), tx.query(`INSERT INTO calendar_day (day, kind, name, source) VALUES ($1, $2, $3, 'admin') ON CONFLICT (day) DO UPDATE SET kind = $2, name = $3, source = 'admin', updated_at = now()`, [ctx.params.date, ctx.body.kind, ctx.body.name])));
        return { day: ctx.params.date, ...ctx.body, source: 'admin' };
      },
    }),
    route({
      method: 'DELETE', url: '/api/calendar/:date', action: policy.write,
      summary: 'Remove a day set by hand (the package\'s entry, if any, returns at the next start)',
      params: Type.Object({ date: DateStr }),
      response: { 200: ref(Ok) },
      async handler(ctx) {
        await ctx.command({ action: 'calendar.unset', targetType: 'calendar_day', targetId: ctx.params.date }, async (tx) => {
          await invalidate(tx, CALENDAR_CACHE);
          const r = await tx.query(`DELETE FROM calendar_day WHERE day = $1 AND source = 'admin'`, [ctx.params.date]);
          if (!r.rowCount) throw new AppError('calendar_day_not_found', { date: ctx.params.date }); // rolls back: no audit of a no-op
        });
        await seedCalendar(ctx.db);
        return { ok: true };
      },
    }),
    route({
      method: 'GET', url: '/api/calendar/deadline', action: policy.read,
      summary: 'A deadline on the working calendar: n working days (end of day) or h working hours (office hours) after an instant',
      query: Type.Object({ from: Type.String({ format: 'date-time' }), workingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })), workingHours: Type.Optional(Type.Number({ minimum: 0, maximum: 2000 })) }),
      response: { 200: Type.Object({ from: Instant, due: Instant, fromIsWorkingDay: Type.Boolean() }) },
      async handler({ query, db }) {
        if ((query.workingDays === undefined) === (query.workingHours === undefined)) throw new AppError('deadline_needs_one');
        const cal = await loadCalendar(db);
        const from = new Date(query.from);
        const due = query.workingDays !== undefined ? addWorkingDays(cal, from, query.workingDays) : addWorkingHours(cal, from, query.workingHours!, await officeHours(db));
        return { from: from.toISOString(), due: due.toISOString(), fromIsWorkingDay: isWorkingDay(cal, chinaDate(from)) };
      },
    }),
  ],
};
