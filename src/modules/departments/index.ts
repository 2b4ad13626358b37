/**
 * Departments (职能部门): the functional units of a district or city that a street whistles (cases),
 * that hear of overdue disclosures (property) and that rate property companies (credit), and
 * their member accounts. The tables were created by cases' first migration and are declared here
 * since (migrations.ts, 1211); other modules read them through api.ts (functions
 * and the views department_v, department_member_v).
 */
import { Type } from '@sinclair/typebox';
import { route, type Module } from '../../core/http/module.js';
import { named, ref } from '../../core/http/schemas.js';
import { callerRegion, RegionCode } from '../regions/api.js';
import { departmentsDemo } from './demo.js';
import { migrations } from './migrations.js';
import { policy } from './policy.js';
import { departmentsFor } from './store.js';

export const Department = named('Department', Type.Object({ id: Type.Integer(), regionCode: Type.String(), regionName: Type.String(), kind: Type.String(), name: Type.String() }));

export const departmentsModule: Module = {
  name: 'departments',
  title: '职能部门 Departments: the units a street whistles, and their members',
  migrations,
  policy,
  demo: departmentsDemo,
  routes: [
    route({
      method: 'GET', url: '/api/departments', action: policy.read,
      summary: 'Functional departments of the district(s) of a region (the units a street whistles)',
      query: Type.Object({ region: RegionCode }),
      response: { 200: Type.Object({ items: Type.Array(ref(Department)) }) },
      async handler(ctx) {
        const r = await callerRegion(ctx, ctx.query.region, { above: true });
        return { items: await departmentsFor(ctx.db, r.path) };
      },
    }),
  ],
};
