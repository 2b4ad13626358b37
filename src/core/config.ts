import path from 'node:path';
import { readFileSync } from 'node:fs';
import { defaultDataDir } from './db/location.js';

/** Process configuration, read once from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  demo: boolean;
  demoPassword: string;
  cookieSecure: boolean;
  version: string;
  logLevel: string;
  /**
   * The address residents reach this installation at (GONGZHI_PUBLIC_URL, e.g. https://gz.example.gov.cn): what a
   * printed link or QR code points to (the grids' contact cards). Null: the address of the request that asks for it.
   */
  publicUrl: string | null;
}

/** GONGZHI_PUBLIC_URL checked at start: an http(s) origin, with an optional path prefix, without a trailing slash. */
export function publicUrlOf(raw: string | undefined): string | null {
  if (!raw) return null;
  let u: URL;
  try { u = new URL(raw); } catch { throw new Error(`GONGZHI_PUBLIC_URL is not a URL: ${raw}`); }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash) throw new Error(`GONGZHI_PUBLIC_URL must be an http(s) address without ?query or #fragment: ${raw}`);
  return `${u.origin}${u.pathname}`.replace(/\/+$/, '');
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

export const projectRoot = root;

export function readVersion(): string {
  try {
    return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
  } catch {
    return '0.0.0';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT is not a valid port: ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.GONGZHI_DATA_DIR ?? defaultDataDir(root, env)),
    databaseUrl: env.DATABASE_URL ? env.DATABASE_URL : null,
    demo: env.GONGZHI_DEMO !== '0' && env.GONGZHI_DEMO !== 'false',
    demoPassword: env.GONGZHI_DEMO_PASSWORD || 'gongzhi-demo',
    cookieSecure: env.GONGZHI_COOKIE_SECURE === '1' || env.GONGZHI_COOKIE_SECURE === 'true',
    version: readVersion(),
    logLevel: env.LOG_LEVEL ?? 'warn',
    publicUrl: publicUrlOf(env.GONGZHI_PUBLIC_URL),
  };
}
