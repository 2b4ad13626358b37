/**
 * The units a party organisation can attach to, as a registry that modules fill. Party knows the
 * region tree's units (street, community), grids and free-text units (a named area or lane, a
 * resident unit, a project); every other kind is registered by the module that owns it — property
 * registers owners' committees, companies and outlets, people registers buildings — so party names
 * none of their tables. A kind's label is translated (zh-CN / en); names are composed in code, not
 * in SQL.
 */
import type { Queryable } from '../../core/db/pool.js';
import type { Lang } from '../../core/http/errors.js';

export interface UnitInfo { name: string; path: string | null; }
/** A unit of a body kind, listed for the coverage checklist. */
export interface ListedUnit { ref: string; name: string; path: string; regionCode: string; }

export interface UnitKindDef {
  kind: string;
  label: { zh: string; en: string };
  /** Names and region paths of the units that exist, by ref (a ref that does not exist is left out). */
  resolve(db: Queryable, refs: string[], lang: Lang): Promise<Map<string, UnitInfo>>;
  /** For bodies (owners' committees, companies, outlets): every unit of the kind inside a region path. */
  list?(db: Queryable, regionPath: string, lang: Lang): Promise<ListedUnit[]>;
}

const kinds = new Map<string, UnitKindDef>();

/** Register a kind of unit (a module does this when it loads); registering a kind again replaces it. */
export function registerUnitKind(def: UnitKindDef): void {
  kinds.set(def.kind, def);
}

export function unitKind(kind: string): UnitKindDef | undefined {
  return kinds.get(kind);
}

export const labelOf = (label: { zh: string; en: string }, lang: Lang) => (lang === 'en' ? label.en : label.zh);

/** A numeric id ref (property and people units are referenced by id). */
export const isIdRef = (ref: string) => /^\d{1,15}$/.test(ref);

/** Rows `{ ref, name, path }` → the map resolve() returns. */
export const byRef = (rows: { ref: string; name: string; path: string | null }[]) => new Map(rows.map((r) => [String(r.ref), { name: r.name, path: r.path }]));

// ---- party's own kinds: the region tree, grids, free-text units ----

for (const level of ['street', 'community'] as const) {
  registerUnitKind({
    kind: level,
    label: level === 'street' ? { zh: '街道', en: 'Street' } : { zh: '社区', en: 'Community' },
    async resolve(db, refs) {
      const { rows } = await db.query(`SELECT code AS ref, name, path FROM region WHERE code = ANY($1::text[]) AND level = $2`, [refs, level]);
      return byRef(rows);
    },
  });
}

registerUnitKind({
  kind: 'grid',
  label: { zh: '网格', en: 'Grid' },
  async resolve(db, refs) {
    const { rows } = await db.query(`SELECT code AS ref, name, path FROM grid WHERE code = ANY($1::text[])`, [refs]);
    return byRef(rows);
  },
});

for (const [kind, label] of [['area', { zh: '片区/巷道', en: 'Area or lane' }], ['resident_unit', { zh: '驻区单位', en: 'Resident unit' }], ['project', { zh: '项目', en: 'Project' }]] as const) {
  registerUnitKind({
    kind, label,
    // a named unit: its name is its ref, and it has no place in the region tree
    async resolve(_db, refs) { return new Map(refs.filter((r) => r.trim()).map((r) => [r, { name: r, path: null }])); },
  });
}
