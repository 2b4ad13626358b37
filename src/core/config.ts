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
  };
}
