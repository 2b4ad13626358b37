#!/usr/bin/env node
// Builds the console and mobile pages (dist/web) when their sources are newer than the last build.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', 'web', '.build-stamp');

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...fs.readdirSync(p).map((n) => newest(path.join(p, n))));
}

export function webIsStale() {
  if (!fs.existsSync(stamp)) return true;
  const built = fs.statSync(stamp).mtimeMs;
  const sources = Math.max(newest(path.join(root, 'web')), newest(path.join(root, 'vite.config.ts')), newest(path.join(root, 'package-lock.json')));
  return sources > built;
}

export function buildWeb({ force = false } = {}) {
  if (!force && !webIsStale()) return;
  console.log('Building the console and mobile pages (dist/web) …');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) {
    console.error('The web build failed.');
    process.exit(r.status ?? 1);
  }
  fs.writeFileSync(stamp, new Date().toISOString() + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) buildWeb({ force: process.argv.includes('--force') });
