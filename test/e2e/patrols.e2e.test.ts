/**
 * 巡查 and 拆违 in a real browser: 新春社区's grid worker 王红 (`wanghong`) starts a joint patrol on the phone,
 * ends it with a summary, and records the assisted removal of the structure still being persuaded; the
 * district (`xincheng`) then reads the counts and the register of 新春社区 in the console, a structure's
 * steps, and a patrol with its track (the district is staff above it).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleLogin, launchBrowser, mobileLogin, openPage, screenshot } from './helpers';

const baseURL = inject('baseURL');
const XINCHUN = '150102007006';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function run(mobile: boolean, username: string, shot: string, steps: (page: Page) => Promise<void>) {
  const { context, page, errors } = await openPage(browser, baseURL, { mobile });
  try {
    await page.goto(mobile ? '/m/login' : '/login');
    if (mobile) await mobileLogin(page, username);
    else await consoleLogin(page, username);
    try {
      await steps(page);
    } catch (e) {
      await screenshot(page, `${shot}-failed`);
      throw e;
    }
    await screenshot(page, shot);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
}

describe('patrols and illegal structures', () => {
  test('王红 walks a joint patrol and records an assisted removal on her phone', async () => {
    await run(true, 'wanghong', 'patrols-mobile', async (page) => {
      await page.getByTestId('m-app-patrol').click();
      await page.getByTestId('m-patrol-kind').getByText('联动巡查').click();
      await page.getByTestId('m-patrol-members').locator('textarea').fill('新春社区居委会\n新春小区业委会\n新春小区物业');
      await page.getByTestId('m-patrol-start').click();
      const running = page.getByTestId('m-patrol-running');
      await expect.poll(() => running.isVisible()).toBe(true);
      await expect.poll(() => running.textContent()).toContain('新春小区业委会');
      await page.getByTestId('m-patrol-end').click();
      await page.getByTestId('m-patrol-summary').locator('textarea').fill('消防通道畅通');
      await page.locator('.adm-dialog').getByRole('button', { name: '结束巡查' }).click();
      await expect.poll(() => page.getByTestId('m-patrol-start').isVisible()).toBe(true);
      await expect.poll(() => page.getByTestId('m-patrol-history').textContent()).toContain('消防通道畅通');

      await page.goto('/m/structures');
      const counts = page.getByTestId('m-structure-counts');
      await expect.poll(() => counts.textContent()).toContain('自拆 3');
      await expect.poll(() => counts.textContent()).toContain('帮拆 4');
      await page.getByTestId('m-structure-list').getByText('新春小区3号楼地下室私挖扩建').click();
      await page.getByTestId('m-structure-action').getByText('已帮拆').click();
      await page.getByTestId('m-structure-note').locator('textarea').fill('社区协调人员帮助拆除');
      await page.getByTestId('m-structure-step').click();
      await expect.poll(() => counts.textContent()).toContain('帮拆 5');
    });
  });

  test('the district reads 新春社区\'s register, counts and patrols in the console', async () => {
    await run(false, 'xincheng', 'patrols-console', async (page) => {
      await page.goto(`/structures?region=${XINCHUN}`);
      await expect.poll(() => page.getByTestId('structure-count-selfRemoved').textContent()).toBe('3');
      await expect.poll(() => page.getByTestId('structure-count-assistedRemoved').textContent()).toBe('5');
      await expect.poll(() => page.getByTestId(`structure-child-${XINCHUN}001`).textContent()).toContain('新春社区第1网格');
      await page.getByTestId('structures-table').getByText('新春小区3号楼地下室私挖扩建').click();
      await expect.poll(() => page.getByTestId('structure-event').count()).toBe(3);

      await page.goto(`/patrols?region=${XINCHUN}`);
      const rows = page.getByTestId('patrols-table').locator('tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(3);
      await rows.filter({ hasText: '日常巡查' }).first().click();
      await page.getByTestId('patrol-track-show').click();
      await expect.poll(() => page.getByTestId('patrol-track-map').isVisible()).toBe(true);
    });
  });
});
