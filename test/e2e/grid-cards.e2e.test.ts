/**
 * Contact cards in a real browser (issue #14, "Done when"): the community prints its cards from the console (a PDF
 * download); a card's QR code, decoded here from its PNG, opens the phone's report page with the grid filled in;
 * a resident's report from it — with no position — lands in that grid.
 */
import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD, apiLogin, consoleLogin, launchBrowser, mobileLogin, openPage, pickSewer, screenshot, type ApiSession } from './helpers';

const baseURL = inject('baseURL');
const COMMUNITY = '460107002001'; // 府城社区
const GRID = '460107002001002';
let browser: Browser;
let community: ApiSession, resident: ApiSession;

beforeAll(async () => {
  browser = await launchBrowser();
  [community, resident] = await Promise.all([apiLogin(baseURL, 'community'), apiLogin(baseURL, 'resident')]);
});
afterAll(async () => {
  await browser?.close();
});

async function cardQr(code: string): Promise<string> {
  const login = await fetch(`${baseURL}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'community', password: DEMO_PASSWORD }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const r = await fetch(`${baseURL}/api/grids/${code}/card.png`, { headers: { cookie } });
  expect(r.status).toBe(200);
  const { data, info } = await sharp(Buffer.from(await r.arrayBuffer())).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const qr = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
  expect(qr).not.toBeNull();
  return qr!.data;
}

describe('contact cards', () => {
  test('the community prints its contact cards from the console', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await consoleLogin(page, 'community');
      await page.goto(`/regions/${COMMUNITY}`);
      await page.getByTestId('region-detail').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('community-cards-pdf').click()]);
      expect(download.suggestedFilename()).toBe(`grid-cards-${COMMUNITY}.pdf`);
      const pdf = readFileSync((await download.path())!);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await screenshot(page, 'grid-cards-community');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a card\'s QR code opens the report page with the grid filled in; the report lands in that grid', async () => {
    const url = await cardQr(GRID);
    expect(url).toBe(`${baseURL}/m/report?grid=${GRID}`);
    const grid = (await community.call<{ name: string }>('GET', `/api/grids/${GRID}`)).body;

    const { context, page, errors } = await openPage(browser, baseURL, { mobile: true });
    try {
      // scanned with the phone's camera: the page, then the sign-in, then back to the page with its ?grid=
      await page.goto(url);
      await page.waitForURL('**/m/login');
      await mobileLogin(page, 'resident');
      await page.waitForURL(`**/m/report?grid=${GRID}`);
      await expect.poll(() => page.getByTestId('m-report-grid-name').innerText()).toContain(grid.name);
      const description = `楼道灯不亮（连心卡）${Date.now().toString(36)}`;
      await pickSewer(page);
      await page.getByTestId('m-report-description').locator('textarea:not([aria-hidden])').fill(description);
      await screenshot(page, 'grid-cards-report');
      await page.getByTestId('m-report-submit').click();
      await page.waitForURL(/\/m\/cases\/\d+$/);
      const id = Number(new URL(page.url()).pathname.split('/').pop());
      const d = await resident.call<{ gridCode: string; description: string }>('GET', `/api/cases/${id}`);
      expect(d.body).toMatchObject({ gridCode: GRID, description });
      expect(errors.filter((e) => !/geolocation|位置|定位/i.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
