/** The category tree in the database: seeded from the catalogue, edited by administrators. */
import { cached, invalidate } from '../../core/cache.js';
import type { Queryable } from '../../core/db/pool.js';
import { AppError } from '../../core/http/errors.js';
import { CATEGORY_SEED, DEPARTMENTS, withDefaults, type Level, type LimitUnit, type Priority } from './catalogue.js';

export interface Category {
  code: string; parent: string | null; name: string; nameEn: string; level: Level;
  departmentKind: string | null; departmentName: string | null; departmentMatter: boolean; priority: Priority;
  responseHours: number; resolveValue: number; resolveUnit: LimitUnit; registration: string | null; closing: string | null;
  escalateOverdue: boolean; active: boolean; leaf: boolean;
  /** never shown to outside clients (Open311), like every 举报 */
  sensitive: boolean;
}

const COLS = `c.code, c.parent_code, c.name, c.name_en, c.level, c.department_kind, c.department_matter, c.priority, c.response_hours::float8 AS response_hours,
  c.resolve_value, c.resolve_unit, c.registration, c.closing, c.escalate_overdue, c.active, c.sensitive,
  NOT EXISTS (SELECT 1 FROM case_category k WHERE k.parent_code = c.code) AS leaf`;

export function toCategory(r: any): Category {
  return {
    code: r.code, parent: r.parent_code, name: r.name, nameEn: r.name_en, level: r.level,
    departmentKind: r.department_kind, departmentName: r.department_kind ? DEPARTMENTS[r.department_kind]?.zh ?? r.department_kind : null,
    departmentMatter: r.department_matter, priority: r.priority, responseHours: Number(r.response_hours),
    resolveValue: r.resolve_value, resolveUnit: r.resolve_unit, registration: r.registration, closing: r.closing,
    escalateOverdue: r.escalate_overdue, active: r.active, leaf: r.leaf, sensitive: r.sensitive,
  };
}

/** Seed rows are refreshed from the catalogue until an administrator edits them. */
export async function seedCategories(db: Queryable): Promise<void> {
  await invalidate(db, CATEGORY_CACHE);
  for (const seed of CATEGORY_SEED) {
    const c = withDefaults(seed);
    await db.query(
      `INSERT INTO case_category (code, parent_code, name, name_en, level, department_kind, department_matter, priority, response_hours, resolve_value, resolve_unit, registration, closing)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
       ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, name = EXCLUDED.name, name_en = EXCLUDED.name_en, level = EXCLUDED.level,
         department_kind = EXCLUDED.department_kind, department_matter = EXCLUDED.department_matter, priority = EXCLUDED.priority,
         response_hours = EXCLUDED.response_hours, resolve_value = EXCLUDED.resolve_value, resolve_unit = EXCLUDED.resolve_unit,
         registration = EXCLUDED.registration, closing = EXCLUDED.closing
       WHERE case_category.source = 'seed'`,
      [c.code, c.parent, c.name, c.nameEn, c.level, c.department, c.departmentMatter, c.priority, c.responseHours, c.resolve.value, c.resolve.unit, c.registration, c.closing],
    );
  }
  await invalidate(db, CATEGORY_CACHE); // again: the upserts above committed one by one (no caller transaction)
}

export async function listCategories(db: Queryable): Promise<Category[]> {
  const { rows } = await db.query(`SELECT ${COLS} FROM case_category c ORDER BY c.code`);
  return rows.map(toCategory);
}

export async function getCategory(db: Queryable, code: string): Promise<Category | null> {
  const { rows } = await db.query(`SELECT ${COLS} FROM case_category c WHERE c.code = $1`, [code]);
  return rows[0] ? toCategory(rows[0]) : null;
}

/** Every category by code, in memory until a writer (or NOTIFY from another process) says it changed. */
export const CATEGORY_CACHE = 'cases.categories';
const categoryMap = cached(CATEGORY_CACHE, async (q) => new Map((await listCategories(q)).map((c) => [c.code, c])));

