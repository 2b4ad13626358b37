/**
 * Starts the Gongzhi server for the browser tests (unless E2E_BASE_URL points at a running one):
 * builds the web front end if it is missing or older than its sources, then runs
 * `node --import tsx src/main.ts` with a fresh GONGZHI_DATA_DIR on a free port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildWeb } from '../../bin/build-web.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const resultsDir = join(repoRoot, 'test-results');
const HEALTH_TIMEOUT_MS = 120_000;

function ensureWebBuild(): void {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  // Vitest sets NODE_ENV=test and the Vite child process would inherit it, leaving a development
  // bundle (React dev build, StrictMode double effects) in dist/web for `npm start` to serve.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    buildWeb(); // rebuilds only when web/ is newer than the last build
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

async function waitForHealth(baseURL: string, child: ChildProcess | null, log: () => string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`the server exited with code ${child.exitCode} before it was healthy:\n${log()}`);
    }
    try {
      const res = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(3000) });
      if (res.ok) {
        const body = (await res.json()) as { status?: string };
        if (body.status === 'ok') return;
        last = JSON.stringify(body);
      } else {
        last = `HTTP ${res.status}`;
      }
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`GET ${baseURL}/api/health was not ok within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${last})\n${log()}`);
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((ok) => {
    const timer = setTimeout(() => ok(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      ok(true);
    });
  });
}

export default async function setup(project: TestProject) {
  mkdirSync(resultsDir, { recursive: true });

  const external = process.env.E2E_BASE_URL?.replace(/\/+$/, '');
  if (external) {
    await waitForHealth(external, null, () => '');
    project.provide('baseURL', external);
    return;
  }

  ensureWebBuild();

  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'gongzhi-e2e-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), GONGZHI_DATA_DIR: dataDir };
  if (!process.env.DATABASE_URL) delete env.DATABASE_URL;
  delete env.E2E_BASE_URL;

  const logFile = createWriteStream(join(resultsDir, 'e2e-server.log'));
  let tail = '';
  const record = (chunk: Buffer) => {
    logFile.write(chunk);
    tail = (tail + chunk.toString()).slice(-6000);
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', record);
  child.stderr!.on('data', record);

  const baseURL = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      if (!(await waitForExit(child, 30_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    logFile.end();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(baseURL, child, () => tail);
  } catch (e) {
    await stop();
    throw e;
  }
  console.log(`[e2e] server ready at ${baseURL} (data ${dataDir})`);
  project.provide('baseURL', baseURL);
  return stop;
}
