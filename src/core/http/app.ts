/**
 * The HTTP edge: Fastify with schema validation (TypeBox → JSON Schema → OpenAPI),
 * sessions, CSRF, the central policy check, the one error shape, and the built web
 * front end. Modules only supply RouteDefs.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { decide, scopePaths, type Actor, type RoleAssignment } from '../access/policy.js';
import { runCommand, type CommandActor } from '../command.js';
import { loadActor, SESSION_COOKIE } from '../auth/sessions.js';
import { listenCaches } from '../cache.js';
import { projectRoot, type Config } from '../config.js';
import type { Db } from '../db/pool.js';
import type { Keys } from '../privacy/keys.js';
import { AppError, errorDef, messageFor, pickLang, type Lang } from './errors.js';
import { addRealDateFormats, boundSchema, inputGuard } from './input.js';
import { namedSchemas } from './schemas.js';
import type { Ctx, Module, RouteDef } from './module.js';
import { hasWebBuild, registerStatic, sendSpaFallback } from './static.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    lang: Lang;
    scope: string[];
    /** The role assignments that granted this request's action (audit records the first). */
    grants: RoleAssignment[];
  }
  interface FastifyContextConfig {
    action?: string;
  }
}

export interface RegisteredRoute { method: string; url: string; action: string; }

export interface AppOptions {
  db: Db;
  keys: Keys;
  config: Config;
  modules: Module[];
  webDir?: string | null;
  logger?: boolean;
  /**
   * Tests: fail (500) any reply whose response schema changed what the handler returned — a property it does
   * not list (stripped), a value of another type (coerced), a null where it expects a string — naming the route
   * and the first difference. Costs a second serialization per reply; off in production.
   */
  checkResponses?: boolean;
}

export interface App {
  fastify: FastifyInstance;
  routes: RegisteredRoute[];
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function buildApp(opts: AppOptions): Promise<App> {
  const { db, config } = opts;
  const app = Fastify({
    logger: opts.logger ? { level: config.logLevel } : false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: process.env.GONGZHI_TRUST_PROXY === '1',
    bodyLimit: 1024 * 1024,
    ajv: {
      customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, useDefaults: true },
      // real calendar dates for `date` and `date-time` (after ajv-formats, which only checks the shape of a date-time's date)
      onCreate: addRealDateFormats,
    } as any,
  });
  const registered: RegisteredRoute[] = [];

