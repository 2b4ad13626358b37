/**
 * Signed-in read throughput and Node CPU per request (issue #13): starts the app (src/main.ts of
 * BENCH_APP_ROOT, default this checkout) on DATABASE_URL (demo loaded if empty), signs in as `street`,
 * then runs autocannon at concurrency 32 against each URL BENCH_READS_RUNS times (default 5) for
 * BENCH_READS_SECONDS (default 8) each and prints every run and the median: req/s and the app
 * process's CPU (utime+stime from /proc) per request in µs.
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/gz_reads node --import tsx bench/reads.ts
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';

const here = path.dirname(new URL(import.meta.url).pathname);
const appRoot = path.resolve(process.env.BENCH_APP_ROOT ?? path.join(here, '..'));
const RUNS = Number(process.env.BENCH_READS_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_READS_SECONDS ?? 8);
const URLS = (process.env.BENCH_READS_URLS ?? '/api/regions/460107002').split(',');
const TICK_US = 10_000;

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
});
const ticks = (pid: number) => { const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); return Number(f[11]) + Number(f[12]); };
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const port = await freePort();
const child = spawn(process.execPath, [...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []), '--import', 'tsx', path.join(appRoot, 'src/main.ts')], {
  cwd: appRoot, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', GONGZHI_NOTIFY_LOG: '0', LOG_LEVEL: 'error' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
try {
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('app exited');
    if (Date.now() > deadline) throw new Error('app not ready');
    try { if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const r = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'street', password: 'gongzhi-demo' }) });
  const cookie = r.headers.getSetCookie().find((c) => c.startsWith('gz_session='))!.split(';')[0];
  for (const u of URLS) {
    const url = `http://127.0.0.1:${port}${u}`;
    await autocannon({ url, connections: 32, duration: 2, headers: { cookie } });
    const rps: number[] = []; const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = ticks(child.pid!);
      const res = await autocannon({ url, connections: 32, duration: SECONDS, headers: { cookie } });
      const t1 = ticks(child.pid!);
      if (res.non2xx) throw new Error(`${u}: ${res.non2xx} non-2xx`);
      rps.push(res.requests.average); cpu.push(((t1 - t0) * TICK_US) / res.requests.total);
      console.log(`${u} run ${i + 1}: ${res.requests.average.toFixed(0)} req/s, ${cpu.at(-1)!.toFixed(0)} µs CPU/request, p99 ${res.latency.p99} ms`);
    }
    console.log(`${u} median: ${median(rps).toFixed(0)} req/s, ${median(cpu).toFixed(0)} µs Node CPU/request`);
  }
} finally {
  child.kill('SIGINT');
  await new Promise((res) => (child.exitCode !== null ? res(null) : child.once('exit', res)));
}
