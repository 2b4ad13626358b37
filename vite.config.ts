import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
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

const CHUNKS: [string, RegExp][] = [
  ['vendor-react', /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@remix-run)[\\/]/],
  ['vendor-antd-mobile', /[\\/]node_modules[\\/](antd-mobile|antd-mobile-icons|@react-spring|@use-gesture)[\\/]/],
  ['vendor-antd', /[\\/]node_modules[\\/](antd|@ant-design)[\\/]/],
  // Leaflet and the map helpers are loaded only by the map pages, not with the app shell.
  ['vendor-leaflet', /[\\/](node_modules[\\/]leaflet[\\/]|web[\\/]shared[\\/]gridmap\.ts)/],
  ['app-shared', /[\\/]web[\\/](shared[\\/]|console[\\/]i18n\.ts)/],
];
const MOBILE_LIB = /[\\/]node_modules[\\/]antd-mobile[\\/]/;

type ModuleInfoGetter = (id: string) => { importers: readonly string[]; dynamicImporters: readonly string[] } | null;

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
  plugins: [react(), mobileFallback()],
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
          if (/[\\/]node_modules[\\/]/.test(id) && usedByMobile(id, getModuleInfo, mobileMemo)) {
            return 'vendor-shared';
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
