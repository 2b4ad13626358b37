/**
 * Care plans in a real browser (issue #14): 曙光社区's grid worker 王伟 (demo `wangwei`) opens 关爱走访 on the
 * phone, sees his due list (with last week's missed calls as overdue), loses the signal, logs a call with a
 * sentiment record, regains it and the visit is sent once; the community (`shuguang`) sees the compliance view.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { apiLogin, consoleLogin, launchBrowser, mobileLogin, openPage, screenshot } from './helpers';

const baseURL = inject('baseURL');
let browser: Browser;
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => { browser = await launchBrowser(); });
afterAll(async () => { await browser?.close(); });

describe('care plans', () => {
  test('王伟 logs a call with no signal; it is sent once when the signal returns', async () => {
    const wangwei = await apiLogin(baseURL, 'wangwei');
    const mine = async () => (await wangwei.call<{ items: { notes: string | null; sentiments: { text: string }[] }[] }>('GET', `/api/visits?date=${chinaToday()}&mine=true`)).body.items;
    const before = (await mine()).length;
    const { context, page, errors } = await openPage(browser, baseURL, { mobile: true });
    try {
      await page.goto('/m/login');
      await mobileLogin(page, 'wangwei');
      await page.getByTestId('m-app-care').click();
      await page.waitForURL('**/m/care');
      const due = page.getByTestId('m-care-due');
      await due.waitFor();
      expect(await due.innerText()).toContain('超期');
      await screenshot(page, 'care-due');

      await context.setOffline(true);
      const text = `楼道扶手松动 ${Date.now()}`;
      await due.locator('.adm-list-item').first().click();
      const form = page.getByTestId('m-visit-form');
      await form.waitFor();
      await form.getByText('电话联系').click();
      await form.getByText('养老').click();
      await form.getByPlaceholder('群众反映的问题或诉求').fill(text);
      await form.getByTestId('m-visit-save').click();
      const queued = page.getByTestId('m-visits-queued');
      await queued.waitFor();
      expect(await queued.innerText()).toContain('待发送（1）');
      expect((await mine()).length).toBe(before);

      await context.setOffline(false);
      await expect.poll(() => queued.count(), { timeout: 20_000 }).toBe(0);
      await expect.poll(async () => (await mine()).filter((v) => v.sentiments.some((s) => s.text === text)).length, { timeout: 10_000 }).toBe(1);
      await page.waitForTimeout(1500);
      expect((await mine()).filter((v) => v.sentiments.some((s) => s.text === text)).length).toBe(1);
      await page.getByTestId('m-visits-today').getByText('电话联系').first().waitFor();
      await screenshot(page, 'care-sent');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the community sees the compliance view by grid', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'shuguang');
      await page.goto('/care/compliance?region=150102005002');
      await page.getByTestId('care-compliance-page').waitFor();
      await expect.poll(() => page.getByTestId('care-by-child').innerText(), { timeout: 15_000 }).toContain('第1网格');
      expect(await page.getByTestId('care-due').innerText()).not.toContain('—');
      await screenshot(page, 'care-compliance');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
