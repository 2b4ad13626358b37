/**
 * Residents from a spreadsheet (the template's columns). Every row is checked first and the
 * report names each bad cell by row and column; writing takes only the good rows, in one
 * transaction, and matches people by ID number so a re-import never duplicates anyone.
 */
import type pg from 'pg';
import { pathInScope, scopeSql } from '../../core/access/policy.js';
import type { Cell } from '../../core/files/sheet.js';
import { AppError, messageFor, type Lang } from '../../core/http/errors.js';
import { blindIndex } from '../../core/privacy/cipher.js';
import type { Keys } from '../../core/privacy/keys.js';
import { parseIdNumber, parseMobile } from '../../core/privacy/validate.js';
import { careGroupFromText, CARE_GROUP_NAMES, type CareGroup } from './care.js';
import { sealId, sealPhone, type Relation } from './residents.js';

export const MAX_IMPORT_ROWS = 100_000;

export const COLUMNS = [
  { key: 'name', header: '姓名', required: true, width: 10, example: '张三' },
  { key: 'idNumber', header: '身份证号', required: true, width: 22, example: '460100198001011238' },
  { key: 'phone', header: '手机号', required: false, width: 14, example: '13800138000' },
  { key: 'gridCode', header: '网格编码', required: true, width: 18, example: '460107002001001' },
  { key: 'compound', header: '小区', required: false, width: 14, example: '文庄路20号小区' },
  { key: 'building', header: '楼栋', required: false, width: 8, example: '1栋' },
  { key: 'unit', header: '单元', required: false, width: 8, example: '1单元' },
  { key: 'room', header: '房号', required: false, width: 8, example: '101' },
  { key: 'address', header: '地址', required: false, width: 20, example: '' },
  { key: 'relation', header: '身份', required: true, width: 10, example: '业主' },
  { key: 'movedIn', header: '入住日期', required: true, width: 12, example: '2015-06-01' },
  { key: 'partyMember', header: '党员', required: false, width: 6, example: '否' },
  { key: 'careGroups', header: '关爱类别', required: false, width: 24, example: '' },
] as const;
type Key = (typeof COLUMNS)[number]['key'];

export const TEMPLATE_NOTES: [string, string][] = [
  ['姓名、身份证号、网格编码、身份、入住日期', '必填'],
  ['身份证号', '18 位，末位可为 X；请将该列设为“文本”格式，否则 Excel 会把末尾数字改成 0'],
  ['手机号', '11 位大陆手机号，可空'],
  ['网格编码', '15 位：社区代码 + 3 位网格编号，须为基础网格'],
  ['小区、楼栋、单元、房号', '填写则按房屋建户（不存在的小区、楼栋、单元、房屋会自动建立）；不填则须填写地址'],
  ['身份', '业主、租户 或 家庭成员'],
  ['入住日期', 'YYYY-MM-DD，不晚于今天，不早于出生日期'],
  ['党员', '是 / 否'],
  ['关爱类别', `多个用顿号分隔：${Object.values(CARE_GROUP_NAMES).map((n) => n.zh).join('、')}`],
  ['重复导入', '按身份证号识别同一居民，不会重复登记'],
];

const RELATIONS: Record<string, Relation> = { '业主': 'owner', owner: 'owner', '租户': 'tenant', tenant: 'tenant', '家庭成员': 'member', '成员': 'member', member: 'member', '户主': 'owner' };

export interface CellIssue { column: string; code: string; message: string; }
export interface RowReport { row: number; name: string; status: 'new' | 'update' | 'error'; errors: CellIssue[]; }
export interface ImportReport { rows: number; valid: number; invalid: number; new: number; update: number; written: boolean; report: RowReport[]; }

interface GoodRow {
  row: number; name: string; idNumber: string; gender: 'male' | 'female'; birthDate: string; phone: string | null;
  gridCode: string; gridPath: string; communityCode: string; householdKey: string;
  compound: string; building: string; unit: string; room: string; address: string;
  relation: Relation; movedIn: string; partyMember: boolean; careGroups: CareGroup[]; existingId: number | null; existingHousehold: number | null;
}

const today = () => new Date().toISOString().slice(0, 10);

