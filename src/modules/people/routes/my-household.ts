/** 实名绑定: a resident's own account and the household it is bound to. */
import { Type } from '@sinclair/typebox';
import { AppError } from '../../../core/http/errors.js';
import { route, type RouteDef } from '../../../core/http/module.js';
import { bindHousehold, myHousehold, recordBindFailure, unbindHousehold } from '../binding.js';
import { policy } from '../policy.js';
import { ref } from '../../../core/http/schemas.js';
import { MyHousehold } from './shared.js';

export const myHouseholdRoutes: RouteDef[] = [
    route({
      method: 'GET', url: '/api/me/household', action: policy.myHousehold,
      summary: 'The household the signed-in resident is bound to (实名绑定), or how many tries are left',
      response: { 200: ref(MyHousehold) },
      async handler(ctx) { return myHousehold(ctx.db, ctx.me.accountId); },
    }),
    route({
      method: 'PUT', url: '/api/me/household', action: policy.myHousehold,
      summary: 'Bind the account to the resident registered with this name and ID number in the community (matched by keyed hash; 5 failures a day)',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 50 }), idNumber: Type.String({ minLength: 1, maxLength: 30 }) }, { additionalProperties: false }),
      response: { 200: ref(MyHousehold) },
      async handler(ctx) {
        try {
          await ctx.command({ action: 'people.household.bind', targetType: 'resident', targetId: (x: number) => String(x) }, (tx) => bindHousehold(tx, ctx.keys, ctx.me.accountId, ctx.scope, ctx.body));
        } catch (e) {
          if (e instanceof AppError && e.code === 'resident_not_matched') await recordBindFailure(ctx.db, ctx.me.accountId);
          throw e;
        }
        return myHousehold(ctx.db, ctx.me.accountId);
      },
    }),
    route({
      method: 'DELETE', url: '/api/me/household', action: policy.myHousehold,
      summary: 'Unbind the account from its household (e.g. after moving out)',
      response: { 200: ref(MyHousehold) },
      async handler(ctx) {
        await ctx.command({ action: 'people.household.unbind', targetType: 'resident', targetId: (x: number) => String(x) }, (tx) => unbindHousehold(tx, ctx.me.accountId));
        return myHousehold(ctx.db, ctx.me.accountId);
      },
    }),
];
