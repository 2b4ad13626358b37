/**
 * The console (web/console) and the phone (web/mobile) do not import each other: what both use lives
 * in web/shared, which imports neither. Imports are resolved to files, so `../../mobile/x` and an
 * alias-free relative path are caught alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const web = path.join(root, 'web');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

/** The web folder (console, mobile, shared …) each relative import of a file lands in. */
export function importedAreas(file: string, source: string): { spec: string; area: string }[] {
  const specs = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm)]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .filter((s) => s.startsWith('.'));
  return specs.map((spec) => {
    const target = path.relative(web, path.resolve(path.dirname(file), spec));
    return { spec, area: target.startsWith('..') ? '(outside web)' : target.split(path.sep)[0] };
  });
}

const areaOf = (f: string) => path.relative(web, f).split(path.sep)[0];

describe('web layout: console and phone share through web/shared only', () => {
  it('the scan resolves imports to their folder (self-test)', () => {
    const f = path.join(web, 'console', 'pages', 'credit', 'X.tsx');
    expect(importedAreas(f, `import { a } from '../../../mobile/property/text';`)).toEqual([{ spec: '../../../mobile/property/text', area: 'mobile' }]);
    expect(importedAreas(f, `const P = lazy(() => import('../../../shared/x'));\nexport type { T } from '../../i18n';`).map((x) => x.area)).toEqual(['shared', 'console']);
    expect(importedAreas(f, `import 'leaflet/dist/leaflet.css';`)).toEqual([]);
  });

  it('no console file imports a phone file, no phone file a console file, and web/shared neither', () => {
    const all = files(web);
    expect(all.length).toBeGreaterThan(50);
    const wrong: string[] = [];
    for (const f of all) {
      const from = areaOf(f);
      const forbidden = from === 'console' ? ['mobile'] : from === 'mobile' ? ['console'] : from === 'shared' ? ['console', 'mobile'] : [];
      for (const { spec, area } of importedAreas(f, readFileSync(f, 'utf8'))) {
        if (forbidden.includes(area)) wrong.push(`${path.relative(root, f)} imports ${spec}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
