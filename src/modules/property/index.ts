import { Type } from '@sinclair/typebox';
import type { Actor } from '../../core/access/policy.js';
import { AppError } from '../../core/http/errors.js';
import { route, type Module } from '../../core/http/module.js';
import { DateStr, Id } from '../../core/http/schemas.js';
import { placeReport, reportCase, type IntakeInput } from '../cases/api.js';
import { runInTx } from '../../core/command.js';
import { CATEGORIES, LAWFUL_MEASURES, UTILITY_CUTS } from './disclosure-rules.js';
import { compliance, disclosureInScope, listDisclosures, publishDisclosure } from './disclosures.js';
import { attachFiles, deletePending, disclosureFileLimits, disposition, fileDir, fileRow, insertFile, openFile, prepareFile, storeFile, sweepPendingFiles, UPLOAD_BODY_LIMIT } from './disclosure-files.js';
import { overduePolicy, overdueSweepIn, sweepOverdueDisclosures } from './disclosure-overdue.js';
import { loadConfig } from '../../core/config.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import { accountHousehold, compoundInScope, setCompoundDemonstration } from '../people/api.js';
import { RegionCode } from '../regions/schemas.js';
import { regionForScope } from '../regions/queries.js';
import { loadPropertyDemo } from './demo.js';
import './errors.js';
import { migrations } from './migrations.js';
import { bodyAccountMigrations, bodyAccounts, linkAccount, unlinkAccount, type Body } from './body-accounts.js';
import { policy } from './policy.js';
import {
  addDocument, committeeDetail, companyDetail, createCommittee, createCompany, createContract, createOutlet,
  documentText, listCommittees, listCompanies, reelectCommittee, updateCommittee,
} from './store.js';

const OptDate = Type.Optional(Type.Union([DateStr, Type.Null()]));
const Member = Type.Object({ holderId: Id, title: Type.Union([Type.Literal('chair'), Type.Literal('vice_chair'), Type.Literal('member')]) }, { additionalProperties: false });
const Term = {
  electedOn: DateStr, termYears: Type.Number({ description: 'years, a whole number; at most 5 by default' }),
  households: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  firstMeetingOn: OptDate, filedOn: OptDate,
  members: Type.Array(Member, { maxItems: 50 }),
};

/** Link and unlink the accounts that work for a company or an owners' committee (audited). */
function accountRoutes(kind: Body['kind'], base: string, summary: string) {
  const target = kind === 'property_company' ? 'property_company' : 'owners_committee';
  const verb = kind === 'property_company' ? 'company' : 'committee';
  return [
    route({
      method: 'PUT', url: `${base}/:id/accounts`, action: policy.edit, summary,
      params: Type.Object({ id: Id }),
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
      async handler(ctx) {
        const body = { kind, id: ctx.params.id } as Body;
        await ctx.command({ action: `property.${verb}.link_account`, targetType: target, targetId: String(ctx.params.id), detail: { username: ctx.body.username.trim().toLowerCase() } },
          (tx) => linkAccount(tx, body, ctx.body.username, ctx.scope, (ctx.actor as Actor).accountId));
        return { items: await bodyAccounts(ctx.db, body) };
      },
    }),
    route({
      method: 'DELETE', url: `${base}/:id/accounts/:accountId`, action: policy.edit,
      summary: 'Unlink an account from it',
      params: Type.Object({ id: Id, accountId: Id }),
      async handler(ctx) {
        const body = { kind, id: ctx.params.id } as Body;
        await ctx.command({ action: `property.${verb}.unlink_account`, targetType: target, targetId: String(ctx.params.id), detail: { accountId: ctx.params.accountId } },
          (tx) => unlinkAccount(tx, body, ctx.params.accountId, ctx.scope));
        return { items: await bodyAccounts(ctx.db, body) };
      },
    }),
  ];
}

