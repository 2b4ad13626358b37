/**
 * Campaigns in a real browser (issue 14): 府城街道's command centre starts a fire-safety inspection from
 * the console; the grid worker's phone shows the demo's emergency campaign banner first, lists their
 * items, answers one with a problem found and turns it into a case; the street's roll-up counts it.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiLogin, consoleLogin, launchBrowser, mobileLogin, openPage, screenshot } from './helpers';

const baseURL = inject('baseURL');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function step(page: Page, name: string, errors: string[], body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    await screenshot(page, `campaigns-${name}-failed`);
    throw new Error(`${(e as Error).message}\n--- ${page.url()}\n${await page.locator('body').innerText().catch(() => '')}`);
  }
  await screenshot(page, `campaigns-${name}`);
  expect(errors, 'errors in the page').toEqual([]);
}

describe('a campaign down the grids', () => {
  test('the street starts it, the grid worker answers on the phone, a problem becomes a case, the roll-up counts it', async () => {
    const title = `东门片区消防检查 ${Date.now() % 100000}`;
    // the console: 府城街道 starts the campaign (the dialog's defaults: its street, buildings, a fire-safety checklist)
    const desk = await openPage(browser, baseURL);
    let id = 0;
    await step(desk.page, 'create', desk.errors, async () => {
      await desk.page.goto('/login');
      await consoleLogin(desk.page, 'street');
      await desk.page.goto('/campaigns');
      await desk.page.getByTestId('campaign-new').click();
      await desk.page.getByTestId('campaign-title').fill(title);
      await desk.page.getByTestId('campaign-create-submit').click();
      await desk.page.waitForURL(/\/campaigns\/\d+/);
      id = Number(new URL(desk.page.url()).pathname.split('/').pop());
      await desk.page.getByTestId('campaign-rollup').locator('tbody tr').first().waitFor();
    });

    // the phone: the demo's emergency inspection is the banner on top; the new campaign's items are listed
    const phone = await openPage(browser, baseURL, { mobile: true });
    await step(phone.page, 'phone', phone.errors, async () => {
      await phone.page.goto('/m/login');
      await mobileLogin(phone.page, 'gridworker');
      await phone.page.getByTestId('m-campaign-emergency').waitFor();
      await phone.page.getByTestId('m-app-my-campaigns').click();
      const mine = phone.page.getByTestId(`m-campaign-${id}`);
      await mine.waitFor();
      await mine.locator('[data-testid^="m-item-"]').first().click();
      await phone.page.getByTestId('m-campaign-answer').waitFor();
      // 灭火器: 否 (a problem), 通道: 是
      await phone.page.getByTestId('m-answer-q1').getByText('否').click();
      await phone.page.getByTestId('m-answer-q2').getByText('是').click();
      await phone.page.getByTestId('m-answer-submit').click();
      const button = mine.locator('[data-testid^="m-item-case-"]').first();
      await button.waitFor();
      await button.click();
      await phone.page.locator('.adm-picker-header-button').last().click();
      await mine.locator('.adm-tag', { hasText: /^\d{14}$/ }).first().waitFor();
    });

    // behind the pages: one done, one problem, a case linked
    const street = await apiLogin(baseURL, 'street');
    const roll = (await street.call('GET', `/api/campaigns/${id}`)).body;
    expect(roll.totals).toMatchObject({ done: 1, problems: 1 });
    const items = (await street.call('GET', `/api/campaigns/${id}/items?status=problem`)).body.items;
    expect(items[0].caseNumber).toMatch(/^\d+$/);

    await step(desk.page, 'rollup', desk.errors, async () => {
      await desk.page.reload();
      await desk.page.getByTestId('campaign-rollup').getByText('府城社区').waitFor();
      // the problems filter: the item with its case (the whole list pages through every household)
      await desk.page.getByTestId('campaign-items-filter').getByText('有问题', { exact: true }).click();
      await desk.page.getByTestId('campaign-items').getByText(items[0].caseNumber).waitFor();
    });
  });
});
