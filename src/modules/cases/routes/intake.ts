/** Intake: the console and phone report, the 12345 hotline webhook — all through cases.report. */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../core/http/errors.js';
import { route, type RouteDef } from '../../../core/http/module.js';
import { CRS_LIST } from '../../../core/geo/crs.js';
import { RegionCode } from '../../regions/api.js';
import { HOTLINE_TYPES, type IntakeInput, type Source } from '../intake.js';
import { placeReport, reportCase } from '../commands/report-case.js';
import { runCommand, systemActor } from '../../../core/command.js';
import { policy } from '../policy.js';
import { ref } from '../../../core/http/schemas.js';
import { Uuids, Text, detail, wantsRepresentation, SOURCE_BY_ROLE, integrationFor, CaseDetail, CaseReported } from './shared.js';

/** 201 a new case, 200 the case a retried clientRef made: `{ id, number, state }`, or the full case with Prefer: return=representation. */
const Reported = Type.Union([ref(CaseDetail), ref(CaseReported)]);

export const intakeRoutes: RouteDef[] = [
  route({
    method: 'POST', url: '/api/cases', action: policy.create,
    summary: 'Report a case (grid worker, resident 随手拍, joint patrol, staff entry)',
    description: 'The point (WGS-84, or GCJ-02 from WeChat with crs=gcj02) decides grid, community and street; a case in no grid goes to its street\'s unassigned queue. `clientRef` makes a retry safe: the same clientRef from the same account returns the same case (200). ' +
      'Answers `201 { id, number, state }`; send `Prefer: return=representation` for the full case detail (as GET /api/cases/{id}).',
    body: Type.Object({
      categoryCode: Type.Optional(Type.String({ maxLength: 8 })),
      description: Text(2000),
      lon: Type.Optional(Type.Number()), lat: Type.Optional(Type.Number()), crs: Type.Optional(Type.Union(CRS_LIST.map((c) => Type.Literal(c)))),
      address: Type.Optional(Type.String({ maxLength: 200 })),
      region: Type.Optional(RegionCode),
      grid: Type.Optional(Type.String({ pattern: '^[0-9]{15}$', description: 'A basic grid (from its contact card\'s QR code): the case goes there when it has no point or its point lies in that grid' })),
      photos: Type.Optional(Uuids),
      source: Type.Optional(Type.Union([Type.Literal('grid_worker'), Type.Literal('resident'), Type.Literal('patrol'), Type.Literal('staff')])),
      patrolMembers: Type.Optional(Type.String({ maxLength: 200 })),
      anonymous: Type.Optional(Type.Boolean()),
      contactName: Type.Optional(Type.String({ maxLength: 50 })), contactPhone: Type.Optional(Type.String({ maxLength: 20 })),
      clientRef: Type.Optional(Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })),
      onTheSpot: Type.Optional(Type.Object({ result: Text(2000), photos: Type.Optional(Uuids) }, { additionalProperties: false })),
    }, { additionalProperties: false }),
    response: { 200: Reported, 201: Reported },
    async handler(ctx) {
      const b = ctx.body;
      const actor = ctx.me;
      const roles = ctx.req.grants.map((g) => g.role);
      const staff = roles.some((r) => r !== 'resident');
      const role = staff ? roles.find((r) => r !== 'resident')! : 'resident';
      let source: Source = b.source ?? SOURCE_BY_ROLE[role];
      if (!staff && source !== 'resident') source = 'resident';
      if (b.onTheSpot && role !== 'grid_worker') throw new AppError('case_action_forbidden', { action: '现场处置' });
      // staff file inside their area; a resident may report anywhere the platform serves
      const scope = staff ? ctx.req.grants.filter((g) => g.role !== 'resident').map((g) => g.regionPath) : null;
      const home = ctx.req.grants.find((g) => g.role === role)?.regionCode ?? null;
      const input: IntakeInput = {
        source, categoryCode: b.categoryCode, description: b.description, lon: b.lon, lat: b.lat, crs: b.crs, address: b.address, regionCode: b.region, gridCode: b.grid,
        photos: b.photos, anonymous: b.anonymous, contactName: b.contactName, contactPhone: b.contactPhone, clientRef: b.clientRef, patrolMembers: b.patrolMembers, onTheSpot: b.onTheSpot,
      };
      const at = await placeReport(ctx.db, input, { scope, fallbackRegion: home });
      const r = await ctx.run(reportCase, { ...input, at, keys: ctx.keys, reporter: { name: actor.displayName, role } });
      ctx.reply.status(r.created ? 201 : 200);
      return wantsRepresentation(ctx) ? detail(ctx, r.id) : { id: r.id, number: r.number, state: r.state };
    },
  }),
  route({
    method: 'POST', url: '/api/intake/hotline', action: policy.hotline,
    summary: '12345 hotline webhook (Authorization: Bearer <integration token>); one case per ticket number',
    description: 'Idempotent on the ticket number: the same ticket again gets 409 `hotline_ticket_duplicate` naming the case, and no second case. Ticket types: 咨询, 求助, 投诉, 举报, 建议. A ticket closes only after a callback is recorded.',
    body: Type.Object({
      ticket: Type.String({ minLength: 1, maxLength: 64 }),
      type: Type.String({ maxLength: 4 }),
      categoryCode: Type.Optional(Type.String({ maxLength: 8 })),
      content: Text(4000),
      address: Type.Optional(Type.String({ maxLength: 200 })),
      region: Type.Optional(RegionCode),
      lon: Type.Optional(Type.Number()), lat: Type.Optional(Type.Number()), crs: Type.Optional(Type.Union(CRS_LIST.map((c) => Type.Literal(c)))),
      callerName: Type.Optional(Type.String({ maxLength: 50 })), callerPhone: Type.Optional(Type.String({ maxLength: 20 })),
      receivedAt: Type.Optional(Type.String({ format: 'date-time' })),
    }, { additionalProperties: false }),
    response: { 201: ref(CaseReported) },
    async handler(ctx) {
      const integ = await integrationFor(ctx, 'hotline');
      const b = ctx.body;
      if (!(b.type in HOTLINE_TYPES)) throw new AppError('hotline_type_invalid');
      const { rows: [reg] } = await ctx.db.query(`SELECT code, path, level FROM region WHERE code = $1`, [integ.regionCode]);
      const input: IntakeInput = {
        source: 'hotline', categoryCode: b.categoryCode, description: b.content, address: b.address, regionCode: b.region, lon: b.lon, lat: b.lat, crs: b.crs,
        contactName: b.callerName, contactPhone: b.callerPhone, hotline: { ticket: b.ticket, type: b.type }, externalId: b.ticket,
        receivedAt: b.receivedAt ? new Date(b.receivedAt) : undefined,
      };
      const at = await placeReport(ctx.db, input, { scope: [reg.path], fallbackRegion: reg.level === 'street' ? reg.code : null });
      const r = await runCommand(ctx.db, { ...systemActor(`integration:${integ.id}`, integ.regionCode), requestId: ctx.requestId }, reportCase,
        { ...input, at, keys: ctx.keys, reporter: { name: integ.name, role: null, integrationId: integ.id }, auditAction: 'cases.hotline' });
      ctx.reply.status(201);
      return { id: r.id, number: r.number, state: r.state };
    },
  }),
];
