import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleLogin, DEMO_PASSWORD, FUCHENG_COMMUNITIES, launchBrowser, openPage, screenshot } from './helpers';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function treeNodeNames(page: Page): Promise<string[]> {
  return page.locator('.ant-tree [data-testid^="tree-node-"] .gz-tree-name').allInnerTexts();
}

/** Expands a tree node (found by region code) if it is not expanded yet. */
async function expandTreeNode(page: Page, code: string): Promise<void> {
  const node = page.locator('.ant-tree-treenode', { has: page.getByTestId(`tree-node-${code}`) });
  await node.waitFor();
  if ((await node.getAttribute('aria-expanded')) === 'true') return;
  const cls = (await node.locator('.ant-tree-switcher').getAttribute('class')) ?? '';
  if (cls.includes('switcher_open')) return;
  await node.locator('.ant-tree-switcher').click();
}

describe('web console', () => {
  test('street account opens 府城街道 in the region tree and sees its 9 communities', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/');
      await page.waitForURL('**/login');
      await screenshot(page, 'console-login');
      await consoleLogin(page, 'street');

      await expect.poll(() => page.getByTestId('user-display-name').innerText()).toBe('府城街道指挥中心');
      // Non-admins have no audit log entry.
      await expect.poll(() => page.getByTestId('side-menu').innerText()).toContain('区划树');
      expect(await page.getByTestId('side-menu').innerText()).not.toContain('审计日志');

      await page.locator('.ant-tree [data-testid^="tree-node-"]').first().waitFor();
      const street = page.getByTestId('tree-node-460107002');
      if (!(await street.isVisible().catch(() => false))) {
        // Not a scope root: reach it through the search, which reveals it in the tree.
        await page.getByTestId('region-search').locator('input').fill('府城街道');
        await page.getByTestId('region-search').locator('input').press('Enter');
        await page.getByTestId('search-result-460107002').click();
      }
      await street.click();
      await page.waitForURL('**/regions/460107002');
      await expect.poll(() => page.getByTestId('region-detail-name').innerText()).toBe('府城街道');
      expect(await page.getByTestId('region-detail-level').innerText()).toBe('街道');
      expect(await page.getByTestId('region-detail-child-count').innerText()).toBe('9');
      expect(await page.getByTestId('region-detail-path').innerText()).toMatch(/海南省[\s\S]*海口市[\s\S]*琼山区[\s\S]*府城街道/);

      await expandTreeNode(page, '460107002');
      await expect.poll(() => treeNodeNames(page)).toEqual(expect.arrayContaining(FUCHENG_COMMUNITIES));
      const names = await treeNodeNames(page);
      for (const c of FUCHENG_COMMUNITIES) expect(names.filter((n) => n === c)).toHaveLength(1);

      // The children table on the detail panel lists the same 9 communities.
      const table = await page.getByTestId('region-detail').innerText();
      for (const c of FUCHENG_COMMUNITIES) expect(table).toContain(c);
      await screenshot(page, 'console-regions-street');

      // Selecting a community in the tree shows its detail.
      await page.getByTestId('tree-node-460107002001').click();
      await expect.poll(() => page.getByTestId('region-detail-name').innerText()).toBe('府城社区');
      expect(await page.getByTestId('region-detail-level').innerText()).toBe('社区');

      // Search.
      await page.getByTestId('region-search').locator('input').fill('鼓楼');
      await page.getByTestId('region-search').locator('input').press('Enter');
      await page.getByTestId('search-results').getByText('鼓楼社区').click();
      await expect.poll(() => page.getByTestId('region-detail-name').innerText()).toBe('鼓楼社区');
      await screenshot(page, 'console-regions-search');

      // My scope.
      await page.getByTestId('side-menu').getByText('我的权限范围').click();
      await page.waitForURL('**/scope');
      await expect.poll(() => page.getByTestId('scope-roles').innerText()).toContain('街道指挥中心');
      await expect
        .poll(() => page.getByTestId('scope-path-460107002').innerText())
        .toMatch(/海南省[\s\S]*海口市[\s\S]*琼山区[\s\S]*府城街道/);
      await screenshot(page, 'console-scope-street');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('community account sees 府城社区 but none of its sibling communities', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'community');
      await page.getByTestId('tree-node-460107002001').waitFor();
      await expect.poll(() => page.getByTestId('region-detail-name').innerText()).toBe('府城社区');
      expect(await treeNodeNames(page)).toEqual(['府城社区']);

      // Searching for every community still only finds its own.
      await page.getByTestId('region-search').locator('input').fill('社区');
      await page.getByTestId('region-search').locator('input').press('Enter');
      await page.getByTestId('search-results').waitFor();
      await expect.poll(() => page.getByTestId('search-results').innerText()).toContain('府城社区');

      const body = await page.locator('body').innerText();
      expect(body).toContain('府城社区');
      for (const sibling of FUCHENG_COMMUNITIES.slice(1)) expect(body).not.toContain(sibling);
      await screenshot(page, 'console-regions-community');

      // A sibling opened by URL is refused, not shown.
      await page.goto('/regions/460107002002');
      await expect.poll(() => page.locator('.ant-result').count()).toBeGreaterThan(0);
      expect(await page.locator('body').innerText()).not.toContain('北官社区');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('admin opens the audit log, sees the login records and verifies the hash chain', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      // Route guard: a deep link survives the login.
      await page.goto('/audit');
      await page.waitForURL('**/login');
      await consoleLogin(page, 'admin');
      await page.waitForURL('**/audit');

      const rows = page.getByTestId('audit-table').locator('tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('audit-table').innerText()).toMatch(/login/);
      expect(await page.getByTestId('audit-table').innerText()).toContain('admin');

      // Filter by actor.
      await page.getByTestId('audit-filter-actor').fill('street');
      await page.getByTestId('audit-search').click();
      await expect
        .poll(async () => {
          const texts = await page.getByTestId('audit-table').locator('[data-testid="audit-actor"]').allInnerTexts();
          return texts.length > 0 && texts.every((t) => t.trim() === 'street');
        })
        .toBe(true);

      await page.getByTestId('audit-verify').click();
      const result = page.getByTestId('audit-verify-result');
      await result.waitFor();
      expect(await result.getAttribute('data-ok')).toBe('true');
      expect(await result.innerText()).toContain('哈希链校验通过');
      await screenshot(page, 'console-audit');

      // Admin's region tree starts from the provinces.
      await page.getByTestId('side-menu').getByText('区划树').click();
      await page.getByTestId('tree-node-46').waitFor();
      expect(await treeNodeNames(page)).toEqual(expect.arrayContaining(['海南省']));
      await screenshot(page, 'console-regions-admin');

      // A deep link to a community reveals it in the tree, expanding every level above it.
      await page.goto('/regions/460107002001');
      await page.getByTestId('tree-node-460107002001').waitFor();
      await expect.poll(() => page.getByTestId('region-detail-name').innerText()).toBe('府城社区');
      for (const code of ['46', '4601', '460107', '460107002']) {
        const node = page.locator('.ant-tree-treenode', { has: page.getByTestId(`tree-node-${code}`) });
        expect(await node.locator('.ant-tree-switcher').getAttribute('class')).toContain('switcher_open');
      }
      await screenshot(page, 'console-regions-deeplink');

      // The admin's role is not bound to one region.
      await page.getByTestId('side-menu').getByText('我的权限范围').click();
      await expect.poll(() => page.getByTestId('scope-roles').innerText()).toContain('全国');
      await expect.poll(() => page.getByTestId('scope-page').locator('.ant-skeleton').count()).toBe(0);
      await screenshot(page, 'console-scope-admin');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a wrong password shows the server’s Chinese error message', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      // An account no other test signs in with: the server locks an account after repeated failures.
      await page.goto('/login');
      await page.locator('#login-username').fill('resident');
      await page.locator('#login-password').fill(`${DEMO_PASSWORD}-wrong`);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
        page.getByTestId('login-submit').click(),
      ]);
      expect(res.request().headers()['accept-language']).toBe('zh-CN');
      const body = (await res.json()) as { error: { code: string; message: string } };
      // 401 on a fresh server; 429 once a long-running server (E2E_BASE_URL) has seen too many tries.
      expect([401, 429]).toContain(res.status());
      expect(body.error.code).toBe(res.status() === 401 ? 'invalid_credentials' : 'too_many_login_attempts');

      const alert = page.getByTestId('login-error');
      await alert.waitFor();
      const text = (await alert.innerText()).trim();
      expect(text).toBe(body.error.message);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect(page.url()).toContain('/login');
      await screenshot(page, 'console-login-error');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the language switch turns the console into English and is remembered', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'department');
      await page.getByTestId('lang-toggle').click();
      await expect.poll(() => page.getByTestId('side-menu').innerText()).toContain('Region tree');
      await page.reload();
      await expect.poll(() => page.getByTestId('side-menu').innerText()).toContain('My scope');

      // API calls now ask for English.
      const [req] = await Promise.all([
        page.waitForRequest((r) => r.url().includes('/api/scope')),
        page.getByTestId('side-menu').getByText('My scope').click(),
      ]);
      expect(req.headers()['accept-language']).toBe('en');
      await expect.poll(() => page.getByTestId('scope-roles').innerText()).toContain('Department staff');
      await screenshot(page, 'console-scope-english');

      await page.getByTestId('lang-toggle').click();
      await expect.poll(() => page.getByTestId('side-menu').innerText()).toContain('我的权限范围');

      // Logout returns to the login page, and the session is gone.
      await page.getByTestId('logout').click();
      await page.waitForURL('**/login');
      await page.goto('/scope');
      await page.waitForURL('**/login');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
