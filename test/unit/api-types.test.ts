/**
 * The web's API types (web/shared/api.gen.ts) are generated from the app's OpenAPI document; this
 * is the drift check CI runs with npm test: regenerate in memory, compare with the committed file.
 * Out of date → run `npm run api:types` and commit web/shared/api.gen.ts.
 */
import { describe, expect, it } from 'vitest';
import { apiTypes, committedApiTypes, openApiDocument } from '../../src/cli/api-types.js';

describe('generated API types', () => {
  it('the OpenAPI document is built without a database and names every /api route', async () => {
    const doc = await openApiDocument();
    const paths = Object.keys(doc.paths as Record<string, unknown>);
    expect(paths).toContain('/api/auth/me');
    expect(paths).toContain('/api/cases/{id}');
    expect(paths.length).toBeGreaterThan(100);
  });

  it('web/shared/api.gen.ts is what `npm run api:types` makes from the current schemas', async () => {
    const fresh = await apiTypes();
    expect(fresh).toContain('export interface paths');
    const committed = committedApiTypes();
    expect(committed, 'web/shared/api.gen.ts is missing: run npm run api:types').not.toBeNull();
    // a readable failure: the first line that differs
    if (committed !== fresh) {
      const a = committed!.split('\n');
      const b = fresh.split('\n');
      const i = a.findIndex((line, n) => line !== b[n]);
      expect.fail(`web/shared/api.gen.ts is out of date (line ${i + 1}: committed ${JSON.stringify(a[i])}, now ${JSON.stringify(b[i])}): run npm run api:types`);
    }
  }, 60_000);

  it('a change to a schema shows in the types (the check can fail)', async () => {
    const doc = await openApiDocument();
    // the reply is a named schema (a component the path refers to): change the component
    const ref = (doc.paths as any)['/api/auth/me'].get.responses['200'].content['application/json'].schema.$ref as string;
    expect(ref).toBe('#/components/schemas/Me');
    const me = (doc.components as any).schemas.Me;
    me.properties.extra = { type: 'string' };
    me.required = [...(me.required ?? []), 'extra'];
    expect(await apiTypes(doc)).not.toBe(committedApiTypes());
  }, 60_000);
});
