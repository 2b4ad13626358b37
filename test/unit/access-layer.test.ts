/**
 * One access layer (docs/ARCHITECTURE.md, "The path of a request", step 5): modules do not write their
 * own scope checks. Scans every .ts file under src/modules for
 *  - `scope-check`: a hand-written `scope.some(…)` or `xs.some((s) => ….startsWith(s))` — load one record
 *    with `visibleOr404(scope, record, code, params)` (missing and out of scope answer the same 404), test a
 *    path with `pathInScope`, refuse with `assertInScope` (403), filter SQL with `scopeSql`;
 *  - `actor-cast`: `ctx.actor as Actor`, `(actor as Actor)`, `ctx.actor!` — use `ctx.me` (401 when nobody
 *    is signed in, never a TypeError);
 *  - `region-in-handler`: `regionForScope(…)` in a route file (a module's index.ts or routes/) — use
 *    `callerRegion(ctx, code, { above })` from regions/api.ts.
 * ALLOW lists what is not converted yet, `file: { check: count }`. It only shrinks: a new occurrence fails,
 * and so does an entry the code no longer needs (lower or remove it as the message says).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

type Check = 'scope-check' | 'actor-cast' | 'region-in-handler';

const ALLOW: Record<string, Partial<Record<Check, number>>> = {
  'src/modules/cases/routes/shared.ts': { 'region-in-handler': 1 }, // the queue's region: residents may name any region (their own reports are the filter)
  'src/modules/cases/intake.ts': { 'scope-check': 1 },
  'src/modules/cases/queries.ts': { 'scope-check': 1 },
  'src/modules/cases/rules.ts': { 'scope-check': 1 },
};

const SCOPE_SOME = /\bscope\.some\s*\(/g;
const SOME_STARTS_WITH = /\.some\(\s*\(?\s*(\w+)\s*\)?\s*=>[^;]*?\.startsWith\(\s*\1\s*\)/g;
const ACTOR_CAST = /\bactor\s*\)?\s+as\s+Actor\b|\bactor!/g;
const REGION_FOR_SCOPE = /\bregionForScope\s*\(/g;

const isRouteFile = (file: string) => /(^|\/)index\.ts$/.test(file) || /(^|\/)routes\//.test(file);

/** Occurrences of each check in one file's text (comments included: a commented-out check is still a copy to delete). */
function scan(file: string, text: string): Partial<Record<Check, number>> {
  const count = (re: RegExp) => (text.match(re) ?? []).length;
  const out: Partial<Record<Check, number>> = {};
  // the same expression can match both scope patterns: count each line once
  const scopeLines = text.split('\n').filter((l) => new RegExp(SCOPE_SOME.source).test(l) || new RegExp(SOME_STARTS_WITH.source).test(l)).length;
  if (scopeLines) out['scope-check'] = scopeLines;
  const casts = count(ACTOR_CAST);
  if (casts) out['actor-cast'] = casts;
  if (isRouteFile(file) && !file.includes('src/modules/regions/')) {
    const calls = count(REGION_FOR_SCOPE);
    if (calls) out['region-in-handler'] = calls;
  }
  return out;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const found: Record<string, Partial<Record<Check, number>>> = {};
for (const f of tsFiles('src/modules')) {
  const file = relative('.', f).split('\\').join('/');
  const hits = scan(file, readFileSync(f, 'utf8'));
  if (Object.keys(hits).length) found[file] = hits;
}

describe('one access layer', () => {
  it('the scanner finds hand-written scope checks, actor casts and regionForScope in handlers', () => {
    const src = [
      "if (!rows[0] || !scope.some((s) => rows[0].path.startsWith(s))) throw new AppError('x_not_found', { id });",
      'const under = (paths: string[], path: string) => paths.some((p) => path.startsWith(p));',
      'const a = ctx.actor as Actor; f((actor as Actor).accountId); g(ctx.actor!.accountId);',
      'const region = await regionForScope(db, query.region, scope, { above: true });',
      'const ok = visibleOr404(scope, row, "x_not_found"); const me = ctx.me.accountId; roles.some((r) => r.startsWith("a"));',
    ].join('\n');
    expect(scan('src/modules/x/index.ts', src)).toEqual({ 'scope-check': 2, 'actor-cast': 3, 'region-in-handler': 1 });
    expect(scan('src/modules/x/store.ts', src)).toEqual({ 'scope-check': 2, 'actor-cast': 3 });
    expect(scan('src/modules/x/routes/things.ts', src)['region-in-handler']).toBe(1);
    expect(scan('src/modules/x/index.ts', src.split('\n')[4])).toEqual({});
  });

  it('no hand-written scope check, actor cast or handler regionForScope outside the allow-list', () => {
    const extra: string[] = [];
    for (const [file, hits] of Object.entries(found)) {
      for (const [check, n] of Object.entries(hits) as [Check, number][]) {
        const allowed = ALLOW[file]?.[check] ?? 0;
        if (n > allowed) extra.push(`  ${file}: ${check} ×${n} (allowed ${allowed})`);
      }
    }
    expect(extra, 'use visibleOr404 / pathInScope / assertInScope (core/access/policy.ts), ctx.me, and callerRegion (regions/api.ts):\n' + extra.join('\n')).toEqual([]);
  });

  it('the allow-list only shrinks: no entry that is no longer needed', () => {
    const stale: string[] = [];
    for (const [file, allowed] of Object.entries(ALLOW)) {
      for (const [check, n] of Object.entries(allowed) as [Check, number][]) {
        const now = found[file]?.[check] ?? 0;
        if (now < n) stale.push(now ? `  ${file}: ${check} lower ${n} to ${now}` : `  ${file}: ${check} remove (none left)`);
      }
    }
    expect(stale, 'ALLOW in test/unit/access-layer.test.ts allows more than the code needs — shrink it:\n' + stale.join('\n')).toEqual([]);
  });
});
