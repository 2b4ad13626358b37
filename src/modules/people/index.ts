import { Type } from '@sinclair/typebox';
import type { Actor } from '../../core/access/policy.js';
import { readTable, SheetError, writeTable } from '../../core/files/sheet.js';
import { AppError } from '../../core/http/errors.js';
import { route, type Ctx, type Module } from '../../core/http/module.js';
import { gridWorkerScope } from '../grids/scope.js';
import { regionForScope } from '../regions/queries.js';
import { RegionCode } from '../regions/schemas.js';
import { CARE_GROUPS, CARE_GROUP_NAMES } from './care.js';
import './errors.js';
import { generateResidents } from './generate.js';
import { checkRows, COLUMNS, MAX_IMPORT_ROWS, summarise, TEMPLATE_NOTES, writeRows } from './import.js';
import { migrations } from './migrations.js';
import { compoundDetail, compoundInScope, createBuilding, createCompound, createHousehold, householdDetail, listCompounds } from './places.js';
import { policy } from './policy.js';
import { anonymiseExpired, retentionMonths, sweepRetention } from './retention.js';
import { getResident, listResidents, residentStats, type ResidentFilter } from './queries.js';
import { bindHousehold, myHousehold, recordBindFailure, unbindHousehold } from './binding.js';
import { startJob } from '../jobs/runner.js';
import { addCareGroup, createResident, endCareGroup, moveResident, recordDeath, residentInScope, revealField, setLivingAloneOverride, updateResident } from './residents.js';

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }); // bigint ids
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Relation = Type.Union([Type.Literal('owner'), Type.Literal('tenant'), Type.Literal('member')]);
const CareGroup = Type.Union(CARE_GROUPS.map((g) => Type.Literal(g)));
const Filters = {
  region: RegionCode,
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 20, description: 'Name prefix' })),
  idNumber: Type.Optional(Type.String({ minLength: 15, maxLength: 18, description: 'Exact ID number (searched by keyed hash)' })),
  phone: Type.Optional(Type.String({ minLength: 11, maxLength: 20, description: 'Exact phone' })),
  careGroup: Type.Optional(CareGroup),
  livingAlone65: Type.Optional(Type.Boolean()),
  grid: Type.Optional(Type.String({ pattern: '^[0-9]{15}$' })),
  includeGone: Type.Optional(Type.Boolean({ description: 'Include moved-out and deceased residents' })),
};

/** Scope for personal data: grid workers are narrowed to their own grids. */
const peopleScope = (ctx: Ctx<any, any, any>) => gridWorkerScope(ctx.db, ctx.actor, ctx.req.grants);

async function regionPath(ctx: Ctx<any, any, any>, code: string): Promise<string> {
  return (await regionForScope(ctx.db, code, ctx.scope, { above: true })).path;
}

const filterOf = (path: string, q: any, limit: number, offset: number): ResidentFilter => ({
  regionPath: path, q: q.q, idNumber: q.idNumber, phone: q.phone, careGroup: q.careGroup, livingAlone65: q.livingAlone65, gridCode: q.grid, includeGone: q.includeGone, limit, offset,
});

const accountId = (ctx: Ctx<any, any, any>) => (ctx.actor as Actor).accountId;

async function residentOrThrow(ctx: Ctx<any, any, any>, id: number) {
  const scope = await peopleScope(ctx);
  const r = await getResident(ctx.db, id);
  if (!r || !scope.some((s) => r.path.startsWith(s))) throw new AppError('resident_not_found', { id });
  const { path: _p, ...out } = r;
  return out;
}

async function readImportTable(buf: Buffer, filename: string) {
  try {
    return await readTable(buf, filename, MAX_IMPORT_ROWS);
  } catch (e) {
    if (e instanceof SheetError && e.message === 'too many rows') throw new AppError('import_too_many_rows', { max: MAX_IMPORT_ROWS });
    throw new AppError('import_file_unreadable');
  }
}

