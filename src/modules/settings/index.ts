/**
 * What varies by city or year is configuration, not code: each setting has a default
 * declared by its module, a schema, and an administrator may change it (audited).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { definePolicy } from '../../core/access/policy.js';
import { cached, invalidate } from '../../core/cache.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError, defineErrors } from '../../core/http/errors.js';
import { route, type Module } from '../../core/http/module.js';
import { named, ref } from '../../core/http/schemas.js';

interface SettingDef<T = unknown> { key: string; description: string; schema: TSchema; default: T; }
const defs = new Map<string, SettingDef>();

/** Every stored setting, in memory until a change (NOTIFY, core/cache.ts). */
const SETTINGS_CACHE = 'settings';
const stored = cached(SETTINGS_CACHE, async (q) => new Map((await q.query('SELECT key, value FROM setting')).rows.map((r) => [r.key as string, r.value as unknown])));

export function defineSetting<T>(def: SettingDef<T>): (db: Queryable) => Promise<T> {
  defs.set(def.key, def as SettingDef);
  return async (db) => {
    const set = await stored(db);
    return set.has(def.key) ? (set.get(def.key) as T) : def.default;
  };
}

defineErrors({
  setting_unknown: { status: 404, zh: '没有名为 {key} 的设置项。', en: 'There is no setting {key}.' },
  setting_invalid: { status: 400, zh: '设置值不符合要求。', en: 'The value does not fit this setting.' },
});

const policy = definePolicy('settings', { read: 'authenticated', write: ['admin'] });

const Setting = named('Setting', Type.Object({
  key: Type.String(), description: Type.String(), value: Type.Unknown(), default: Type.Unknown(), schema: Type.Unknown({ description: 'JSON Schema of the value' }),
}));

export const settingsModule: Module = {
  name: 'settings',
  title: '配置 Settings: what varies by city or year',
  migrations: [{ id: '0150_settings', sql: `CREATE TABLE setting (key text PRIMARY KEY, value jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), updated_by bigint)` }],
  policy,
  routes: [
    route({
      method: 'GET', url: '/api/settings', action: policy.read,
      summary: 'Every setting with its current value and default',
      response: { 200: Type.Object({ items: Type.Array(ref(Setting)) }) },
      async handler({ db }) {
        const { rows } = await db.query('SELECT key, value FROM setting');
        const set = new Map(rows.map((r) => [r.key, r.value]));
        return { items: [...defs.values()].map((d) => ({ key: d.key, description: d.description, value: set.has(d.key) ? set.get(d.key) : d.default, default: d.default, schema: d.schema })) };
      },
    }),
    route({
      method: 'PUT', url: '/api/settings/:key', action: policy.write,
      summary: 'Change a setting (null restores the default)',
      params: Type.Object({ key: Type.String({ maxLength: 100 }) }),
      body: Type.Object({ value: Type.Any() }, { additionalProperties: false }),
      response: { 200: Type.Object({ key: Type.String(), value: Type.Unknown({ description: 'the value now (the default after null)' }) }) },
      async handler(ctx) {
        const def = defs.get(ctx.params.key);
        if (!def) throw new AppError('setting_unknown', { key: ctx.params.key });
        const value = ctx.body.value;
        if (value !== null && !Value.Check(def.schema, value)) {
          throw new AppError('setting_invalid', {}, [...Value.Errors(def.schema, value)].map((e) => ({ field: `value${e.path.replaceAll('/', '.')}`, message: e.message })));
        }
        await ctx.command({ action: 'settings.update', targetType: 'setting', targetId: def.key, detail: { value } }, async (tx) => {
          await invalidate(tx, SETTINGS_CACHE);
          if (value === null) await tx.query('DELETE FROM setting WHERE key = $1', [def.key]);
          else await tx.query(`INSERT INTO setting (key, value, updated_by) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET value = $2, updated_at = now(), updated_by = $3`, [def.key, JSON.stringify(value), ctx.me.accountId]);
        });
        return { key: def.key, value: value ?? def.default };
      },
    }),
  ],
};