/** The category a new case takes: an active leaf. */
export async function leafCategory(db: Queryable, code: string | undefined | null): Promise<Category> {
  if (!code) throw new AppError('case_category_required');
  const c = (await categoryMap(db)).get(code);
  if (!c || !c.active || !c.leaf) throw new AppError('case_category_unknown', { code });
  return c;
}

export interface CategoryInput {
  code?: string; parent?: string | null; name?: string; nameEn?: string; level?: Level; departmentKind?: string | null; departmentMatter?: boolean;
  priority?: Priority; responseHours?: number; resolveValue?: number; resolveUnit?: LimitUnit; registration?: string | null; closing?: string | null;
  escalateOverdue?: boolean; active?: boolean; sensitive?: boolean;
}

async function checkParent(db: Queryable, code: string, parent: string | null | undefined) {
  if (!parent) return;
  if (parent === code) throw new AppError('case_category_parent', { code: parent });
  const { rows } = await db.query(
    `WITH RECURSIVE up AS (SELECT code, parent_code FROM case_category WHERE code = $1 UNION SELECT c.code, c.parent_code FROM case_category c JOIN up ON c.code = up.parent_code)
     SELECT array_agg(code) AS chain FROM up`, [parent]);
  const chain: string[] | null = rows[0]?.chain;
  if (!chain || chain.includes(code)) throw new AppError('case_category_parent', { code: parent });
}

function checkDepartment(input: CategoryInput) {
  if (input.departmentKind && !DEPARTMENTS[input.departmentKind]) throw new AppError('validation_failed', {}, [{ field: 'departmentKind', message: `unknown department kind ${input.departmentKind}` }]);
  if (input.departmentMatter && !input.departmentKind) throw new AppError('validation_failed', {}, [{ field: 'departmentMatter', message: 'a department matter names its department' }]);
}

export async function createCategory(tx: Queryable, input: Required<Pick<CategoryInput, 'code' | 'name' | 'nameEn'>> & CategoryInput): Promise<Category> {
  await invalidate(tx, CATEGORY_CACHE);
  if (await getCategory(tx, input.code)) throw new AppError('case_category_exists', { code: input.code });
  await checkParent(tx, input.code, input.parent);
  checkDepartment(input);
  await tx.query(
    `INSERT INTO case_category (code, parent_code, name, name_en, level, department_kind, department_matter, priority, response_hours, resolve_value, resolve_unit, registration, closing, escalate_overdue, active, sensitive, source)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,'admin')`,
    [input.code, input.parent ?? null, input.name, input.nameEn, input.level ?? 'community', input.departmentKind ?? null, input.departmentMatter ?? false,
      input.priority ?? 'normal', input.responseHours ?? 8, input.resolveValue ?? 7, input.resolveUnit ?? 'working_days', input.registration ?? null, input.closing ?? null,
      input.escalateOverdue ?? true, input.active ?? true, input.sensitive ?? false],
  );
  return (await getCategory(tx, input.code))!;
}

export async function updateCategory(tx: Queryable, code: string, input: CategoryInput): Promise<Category> {
  await invalidate(tx, CATEGORY_CACHE);
  const cur = await getCategory(tx, code);
  if (!cur) throw new AppError('case_category_not_found', { code });
  if (input.parent !== undefined) await checkParent(tx, code, input.parent);
  const merged = { ...cur, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as Category & CategoryInput;
  checkDepartment(merged);
  await tx.query(
    `UPDATE case_category SET parent_code = $2, name = $3, name_en = $4, level = $5, department_kind = $6, department_matter = $7, priority = $8,
       response_hours = $9, resolve_value = $10, resolve_unit = $11, registration = $12, closing = $13, escalate_overdue = $14, active = $15, sensitive = $16,
       source = 'admin', updated_at = now() WHERE code = $1`,
    [code, merged.parent ?? null, merged.name, merged.nameEn, merged.level, merged.departmentKind ?? null, merged.departmentMatter, merged.priority,
      merged.responseHours, merged.resolveValue, merged.resolveUnit, merged.registration ?? null, merged.closing ?? null, merged.escalateOverdue, merged.active, merged.sensitive],
  );
  return (await getCategory(tx, code))!;
}