  // The API speaks JSON only (uploads will add multipart where a module needs it).
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('actor', null);
  app.decorateRequest('lang', 'zh-CN');
  app.decorateRequest('scope', null as unknown as string[]);
  app.decorateRequest('grants', null as unknown as RoleAssignment[]);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 25 * 1024 * 1024, files: 1, fields: 10 } });
  // Security headers (CSP, HSTS, frame, referrer …) as @fastify/helmet sets them, computed once: the
  // plugin would build the whole helmet middleware again on every request (two hooks, every directive
  // parsed and validated each time); the values never change, so one hook copies them.
  const securityHeaders = await helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.cookieSecure,
  });
  // one synchronous hook for every request's fixed headers (security, request id, no caching of the API):
  // set before routing, so error and not-found replies carry them as well
  app.addHook('onRequest', (req, reply, done) => {
    reply.headers(securityHeaders);
    reply.header('x-request-id', req.id);
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    done();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '共治 Gongzhi API',
        version: config.version,
        description:
          'Open platform for party-building-led grassroots governance. Every error has the shape ' +
          '`{ "error": { "code", "message", "details" } }`; messages follow Accept-Language (zh-CN default, en). ' +
          'Cookie-authenticated writes must send the session\'s CSRF token in the `x-csrf-token` header.',
      },
      tags: opts.modules.map((m) => ({ name: m.name, description: m.title })),
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } },
      },
    },
    // a named shared schema (schemas.ts, named()) is the component of its own name
    refResolver: { buildLocalReference: (json: any, _base: unknown, _fragment: unknown, i: number) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  for (const schema of namedSchemas()) app.addSchema(schema);
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // one LISTEN connection for the in-process caches (sessions, categories, settings, calendar, grid places)
  await listenCaches(db);
  app.addHook('onRequest', (req, _reply, done) => {
    req.lang = pickLang(req.headers['accept-language']);
    const token = req.cookies[SESSION_COOKIE];
    if (!token) { req.actor = null; done(); return; }
    loadActor(db, token).then((actor) => { req.actor = actor; done(); }, done);
  });

  if (opts.checkResponses) addResponseCheck(app);

  // NUL bytes in path, query or body (JSON, form, multipart) are refused here, once, for /api and Open311 alike
  app.addHook('preValidation', inputGuard);

  // Every /api route must name a policy action; only the API browser is exempt.
  app.addHook('onRoute', (r) => {
    if (!r.url.startsWith('/api') || r.url.startsWith('/api/docs')) return;
    if (!r.config?.action) throw new Error(`Route ${r.method} ${r.url} declares no policy action`);
  });

  app.setErrorHandler((err: any, req, reply) => {
    const lang = req.lang ?? 'zh-CN';
    let appErr: AppError;
    if (err instanceof AppError) appErr = err;
    else if (err.validation) {
      const details = err.validation.map((v: any) => ({
        field: [err.validationContext, ...(v.instancePath || '').split('/').filter(Boolean), v.params?.missingProperty].filter(Boolean).join('.'),
        message: v.message,
        rule: v.keyword,
      }));
      // an impossible calendar date (2026-02-30) has its own code, as the modules' own checks had
      const dateOnly = err.validation.every((v: any) => v.keyword === 'format' && v.params?.format === 'date');
      appErr = dateOnly ? new AppError('date_invalid', { value: dateValue(req, err.validationContext, err.validation[0].instancePath) }, details) : new AppError('validation_failed', {}, details);
    } else if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') appErr = new AppError('unsupported_media_type');
    else if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || err.code === 'FST_REQ_FILE_TOO_LARGE') appErr = new AppError('payload_too_large');
    else if (err.code === 'FST_FILES_LIMIT' || err.code === 'FST_PARTS_LIMIT' || err.code === 'FST_FIELDS_LIMIT') appErr = new AppError('upload_too_many_parts');
    else if (err.code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || err.code === 'FST_NO_FORM_DATA') appErr = new AppError('unsupported_media_type');
    else if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (err instanceof SyntaxError && (err as any).statusCode === 400)) appErr = new AppError('invalid_json');
    else if (err.statusCode === 429) appErr = new AppError('rate_limited', { seconds: 60 });
    else if (err.code === '23505') appErr = new AppError('conflict');
    else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) appErr = new AppError('validation_failed', {}, [{ message: err.message }]);
    else {
      req.log.error(err);
      if (!opts.logger) console.error(`[${req.id}]`, err);
      appErr = new AppError('internal_error', { requestId: req.id });
    }
    if (appErr.code === 'rate_limited' && err.retryAfter) reply.header('retry-after', String(err.retryAfter));
    // a detail that names an error code gets its message in the caller's language too
    const details = appErr.details.map((d: any) => (d && typeof d === 'object' && typeof d.code === 'string' && !d.message && errorDef(d.code) ? { ...d, message: messageFor(d.code, lang, d.params ?? {}) } : d));
    reply.status(appErr.status).send({ error: { code: appErr.code, message: messageFor(appErr.code, lang, appErr.params), details } });
  });

  for (const mod of opts.modules) {
    for (const def of mod.routes) registerRoute(app, db, opts.keys, config, mod, def, registered);
    if (mod.register) await app.register(async (scoped) => mod.register!(scoped, { db, keys: opts.keys, config }));
  }

  // The built console (/) and mobile pages (/m/), served by this same process (static.ts).
  const webDir = opts.webDir === undefined ? path.join(projectRoot, 'dist', 'web') : opts.webDir;
  const hasWeb = hasWebBuild(webDir);
  if (hasWeb) await registerStatic(app, webDir);
  app.setNotFoundHandler((req, reply) => {
    const url = req.url.split('?')[0];
    if (url.startsWith('/api') || !hasWeb || (req.method !== 'GET' && req.method !== 'HEAD')) {
      const e = new AppError('route_not_found', { method: req.method, url });
      return reply.status(404).send({ error: { code: e.code, message: messageFor(e.code, req.lang ?? 'zh-CN', e.params), details: [] } });
    }
    return sendSpaFallback(reply, url);
  });

  await app.ready();
  return { fastify: app, routes: registered };
}

/** The headers @fastify/helmet sets with these options, read once off a throwaway instance. */
async function helmetHeaders(options: Parameters<typeof helmet>[1]): Promise<Record<string, string>> {
  const probe = Fastify();
  await probe.register(helmet, options);
  probe.get('/', async () => 'ok');
  const plain = Fastify();
  plain.get('/', async () => 'ok');
  const [withHelmet, without] = await Promise.all([probe.inject({ method: 'GET', url: '/' }), plain.inject({ method: 'GET', url: '/' })]);
  await Promise.all([probe.close(), plain.close()]);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(withHelmet.headers)) if (!(k in without.headers) && typeof v === 'string') out[k] = v;
  return out;
}

const RETURNED = Symbol('returned');
/** checkResponses: a success's status is one its response schema names, and what the handler returned, as plain JSON, is what the schema made of it. */
function addResponseCheck(app: FastifyInstance) {
  app.addHook('preSerialization', (req, _reply, payload, done) => {
    (req as any)[RETURNED] = JSON.stringify(payload);
    done(null, payload);
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    const response = reply.routeOptions.schema?.response as Record<string, unknown> | undefined;
    // a success the schema does not name would go out unchecked (and untyped in api.gen.ts)
    const status = reply.statusCode;
    if (response && status < 300 && !(String(status) in response || '2xx' in response || 'default' in response)) {
      done(new Error(`${req.method} ${reply.routeOptions.url} answers ${status}, but its response schema names only ${Object.keys(response).join(', ')}`));
      return;
    }
    const returned = (req as any)[RETURNED];
    if (returned === undefined || typeof payload !== 'string' || !response) { done(); return; }
    (req as any)[RETURNED] = undefined;
    const diff = firstDifference(JSON.parse(returned), JSON.parse(payload), '');
    if (diff) done(new Error(`the response schema of ${req.method} ${reply.routeOptions.url} changes the reply at ${diff}`));
    else done();
  });
}

