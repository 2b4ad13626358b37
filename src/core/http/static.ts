/**
 * The built console (/) and phone pages (/m/), served by the API's own process from dist/web.
 *
 * - Compression: the build writes a brotli (.br) and a gzip (.gz) copy beside every text file
 *   (vite.config.ts, `precompress`); the copy the client accepts is sent with Content-Encoding,
 *   the plain file otherwise, always with `Vary: Accept-Encoding`. Nothing is compressed per request.
 * - Caching: Vite names what it writes under /assets/ after a hash of the content, so those files
 *   are cached for a year, `immutable`; everything else (the HTML pages, the phone's service
 *   worker /m/sw.js, the favicon) is `no-cache`: revalidated on every use (a 304 when unchanged),
 *   so a new build reaches every browser on its next visit.
 * - Any other path that is not a file gets its app's page (/m/… the phone pages, else the console),
 *   so the client-side routes can be opened directly; /api/… and paths with an extension get a 404.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** A file Vite wrote under assets/ with a content hash in its name: `name-<hash>.ext` (hash: base64url). */
const FINGERPRINTED = /^[^/\\]+-[A-Za-z0-9_-]{6,}\.[A-Za-z0-9]+$/;

/** The Cache-Control of a file of the web folder, by its path relative to the folder (the plain file's, not its .br/.gz copy's). */
export function cacheControlFor(relPath: string): string {
  const parts = relPath.split(/[\\/]/).filter(Boolean);
  return parts.length === 2 && parts[0] === 'assets' && FINGERPRINTED.test(parts[1]) ? IMMUTABLE : REVALIDATE;
}

/** True when `webDir` holds a build (its index.html). */
export function hasWebBuild(webDir: string | null | undefined): webDir is string {
  return !!webDir && fs.existsSync(path.join(webDir, 'index.html'));
}

/** Serves the web build of `webDir` (see above); call only when hasWebBuild(webDir). */
export async function registerStatic(app: FastifyInstance, webDir: string): Promise<void> {
  const root = path.resolve(webDir);
  await app.register(fastifyStatic, {
    root,
    wildcard: true,
    index: ['index.html'],
    preCompressed: true,
    // our own Cache-Control below (send's default is `public, max-age=0`)
    cacheControl: false,
    setHeaders: (reply, file) => {
      const plain = file.replace(/\.(br|gz)$/, '');
      const rel = path.relative(root, plain);
      reply.header('cache-control', cacheControlFor(rel));
      // the phone pages' service worker lives in /m/ but also controls /m itself (no trailing slash)
      if (rel === path.join('m', 'sw.js')) reply.header('service-worker-allowed', '/m');
    },
  });
}

/** The page of the single-page app that owns `url` (a path without query), for the fallback. */
export function spaPageFor(url: string): string {
  return url === '/m' || url.startsWith('/m/') ? 'm/index.html' : 'index.html';
}

/**
 * The not-found answer for a GET/HEAD of a path outside /api when a build is served: a 404 for
 * a missing file (a path with an extension), else the app's page (compressed and `no-cache`, like
 * the page itself).
 */
export function sendSpaFallback(reply: FastifyReply, url: string): FastifyReply | Promise<unknown> {
  if (path.extname(url)) return reply.status(404).header('cache-control', REVALIDATE).type('text/plain').send('Not found');
  return reply.sendFile(spaPageFor(url));
}
