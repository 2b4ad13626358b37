import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const repoRoot = dirname(fileURLToPath(import.meta.url));
const webRoot = resolve(repoRoot, 'web');

/**
 * Dev-server only: serve the mobile entry for every /m/* path, like the production server does
 * (Vite's own SPA fallback would hand out the console's index.html).
 */
function mobileFallback(): Plugin {
  return {
    name: 'gongzhi-mobile-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '';
        const path = url.split('?')[0];
        const accept = req.headers.accept ?? '';
        if ((path === '/m' || path.startsWith('/m/')) && !path.includes('.') && accept.includes('text/html')) {
          req.url = '/m/index.html';
        }
        next();
      });
    },
  };
}

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|xml|webmanifest)$/;
const brotli = promisify(brotliCompress);
const gzipP = promisify(gzip);

/**
 * Build only: writes a brotli (.br, quality 10: within 1% of 11 at a third of its time) and a gzip (.gz, level 9) copy beside every text file
 * of the output (assets, pages, the service worker), which the server sends to clients that accept
 * them (src/core/http/static.ts). node:zlib only; a copy that would not be smaller is not written.
 */
function precompress(outDir: string): Plugin {
  return {
    name: 'gongzhi-precompress',
    apply: 'build',
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const files: string[] = [];
        const walk = async (d: string) => {
          for (const e of await readdir(d, { withFileTypes: true })) {
            const p = join(d, e.name);
            if (e.isDirectory()) await walk(p);
            else if (COMPRESSIBLE.test(e.name)) files.push(p);
          }
        };
        await walk(outDir);
        let plain = 0;
        let br = 0;
        // two at a time: brotli is CPU-bound
        const queue = [...files];
        const worker = async () => {
          for (let f = queue.shift(); f; f = queue.shift()) {
            const data = await readFile(f);
            if (data.length < 256) continue;
            const [b, g] = await Promise.all([
              brotli(data, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 10, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: data.length, [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT } }),
              gzipP(data, { level: 9 }),
            ]);
            if (b.length < data.length) await writeFile(f + '.br', b);
            if (g.length < data.length) await writeFile(f + '.gz', g);
            plain += data.length;
            br += Math.min(b.length, data.length);
          }
        };
        await Promise.all([worker(), worker()]);
        const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
        console.log(`dist/web: ${files.length} text files, ${kb(plain)}; brotli ${kb(br)} (.br and .gz written beside them)`);
      },
    },
  };
}

const CHUNKS: [string, RegExp][] = [
  ['vendor-react', /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@remix-run)[\\/]/],
  ['vendor-antd', /[\\/]node_modules[\\/](antd|@ant-design)[\\/]/],
  // Leaflet and the map helpers are loaded only by the map pages, not with the app shell.
  ['vendor-leaflet', /[\\/](node_modules[\\/]leaflet[\\/]|web[\\/]shared[\\/]gridmap\.ts)/],
  // what the console and the phone share (web/shared: session, fetch, language, common strings); the
  // console's dictionary is not here, so the phone does not download it. The property pages' calls
  // and strings (web/shared/property) load with the pages that use them.
  ['app-shared', /[\\/]web[\\/]shared[\\/](?!property[\\/])/],
];
const MOBILE_LIB = /[\\/]node_modules[\\/]antd-mobile[\\/]/;

const MOBILE_FAMILY = /[\\/]node_modules[\\/](antd-mobile|antd-mobile-icons|@react-spring|@use-gesture)[\\/]/;

type ModuleInfoGetter = (id: string) => { importers: readonly string[]; dynamicImporters: readonly string[]; importedIds: readonly string[]; code: string | null } | null;

/**
 * What the phone app's shell and its public pages (the 红黑榜 and a company's breakdown, opened by
 * anyone from a link, no sign-in) import statically. The phone's library code is split in two: what
 * these use (vendor-antd-mobile, vendor-shared) and the rest — forms, pickers, uploaders, their
 * validators — that only the signed-in pages use (vendor-antd-mobile-app, vendor-shared-app), so a
 * public page does not download the report form's libraries.
 */
const LIGHT_ROOTS = ['mobile/main.tsx', 'mobile/credit/CreditListPage.tsx', 'mobile/credit/CreditCompanyPage.tsx'].map((p) => resolve(webRoot, p));
/** Index modules that re-export every component or icon: an importer uses only the names it imports. */
const BARRELS: [string, RegExp][] = [
  ['antd-mobile', /[\\/]node_modules[\\/]antd-mobile[\\/]es[\\/]index\.js$/],
  ['antd-mobile-icons', /[\\/]node_modules[\\/]antd-mobile-icons[\\/]es[\\/]index\.js$/],
];
const names = (list: string) => list.split(',').map((n) => n.trim().split(/\s+as\s+/).pop()!.trim()).filter(Boolean);