function firstDifference(a: unknown, b: unknown, at: string): string | null {
  if (a === b) return null;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at || '/'} (length ${a.length} → ${b.length})`;
    for (let i = 0; i < a.length; i++) { const d = firstDifference(a[i], b[i], `${at}/${i}`); if (d) return d; }
    return null;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    for (const k of Object.keys(a)) {
      if (!(k in b)) return `${at}/${k} (dropped: ${JSON.stringify((a as any)[k])?.slice(0, 60)})`;
      const d = firstDifference((a as any)[k], (b as any)[k], `${at}/${k}`);
      if (d) return d;
    }
    for (const k of Object.keys(b)) if (!(k in a)) return `${at}/${k} (added: ${JSON.stringify((b as any)[k])?.slice(0, 60)})`;
    return null;
  }
  return `${at || '/'} (${JSON.stringify(a)?.slice(0, 60)} → ${JSON.stringify(b)?.slice(0, 60)})`;
}

/** The value a date-format error points at (for the message). */
function dateValue(req: FastifyRequest, context: string, pointer: string): string {
  let v: any = context === 'params' ? req.params : context === 'querystring' ? req.query : context === 'body' ? req.body : undefined;
  for (const k of (pointer || '').split('/').filter(Boolean)) v = v?.[k.replace(/~1/g, '/').replace(/~0/g, '~')];
  return typeof v === 'string' ? v.slice(0, 40) : '';
}

function registerRoute(app: FastifyInstance, db: Db, keys: Keys, config: Config, mod: Module, def: RouteDef, registered: RegisteredRoute[]) {
  const action = def.action;
  registered.push({ method: def.method, url: def.url, action: action.name });
  const schema: Record<string, unknown> = {
    tags: [mod.name],
    summary: def.summary,
    description: [def.description, `Policy: \`${action.name}\` — ${Array.isArray(action.allow) ? action.allow.join(', ') : action.allow}.`].filter(Boolean).join('\n\n'),
  };
  // every integer and number gets PostgreSQL-safe bounds where the route gives none (OpenAPI shows them too)
  if (def.params) schema.params = boundSchema(def.params);
  if (def.query) schema.querystring = boundSchema(def.query);
  if (def.body) schema.body = boundSchema(def.body);
  if (def.response) schema.response = def.response;
  if (action.allow !== 'public') schema.security = [{ session: [] }];

  app.route({
    method: def.method,
    url: def.url,
    schema,
    config: { action: action.name },
    ...(def.bodyLimit ? { bodyLimit: def.bodyLimit } : {}),
    // Policy runs before validation so an unauthorised caller learns nothing from a 400.
    onRequest: async (req: FastifyRequest) => {
      if (WRITE_METHODS.has(def.method) && req.actor) {
        const sent = req.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, req.actor.csrfToken)) throw new AppError('csrf_failed');
      }
      const verdict = decide(req.actor, action);
      if (!verdict.allowed) throw new AppError(verdict.code);
      req.grants = verdict.grants;
      req.scope = scopePaths(verdict.grants);
    },
    handler: async (req, reply) => {
      const actor = req.actor;
      const grant = req.grants?.[0] ?? actor?.assignments[0];
      const who: CommandActor = { accountId: actor?.accountId ?? null, username: actor?.username ?? null, role: grant?.role ?? null, scopeCode: grant?.regionCode ?? null, requestId: req.id };
      const ctx: Ctx = {
        params: req.params,
        query: req.query,
        body: req.body,
        actor,
        get me(): Actor {
          if (!actor) throw new AppError('unauthenticated');
          return actor;
        },
        scope: req.scope,
        db,
        keys,
        config,
        lang: req.lang,
        requestId: req.id,
        req,
        reply,
        who,
        run: (command, input) => runCommand(db, who, command, input),
        command: (audit, fn) =>
          runCommand(db, audit.actor ? { accountId: audit.actor.actorId, username: audit.actor.actorUsername, role: audit.actor.role, scopeCode: audit.actor.scopeCode, requestId: req.id } : who, {
            name: audit.action,
            run: (tx) => fn(tx),
            audit: {
              targetType: audit.targetType ?? null,
              targetId: (_i, result) => (typeof audit.targetId === 'function' ? audit.targetId(result) : audit.targetId ?? null),
              detail: (_i, result) => (typeof audit.detail === 'function' ? audit.detail(result) : audit.detail ?? {}),
            },
          }, undefined),
      };
      return def.handler(ctx);
    },
  });
}
