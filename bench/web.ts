/**
 * Page weight and load time of the phone pages a resident opens first, in headless Chromium on a
 * throttled network (DevTools' emulation: 4 Mbit/s down, 1 Mbit/s up, 150 ms round trip):
 *   - the public 红黑榜, /m/credit?region=<code> (no sign-in), until its first period is shown;
 *   - the resident's report page (随手拍), /m/report, signed in as `resident`, until its form is shown;
 *   - the console's sign-in page, /login, until its form is shown.
 * Each page is opened twice in one fresh browser profile: cold cache (first visit), then warm
 * cache (a new tab, same profile). Bytes are what crossed the network (headers included, as
 * Chromium counts them) until the page was shown and the network was then quiet for 0.5 s (the
 * phone pages prefetch what they need offline: that counts); time is from navigation to shown.
 * Service workers are blocked, so the warm visit measures the HTTP cache (the phone's service
 * worker adds offline start on top of it; its own fetches are not visible to DevTools' throttle).
 */
import { chromium, type Browser, type BrowserContext, type CDPSession } from 'playwright-core';

export const WEB_PROFILE = { downMbit: 4, upMbit: 1, latencyMs: 150 };

/**
 * The same pages measured on 4f1385c, before compression, long-lived caching and the split of the
 * phone's antd-mobile chunk (same profile, same machine, mean of two alternating rounds at load 13–16):
 * printed beside each measurement so the bench shows before and after.
 */
export const WEB_BEFORE: Record<string, Record<'cold' | 'warm', { kb: number; seconds: number }>> = {
  '/m/credit?region=360103013': { cold: { kb: 854, seconds: 3.18 }, warm: { kb: 16, seconds: 1.61 } },
  '/m/report': { cold: { kb: 915, seconds: 3.76 }, warm: { kb: 41, seconds: 1.94 } },
  '/login': { cold: { kb: 1723, seconds: 5.39 }, warm: { kb: 10, seconds: 2.36 } },
};

interface Visit { bytes: number; seconds: number; requests: number; fromCache: number; scripts: string[] }

interface PageSpec {
  name: string;
  path: string;
  ready: string; // a CSS selector shown when the page is usable
  login?: string; // demo account to sign in with first (through the API, not measured)
}

export const WEB_PAGES: PageSpec[] = [
  { name: 'public 红黑榜 /m/credit?region=…', path: '/m/credit?region=360103013', ready: '[data-testid="m-credit-period"], [data-testid="m-credit-empty"]' },
  { name: 'resident report page /m/report', path: '/m/report', ready: '[data-testid="m-report-category-value"]', login: 'resident' },
  { name: 'console sign-in page /login', path: '/login', ready: 'form input[type="password"]' },
];

export function launchBenchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function visit(context: BrowserContext, baseURL: string, spec: PageSpec): Promise<Visit> {
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: WEB_PROFILE.latencyMs,
    downloadThroughput: (WEB_PROFILE.downMbit * 1_000_000) / 8,
    uploadThroughput: (WEB_PROFILE.upMbit * 1_000_000) / 8,
  });
  const inflight = new Set<string>();
  const cached = new Set<string>();
  const scripts: string[] = [];
  let bytes = 0;
  let requests = 0;
  let fromCache = 0;
  let lastActivity = Date.now();
  cdp.on('Network.requestWillBeSent', (e) => { inflight.add(e.requestId); requests++; lastActivity = Date.now(); });
  cdp.on('Network.requestServedFromCache', (e) => { cached.add(e.requestId); });
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromDiskCache || e.response.fromPrefetchCache || e.response.fromServiceWorker) cached.add(e.requestId);
    if (e.type === 'Script') scripts.push(new URL(e.response.url).pathname);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (!inflight.delete(e.requestId)) return;
    if (cached.has(e.requestId)) fromCache++;
    else bytes += e.encodedDataLength;
    lastActivity = Date.now();
  });
  cdp.on('Network.loadingFailed', (e) => { inflight.delete(e.requestId); lastActivity = Date.now(); });

  const t0 = performance.now();
  await page.goto(baseURL + spec.path, { waitUntil: 'commit', timeout: 60_000 });
  await page.locator(spec.ready).first().waitFor({ timeout: 60_000 });
  const seconds = (performance.now() - t0) / 1000;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && (inflight.size > 0 || Date.now() - lastActivity < 500)) await new Promise((r) => setTimeout(r, 50));
  await page.close();
  return { bytes, seconds, requests, fromCache, scripts };
}

/** Measures every page of WEB_PAGES, cold then warm, and reports through `line(name, value)`. */
export async function benchWebPages(baseURL: string, line: (name: string, value: string) => void, browser?: Browser): Promise<void> {
  const own = !browser;
  const b = browser ?? (await launchBenchBrowser());
  const verbose = process.env.BENCH_WEB_VERBOSE === '1';
  const profile = `${WEB_PROFILE.downMbit} Mbit/s, ${WEB_PROFILE.latencyMs} ms`;
  try {
    for (const spec of WEB_PAGES) {
      const context = await b.newContext({ serviceWorkers: 'block', locale: 'zh-CN', viewport: { width: 390, height: 844 }, isMobile: !spec.path.startsWith('/login'), hasTouch: true });
      try {
        if (spec.login) {
          const r = await context.request.post(baseURL + '/api/auth/login', { data: { username: spec.login, password: process.env.GONGZHI_DEMO_PASSWORD || 'gongzhi-demo' } });
          if (!r.ok()) throw new Error(`login ${spec.login}: ${r.status()}`);
        }
        for (const kind of ['cold', 'warm'] as const) {
          const v = await visit(context, baseURL, spec);
          const before = WEB_BEFORE[spec.path]?.[kind];
          line(`${spec.name}, ${kind} cache: transferred (KB)`, `${(v.bytes / 1024).toFixed(0)}${before ? ` (before: ${before.kb})` : ''}`);
          line(`${spec.name}, ${kind} cache: shown after (s, ${profile})`, `${v.seconds.toFixed(2)}${before ? ` (before: ${before.seconds.toFixed(2)})` : ''}`);
          line(`${spec.name}, ${kind} cache: requests (from cache)`, `${v.requests} (${v.fromCache})`);
          if (kind === 'cold' && spec.path.startsWith('/m/')) {
            // a phone page must not pull in the console (antd, its entry) or the maps (leaflet)
            const foreign = v.scripts.filter((s) => /\/assets\/(vendor-antd-(?!mobile)|vendor-leaflet|main-)/.test(s));
            line(`${spec.name}: scripts loaded (console or map code among them)`, `${v.scripts.length} (${foreign.length ? foreign.join(' ') : 'none'})`);
          }
          if (verbose) line(`${spec.name}, ${kind} cache: scripts`, v.scripts.join(' '));
        }
      } finally {
        await context.close();
      }
    }
  } finally {
    if (own) await b.close();
  }
}

// `node --import tsx bench/web.ts http://127.0.0.1:8080` measures a running server.
if (import.meta.url === `file://${process.argv[1]}`) {
  const base = (process.argv[2] ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  await benchWebPages(base, (n, v) => console.log(`web       ${n.padEnd(70)} ${v}`));
}
