/**
 * A grid worker in the field opens the phone app with no signal at all (issue #4: "a grid
 * worker's report written with no signal is kept on the phone and sent when the signal
 * returns, exactly once"): the service worker serves the app, the last session and the
 * category tree; the report waits as 待发送 and goes out once when the signal is back.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, launchBrowser, mobileLogin, openPage, pickSewer, screenshot } from './helpers';

const baseURL = inject('baseURL');
let browser: Browser;
beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

async function casesWithText(text: string): Promise<number> {
  const r = await fetch(`${baseURL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'gridworker', password: DEMO_PASSWORD }) });
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const list = await (await fetch(`${baseURL}/api/cases?mine=true&limit=200&q=${encodeURIComponent(text)}`, { headers: { cookie } })).json();
  return list.items.length;
}

describe('the phone app with no signal', () => {
  test('opens, takes a report and sends it once when the signal returns', async () => {
    const { context, page } = await openPage(browser, baseURL, { mobile: true });
    const text = `无信号启动上报 ${Date.now().toString(36)}`;
    try {
      await page.goto('/m/login');
      await mobileLogin(page, 'gridworker');
      await page.getByTestId('m-greeting').waitFor();
      // the service worker takes control; one online visit of the report form caches what it needs
      await page.evaluate(async () => { await navigator.serviceWorker.ready; });
      await page.reload();
      await page.getByTestId('m-greeting').waitFor();
      await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
      await page.getByTestId('m-app-report').click();
      await page.getByTestId('m-report').waitFor();
      await page.getByTestId('m-report-category-value').waitFor();
      await page.goto('/m/');
      await page.getByTestId('m-greeting').waitFor();

      await context.setOffline(true);
      await page.reload();
      await page.getByTestId('m-greeting').waitFor();
      await page.getByTestId('m-app-report').click();
      await page.getByTestId('m-report').waitFor();
      await pickSewer(page);
      await page.getByTestId('m-report-description').locator('textarea:not([aria-hidden])').fill(text);
      await page.getByTestId('m-report-address').locator('input').fill('府城社区文庄路 8 号');
      await page.getByTestId('m-report-submit').click();
      await page.waitForURL('**/m/cases');
      const queued = page.getByTestId('m-outbox-item').filter({ hasText: text });
      await queued.waitFor();
      expect(await queued.getByTestId('m-outbox-status').innerText()).toBe('待发送');
      await screenshot(page, 'mobile-offline-start-queued');
      expect(await casesWithText(text)).toBe(0);

      await context.setOffline(false);
      await expect.poll(() => page.getByTestId('m-outbox-item').count(), { timeout: 30_000 }).toBe(0);
      await expect.poll(() => casesWithText(text)).toBe(1);
    } finally {
      await context.close();
    }
  });
});