function parseDate(c: Cell): string | null {
  if (c.kind === 'date') return c.text;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(c.text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Map header cells to columns; a problem throws import_header_invalid naming it. */
function mapHeader(header: Cell[], lang: Lang): Map<number, Key> {
  const map = new Map<number, Key>();
  const problem = (zh: string, en: string) => { throw new AppError('import_header_invalid', { problem: lang === 'en' ? en : zh }); };
  header.forEach((c, i) => {
    const t = c.text.replace(/\s|\*/g, '');
    if (!t) {
      if (header.slice(i + 1).some((x) => x.text)) problem(`第 ${i + 1} 列表头为空（是否合并了表头单元格？）`, `the header of column ${i + 1} is empty (merged header cells?)`);
      return;
    }
    const col = COLUMNS.find((k) => k.header === t || k.key.toLowerCase() === t.toLowerCase());
    if (!col) problem(`第 ${i + 1} 列“${t}”不是模板中的列`, `column ${i + 1} "${t}" is not a template column`);
    if ([...map.values()].includes(col!.key)) problem(`“${t}”列出现了两次`, `the column "${t}" appears twice`);
    map.set(i, col!.key);
  });
  for (const col of COLUMNS) if (col.required && ![...map.values()].includes(col.key)) problem(`缺少必填列“${col.header}”`, `the required column "${col.header}" is missing`);
  return map;
}

/** `onProgress(done, total)`: rows checked so far, every 2,000 rows (the event loop breathes between them). */
export async function checkRows(tx: pg.PoolClient, keys: Keys, table: Cell[][], scope: string[], lang: Lang, onProgress?: (done: number, total: number) => void): Promise<{ report: RowReport[]; good: GoodRow[] }> {
  if (!table.length) throw new AppError('import_empty');
  const header = mapHeader(table[0], lang);
  const dataRows = table.slice(1).map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c && c.text));
  if (!dataRows.length) throw new AppError('import_empty');
  if (dataRows.length > MAX_IMPORT_ROWS) throw new AppError('import_too_many_rows', { max: MAX_IMPORT_ROWS });

  const get = (cells: Cell[], key: Key): Cell => {
    for (const [i, k] of header) if (k === key) return cells[i] ?? { text: '', kind: 'empty' };
    return { text: '', kind: 'empty' };
  };
  // look-ups in bulk: grids in scope, people already registered
  const gridCodes = [...new Set(dataRows.map((r) => get(r.cells, 'gridCode').text))].filter((c) => /^\d{15}$/.test(c));
  const gp: unknown[] = [gridCodes];
  const grids = new Map<string, { path: string; kind: string; community: string }>(
    (await tx.query(`SELECT code, path, kind, community_code FROM grid WHERE code = ANY($1::text[]) AND ${scopeSql(scope, 'path', gp)}`, gp)).rows.map((g) => [g.code, { path: g.path, kind: g.kind, community: g.community_code }]),
  );
  const ids = dataRows.map((r) => parseIdNumber(get(r.cells, 'idNumber').text));
  const hashes = ids.map((i) => ('problem' in i ? null : blindIndex(keys, 'id', i.idNumber)));
  const existing = new Map<string, { id: number; path: string; household_id: number | null }>(
    (await tx.query(`SELECT id, id_hash, path, household_id FROM resident WHERE id_hash = ANY($1::text[]) AND deceased_on IS NULL`, [hashes.filter(Boolean)])).rows.map((r) => [r.id_hash, r]),
  );

  const report: RowReport[] = [];
  const good: GoodRow[] = [];
  const firstRowOfId = new Map<string, number>();
  const L = (code: string, params: Record<string, string | number> = {}) => messageFor(code, lang, params);
  const checkOne = ({ row, cells }: (typeof dataRows)[number], idx: number) => {
    const errors: CellIssue[] = [];
    const err = (key: Key, code: string, params?: Record<string, string | number>) => errors.push({ column: COLUMNS.find((c) => c.key === key)!.header, code, message: L(code, params) });
    const v = (key: Key) => get(cells, key).text;
    for (const col of COLUMNS) if (col.required && !v(col.key)) err(col.key, 'cell_required');
    const name = v('name');
    if (name.length > 50) err('name', 'cell_invalid', { value: name.slice(0, 20) });
    const idCell = get(cells, 'idNumber');
    const id = ids[idx];
    if (idCell.text) {
      if (idCell.kind === 'number') err('idNumber', 'id_not_text');
      else if ('problem' in id) err('idNumber', id.problem);
    }
    let phone: string | null = null;
    if (v('phone')) { phone = parseMobile(v('phone')); if (!phone) err('phone', 'phone_invalid'); }
    const grid = grids.get(v('gridCode'));
    if (v('gridCode')) {
      if (!grid) err('gridCode', 'grid_unknown', { code: v('gridCode') });
      else if (grid.kind !== 'basic') err('gridCode', 'grid_not_basic', { code: v('gridCode') });
    }
    const relation = RELATIONS[v('relation').toLowerCase()];
    if (v('relation') && !relation) err('relation', 'cell_invalid', { value: v('relation') });
    const movedIn = v('movedIn') ? parseDate(get(cells, 'movedIn')) : null;
    if (v('movedIn') && !movedIn) err('movedIn', 'cell_invalid', { value: v('movedIn') });
    if (movedIn && movedIn > today()) err('movedIn', 'moved_in_in_future');
    if (movedIn && !('problem' in id) && movedIn < id.birthDate) err('movedIn', 'moved_in_before_birth');
    const pm = v('partyMember');
    const partyMember = ['是', 'y', 'yes', 'true', '1', '党员'].includes(pm.toLowerCase()) ? true : ['', '否', 'n', 'no', 'false', '0'].includes(pm.toLowerCase()) ? false : null;
    if (partyMember === null) err('partyMember', 'cell_invalid', { value: pm });
    const careGroups: CareGroup[] = [];
    for (const part of v('careGroups').split(/[、,，;；/]/).map((s) => s.trim()).filter(Boolean)) {
      const g = careGroupFromText(part);
      if (g) careGroups.push(g); else err('careGroups', 'care_group_unknown', { group: part });
    }
    const [compound, building, unitRaw, room, address] = [v('compound'), v('building'), v('unit'), v('room'), v('address')];
    const unit = /^\d+$/.test(unitRaw) ? `${unitRaw}单元` : unitRaw;
    if (compound && (!building || !room)) err(!building ? 'building' : 'room', 'cell_required');
    if (!compound && !address) err('address', 'cell_required');
    let existingId: number | null = null, existingHousehold: number | null = null;
    const hash = hashes[idx];
    if (hash) {
      const first = firstRowOfId.get(hash);
      if (first) err('idNumber', 'row_duplicate_in_file', { row: first });
      else firstRowOfId.set(hash, row);
      const ex = existing.get(hash);
      if (ex) {
        if (!pathInScope(scope, ex.path)) err('idNumber', 'resident_duplicate_elsewhere');
        existingId = ex.id; existingHousehold = ex.household_id;
      }
    }
    if (errors.length || 'problem' in id || !grid || !relation || !movedIn || partyMember === null) {
      report.push({ row, name, status: 'error', errors });
      return;
    }
    const householdKey = compound ? `${v('gridCode')}|d|${compound}|${building}|${unit || '1单元'}|${room}` : `${v('gridCode')}|a|${address}`;
    good.push({ row, name, idNumber: id.idNumber, gender: id.gender, birthDate: id.birthDate, phone, gridCode: v('gridCode'), gridPath: grid.path, communityCode: grid.community, householdKey, compound, building, unit: unit || '1单元', room, address, relation, movedIn, partyMember, careGroups, existingId, existingHousehold });
    report.push({ row, name, status: existingId ? 'update' : 'new', errors: [] });
  };
  for (let i = 0; i < dataRows.length; i += 2000) {
    dataRows.slice(i, i + 2000).forEach((r, j) => checkOne(r, i + j));
    if (onProgress) {
      onProgress(Math.min(i + 2000, dataRows.length), dataRows.length);
      await new Promise((r) => setImmediate(r));
    }
  }
  return { report, good };
}

