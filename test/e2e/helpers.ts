import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const DEMO_PASSWORD = process.env.GONGZHI_DEMO_PASSWORD || 'gongzhi-demo';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const resultsDir = join(repoRoot, 'test-results');

/** The 9 communities of 府城街道 (460107002) in the demo data. */
export const FUCHENG_COMMUNITIES = [
  '府城社区',
  '北官社区',
  '忠介社区',
  '文庄社区',
  '云露社区',
  '甘蔗园社区',
  '龙昆南社区',
  '北胜社区',
  '鼓楼社区',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Tracked {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
}

/** A fresh context (own cookies) with a desktop viewport, or a phone one with WeChat's user agent. */
export async function openPage(browser: Browser, baseURL: string, opts: { mobile?: boolean } = {}): Promise<Tracked> {
  const context = await browser.newContext(
    opts.mobile
      ? {
          baseURL,
          locale: 'zh-CN',
          viewport: { width: 390, height: 844 },
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
          userAgent:
            'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
            'Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN',
        }
      : { baseURL, locale: 'zh-CN', viewport: { width: 1440, height: 900 } },
  );
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const text = m.text();
    // Failed API calls (401 before login, the deliberate wrong password) are logged by the browser.
    if (/Failed to load resource/.test(text)) return;
    errors.push(`console: ${text}`);
  });
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true });
}

/** Logs in on the console login page; resolves once the app has left /login. */
export async function consoleLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  if (!/\/login/.test(page.url())) await page.goto('/login');
  await page.locator('#login-username').fill(username);
  await page.locator('#login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export async function mobileLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.locator('#m-username').fill(username);
  await page.locator('#m-password').fill(password);
  await page.getByTestId('m-login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/m/login'));
}

/** A demo account's session over plain HTTP (for setup and checks behind the pages): cookie + CSRF token. */
export interface ApiSession {
  user: { id: number | string; displayName: string };
  call: <T = any>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;
}

export async function apiLogin(baseURL: string, username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const res = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const s = (await res.json()) as { user: ApiSession['user']; csrfToken: string };
  return {
    user: s.user,
    call: async (method, path, body) => {
      const r = await fetch(`${baseURL}${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': s.csrfToken,
          accept: 'application/json',
          // the full resource in a POST's reply (POST /api/cases answers only {id, number, state} otherwise)
          prefer: 'return=representation',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/**
 * Opens the antd Select carrying this test id (inside `within` when given), types `search` first if
 * any, clicks the option showing `text`, and waits until the Select shows it.
 */
export async function pickOption(page: Page, testId: string, text: string, search?: string, within?: Locator): Promise<void> {
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count(), { timeout: 15_000, interval: 100 }).toBe(0);
  const select = (within ?? page).getByTestId(testId);
  await select.locator('.ant-select-selector').click();
  if (search) await select.locator('input').first().fill(search);
  // a Select's option or a TreeSelect's node: wait until the (filtered) list shows it, then pick it
  const dropdown = page.locator('.ant-select-dropdown:visible');
  const choice = dropdown.locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper', { hasText: text }).first();
  await choice.waitFor({ timeout: 15_000 });
  await choice.click();
  await expect.poll(() => select.locator('.ant-select-selection-item').first().innerText(), { timeout: 15_000, interval: 100 }).toContain(text);
}

/** Picks 公用设施 / 下水道堵塞 in the phone report page's category cascader (leaves only). */
export async function pickSewer(page: Page): Promise<void> {
  await page.getByTestId('m-report-category-value').click();
  const cascader = page.locator('.adm-cascader');
  await cascader.locator('.adm-list-item', { hasText: '公用设施' }).click();
  await cascader.locator('.adm-list-item', { hasText: '下水道堵塞' }).click();
  await cascader.locator('.adm-cascader-header-button', { hasText: '确定' }).click();
  await expect.poll(() => page.getByTestId('m-report-category-value').innerText()).toBe('公用设施 / 下水道堵塞');
  await cascader.waitFor({ state: 'hidden' });
}
