/** Excel in and out: the import template, imports (checked cell by cell, optionally as a job) and masked exports. */
import { Type } from '@sinclair/typebox';
import { readTable, SheetError, writeTable } from '../../../core/files/sheet.js';
import { AppError } from '../../../core/http/errors.js';
import { route, type Ctx, type RouteDef } from '../../../core/http/module.js';
import { startJob } from '../../jobs/runner.js';
import { CARE_GROUP_NAMES } from '../care.js';
import { checkRows, COLUMNS, MAX_IMPORT_ROWS, summarise, TEMPLATE_NOTES, writeRows } from '../import.js';
import { policy } from '../policy.js';
import { listResidents } from '../queries.js';
import { Filters, filterOf, peopleScope, regionPath, ResidentImportReport } from './shared.js';
import { fileReply, ref, XLSX_TYPE } from '../../../core/http/schemas.js';
import { JobStarted } from '../../jobs/schemas.js';

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

const XLSX = XLSX_TYPE;
const jobOpts = (ctx: Ctx<any, any, any>, kind: string, stages: string[]) => ({ db: ctx.db, actor: ctx.actor, lang: ctx.lang, requestId: ctx.requestId, kind, stages, log: (e: unknown) => ctx.req.log.error(e) });


export const transferRoutes: RouteDef[] = [
    route({
      method: 'GET', url: '/api/residents/import-template', action: policy.importResidents,
      summary: 'The spreadsheet template for resident imports (.xlsx)',
      response: { 200: fileReply('the template', XLSX_TYPE) },
      async handler(ctx) {
        const buf = await writeTable('居民', COLUMNS.map((c) => c.header), [COLUMNS.map((c) => c.example)], COLUMNS.map((c) => c.width));
        const ExcelJS = (await import('exceljs')).default;
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(buf as any);
        const notes = wb.addWorksheet('填写说明');
        notes.addRow(['列', '说明']).font = { bold: true };
        for (const n of TEMPLATE_NOTES) notes.addRow(n);
        notes.getColumn(1).width = 28; notes.getColumn(2).width = 80;
        ctx.reply.header('content-type', XLSX);
        ctx.reply.header('content-disposition', `attachment; filename="residents-template.xlsx"; filename*=UTF-8''${encodeURIComponent('居民导入模板.xlsx')}`);
        return Buffer.from(await wb.xlsx.writeBuffer());
      },
    }),
    route({
      method: 'POST', url: '/api/residents/import', action: policy.importResidents,
      summary: 'Import residents from .xlsx or .csv (multipart field "file"); mode=check reports every bad cell, mode=commit writes the good rows; async=1 answers 202 {job} at once',
      description: `Form fields: \`mode\` = \`check\` (default, writes nothing) or \`commit\` (writes only rows without errors; all in one transaction). At most ${MAX_IMPORT_ROWS} rows. People are matched by ID number, so importing the same file again updates and never duplicates. \`async\` = \`1\`: the work runs as a job (stages read, check[, write]) and the answer is 202 \`{ job }\`; poll \`GET /api/jobs/{id}\`, whose \`result\` is then this route's report.`,
      bodyLimit: 30 * 1024 * 1024,
      response: { 200: ref(ResidentImportReport), 202: ref(JobStarted) },
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
                await writeRows(tx, ctx.keys, good, ctx.me.accountId, job.progress);
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
            await writeRows(tx, ctx.keys, good, ctx.me.accountId);
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
      response: { 200: fileReply('the masked list', XLSX_TYPE) },
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
      response: { 202: ref(JobStarted) },
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
];
