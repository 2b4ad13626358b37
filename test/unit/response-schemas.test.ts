/**
 * Every operation says what it answers (issue #13): its success reply has a response schema, so the
 * web's types (web/shared/api.gen.ts) are generated rather than hand-written, and the API tests check
 * each reply against it (checkResponses). Walks the OpenAPI document and lists the operations whose
 * 2xx reply has no content (a 204 needs none), then compares them with
 * test/unit/response-schemas.allow.json:
 *  - an operation without a response schema that is not in the list fails: give the route a
 *    `response` (a named schema, src/core/http/schemas.ts);
 *  - an entry that now has a schema, or no longer exists, fails too, so the list only shrinks
 *    (`UPDATE_RESPONSE_SCHEMAS=1 npx vitest run test/unit/response-schemas.test.ts` removes such
 *    entries and never adds one).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/cli/api-types.js';

const ALLOW_FILE = 'test/unit/response-schemas.allow.json';
const allow = JSON.parse(readFileSync(ALLOW_FILE, 'utf8')) as { note: string[]; operations: string[] };

/** "METHOD /path" of every operation whose success reply has no schema. */
function withoutResponseSchema(doc: Record<string, any>): string[] {
  const out: string[] = [];
  for (const [p, ops] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(ops)) {
      const ok = Object.entries<any>(op?.responses ?? {}).filter(([code]) => /^2(\d\d|XX)$/i.test(code));
      const described = ok.length > 0 && ok.every(([code, r]) => code === '204' || Object.values<any>(r.content ?? {}).some((c) => c?.schema));
      if (!described) out.push(`${method.toUpperCase()} ${p}`);
    }
  }
  return out.sort();
}

describe('response schemas', () => {
  it('the walk finds an operation without a response schema (the check can fail)', async () => {
    const doc = await openApiDocument();
    const me = (doc.paths as any)['/api/auth/me'].get;
    expect(withoutResponseSchema(doc)).not.toContain('GET /api/auth/me');
    delete me.responses['200'].content;
    expect(withoutResponseSchema(doc)).toContain('GET /api/auth/me');
  }, 60_000);

  it('every operation has a response schema, but those still allowed (a list that only shrinks)', async () => {
    const missing = withoutResponseSchema(await openApiDocument());
    const allowed = new Set(allow.operations);
    const added = missing.filter((op) => !allowed.has(op));
    expect(added, `operations without a response schema: give each route a \`response\` (named schemas, src/core/http/schemas.ts); do not add them to ${ALLOW_FILE}`).toEqual([]);
    const stale = allow.operations.filter((op) => !missing.includes(op));
    if (stale.length && process.env.UPDATE_RESPONSE_SCHEMAS) {
      writeFileSync(ALLOW_FILE, JSON.stringify({ ...allow, operations: allow.operations.filter((op) => missing.includes(op)) }, null, 2) + '\n');
      return;
    }
    expect(stale, `these have a response schema now (or are gone): remove them from ${ALLOW_FILE}`).toEqual([]);
  }, 60_000);
});
