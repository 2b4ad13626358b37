/** Acting on a case: the state machine's actions, the whistle, department tasks, ratings, revealing a contact. */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../core/http/errors.js';
import { route, type RouteDef } from '../../../core/http/module.js';
import { act, loadCase, rate, rateDepartment, reportIn, taskDone, whistle } from '../actions.js';
import { ACTIONS } from '../machine.js';
import { policy } from '../policy.js';
import { departmentTasks } from '../queries.js';
import { decrypt } from '../../../core/privacy/cipher.js';
import { ref } from '../../../core/http/schemas.js';
import { Id, IdParams, Uuids, Text, Satisfaction, WhistleReason, who, detail, CaseDetail, DepartmentTask } from './shared.js';

export const actingRoutes: RouteDef[] = [
  route({
    method: 'POST', url: '/api/cases/:id/actions', action: policy.act,
    summary: 'Move a case: register, reject, dispatch, accept, return, suspend, resume, handle, on_the_spot, verify, close, escalate, supervise, merge',
    description: 'Send the `version` you saw: a stale version gets 409 `case_version_conflict`. An action not allowed from the current state gets 409 `case_transition_invalid`. A department matter by the dispatch catalogue cannot be dispatched below a department (400 `case_department_matter`).',
    params: IdParams,
    body: Type.Object({
      action: Type.Union(ACTIONS.filter((a) => !['whistle', 'reopen'].includes(a)).map((a) => Type.Literal(a))),
      version: Type.Integer({ minimum: 1 }),
      note: Type.Optional(Type.String({ maxLength: 2000 })), reason: Type.Optional(Type.String({ maxLength: 500 })), result: Type.Optional(Type.String({ maxLength: 2000 })),
      photos: Type.Optional(Uuids),
      dispatchTo: Type.Optional(Type.Union([
        Type.Object({ kind: Type.Literal('grid_worker'), accountId: Id }, { additionalProperties: false }),
        Type.Object({ kind: Type.Literal('community') }, { additionalProperties: false }),
        Type.Object({ kind: Type.Literal('property'), name: Text(100) }, { additionalProperties: false }),
        Type.Object({ kind: Type.Literal('department'), departmentId: Id }, { additionalProperties: false }),
      ])),
      into: Type.Optional(Id),
    }, { additionalProperties: false }),
    response: { 200: ref(CaseDetail) },
    async handler(ctx) {
      await ctx.command({ action: `cases.${ctx.body.action}`, targetType: 'case', targetId: String(ctx.params.id), detail: { version: ctx.body.version } },
        (tx) => act(tx, ctx.me, who(ctx), ctx.params.id, ctx.body as any));
      return detail(ctx, ctx.params.id);
    },
  }),
  route({
    method: 'POST', url: '/api/cases/:id/whistle', action: policy.whistle,
    summary: '街道吹哨: summon one lead department and any assisting ones, with a report-in deadline',
    description: 'Reasons (RULES.md): residents_unresolved 群众反映突出街道难以解决, joint_enforcement 综合执法, emergency 应急处置. Report-in limit defaults to the setting cases.reportInMinutes (30).',
    params: IdParams,
    body: Type.Object({
      version: Type.Integer({ minimum: 1 }),
      reason: WhistleReason,
      leadDepartmentId: Type.Optional(Id), assistDepartmentIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
      reportInMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 10080 })), note: Type.Optional(Type.String({ maxLength: 1000 })),
    }, { additionalProperties: false }),
    response: { 200: ref(CaseDetail) },
    async handler(ctx) {
      await ctx.command({ action: 'cases.whistle', targetType: 'case', targetId: String(ctx.params.id), detail: { ...ctx.body } as any },
        (tx) => whistle(tx, ctx.me, who(ctx), ctx.params.id, ctx.body as any));
      return detail(ctx, ctx.params.id);
    },
  }),
  route({
    method: 'POST', url: '/api/cases/:id/tasks/:taskId/report-in', action: policy.departmentTask,
    summary: '部门报到: a summoned department acknowledges and names its handler (the lead\'s report-in accepts the case)',
    params: Type.Object({ id: Id, taskId: Id }),
    body: Type.Object({ handlerName: Text(50), note: Type.Optional(Type.String({ maxLength: 1000 })) }, { additionalProperties: false }),
    response: { 200: ref(CaseDetail) },
    async handler(ctx) {
      await ctx.command({ action: 'cases.report_in', targetType: 'case_task', targetId: String(ctx.params.taskId) }, (tx) => reportIn(tx, ctx.me, who(ctx), ctx.params.id, ctx.params.taskId, ctx.body));
      return detail(ctx, ctx.params.id);
    },
  }),
  route({
    method: 'POST', url: '/api/cases/:id/tasks/:taskId/done', action: policy.departmentTask,
    summary: 'A department reports back its own disposal (the lead\'s result moves the case to handled, for verification)',
    params: Type.Object({ id: Id, taskId: Id }),
    body: Type.Object({ result: Text(2000), photos: Type.Optional(Uuids) }, { additionalProperties: false }),
    response: { 200: ref(CaseDetail) },
    async handler(ctx) {
      await ctx.command({ action: 'cases.task_done', targetType: 'case_task', targetId: String(ctx.params.taskId) }, (tx) => taskDone(tx, ctx.me, who(ctx), ctx.params.id, ctx.params.taskId, ctx.body));
      return detail(ctx, ctx.params.id);
    },
  }),
  route({
    method: 'POST', url: '/api/cases/:id/tasks/:taskId/rating', action: policy.rateDepartment,
    summary: 'The street rates a department\'s work on the case (1–5; feeds the departments\' assessment)',
    params: Type.Object({ id: Id, taskId: Id }),
    body: Type.Object({ score: Type.Integer({ minimum: 1, maximum: 5 }), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
    response: { 200: ref(CaseDetail) },
    async handler(ctx) {
      await ctx.command({ action: 'cases.rate_department', targetType: 'case_task', targetId: String(ctx.params.taskId), detail: { score: ctx.body.score } }, (tx) => rateDepartment(tx, ctx.me, who(ctx), ctx.params.id, ctx.params.taskId, ctx.body));
      return detail(ctx, ctx.params.id);
    },
  }),
  route({
    method: 'POST', url: '/api/cases/:id/rating', action: policy.rate,
    summary: 'Rate a closed case: the resident reporter themselves, or a callback (回访) recorded by staff other than the handler; record a 12345 callback; dissatisfied may reopen once',
    description: 'Satisfaction comes from the reporter. Staff record the resident\'s answer as a callback (caller = the signed-in account, `calledAt` = when); the handler may not (403 `case_callback_by_handler`). A case staff discovered themselves (source grid_worker, patrol or staff) has no rating (409 `case_not_rateable`) and is left out of 解决率 and 满意率.',
    params: IdParams,
    body: Type.Object({
      version: Type.Optional(Type.Integer({ minimum: 1 })), satisfaction: Satisfaction, resolved: Type.Optional(Type.Boolean()),
      note: Type.Optional(Type.String({ maxLength: 1000 })), reopen: Type.Optional(Type.Boolean()), reason: Type.Optional(Type.String({ maxLength: 500 })),
      noCallbackReason: Type.Optional(Type.String({ maxLength: 500 })),
      calledAt: Type.Optional(Type.String({ format: 'date-time', description: '回访: when the resident was called (default now); recorded with the caller (the signed-in account)' })),
    }, { additionalProperties: false }),
    response: { 200: ref(CaseDetail) },
    async handler(ctx) {
      await ctx.command({ action: 'cases.rate', targetType: 'case', targetId: String(ctx.params.id), detail: { satisfaction: ctx.body.satisfaction, reopen: !!ctx.body.reopen } },
        (tx) => rate(tx, ctx.me, who(ctx), ctx.params.id, ctx.body as any));
      return detail(ctx, ctx.params.id);
    },
  }),
  route({
    method: 'GET', url: '/api/departments/mine/tasks', action: policy.departmentTask,
    summary: 'A department\'s whistles: tasks to report in and to report back, late ones flagged',
    query: Type.Object({ state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')])) }),
    response: { 200: Type.Object({ items: Type.Array(ref(DepartmentTask)) }) },
    async handler(ctx) { return { items: await departmentTasks(ctx.db, ctx.me.accountId, ctx.query.state !== 'all') }; },
  }),

  route({
    method: 'POST', url: '/api/cases/:id/reveal-contact', action: policy.act,
    summary: 'The reporter\'s full phone number, to call them back: a reason is required and the reveal is audited (cases.reveal)',
    params: IdParams,
    body: Type.Object({ reason: Type.String({ maxLength: 200 }) }, { additionalProperties: false }),
    response: { 200: Type.Object({ phone: Type.String() }) },
    async handler(ctx) {
      if (ctx.body.reason.trim().length < 4) throw new AppError('reveal_reason_required');
      return ctx.command({ action: 'cases.reveal', targetType: 'case', targetId: String(ctx.params.id), detail: { field: 'reporterPhone', reason: ctx.body.reason.trim() } }, async (tx) => {
        const l = await loadCase(tx, ctx.me, ctx.params.id, false);
        // those who work the case: its dispatchers, its handler and the grid's workers
        if (!(l.rel.street || l.rel.community || l.rel.gridWorker || l.rel.handler)) throw new AppError('case_action_forbidden', { action: '查看联系电话' });
        const { rows } = await tx.query(`SELECT reporter_phone_enc FROM cases WHERE id = $1`, [ctx.params.id]);
        if (!rows[0]?.reporter_phone_enc) throw new AppError('field_not_set');
        return { phone: decrypt(ctx.keys, rows[0].reporter_phone_enc) };
      });
    },
  }),
];
