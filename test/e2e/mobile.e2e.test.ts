import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, mobileLogin, openPage, screenshot } from './helpers';

const baseURL = inject('baseURL');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('mobile H5 pages', () => {
  test('a grid worker logs in at /m/ and sees the home page with their name, role and region', async () => {
    const { context, page, errors } = await openPage(browser, baseURL, { mobile: true });
    try {
      await page.goto('/m/');
      await page.waitForURL('**/m/login');
      const viewport = await page.locator('meta[name="viewport"]').getAttribute('content');
      expect(viewport).toContain('width=device-width');
      await screenshot(page, 'mobile-login');

      await mobileLogin(page, 'gridworker');
      const me = (await page.evaluate(async () => (await fetch('/api/auth/me')).json())) as {
        user: { displayName: string; roles: { role: string; regionCode: string; regionName: string }[] };
      };
      expect(me.user.displayName).toBeTruthy();

      const greeting = page.getByTestId('m-greeting');
      await greeting.waitFor();
      expect(await greeting.innerText()).toContain(me.user.displayName);
      await page.getByTestId('m-role-grid_worker').waitFor();
      expect(await page.getByTestId('m-role-grid_worker').innerText()).toBe('网格员');
      const home = await page.getByTestId('m-home').innerText();
      expect(home).toContain('府城社区');

      // Tiles are only the account's real regions.
      const tiles = page.locator('[data-testid^="m-tile-"]');
      const codes = Array.from(new Set(me.user.roles.map((r) => r.regionCode)));
      expect(await tiles.count()).toBe(codes.length);
      // No horizontal scrolling on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(page, 'mobile-home');

      await tiles.first().click();
      await page.getByTestId('m-region-popup').waitFor();
      await expect.poll(() => page.getByTestId('m-region-popup').innerText()).toContain('海口市');
      await screenshot(page, 'mobile-region');
      await page.getByTestId('m-region-popup').getByRole('button').click();

      // Deep links under /m/ are served by the mobile app too.
      await page.goto('/m/unknown/page');
      await page.getByTestId('m-greeting').waitFor();

      await page.getByTestId('m-logout').click();
      await page.locator('.adm-dialog').getByRole('button', { name: '确定' }).click();
      await page.waitForURL('**/m/login');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a wrong password on the phone shows the Chinese error message', async () => {
    const { context, page } = await openPage(browser, baseURL, { mobile: true });
    try {
      // gridworker2 signs in nowhere else: the server locks an account after repeated failures.
      await page.goto('/m/login');
      await page.locator('#m-username').fill('gridworker2');
      await page.locator('#m-password').fill('not-the-password');
      await page.getByTestId('m-login-submit').click();
      const err = page.getByTestId('m-login-error');
      await err.waitFor();
      expect(await err.innerText()).toMatch(/[\u4e00-\u9fff]/);
      await screenshot(page, 'mobile-login-error');
    } finally {
      await context.close();
    }
  });
});