const EXPORT_HEADER = ['居民编号', '姓名', '性别', '出生日期', '年龄', '身份证号', '手机号', '网格', '社区', '住址', '身份', '入住日期', '党员', '独居老人（65岁及以上，按户籍单人户）', '关爱类别'];
const EXPORT_WIDTHS = [10, 10, 6, 12, 6, 22, 14, 20, 12, 28, 8, 12, 6, 16, 24];
const REL_NAMES = { owner: '业主', tenant: '租户', member: '家庭成员' } as Record<string, string>;

/** The filtered list, masked, as .xlsx rows; audited as people.export (the same for the direct download and the job). */
async function exportRows(ctx: Ctx<any, any, any>, filters: any) {
  const path = await regionPath(ctx, filters.region);
  const scope = await peopleScope(ctx);
  const { items, total } = await ctx.command({ action: 'people.export', targetType: 'region', targetId: filters.region, detail: (r: { total: number }) => ({ rows: r.total, filters: { ...filters } }) },
    (tx) => listResidents(tx, ctx.keys, filterOf(path, filters, 1_000_000, 0), scope));
  const rows = items.map((r) => [r.id, r.name, r.gender === 'male' ? '男' : '女', r.birthDate, r.age, r.idNumber, r.phone, r.household?.gridName ?? '', r.household?.communityName ?? '', r.household?.address ?? '',
    r.relation ? REL_NAMES[r.relation] : '', r.movedIn, r.partyMember ? '是' : '否', r.livingAlone65 ? '是' : '否', (r.careGroups as { group: keyof typeof CARE_GROUP_NAMES }[]).map((g) => CARE_GROUP_NAMES[g.group].zh).join('、')]);
  return { rows, total, name: `居民名单-${total}人.xlsx` };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const jobOpts = (ctx: Ctx<any, any, any>, kind: string, stages: string[]) => ({ db: ctx.db, actor: ctx.actor, lang: ctx.lang, requestId: ctx.requestId, kind, stages, log: (e: unknown) => ctx.req.log.error(e) });

export const peopleModule: Module = {
  name: 'people',
  title: '人口与房屋 Places and people: compounds, dwellings, households, the resident registry and care groups',
  migrations,
  policy,
  routes: [
    route({
      method: 'GET', url: '/api/compounds', action: policy.readPlaces,
      summary: 'Compounds (小区) in a region',
      query: Type.Object({ region: RegionCode }),
      async handler(ctx) {
        return { items: await listCompounds(ctx.db, await regionPath(ctx, ctx.query.region), ctx.scope) };
      },
    }),
    route({
      method: 'POST', url: '/api/compounds', action: policy.editPlaces,
      summary: 'Register a compound',
      body: Type.Object({
        communityCode: RegionCode, name: Type.String({ minLength: 1, maxLength: 100 }), address: Type.Optional(Type.String({ maxLength: 200 })),
        lon: Type.Optional(Type.Number({ minimum: 73, maximum: 136 })), lat: Type.Optional(Type.Number({ minimum: 3, maximum: 54 })),
        builtYear: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100 })), oldCompound: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      async handler(ctx) {
        const id = await ctx.command({ action: 'people.compound.create', targetType: 'compound', targetId: (x: number) => String(x), detail: { name: ctx.body.name } }, (tx) => createCompound(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'GET', url: '/api/compounds/:id', action: policy.readPlaces,
      summary: 'A compound\'s buildings, units and dwellings',
      params: Type.Object({ id: Id }),
      async handler(ctx) {
        await compoundInScope(ctx.db, ctx.params.id, ctx.scope);
        return { id: ctx.params.id, buildings: await compoundDetail(ctx.db, ctx.params.id) };
      },
    }),
    route({
      method: 'POST', url: '/api/compounds/:id/buildings', action: policy.editPlaces,
      summary: 'Add a building with its units and dwellings (rooms numbered floor by floor)',
      params: Type.Object({ id: Id }),
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 30 }), floors: Type.Integer({ minimum: 1, maximum: 60 }), units: Type.Integer({ minimum: 1, maximum: 20 }),
        roomsPerFloor: Type.Integer({ minimum: 1, maximum: 20 }), areaM2: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10000, description: 'Exclusive floor area of each dwelling' })),
      }, { additionalProperties: false }),
      async handler(ctx) {
        const id = await ctx.command({ action: 'people.building.create', targetType: 'compound', targetId: String(ctx.params.id), detail: { name: ctx.body.name } }, (tx) => createBuilding(tx, ctx.params.id, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'POST', url: '/api/households', action: policy.editResidents,
      summary: 'Open a household in a basic grid (optionally in a dwelling)',
      body: Type.Object({ gridCode: Type.String({ pattern: '^[0-9]{15}$' }), dwellingId: Type.Optional(Id), address: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false }),
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        const id = await ctx.command({ action: 'people.household.create', targetType: 'household', targetId: (x: number) => String(x) }, (tx) => createHousehold(tx, ctx.body, scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'GET', url: '/api/households/:id', action: policy.readResidents,
      summary: 'A household and everyone who has lived in it',
      params: Type.Object({ id: Id }),
      async handler(ctx) {
        const h = await householdDetail(ctx.db, ctx.params.id);
        const scope = await peopleScope(ctx);
        if (!h || !scope.some((s) => h.path.startsWith(s))) throw new AppError('household_not_found', { id: ctx.params.id });
        const { path: _p, ...out } = h;
        return out;
      },
    }),
    route({
      method: 'GET', url: '/api/residents', action: policy.readResidents,
      summary: 'Residents (masked) in a region: search by name prefix or exact ID number / phone, filter by care group',
      query: Type.Object({ ...Filters, limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }), offset: Type.Integer({ minimum: 0, default: 0 }) }),
      async handler(ctx) {
        const path = await regionPath(ctx, ctx.query.region);
        return listResidents(ctx.db, ctx.keys, filterOf(path, ctx.query, ctx.query.limit, ctx.query.offset), await peopleScope(ctx));
      },
    }),
    route({
      method: 'GET', url: '/api/residents/stats', action: policy.stats,
      summary: 'Aggregates for a region (what street and district roles see): residents, ages, living alone 65+, care groups',
      description: 'livingAlone65: aged 65+ and the only current member of the household, or as set by staff (the list filter livingAlone65=true counts the same); ' +
        'careGroups.living_alone: residents registered in the care group (no age rule) — a different figure. partyMembers: residents marked as party members. definitions names each in the caller\'s language.',
      query: Type.Object({ region: RegionCode }),
      async handler(ctx) {
        return residentStats(ctx.db, await regionPath(ctx, ctx.query.region), await peopleScope(ctx), ctx.lang);
      },
    }),
    route({
      method: 'GET', url: '/api/residents/:id', action: policy.readResidents,
      summary: 'One resident (masked) with household history and care groups',
      params: Type.Object({ id: Id }),
      async handler(ctx) {
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/residents', action: policy.editResidents,
      summary: 'Register a resident in a household',
      body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 50 }), idNumber: Type.String({ minLength: 1, maxLength: 30 }), phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])),
        householdId: Id, relation: Relation, movedIn: DateStr, partyMember: Type.Optional(Type.Boolean()), careGroups: Type.Optional(Type.Array(CareGroup, { maxItems: 6 })),
      }, { additionalProperties: false }),
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        const id = await ctx.command({ action: 'people.resident.create', targetType: 'resident', targetId: (x: number) => String(x) }, (tx) => createResident(tx, ctx.keys, ctx.body, scope, accountId(ctx)));
        ctx.reply.status(201);
        return residentOrThrow(ctx, id);
      },
    }),
    route({
      method: 'PATCH', url: '/api/residents/:id', action: policy.editResidents,
      summary: 'Change name, phone or party membership (send the version you read)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ version: Id, name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), phone: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Null()])), partyMember: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.resident.update', targetType: 'resident', targetId: String(ctx.params.id), detail: { fields: Object.keys(ctx.body).filter((k) => k !== 'version') } }, (tx) => updateResident(tx, ctx.keys, ctx.params.id, ctx.body, scope));
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/residents/:id/move', action: policy.editResidents,
      summary: 'Move out of the current household (history kept), optionally into another',
      params: Type.Object({ id: Id }),
      body: Type.Object({ date: DateStr, toHouseholdId: Type.Optional(Id), relation: Type.Optional(Relation) }, { additionalProperties: false }),
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.resident.move', targetType: 'resident', targetId: String(ctx.params.id), detail: { ...ctx.body } }, (tx) => moveResident(tx, ctx.params.id, ctx.body, scope));
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/residents/:id/death', action: policy.editResidents,
      summary: 'Record a death (the record is kept; care groups end)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ date: DateStr }, { additionalProperties: false }),
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.resident.death', targetType: 'resident', targetId: String(ctx.params.id) }, (tx) => recordDeath(tx, ctx.params.id, ctx.body.date, scope));
        return { ok: true };
      },
    }),
    route({
      method: 'POST', url: '/api/residents/:id/reveal', action: policy.reveal,
      summary: 'Show one masked field in full, for a stated purpose; audited',
      params: Type.Object({ id: Id }),
      body: Type.Object({ field: Type.Union([Type.Literal('idNumber'), Type.Literal('phone')]), reason: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
      async handler(ctx) {
        if (ctx.body.reason.trim().length < 4) throw new AppError('reveal_reason_required');
        const scope = await peopleScope(ctx);
        const value = await ctx.command({ action: 'people.reveal', targetType: 'resident', targetId: String(ctx.params.id), detail: { field: ctx.body.field, reason: ctx.body.reason.trim() } },
          (tx) => revealField(tx, ctx.keys, ctx.params.id, ctx.body.field, scope));
        return { field: ctx.body.field, value };
      },
    }),
    route({
      method: 'POST', url: '/api/residents/:id/care-groups', action: policy.editResidents,
      summary: 'Put a resident in a care group (dated, with who set it)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ group: CareGroup, note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.care_group.add', targetType: 'resident', targetId: String(ctx.params.id), detail: { group: ctx.body.group } }, async (tx) => {
          await residentInScope(tx, ctx.params.id, scope, true);
          await addCareGroup(tx, ctx.params.id, ctx.body.group, accountId(ctx), ctx.body.note ?? null);
        });
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'DELETE', url: '/api/residents/:id/care-groups/:group', action: policy.editResidents,
      summary: 'End a care group membership (history kept)',
      params: Type.Object({ id: Id, group: CareGroup }),
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.care_group.end', targetType: 'resident', targetId: String(ctx.params.id), detail: { group: ctx.params.group } }, async (tx) => {
          await residentInScope(tx, ctx.params.id, scope, true);
          await endCareGroup(tx, ctx.params.id, ctx.params.group, accountId(ctx));
        });
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'PUT', url: '/api/residents/:id/living-alone', action: policy.editResidents,
      summary: 'Override the derived "living alone aged 65+" (true/false with a reason; null returns to the derived value)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ value: Type.Union([Type.Boolean(), Type.Null()]), reason: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      async handler(ctx) {
        const scope = await peopleScope(ctx);
        await ctx.command({ action: 'people.living_alone.override', targetType: 'resident', targetId: String(ctx.params.id), detail: { value: ctx.body.value, reason: ctx.body.reason ?? null } },
          (tx) => setLivingAloneOverride(tx, ctx.params.id, ctx.body.value, ctx.body.reason ?? null, scope));
        return residentOrThrow(ctx, ctx.params.id);
      },
    }),
    route({
      method: 'POST', url: '/api/residents/anonymise-expired', action: policy.anonymise,
      summary: 'Anonymise now the records past their retention period (also runs daily by itself)',
      async handler(ctx) {
        const months = await retentionMonths(ctx.db);
        const count = await ctx.db.tx((tx) => anonymiseExpired(tx, months, ctx.requestId, { id: ctx.actor!.accountId, username: ctx.actor!.username }));
        return { count, months };
      },
    }),
    route({
      method: 'GET', url: '/api/residents/import-template', action: policy.importResidents,
      summary: 'The spreadsheet template for resident imports (.xlsx)',
      async handler(ctx) {
        const buf = await writeTable('居民', COLUMNS.map((c) => c.header), [COLUMNS.map((c) => c.example)], COLUMNS.map((c) => c.width));
        const ExcelJS = (await import('exceljs')).default;
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(buf as any);
        const notes = wb.addWorksheet('填写说明');
        notes.addRow(['列', '说明']).font = { bold: true };
        for (const n of TEMPLATE_NOTES) notes.addRow(n);
        notes.getColumn(1).width = 28; notes.getColumn(2).width = 80;
        ctx.reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
        ctx.reply.header('content-disposition', `attachment; filename="residents-template.xlsx"; filename*=UTF-8''${encodeURIComponent('居民导入模板.xlsx')}`);
        return Buffer.from(await wb.xlsx.writeBuffer());
      },
    }),
    route({
      method: 'POST', url: '/api/residents/import', action: policy.importResidents,
      summary: 'Import residents from .xlsx or .csv (multipart field "file"); mode=check reports every bad cell, mode=commit writes the good rows; async=1 answers 202 {job} at once',
      description: `Form fields: \`mode\` = \`check\` (default, writes nothing) or \`commit\` (writes only rows without errors; all in one transaction). At most ${MAX_IMPORT_ROWS} rows. People are matched by ID number, so importing the same file again updates and never duplicates. \`async\` = \`1\`: the work runs as a job (stages read, check[, write]) and the answer is 202 \`{ job }\`; poll \`GET /api/jobs/{id}\`, whose \`result\` is then this route's report.`,
      bodyLimit: 30 * 1024 * 1024,
      async handler(ctx) {
        if (!ctx.req.isMultipart()) throw new AppError('import_file_missing');
        let buf: Buffer | null = null, filename = '', mode = 'check', background = false;
        for await (const part of ctx.req.parts({ limits: { fileSize: 25 * 1024 * 1024, files: 1 } })) {
          if (part.type === 'file') {
            buf = await part.toBuffer();
            filename = part.filename ?? '';
          } else if (part.fieldname === 'mode') mode = String(part.value);
          else if (part.fieldname === 'async') background = ['1', 'true'].includes(String(part.value));
        }
        if (!buf) throw new AppError('import_file_missing');
        const scope = await peopleScope(ctx);
        if (background) {
          const file = buf;
          const job = await startJob(jobOpts(ctx, mode === 'commit' ? 'people.import.commit' : 'people.import.check', mode === 'commit' ? ['read', 'check', 'write'] : ['read', 'check']), async (job) => {
            const table = await readImportTable(file, filename);
            await job.stage('check', Math.max(0, table.length - 1));
            if (mode !== 'commit') return { result: { ...summarise((await ctx.db.tx((tx) => checkRows(tx, ctx.keys, table, scope, ctx.lang, job.progress))).report, false) } };
            const report = await ctx.command(
              { action: 'people.import', targetType: 'file', targetId: filename.slice(0, 100), detail: (r: { valid: number; invalid: number; new: number; update: number }) => ({ valid: r.valid, invalid: r.invalid, new: r.new, update: r.update, job: job.id }) },
              async (tx) => {
                const { report: rows, good } = await checkRows(tx, ctx.keys, table, scope, ctx.lang, job.progress);
                await job.stage('write', good.length);
                await writeRows(tx, ctx.keys, good, accountId(ctx), job.progress);
                return summarise(rows, true);
              },
            );
            return { result: { ...report } };
          });
          ctx.reply.status(202);
          return { job };
        }
        const table = await readImportTable(buf, filename);
        if (mode !== 'commit') return summarise((await ctx.db.tx((tx) => checkRows(tx, ctx.keys, table!, scope, ctx.lang))).report, false);
        const report = await ctx.command(
          { action: 'people.import', targetType: 'file', targetId: filename.slice(0, 100), detail: (r: { valid: number; invalid: number; new: number; update: number }) => ({ valid: r.valid, invalid: r.invalid, new: r.new, update: r.update }) },
          async (tx) => {
            const { report: rows, good } = await checkRows(tx, ctx.keys, table!, scope, ctx.lang);
            await writeRows(tx, ctx.keys, good, accountId(ctx));
            return summarise(rows, true);
          },
        );
        return report;
      },
    }),
    route({
      method: 'GET', url: '/api/residents/export', action: policy.exportResidents,
      summary: 'Export the filtered resident list to .xlsx, masked; audited',
      query: Type.Object(Filters),
      async handler(ctx) {
        const { rows, name } = await exportRows(ctx, ctx.query);
        const buf = await writeTable('居民', EXPORT_HEADER, rows, EXPORT_WIDTHS);
        ctx.reply.header('content-type', XLSX);
        ctx.reply.header('content-disposition', `attachment; filename="residents.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`);
        return buf;
      },
    }),
    route({
      method: 'POST', url: '/api/residents/export', action: policy.exportResidents,
      summary: 'Export the filtered resident list to .xlsx as a job (202 {job}; stages query, rows, file); the file is then at GET /api/jobs/{id}/file',
      body: Type.Object(Filters, { additionalProperties: false }),
      async handler(ctx) {
        await regionPath(ctx, ctx.body.region); // refuse a region out of scope now, not in the job
        const job = await startJob(jobOpts(ctx, 'people.export', ['query', 'rows', 'file']), async (job) => {
          const { rows, total, name } = await exportRows(ctx, ctx.body);
          await job.stage('rows', rows.length);
          const data = await writeTable('居民', EXPORT_HEADER, rows, EXPORT_WIDTHS, { rows: job.progress, writing: () => job.stage('file') });
          return { result: { rows: total }, file: { name, type: XLSX, data } };
        });
        ctx.reply.status(202);
        return { job };
      },
    }),
    route({
      method: 'GET', url: '/api/me/household', action: policy.myHousehold,
      summary: 'The household the signed-in resident is bound to (实名绑定), or how many tries are left',
      async handler(ctx) { return myHousehold(ctx.db, accountId(ctx)); },
    }),
    route({
      method: 'PUT', url: '/api/me/household', action: policy.myHousehold,
      summary: 'Bind the account to the resident registered with this name and ID number in the community (matched by keyed hash; 5 failures a day)',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 50 }), idNumber: Type.String({ minLength: 1, maxLength: 30 }) }, { additionalProperties: false }),
      async handler(ctx) {
        try {
          await ctx.command({ action: 'people.household.bind', targetType: 'resident', targetId: (x: number) => String(x) }, (tx) => bindHousehold(tx, ctx.keys, accountId(ctx), ctx.scope, ctx.body));
        } catch (e) {
          if (e instanceof AppError && e.code === 'resident_not_matched') await recordBindFailure(ctx.db, accountId(ctx));
          throw e;
        }
        return myHousehold(ctx.db, accountId(ctx));
      },
    }),
    route({
      method: 'DELETE', url: '/api/me/household', action: policy.myHousehold,
      summary: 'Unbind the account from its household (e.g. after moving out)',
      async handler(ctx) {
        await ctx.command({ action: 'people.household.unbind', targetType: 'resident', targetId: (x: number) => String(x) }, (tx) => unbindHousehold(tx, accountId(ctx)));
        return myHousehold(ctx.db, accountId(ctx));
      },
    }),
  ],
  jobs: [{ name: 'people.retention', everyMs: 24 * 3600 * 1000, run: sweepRetention }],
  async demo({ db, keys, log }) {
    // 府城街道: 197 compounds, 63.5% of them old, as the seed reports
    const r = await db.tx((tx) => generateResidents(tx, keys, { regionCode: '460107002', residents: 2400, compounds: 197, oldCompoundShare: 0.635, seed: 460107002 }, null));
    log(`people: ${r.residents} residents in ${r.households} households, ${r.compounds} compounds in 府城街道`);
  },
  metrics: {
    residents: async (db) => (await db.query('SELECT count(*)::int AS n FROM resident WHERE deceased_on IS NULL')).rows[0].n,
  },
};