export const propertyModule: Module = {
  name: 'property',
  title: '红色物业 Property: companies and outlets, the compounds they serve, owners\' committees and their documents',
  migrations: [...migrations, ...bodyAccountMigrations],
  policy,
  routes: [
    route({
      method: 'GET', url: '/api/property-companies', action: policy.read,
      summary: 'Property companies registered in a region, with an outlet there, or serving a compound there',
      query: Type.Object({ region: RegionCode }),
      async handler({ query, db, scope }) {
        const region = await regionForScope(db, query.region, scope, { above: true });
        return { items: await listCompanies(db, region.path, scope) };
      },
    }),
    route({
      method: 'POST', url: '/api/property-companies', action: policy.edit,
      summary: 'Register a property company (its unified social credit code is checked by its GB 32100 check character)',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), creditCode: Type.String({ minLength: 1, maxLength: 30 }), regionCode: RegionCode, address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])) }, { additionalProperties: false }),
      async handler(ctx) {
        const id = await ctx.command({ action: 'property.company.create', targetType: 'property_company', targetId: (x: number) => String(x), detail: { name: ctx.body.name, creditCode: ctx.body.creditCode } },
          (tx) => createCompany(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return companyDetail(ctx.db, id, ctx.scope);
      },
    }),
    route({
      method: 'GET', url: '/api/property-companies/:id', action: policy.read,
      summary: 'One company with its outlets, contracts and staff',
      params: Type.Object({ id: Id }),
      async handler({ params, db, scope }) { return { ...(await companyDetail(db, params.id, scope)), accounts: await bodyAccounts(db, { kind: 'property_company', id: params.id }) }; },
    }),
    ...accountRoutes('property_company', '/api/property-companies', 'Link a property-staff account to this company (it then publishes the company\'s disclosures and may appeal its rating)'),
    route({
      method: 'POST', url: '/api/property-companies/:id/outlets', action: policy.edit,
      summary: 'Add an outlet (网点) of a company',
      params: Type.Object({ id: Id }),
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }), regionCode: RegionCode, address: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])) }, { additionalProperties: false }),
      async handler(ctx) {
        const id = await ctx.command({ action: 'property.outlet.create', targetType: 'property_company', targetId: String(ctx.params.id), detail: { name: ctx.body.name, regionCode: ctx.body.regionCode } },
          (tx) => createOutlet(tx, ctx.params.id, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'POST', url: '/api/property-contracts', action: policy.edit,
      summary: 'Record which company (and outlet) serves a compound, and when (no two companies for one compound at once)',
      body: Type.Object({ compoundId: Id, companyId: Id, outletId: Type.Optional(Type.Union([Id, Type.Null()])), startsOn: DateStr, endsOn: OptDate }, { additionalProperties: false }),
      async handler(ctx) {
        const id = await ctx.command({ action: 'property.contract.create', targetType: 'compound', targetId: String(ctx.body.compoundId), detail: { companyId: ctx.body.companyId, startsOn: ctx.body.startsOn, endsOn: ctx.body.endsOn ?? null } },
          (tx) => createContract(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return { id };
      },
    }),
    route({
      method: 'GET', url: '/api/owners-committees', action: policy.read,
      summary: 'Owners\' committees in a region: term, members, first meeting and filing, party organisation or instructor, documents, checks',
      query: Type.Object({ region: RegionCode }),
      async handler({ query, db, scope, lang }) {
        const region = await regionForScope(db, query.region, scope, { above: true });
        return { items: await listCommittees(db, region.path, scope, lang) };
      },
    }),
    route({
      method: 'POST', url: '/api/owners-committees', action: policy.edit,
      summary: 'Register a compound\'s owners\' committee after its election (5–11 members, odd; term ≤ 5 years; one chair)',
      body: Type.Object({ compoundId: Id, ...Term }, { additionalProperties: false }),
      async handler(ctx) {
        const id = await ctx.command({ action: 'property.committee.create', targetType: 'owners_committee', targetId: (x: number) => String(x), detail: { compoundId: ctx.body.compoundId, electedOn: ctx.body.electedOn, members: ctx.body.members.length } },
          (tx) => createCommittee(tx, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return committeeDetail(ctx.db, id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'GET', url: '/api/owners-committees/:id', action: policy.read,
      summary: 'One owners\' committee with its earlier terms',
      params: Type.Object({ id: Id }),
      async handler({ params, db, scope, lang }) { return { ...(await committeeDetail(db, params.id, scope, lang)), accounts: await bodyAccounts(db, { kind: 'owners_committee', id: params.id }) }; },
    }),
    ...accountRoutes('owners_committee', '/api/owners-committees', 'Link an owners\'-committee account to this committee (it then publishes the committee\'s disclosures for its compound)'),
    route({
      method: 'PATCH', url: '/api/owners-committees/:id', action: policy.edit,
      summary: 'Record the first meeting or the filing with the street office (send the version you read)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ version: Type.Integer({ minimum: 1 }), firstMeetingOn: OptDate, filedOn: OptDate }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: 'property.committee.update', targetType: 'owners_committee', targetId: String(ctx.params.id), detail: { firstMeetingOn: ctx.body.firstMeetingOn, filedOn: ctx.body.filedOn } },
          (tx) => updateCommittee(tx, ctx.params.id, ctx.body, ctx.scope));
        return committeeDetail(ctx.db, ctx.params.id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'POST', url: '/api/owners-committees/:id/elections', action: policy.edit,
      summary: 'A new term (换届): the previous term goes to history and its members\' posts end',
      params: Type.Object({ id: Id }),
      body: Type.Object({ version: Type.Integer({ minimum: 1 }), ...Term }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: 'property.committee.reelect', targetType: 'owners_committee', targetId: String(ctx.params.id), detail: { electedOn: ctx.body.electedOn, members: ctx.body.members.length } },
          (tx) => reelectCommittee(tx, ctx.params.id, ctx.body, ctx.scope));
        return committeeDetail(ctx.db, ctx.params.id, ctx.scope, ctx.lang);
      },
    }),
    route({
      method: 'POST', url: '/api/owners-committees/:id/documents', action: policy.edit,
      summary: 'Record a new version of the compound\'s 管理规约 (statute) or 议事规则 (rules of procedure)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ kind: Type.Union([Type.Literal('statute'), Type.Literal('rules_of_procedure')]), title: Type.String({ minLength: 1, maxLength: 100 }), content: Type.String({ minLength: 1, maxLength: 200_000 }), adoptedOn: DateStr }, { additionalProperties: false }),
      bodyLimit: 1024 * 1024,
      async handler(ctx) {
        const r = await ctx.command({ action: 'property.document.add', targetType: 'owners_committee', targetId: String(ctx.params.id), detail: { kind: ctx.body.kind, title: ctx.body.title } },
          (tx) => addDocument(tx, ctx.params.id, ctx.body, ctx.scope));
        ctx.reply.status(201);
        return r;
      },
    }),
    route({
      method: 'GET', url: '/api/compound-documents/:id', action: policy.read,
      summary: 'The text of one version of a compound document',
      params: Type.Object({ id: Id }),
      async handler({ params, db, scope }) { return documentText(db, params.id, scope); },
    }),
    route({
      method: 'PUT', url: '/api/compounds/:id/demonstration', action: policy.edit,
      summary: 'Mark or unmark a compound as a red-property demonstration site (示范点)',
      params: Type.Object({ id: Id }),
      body: Type.Object({ demonstration: Type.Boolean() }, { additionalProperties: false }),
      async handler(ctx) {
        await ctx.command({ action: 'property.compound.demonstration', targetType: 'compound', targetId: String(ctx.params.id), detail: { demonstration: ctx.body.demonstration } }, async (tx) => {
          await compoundInScope(tx, ctx.params.id, ctx.scope);
          await setCompoundDemonstration(tx, ctx.params.id, ctx.body.demonstration);
        });
        return { id: ctx.params.id, demonstration: ctx.body.demonstration };
      },
    }),
    route({
      method: 'GET', url: '/api/disclosures', action: policy.readDisclosures,
      summary: 'What was disclosed (公示) for a compound or in a region, newest first',
      query: Type.Object({ compound: Type.Optional(Id), region: Type.Optional(RegionCode) }),
      async handler({ query, db, scope }) {
        if (!query.compound && !query.region) throw new AppError('validation_failed', {}, [{ field: 'query.compound', message: 'compound or region is required' }]);
        const region = query.region ? await regionForScope(db, query.region, scope, { above: true }) : null;
        return { items: await listDisclosures(db, { compoundId: query.compound, regionPath: region?.path }, scope) };
      },
    }),
    route({
      method: 'POST', url: '/api/disclosures', action: policy.publishDisclosure,
      summary: 'Publish a disclosure to a compound\'s residents (a fund statement must add up)',
      description: 'Categories: service, fees, maintenance_fund, common_income (the company serving the compound); committee_decision, committee_accounts (its owners\' committee). ' +
        'Period: 2026 | 2026-H1 | 2026-Q3 | 2026-09. Figures (maintenance_fund, common_income, committee_accounts): { opening, income: [{ item, amount }], spending: [...], closing } in 分; opening + Σincome − Σspending = closing.',
      body: Type.Object({
        compoundId: Id, category: Type.Union(CATEGORIES.map((c) => Type.Literal(c))), period: Type.String({ maxLength: 10 }),
        title: Type.String({ minLength: 1, maxLength: 100 }), content: Type.String({ minLength: 1, maxLength: 50_000 }),
        figures: Type.Optional(Type.Union([Type.Object({
          opening: Type.Number(), closing: Type.Number(),
          income: Type.Array(Type.Object({ item: Type.String({ maxLength: 100 }), amount: Type.Number() }, { additionalProperties: false }), { maxItems: 200 }),
          spending: Type.Array(Type.Object({ item: Type.String({ maxLength: 100 }), amount: Type.Number() }, { additionalProperties: false }), { maxItems: 200 }),
        }, { additionalProperties: false }), Type.Null()])),
        attachments: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 30, description: 'ids of the caller\'s own uploads (POST /api/disclosure-files), attached in this order' })),
      }, { additionalProperties: false }),
      async handler(ctx) {
        const roles = ctx.req.grants.map((g) => g.role);
        const { attachments, ...disclosure } = ctx.body;
        const limits = await disclosureFileLimits(ctx.db);
        const id = await ctx.command({ action: 'property.disclosure.publish', targetType: 'disclosure', targetId: (x: number) => String(x), detail: { compoundId: ctx.body.compoundId, category: ctx.body.category, period: ctx.body.period, ...(attachments?.length ? { attachments } : {}) } },
          async (tx) => {
            // the disclosure and its attachments are written together, or not at all
            const id = await publishDisclosure(tx, disclosure, ctx.scope, roles, (ctx.actor as Actor).accountId);
            await attachFiles(tx, id, attachments, (ctx.actor as Actor).accountId, limits);
            return id;
          });
        ctx.reply.status(201);
        return disclosureInScope(ctx.db, id, ctx.scope);
      },
    }),
    route({
      method: 'GET', url: '/api/disclosures/compliance', action: policy.disclosureCompliance,
      summary: 'Disclosure compliance: per compound and category, the last period due, whether it was disclosed, and overdue flags',
      query: Type.Object({ region: RegionCode }),
      async handler({ query, db, scope }) {
        const region = await regionForScope(db, query.region, scope, { above: true });
        return compliance(db, region.path, scope);
      },
    }),
    route({
      method: 'GET', url: '/api/disclosures/:id', action: policy.readDisclosures,
      summary: 'One disclosure',
      params: Type.Object({ id: Id }),
      async handler({ params, db, scope }) { return disclosureInScope(db, params.id, scope); },
    }),
    route({
      method: 'POST', url: '/api/disclosure-files', action: policy.publishDisclosure,
      summary: 'Upload a disclosure attachment (multipart field "file": PDF, JPEG, PNG or WebP), to name in POST /api/disclosures',
      description: 'Checked by content, not by name or Content-Type: a PDF by its structure (header, cross-reference, %%EOF; no scripts or embedded files), an image by decoding it ' +
        '(re-encoded upright without EXIF/GPS). Size limit: setting property.disclosureFiles (maxMb, default 10). Stored under the data folder with its SHA-256; ' +
        'it stays the uploader\'s pending upload until a disclosure is published with it (removed after a day otherwise).',
      bodyLimit: UPLOAD_BODY_LIMIT,
      async handler(ctx) {
        if (!ctx.req.isMultipart()) throw new AppError('disclosure_file_missing');
        const { maxMb } = await disclosureFileLimits(ctx.db);
        const max = maxMb * 1024 * 1024;
        let buf: Buffer | null = null;
        let name: string | undefined;
        for await (const part of ctx.req.parts({ limits: { fileSize: max + 1, files: 1 } })) {
          if (part.type === 'file' && part.fieldname === 'file') {
            name = part.filename;
            buf = await part.toBuffer().catch((e) => { if (e?.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('disclosure_file_too_large', { mb: maxMb }); throw e; });
          } else if (part.type === 'file') {
            await part.toBuffer().catch(() => null);
          }
        }
        if (!buf) throw new AppError('disclosure_file_missing');
        const prepared = await prepareFile(buf, max);
        const accountId = (ctx.actor as Actor).accountId;
        const stored = await storeFile(ctx.config.dataDir, prepared, name, (f) => ctx.command(
          { action: 'property.disclosure_file.upload', targetType: 'disclosure_file', targetId: f.id, detail: { name: f.name, mime: f.mime, size: f.size, sha256: f.sha256 } },
          (tx) => insertFile(tx, f, accountId)));
        ctx.reply.status(201);
        return stored;
      },
    }),
    route({
      method: 'GET', url: '/api/disclosure-files/:id', action: policy.readDisclosures,
      summary: 'A disclosure attachment: to whoever may read its disclosure (residents: the published disclosures of the compounds they see), or its uploader while pending; 404 to anyone else',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      async handler(ctx) {
        const f = await fileRow(ctx.db, ctx.params.id);
        if (!f) throw new AppError('disclosure_file_not_found', { id: ctx.params.id });
        if (f.disclosure_id === null) {
          if (Number(f.uploaded_by) !== (ctx.actor as Actor).accountId) throw new AppError('disclosure_file_not_found', { id: ctx.params.id });
        } else {
          try { await disclosureInScope(ctx.db, Number(f.disclosure_id), ctx.scope); } catch { throw new AppError('disclosure_file_not_found', { id: ctx.params.id }); }
        }
        const file = path.resolve(fileDir(ctx.config.dataDir), f.file);
        try { await fs.access(file); } catch { throw new AppError('disclosure_file_not_found', { id: ctx.params.id }); }
        ctx.reply.header('content-type', f.mime).header('content-length', String(f.size)).header('content-disposition', disposition(f.name))
          .header('x-content-type-options', 'nosniff').header('etag', `"${f.sha256}"`).header('cache-control', 'private, max-age=3600');
        return openFile(ctx.config.dataDir, f.file);
      },
    }),
    route({
      method: 'DELETE', url: '/api/disclosure-files/:id', action: policy.publishDisclosure,
      summary: 'Remove one of the caller\'s pending uploads (a published attachment stays: 409)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      async handler(ctx) {
        const rel = await ctx.command({ action: 'property.disclosure_file.delete', targetType: 'disclosure_file', targetId: ctx.params.id },
          (tx) => deletePending(tx, ctx.params.id, (ctx.actor as Actor).accountId));
        await fs.rm(path.join(fileDir(ctx.config.dataDir), rel), { force: true }).catch(() => {});
        ctx.reply.status(204);
        return null;
      },
    }),
    route({
      method: 'POST', url: '/api/disclosures/overdue-sweep', action: overduePolicy.runOverdueSweep,
      summary: 'Flag overdue disclosures now and notify the community, street and housing bureau (also runs every hour; each compound × category × period is told once)',
      async handler(ctx) {
        const r = await ctx.command({ action: 'property.disclosure.overdue_sweep', detail: (x: { flagged: number; compounds: number; notices: number }) => ({ flagged: x.flagged, compounds: x.compounds, notices: x.notices }) },
          (tx) => overdueSweepIn(tx));
        return r;
      },
    }),
    route({
      method: 'GET', url: '/api/compounds/mine', action: policy.compoundsMine,
      summary: 'The compounds of the community a resident\'s account belongs to; the home compound (实名绑定) first, marked `home`',
      async handler({ db, scope, actor }) {
        const home = await accountHousehold(db, (actor as Actor).accountId);
        const { rows } = await db.query(
          `SELECT cp.id, cp.name, r.name AS "communityName", cp.id = $2::bigint AS home FROM compound cp JOIN region r ON r.code = cp.community_code
            WHERE cp.path = ANY($1::text[]) ORDER BY cp.id = $2::bigint DESC, cp.name`, [scope, home?.compoundId ?? null]);
        return { items: rows };
      },
    }),
    route({
      method: 'POST', url: '/api/disclosures/:id/questions', action: policy.ask,
      summary: 'A resident asks about a disclosure: it becomes a case (物业服务纠纷) for the compound\'s community',
      params: Type.Object({ id: Id }),
      body: Type.Object({ text: Type.String({ minLength: 2, maxLength: 2000 }) }, { additionalProperties: false }),
      async handler(ctx) {
        const d = await disclosureInScope(ctx.db, ctx.params.id, ctx.scope);
        const { rows: [cp] } = await ctx.db.query('SELECT id, name, community_code, lon, lat, address FROM compound WHERE id = $1', [d.compoundId]);
        const actor = ctx.actor as Actor;
        // the case is filed by the one intake (cases' reportCase) in this command's transaction, its compound set at once
        const input: IntakeInput = {
          source: 'resident', categoryCode: '0902', description: `关于公示《${d.title}》（${d.period}）的疑问：${ctx.body.text.trim()}`, address: cp.address ?? cp.name, regionCode: cp.community_code,
          ...(cp.lon !== null && cp.lat !== null ? { lon: cp.lon, lat: cp.lat } : {}),
        };
        const at = await placeReport(ctx.db, input, { scope: null, fallbackRegion: cp.community_code });
        const r = await ctx.command({ action: 'property.disclosure.question', targetType: 'disclosure', targetId: String(ctx.params.id), detail: (x: { number: string }) => ({ caseNumber: x.number }) },
          (tx) => runInTx(tx, ctx.who, reportCase, { ...input, at, keys: ctx.keys, reporter: { name: actor.displayName, role: 'resident' }, compoundId: cp.id }));
        ctx.reply.status(201);
        return { caseId: r.id, caseNumber: r.number };
      },
    }),
    route({
      method: 'POST', url: '/api/fee-collection-measures', action: policy.feeMeasure,
      summary: 'Record a lawful fee-collection measure (reminder, notice, mediation, lawsuit); cutting water, power, heat or gas is refused (民法典 art. 944)',
      body: Type.Object({ compoundId: Id, measure: Type.Union([...LAWFUL_MEASURES, ...UTILITY_CUTS].map((m) => Type.Literal(m))), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
      async handler(ctx) {
        if ((UTILITY_CUTS as readonly string[]).includes(ctx.body.measure)) throw new AppError('utility_cut_forbidden');
        const id = await ctx.command({ action: 'property.fee_measure.record', targetType: 'compound', targetId: String(ctx.body.compoundId), detail: { measure: ctx.body.measure } }, async (tx) => {
          const cp = await compoundInScope(tx, ctx.body.compoundId, ctx.scope);
          const { rows } = await tx.query('INSERT INTO fee_collection_measure (compound_id, path, measure, note, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id', [cp.id, cp.path, ctx.body.measure, ctx.body.note?.trim() || null, (ctx.actor as Actor).accountId]);
          return rows[0].id as number;
        });
        ctx.reply.status(201);
        return { id };
      },
    }),
  ],
  demo: loadPropertyDemo,
  jobs: [
    // overdue disclosures told to their supervisors, and uploads nobody published removed
    { name: 'property.disclosures', everyMs: 3600_000, run: async (db) => ({ overdue: await sweepOverdueDisclosures(db), pendingFiles: await sweepPendingFiles(db, loadConfig().dataDir) }) },
  ],
};