const chunks = <T>(a: T[], n: number) => Array.from({ length: Math.ceil(a.length / n) }, (_, i) => a.slice(i * n, i * n + n));

/** Find or create places and households for the good rows, in bulk; returns householdKey → household id. */
async function households(tx: pg.PoolClient, rows: GoodRow[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const withDwelling = rows.filter((r) => r.compound);
  const communityPath = (gridPath: string) => gridPath.replace(/[^/]+\/$/, '');
  // compounds
  const cKeys = [...new Map(withDwelling.map((r) => [`${r.communityCode}|${r.compound}`, r])).values()];
  if (cKeys.length) {
    await tx.query(`INSERT INTO compound (community_code, path, name) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (community_code, name) DO NOTHING`,
      [cKeys.map((r) => r.communityCode), cKeys.map((r) => communityPath(r.gridPath)), cKeys.map((r) => r.compound)]);
  }
  const compounds = new Map((await tx.query(`SELECT id, community_code || '|' || name AS k FROM compound WHERE community_code || '|' || name = ANY($1::text[])`, [cKeys.map((r) => `${r.communityCode}|${r.compound}`)])).rows.map((r) => [r.k, r.id]));
  const bRows = [...new Map(withDwelling.map((r) => [`${compounds.get(`${r.communityCode}|${r.compound}`)}|${r.building}`, r])).entries()];
  if (bRows.length) await tx.query(`INSERT INTO building (compound_id, name) SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING`, [bRows.map(([k]) => Number(k.split('|')[0])), bRows.map(([, r]) => r.building)]);
  const buildings = new Map((await tx.query(`SELECT id, compound_id || '|' || name AS k FROM building WHERE compound_id = ANY($1::bigint[])`, [[...compounds.values()]])).rows.map((r) => [r.k, r.id]));
  const bId = (r: GoodRow) => buildings.get(`${compounds.get(`${r.communityCode}|${r.compound}`)}|${r.building}`);
  const uRows = [...new Map(withDwelling.map((r) => [`${bId(r)}|${r.unit}`, r])).keys()];
  if (uRows.length) await tx.query(`INSERT INTO building_unit (building_id, name) SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING`, [uRows.map((k) => Number(k.split('|')[0])), uRows.map((k) => k.slice(k.indexOf('|') + 1))]);
  const units = new Map((await tx.query(`SELECT id, building_id || '|' || name AS k FROM building_unit WHERE building_id = ANY($1::bigint[])`, [[...buildings.values()]])).rows.map((r) => [r.k, r.id]));
  const uId = (r: GoodRow) => units.get(`${bId(r)}|${r.unit}`);
  const dRows = [...new Map(withDwelling.map((r) => [`${uId(r)}|${r.room}`, r])).keys()];
  for (const part of chunks(dRows, 5000)) await tx.query(`INSERT INTO dwelling (unit_id, room) SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING`, [part.map((k) => Number(k.split('|')[0])), part.map((k) => k.slice(k.indexOf('|') + 1))]);
  const dwellings = new Map((await tx.query(`SELECT id, unit_id || '|' || room AS k FROM dwelling WHERE unit_id = ANY($1::bigint[])`, [[...units.values()]])).rows.map((r) => [r.k, r.id]));
  // households: one per dwelling, or per (grid, address)
  const byDwelling = [...new Map(withDwelling.map((r) => [dwellings.get(`${uId(r)}|${r.room}`) as number, r])).entries()];
  for (const part of chunks(byDwelling, 5000)) {
    await tx.query(`INSERT INTO household (grid_code, path, dwelling_id) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) ON CONFLICT (dwelling_id) WHERE dwelling_id IS NOT NULL DO NOTHING`,
      [part.map(([, r]) => r.gridCode), part.map(([, r]) => r.gridPath), part.map(([d]) => d)]);
  }
  const hByDwelling = new Map((await tx.query(`SELECT id, dwelling_id FROM household WHERE dwelling_id = ANY($1::bigint[])`, [byDwelling.map(([d]) => d)])).rows.map((r) => [r.dwelling_id, r.id]));
  for (const r of withDwelling) out.set(r.householdKey, hByDwelling.get(dwellings.get(`${uId(r)}|${r.room}`))!);
  for (const r of rows.filter((x) => !x.compound)) {
    if (out.has(r.householdKey)) continue;
    const found = await tx.query(`SELECT id FROM household WHERE grid_code = $1 AND address = $2 AND dwelling_id IS NULL ORDER BY id LIMIT 1`, [r.gridCode, r.address]);
    out.set(r.householdKey, found.rows[0]?.id ?? (await tx.query(`INSERT INTO household (grid_code, path, address) VALUES ($1, $2, $3) RETURNING id`, [r.gridCode, r.gridPath, r.address])).rows[0].id);
  }
  return out;
}

/** Write the good rows; `onProgress(done, total)` is called between batches (rows written so far). */
export async function writeRows(tx: pg.PoolClient, keys: Keys, rows: GoodRow[], actorId: number | null, onProgress?: (done: number, total: number) => void): Promise<void> {
  const hh = await households(tx, rows);
  const fresh = rows.filter((r) => !r.existingId);
  let written = 0;
  onProgress?.(0, rows.length);
  for (const part of chunks(fresh, 2000)) {
    const ids = (await tx.query(`SELECT nextval('resident_id_seq')::bigint AS id FROM generate_series(1, $1)`, [part.length])).rows.map((r) => r.id as number);
    part.forEach((r, i) => (r.existingId = ids[i]));
    const sid = part.map((r) => sealId(keys, r.idNumber));
    const sph = part.map((r) => (r.phone ? sealPhone(keys, r.phone) : null));
    await tx.query(
      `INSERT INTO resident (id, path, household_id, name, gender, birth_date, id_enc, id_hash, id_masked, phone_enc, phone_hash, phone_masked, party_member)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::bool[])`,
      [ids, part.map((r) => r.gridPath), part.map((r) => hh.get(r.householdKey)), part.map((r) => r.name), part.map((r) => r.gender), part.map((r) => r.birthDate),
        sid.map((s) => s.enc), sid.map((s) => s.hash), sid.map((s) => s.masked), sph.map((s) => s?.enc ?? null), sph.map((s) => s?.hash ?? null), sph.map((s) => s?.masked ?? null), part.map((r) => r.partyMember)],
    );
    await tx.query(`INSERT INTO household_member (household_id, resident_id, relation, moved_in) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::date[])`,
      [part.map((r) => hh.get(r.householdKey)), ids, part.map((r) => r.relation), part.map((r) => r.movedIn)]);
    onProgress?.((written += part.length), rows.length);
  }
  // people already registered: update contact and flags; a new household is a move
  const freshSet = new Set(fresh);
  for (const r of rows.filter((x) => !freshSet.has(x))) {
    const s = r.phone ? sealPhone(keys, r.phone) : null;
    await tx.query(`UPDATE resident SET name = $2, party_member = $3, phone_enc = COALESCE($4, phone_enc), phone_hash = COALESCE($5, phone_hash), phone_masked = COALESCE($6, phone_masked), version = version + 1, updated_at = now() WHERE id = $1`,
      [r.existingId, r.name, r.partyMember, s?.enc ?? null, s?.hash ?? null, s?.masked ?? null]);
    const target = hh.get(r.householdKey)!;
    if (r.existingHousehold !== target) {
      await tx.query(`UPDATE household_member SET moved_out = GREATEST($2::date, moved_in) WHERE resident_id = $1 AND moved_out IS NULL`, [r.existingId, r.movedIn]);
      await tx.query(`INSERT INTO household_member (household_id, resident_id, relation, moved_in) VALUES ($1, $2, $3, $4)`, [target, r.existingId, r.relation, r.movedIn]);
      await tx.query(`UPDATE resident SET household_id = $2, path = $3 WHERE id = $1`, [r.existingId, target, r.gridPath]);
    }
    if (++written % 500 === 0) onProgress?.(written, rows.length);
  }
  onProgress?.(written, rows.length);
  const cg = rows.flatMap((r) => r.careGroups.map((g) => [r.existingId!, g] as const));
  for (const part of chunks(cg, 5000)) {
    await tx.query(
      `INSERT INTO resident_care_group (resident_id, care_group, set_by) SELECT r, g, $3 FROM unnest($1::bigint[], $2::text[]) AS t(r, g)
       ON CONFLICT (resident_id, care_group) WHERE ended_on IS NULL DO NOTHING`,
      [part.map((x) => x[0]), part.map((x) => x[1]), actorId],
    );
  }
}

export function summarise(report: RowReport[], written: boolean): ImportReport {
  return {
    rows: report.length, valid: report.filter((r) => r.status !== 'error').length, invalid: report.filter((r) => r.status === 'error').length,
    new: report.filter((r) => r.status === 'new').length, update: report.filter((r) => r.status === 'update').length, written, report,
  };
}