/** name → module id, for a barrel's `export { default as Name } from './x'` lines. */
function barrelExports(id: string, getModuleInfo: ModuleInfoGetter): Map<string, string> {
  const info = getModuleInfo(id);
  const map = new Map<string, string>();
  for (const m of (info?.code ?? '').matchAll(/export\s*\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g)) {
    const target = resolve(dirname(id), m[2]);
    const dep = info!.importedIds.find((d) => d === target || d === `${target}.js` || d.startsWith(target + '/index.'));
    if (dep) for (const n of names(m[1])) map.set(n, dep);
  }
  return map;
}

let light: Set<string> | null = null;
function isLight(id: string, getModuleInfo: ModuleInfoGetter): boolean {
  if (!light) {
    const seen = new Set<string>();
    const exportsOf = new Map<string, Map<string, string>>();
    const stack = [...LIGHT_ROOTS];
    while (stack.length) {
      const m = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      const info = getModuleInfo(m);
      for (const d of info?.importedIds ?? []) {
        const barrel = BARRELS.find(([, re]) => re.test(d));
        if (!barrel) {
          stack.push(d);
          continue;
        }
        // only the components this module imports by name, and what the barrel itself runs (global styles)
        const spec = barrel[0].replace(/-/g, '\\-');
        const imported = [...(info?.code ?? '').matchAll(new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*['"]${spec}['"]`, 'g'))].flatMap((x) => names(x[1]));
        if (!exportsOf.has(d)) exportsOf.set(d, barrelExports(d, getModuleInfo));
        const map = exportsOf.get(d)!;
        seen.add(d);
        const targets = new Set(map.values());
        for (const dd of getModuleInfo(d)?.importedIds ?? []) if (!targets.has(dd)) stack.push(dd);
        if (imported.length === 0) stack.push(...targets); // imported some other way: assume everything
        for (const n of imported) if (map.has(n)) stack.push(map.get(n)!);
      }
    }
    light = seen;
  }
  return light.has(id);
}

/**
 * Helpers such as rc-field-form or classnames are used by both antd and antd-mobile. Rollup pulls a
 * manual chunk's dependencies into that chunk, so without care the mobile pages would download
 * all of antd. Libraries reachable from antd-mobile go to a small shared chunk instead.
 */
function usedByMobile(id: string, getModuleInfo: ModuleInfoGetter, memo: Map<string, boolean>): boolean {
  const known = memo.get(id);
  if (known !== undefined) return known;
  memo.set(id, false); // cycle guard
  let result = false;
  const info = getModuleInfo(id);
  for (const imp of [...(info?.importers ?? []), ...(info?.dynamicImporters ?? [])]) {
    if (MOBILE_LIB.test(imp) || (/[\\/]node_modules[\\/]/.test(imp) && usedByMobile(imp, getModuleInfo, memo))) {
      result = true;
      break;
    }
  }
  memo.set(id, result);
  return result;
}
const mobileMemo = new Map<string, boolean>();

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: resolve(webRoot, 'public'),
  plugins: [react(), mobileFallback(), precompress(resolve(repoRoot, 'dist/web'))],
  build: {
    outDir: resolve(repoRoot, 'dist/web'),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: {
        main: resolve(webRoot, 'index.html'),
        mobile: resolve(webRoot, 'm/index.html'),
      },
      output: {
        manualChunks(id, { getModuleInfo }) {
          for (const [name, re] of CHUNKS) if (re.test(id)) return name;
          if (MOBILE_FAMILY.test(id)) return isLight(id, getModuleInfo) ? 'vendor-antd-mobile' : 'vendor-antd-mobile-app';
          if (/[\\/]node_modules[\\/]/.test(id) && usedByMobile(id, getModuleInfo, mobileMemo)) {
            return isLight(id, getModuleInfo) ? 'vendor-shared' : 'vendor-shared-app';
          }
          return undefined;
        },
      },
    },
  },
  server: {
    port: Number(process.env.VITE_PORT ?? 5173),
    proxy: {
      '/api': {
        target: process.env.GONGZHI_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}`,
        changeOrigin: false,
      },
    },
  },
});
