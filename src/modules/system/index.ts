import { Type } from '@sinclair/typebox';
import { definePolicy } from '../../core/access/policy.js';
import { route, type Module } from '../../core/http/module.js';
import { readVersion } from '../../core/config.js';

export const policy = definePolicy('system', {
  health: 'public',
  openapi: 'public',
});

const version = readVersion();

export const systemModule: Module = {
  name: 'system',
  title: '系统 Health and API description',
  migrations: [],
  policy,
  routes: [
    route({
      method: 'GET', url: '/api/health', action: policy.health,
      summary: 'Liveness and which database engine is in use',
      response: { 200: Type.Object({ status: Type.Literal('ok'), db: Type.Union([Type.Literal('embedded'), Type.Literal('external')]), version: Type.String() }) },
      async handler({ db }) {
        await db.query('SELECT 1');
        return { status: 'ok' as const, db: db.kind, version };
      },
    }),
    route({
      method: 'GET', url: '/api/openapi.json', action: policy.openapi,
      summary: 'This API as an OpenAPI 3.1 document, generated from the schemas that validate requests',
      async handler({ req }) {
        return req.server.swagger();
      },
    }),
  ],
};
