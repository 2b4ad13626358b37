import { Type } from '@sinclair/typebox';
import { definePolicy } from '../../core/access/policy.js';
import { route, type Module } from '../../core/http/module.js';
import { readVersion } from '../../core/config.js';
import { outboxBacklog } from '../notifications/api.js';
import { auditLag } from '../../core/audit/chain.js';
import { searchBacklog } from '../cases/api.js';

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
      summary: 'Liveness, which database engine is in use, the notification outbox\'s backlog, the audit chain\'s lag and the keyword search\'s',
      description: 'Answers 503 `database_unavailable` while the database cannot be reached. `outbox.pending` is the number of '
        + 'notifications waiting for the outside channel, `outbox.oldestSeconds` the age of the oldest (null when none wait), '
        + '`outbox.failed` those given up after 10 attempts. `audit.unchained` is the number of audit records written and not yet '
        + 'linked into the hash chain (the chainer links them a moment after commit), `audit.oldestSeconds` the age of the oldest (null when none). '
        + '`search.unindexed` is the number of reported cases the keyword search does not find yet (the job cases.search indexes them '
        + 'within about a second), `search.oldestSeconds` the age of the oldest (null when none).',
      response: {
        200: Type.Object({
          status: Type.Literal('ok'), db: Type.Union([Type.Literal('embedded'), Type.Literal('external')]), version: Type.String(),
          outbox: Type.Object({ pending: Type.Integer(), oldestSeconds: Type.Union([Type.Integer(), Type.Null()]), failed: Type.Integer() }),
          audit: Type.Object({ unchained: Type.Integer(), oldestSeconds: Type.Union([Type.Integer(), Type.Null()]) }),
          search: Type.Object({ unindexed: Type.Integer(), oldestSeconds: Type.Union([Type.Integer(), Type.Null()]) }),
        }),
      },
      async handler({ db }) {
        const [outbox, audit, search] = await Promise.all([outboxBacklog(db), auditLag(db), searchBacklog(db)]);
        return { status: 'ok' as const, db: db.kind, version, outbox, audit, search };
      },
    }),
    route({
      method: 'GET', url: '/api/openapi.json', action: policy.openapi,
      summary: 'This API as an OpenAPI 3.1 document, generated from the schemas that validate requests',
      response: { 200: Type.Object({ openapi: Type.String(), info: Type.Object({ title: Type.String(), version: Type.String() }, { additionalProperties: true }), paths: Type.Object({}, { additionalProperties: true }) }, { additionalProperties: true, description: 'an OpenAPI 3.1 document' }) },
      async handler({ req }) {
        return req.server.swagger();
      },
    }),
  ],
};
