/**
 * The web build served by the app (issue #12, first start): pre-compressed brotli/gzip chosen by
 * Accept-Encoding with `Vary: Accept-Encoding`, fingerprinted /assets/ cached for a year
 * (`immutable`), the pages and the phone's service worker `no-cache`, and the single-page
 * fallback for the phone (/m/…) and console routes. A fake build in a temporary folder, over HTTP.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import type { Db } from '../../src/core/db/pool.js';
import { buildApp, type App } from '../../src/core/http/app.js';
import { modules } from '../../src/modules/index.js';
import { testKeys } from '../support/global-setup.js';
import { testDb } from '../support/app.js';

const JS = `console.log(${JSON.stringify('共治 '.repeat(400))});\n`;
const CONSOLE_HTML = '<!doctype html><html><head><title>console</title><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root">CONSOLE-PAGE</div></body></html>\n';
const MOBILE_HTML = '<!doctype html><html><head><title>m</title><script type="module" src="/assets/app-abc123.js"></script></head><body><div id="root">MOBILE-PAGE</div></body></html>\n';
const SW = "self.addEventListener('fetch', () => undefined);\n";

let dir: string;
let db: Db;
let app: App;
let base: string;

function write(rel: string, text: string, compressed = true) {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (!compressed) return;
  fs.writeFileSync(file + '.br', zlib.brotliCompressSync(Buffer.from(text)));
  fs.writeFileSync(file + '.gz', zlib.gzipSync(Buffer.from(text)));
}

interface Raw { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

function get(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.get(base + url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** The body as the browser reads it, after undoing Content-Encoding. */
function decoded(r: Raw): string {
  const enc = r.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(r.body).toString();
  if (enc === 'gzip') return zlib.gunzipSync(r.body).toString();
  expect(enc).toBeUndefined();
  return r.body.toString();
}

const varyOnEncoding = (r: Raw) => String(r.headers.vary ?? '').toLowerCase().split(/\s*,\s*/).includes('accept-encoding');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-web-'));
  write('index.html', CONSOLE_HTML);
  write('m/index.html', MOBILE_HTML);
  write('m/sw.js', SW);
  write('assets/app-abc123.js', JS);
  write('assets/app-abc123.css', 'body{margin:0}\n', false);
  write('favicon.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>\n', false);
  ({ db } = await testDb());
  app = await buildApp({ db, keys: testKeys(), config: { ...loadConfig({}), dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-test-')) }, modules, webDir: dir });
  await app.fastify.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.fastify.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.fastify.close();
  await db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('static files: compression', () => {
  it('sends the brotli copy when br is accepted (preferred over gzip)', async () => {
    const r = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(varyOnEncoding(r)).toBe(true);
    expect(r.body.length).toBeLessThan(Buffer.byteLength(JS) / 4);
    expect(decoded(r)).toBe(JS);
  });

  it('sends the gzip copy when only gzip is accepted', async () => {
    const r = await get('/assets/app-abc123.js', { 'accept-encoding': 'gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(varyOnEncoding(r)).toBe(true);
    expect(decoded(r)).toBe(JS);
  });

  it('sends the plain file when no encoding (or only identity) is accepted', async () => {
    for (const headers of [{}, { 'accept-encoding': 'identity' }] as Record<string, string>[]) {
      const r = await get('/assets/app-abc123.js', headers);
      expect(r.status).toBe(200);
      expect(r.headers['content-encoding']).toBeUndefined();
      expect(varyOnEncoding(r)).toBe(true);
      expect(r.body.toString()).toBe(JS);
    }
  });

  it('sends the plain file when the build has no compressed copy of it', async () => {
    const r = await get('/assets/app-abc123.css', { 'accept-encoding': 'br, gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.toString()).toBe('body{margin:0}\n');
  });

  it('compresses the pages too', async () => {
    const r = await get('/', { 'accept-encoding': 'br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(decoded(r)).toBe(CONSOLE_HTML);
  });

  it('answers a revalidation of a compressed copy with 304', async () => {
    const first = await get('/assets/app-abc123.js', { 'accept-encoding': 'br' });
    expect(first.headers.etag).toBeTruthy();
    const again = await get('/assets/app-abc123.js', { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
    // the plain file is another representation with another validator
    const plain = await get('/assets/app-abc123.js');
    expect(plain.headers.etag).not.toBe(first.headers.etag);
  });
});

describe('static files: caching', () => {
  it('caches fingerprinted assets for a year, immutable, whatever the encoding', async () => {
    for (const enc of ['br', 'gzip', 'identity']) {
      const r = await get('/assets/app-abc123.js', { 'accept-encoding': enc });
      const cc = String(r.headers['cache-control']);
      expect(cc, enc).toMatch(/\bmax-age=31536000\b/);
      expect(cc, enc).toMatch(/\bimmutable\b/);
      expect(cc, enc).toMatch(/\bpublic\b/);
    }
    expect(String((await get('/assets/app-abc123.css')).headers['cache-control'])).toMatch(/max-age=31536000.*immutable/);
  });

  it('revalidates the pages, the service worker and unhashed files on every use', async () => {
    for (const url of ['/', '/index.html', '/m/', '/m', '/m/index.html', '/m/sw.js', '/favicon.svg']) {
      const r = await get(url, { 'accept-encoding': 'br, gzip' });
      expect(r.status, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('lets the phone service worker control /m', async () => {
    const r = await get('/m/sw.js', { 'accept-encoding': 'br' });
    expect(r.headers['service-worker-allowed']).toBe('/m');
    expect(r.headers['content-type']).toMatch(/javascript/);
    expect(decoded(r)).toBe(SW);
  });
});

describe('static files: single-page fallback', () => {
  it('serves the phone page for /m/… routes, compressed and not cached', async () => {
    for (const url of ['/m/credit?region=360103013', '/m/report', '/m/cases/12']) {
      const r = await get(url, { 'accept-encoding': 'br, gzip' });
      expect(r.status, url).toBe(200);
      expect(r.headers['content-type'], url).toMatch(/text\/html/);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.headers['content-encoding'], url).toBe('br');
      expect(varyOnEncoding(r), url).toBe(true);
      expect(decoded(r), url).toContain('MOBILE-PAGE');
    }
    const plain = await get('/m/report');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(MOBILE_HTML);
  });

  it('serves the console page for console routes', async () => {
    for (const url of ['/login', '/cases/12', '/regions/460107002', '/map']) {
      const r = await get(url, { 'accept-encoding': 'gzip' });
      expect(r.status, url).toBe(200);
      expect(r.headers['cache-control'], url).toBe('no-cache');
      expect(r.headers['content-encoding'], url).toBe('gzip');
      expect(decoded(r), url).toContain('CONSOLE-PAGE');
    }
  });

  it('a missing file is a 404, not a page; an unknown API path is the API 404', async () => {
    const miss = await get('/assets/gone-deadbeef.js', { 'accept-encoding': 'br' });
    expect(miss.status).toBe(404);
    expect(miss.body.toString()).not.toContain('PAGE');
    expect(String(miss.headers['cache-control'])).not.toMatch(/immutable/);
    const api = await get('/api/nothing-here');
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body.toString()).error.code).toBe('route_not_found');
  });
});
