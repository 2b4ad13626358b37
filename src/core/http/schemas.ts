/** Request schemas every module uses. */
import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';

/** A row id in a path or body (ids are bigint; at most 2^53 − 1 so JavaScript holds them exactly). */
export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
/** A calendar date; the `date` format checks that it is a real one (2026-02-30 is refused with date_invalid). */
export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date', description: 'YYYY-MM-DD (China Standard Time)' });

/**
 * Response schemas shared by name. `named('RegionDetail', Type.Object(…))` gives the schema its `$id` and
 * records it; the app adds every named schema once (`app.addSchema`), so it becomes an OpenAPI component
 * (`#/components/schemas/RegionDetail`) and the generated web types (web/shared/api.gen.ts) name it instead
 * of repeating its shape. Routes point at it with `ref(RegionDetail)` — a `$ref` that keeps the TypeScript
 * type — which fast-json-stringify resolves when it compiles the route's serializer. Names are global:
 * two modules may not name two different schemas alike (the app refuses to start).
 */
const sharedSchemas = new Map<string, TSchema>();

export function named<T extends TSchema>(name: string, schema: T): T {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(name)) throw new Error(`shared schema name ${name}: PascalCase, letters and digits`);
  const withId = { ...schema, $id: name } as T;
  const before = sharedSchemas.get(name);
  if (before && JSON.stringify(before) !== JSON.stringify(withId)) throw new Error(`two shared schemas are named ${name}`);
  sharedSchemas.set(name, withId);
  return withId;
}

/** A reference to a named schema (its TypeScript type is the schema's). */
export function ref<T extends TSchema>(schema: T): TUnsafe<Static<T>> {
  if (!schema.$id || sharedSchemas.get(schema.$id) === undefined) throw new Error('ref(): the schema is not named (named(name, schema))');
  return Type.Unsafe<Static<T>>({ $ref: `${schema.$id}#` });
}

/** Every named schema, for the app to add once. */
export function namedSchemas(): TSchema[] {
  return [...sharedSchemas.values()];
}

/** One of these strings (a column with a CHECK … IN (…)): a union in the OpenAPI document and in the generated web types. */
export const Literals = <T extends string>(values: readonly T[], options?: { description?: string }) => Type.Union(values.map((v) => Type.Literal(v)), options);

/** A value or null (a nullable column). */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
/** A bigint id as node-postgres returns it (text), where a query does not cast it. */
export const IdText = Type.String({ pattern: '^\\d+$', description: 'a bigint id, as text' });
/** An instant (timestamptz), ISO 8601. */
export const Instant = Type.String({ format: 'date-time' });

/** The reply of a write that has nothing else to say. */
export const Ok = named('Ok', Type.Object({ ok: Type.Literal(true) }));

/** The OpenAPI media type of an Excel workbook (.xlsx), what the exports answer. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A download: the reply is a file of one of these media types, not JSON (a route's `response: { 200: fileReply(…) }`).
 * Fastify does not serialize a Buffer or a stream, so the schema only documents it (api.gen.ts: a string).
 */
export function fileReply(description: string, ...types: string[]): TSchema {
  return { description, content: Object.fromEntries(types.map((t) => [t, { schema: Type.String({ format: 'binary' }) }])) } as unknown as TSchema;
}
