/** The case category tree (admin-edited). */
import { Type } from '@sinclair/typebox';
import { route, type RouteDef } from '../../../core/http/module.js';
import { named, Nullable, ref } from '../../../core/http/schemas.js';
import { createCategory, listCategories, updateCategory } from '../categories.js';
import { policy } from '../policy.js';
import { Text, CategoryFields, DepartmentKind, Level, LimitUnit, Priority } from './shared.js';

export const CaseCategory = named('CaseCategory', Type.Object({
  code: Type.String(), parent: Nullable(Type.String()), name: Type.String(), nameEn: Type.String(), level: Level,
  departmentKind: Nullable(DepartmentKind), departmentName: Nullable(Type.String()), departmentMatter: Type.Boolean(), priority: Priority,
  responseHours: Type.Number(), resolveValue: Type.Number(), resolveUnit: LimitUnit, registration: Nullable(Type.String()), closing: Nullable(Type.String()),
  escalateOverdue: Type.Boolean(), active: Type.Boolean(), leaf: Type.Boolean(), sensitive: Type.Boolean({ description: 'never shown to outside clients (Open311)' }),
}));

export const categoriesRoutes: RouteDef[] = [
  route({
    method: 'GET', url: '/api/case-categories', action: policy.readCategories,
    summary: 'The case category tree (flat; build the tree from parent). Leaves are what a case takes.',
    response: { 200: Type.Object({ items: Type.Array(ref(CaseCategory)) }) },
    async handler(ctx) { return { items: await listCategories(ctx.db) }; },
  }),
  route({
    method: 'POST', url: '/api/case-categories', action: policy.editCategories,
    summary: 'Add a category',
    body: Type.Object({ code: Type.String({ pattern: '^[0-9]{2,8}$' }), ...CategoryFields, name: Text(50), nameEn: Text(100) }, { additionalProperties: false }),
    response: { 201: ref(CaseCategory) },
    async handler(ctx) {
      const c = await ctx.command({ action: 'cases.category.create', targetType: 'case_category', targetId: ctx.body.code, detail: ctx.body as any }, (tx) => createCategory(tx, ctx.body as any));
      ctx.reply.status(201);
      return c;
    },
  }),
  route({
    method: 'PUT', url: '/api/case-categories/:code', action: policy.editCategories,
    summary: 'Edit a category: level, department, department matter, priority, time limits, escalation, active',
    params: Type.Object({ code: Type.String({ pattern: '^[0-9]{2,8}$' }) }),
    body: Type.Object(CategoryFields, { additionalProperties: false }),
    response: { 200: ref(CaseCategory) },
    async handler(ctx) {
      return ctx.command({ action: 'cases.category.update', targetType: 'case_category', targetId: ctx.params.code, detail: ctx.body as any }, (tx) => updateCategory(tx, ctx.params.code, ctx.body as any));
    },
  }),
];
