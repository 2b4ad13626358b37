/**
 * Property services on the phone (docs/party-api.md, "Disclosures" and "Credit ratings and the
 * red/black list"): 红心物业's staff publish a quarterly maintenance-fund statement for 昌九小区
 * with its attachments (the contract as a PDF, the scanned 收支明细表 as an image) and the resident
 * reads it under 物业公示 (lines, totals and balances in yuan), opens both attachments and asks
 * about it (a case); the resident answers the satisfaction survey once (a second answer shows the server's
 * 409); the public red/black list opens with no session and shows a company's breakdown.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createHash } from 'node:crypto';
import type { APIRequestContext, Browser, Page, Response } from 'playwright-core';
import { DEMO_HOMES } from '../../src/modules/property/demo';
import { DEMO_PASSWORD, launchBrowser, mobileLogin, openPage, screenshot } from './helpers';

const baseURL = inject('baseURL');
const CHAONONG = '360103013'; // 朝农街道: the demo publishes its credit period
const ZHANDONG = '360111005'; // 站东街道, 昌九社区's street
const HONGXIN = '南昌红心物业服务有限公司';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A demo account's API (its own cookie jar) and the CSRF header its writes need. */
async function accountApi(username: string): Promise<{ http: APIRequestContext; csrf: Record<string, string> }> {
  const { request: http } = await browser.newContext({ baseURL });
  const res = await http.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status(), `sign in ${username}`).toBe(200);
  return { http, csrf: { 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken } };
}

/** The last quarter that has ended, China time (a disclosure's period may not lie ahead). */
function lastQuarter(): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const q = Math.floor(now.getUTCMonth() / 3); // the current quarter, 0-based = the last one, 1-based
  return q === 0 ? `${now.getUTCFullYear() - 1}-Q4` : `${now.getUTCFullYear()}-Q${q}`;
}

/** A small well-formed PDF: header, objects, a cross-reference table where startxref says, %%EOF. */
function pdf(): Buffer {
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A 2×2 PNG (the 'scan'), drawn by the browser so the test needs no image library. */
async function png(page: Page): Promise<Buffer> {
  const b64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 120;
    c.height = 80;
    const g = c.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 120, 80);
    g.fillStyle = '#c33';
    g.fillRect(10, 10, 100, 20);
    return c.toDataURL('image/png').split(',')[1];
  });
  return Buffer.from(b64, 'base64');
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Runs `body`; on failure adds a screenshot and what the page shows to the error. */
async function onPage(page: Page, name: string, errors: string[], body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    await screenshot(page, `property-mobile-${name}-failed`);
    throw new Error(`${(e as Error).message}\n--- ${page.url()}\n${await page.locator('body').innerText().catch(() => '')}`);
  }
  await screenshot(page, `property-mobile-${name}`);
  expect(errors, 'errors in the page').toEqual([]);
}

async function residentPhone(): Promise<{ page: Page; errors: string[] }> {
  const t = await openPage(browser, baseURL, { mobile: true });
  await t.page.goto('/m/login');
  await mobileLogin(t.page, 'changjiu');
  await t.page.getByTestId('m-greeting').waitFor();
  return t;
}

describe('物业公示 on the phone', () => {
  test('a quarterly maintenance-fund statement published by the property company reads line by line in yuan; a question becomes a case', async () => {
    // 红心物业's own staff account (linked to the company serving 昌九小区) publishes it
    const staff = await accountApi('property');
    const resident = await accountApi('changjiu');
    const mine = (await (await resident.http.get('/api/compounds/mine')).json()) as { items: { id: number; name: string }[] };
    const compound = mine.items.find((c) => c.name === '昌九小区');
    expect(compound, '昌九小区 among the resident’s compounds').toBeTruthy();

    const period = lastQuarter();
    const title = `${period} 专项维修资金使用公示（e2e ${Date.now()}）`;
    const figures = {
      opening: 123_450, // ¥1,234.50
      income: [
        { item: '业主续筹', amount: 5_000_000 },
        { item: '存款利息', amount: 12_345 },
      ],
      spending: [
        { item: '3 栋电梯曳引机更换', amount: 2_800_000 },
        { item: '7 栋屋面防水', amount: 987_654 },
      ],
      closing: 1_348_141, // 1,234.50 + 50,000.00 + 123.45 − 28,000.00 − 9,876.54 = ¥13,481.41
    };
    // the attachments are uploaded first and named in the publish call
    const { page, errors } = await residentPhone();
    const contract = pdf();
    const scan = await png(page);
    const uploaded: { id: string; name: string; mime: string; sha256: string }[] = [];
    for (const [name, mimeType, buffer] of [['电梯曳引机更换合同.pdf', 'application/pdf', contract], ['收支明细表（扫描件）.png', 'image/png', scan]] as const) {
      const r = await staff.http.post('/api/disclosure-files', { multipart: { file: { name, mimeType, buffer } }, headers: staff.csrf });
      expect(r.status(), await r.text()).toBe(201);
      uploaded.push(await r.json());
    }
    expect(uploaded[0]).toMatchObject({ mime: 'application/pdf', sha256: sha256(contract) });
    const body = {
      compoundId: compound!.id, category: 'maintenance_fund', period, title, content: '经业主大会表决同意使用专项维修资金。\n明细如下。', figures,
      attachments: uploaded.map((u) => u.id),
    };
    const unbalanced = await staff.http.post('/api/disclosures', { data: { ...body, figures: { ...figures, closing: figures.closing + 1 } }, headers: staff.csrf });
    expect(unbalanced.status()).toBe(400);
    expect(((await unbalanced.json()) as { error: { code: string } }).error.code).toBe('fund_statement_unbalanced');
    const published = await staff.http.post('/api/disclosures', { data: body, headers: staff.csrf });
    expect(published.status(), await published.text()).toBe(201);
    const d = (await published.json()) as { id: number; publisher: { name: string } };
    expect(d.publisher.name).toBe(HONGXIN);

    await onPage(page, 'disclosure', errors, async () => {
      await page.getByTestId('m-property-section').waitFor();
      await page.getByTestId('m-app-disclosures').click();
      await page.getByTestId('m-compound-item').filter({ hasText: '昌九小区' }).click();
      const item = page.locator(`[data-testid="m-disc-item"][data-disclosure-id="${d.id}"]`);
      await expect.poll(() => item.innerText()).toContain(title);
      const listed = await item.innerText();
      expect(listed).toContain('维修资金使用');
      expect(listed).toContain(HONGXIN);
      await item.click();

      await page.getByTestId('m-fund').waitFor();
      expect(await page.getByTestId('m-disc-title').innerText()).toBe(title);
      expect(await page.getByTestId('m-disc-category').innerText()).toBe('维修资金使用');
      expect(await page.getByTestId('m-disc-period').innerText()).toMatch(/^\d{4} 年第[一二三四]季度$/);
      expect(await page.getByTestId('m-fund-opening').innerText()).toBe('¥1,234.50');
      expect(await page.getByTestId('m-fund-income').allInnerTexts()).toEqual(['业主续筹\t¥50,000.00', '存款利息\t¥123.45']);
      expect(await page.getByTestId('m-fund-spending').allInnerTexts()).toEqual(['3 栋电梯曳引机更换\t¥28,000.00', '7 栋屋面防水\t¥9,876.54']);
      expect(await page.getByTestId('m-fund-income-total').innerText()).toBe('+¥50,123.45');
      expect(await page.getByTestId('m-fund-spending-total').innerText()).toBe('−¥37,876.54');
      expect(await page.getByTestId('m-fund-closing').innerText()).toBe('¥13,481.41');
      await screenshot(page, 'property-mobile-fund');

      // the attachments: listed with their names; the scan shows a thumbnail; each opens in a new page
      const files = page.getByTestId('m-disc-file');
      await expect.poll(() => files.count()).toBe(2);
      expect(await page.getByTestId('m-disc-file-name').allInnerTexts()).toEqual(['电梯曳引机更换合同.pdf', '收支明细表（扫描件）.png']);
      await expect.poll(() => page.getByTestId('m-disc-file-thumb').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
      await page.getByTestId('m-disc-files').scrollIntoViewIfNeeded();
      await screenshot(page, 'property-mobile-attachments');

      const opened = async (index: number): Promise<{ popup: Page; response: Response }> => {
        const url = new URL(`/api/disclosure-files/${uploaded[index].id}`, baseURL).href;
        const response = page.context().waitForEvent('response', (r) => r.url() === url && r.request().isNavigationRequest());
        const [popup] = await Promise.all([page.waitForEvent('popup'), files.nth(index).click()]);
        return { popup, response: await response };
      };
      const shown = await opened(1);
      expect(shown.response.status()).toBe(200);
      expect(shown.response.headers()['content-type']).toBe('image/png');
      await expect.poll(() => shown.popup.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
      await shown.popup.close();
      const doc = await opened(0);
      expect(doc.response.status()).toBe(200);
      expect(doc.response.headers()['content-type']).toBe('application/pdf');
      expect(decodeURIComponent(doc.response.headers()['content-disposition'] ?? '')).toContain('电梯曳引机更换合同.pdf');
      expect(doc.popup.url()).toBe(doc.response.url());
      await doc.popup.close();
      // what the resident's session downloads is the stored contract, byte for byte (the navigation's body is the browser's PDF viewer)
      const bytes = await page.request.get(doc.response.url());
      expect(sha256(await bytes.body())).toBe(uploaded[0].sha256);
      // a resident of another community does not get the file
      const other = await accountApi('wufang');
      expect((await other.http.get(`/api/disclosure-files/${uploaded[0].id}`)).status()).toBe(404);

      await page.getByTestId('m-disc-ask').click();
      await page.getByTestId('m-disc-ask-text').locator('textarea').fill('电梯曳引机更换的招标结果能否公示？');
      await page.getByTestId('m-disc-ask-submit').click();
      const asked = await page.getByTestId('m-disc-asked').innerText();
      const number = /案件编号 (\S+)/.exec(asked)?.[1];
      expect(number, asked).toBeTruthy();
      await page.locator('.adm-dialog-button', { hasText: '查看案件' }).click();
      await expect.poll(() => page.getByTestId('m-case-number').innerText()).toBe(number);
    });
  });
});

describe('物业满意度测评 on the phone', () => {
  test('the resident rates 红心物业 once; a second answer from the same household shows the server’s message', async () => {
    const street = await accountApi('zhandong');
    const schemes = (await (await street.http.get('/api/credit-schemes')).json()) as { items: { id: number; kind: string }[] };
    const scheme = schemes.items.find((s) => s.kind === 'stars');
    expect(scheme, 'a stars scheme').toBeTruthy();
    const year = new Date().getFullYear();
    const created = await street.http.post('/api/credit-periods', {
      data: { schemeId: scheme!.id, regionCode: ZHANDONG, name: `${year} 年度物业服务企业信用评价（e2e）`, startsOn: `${year}-01-01`, endsOn: `${year}-12-31` },
      headers: street.csrf,
    });
    expect(created.status(), await created.text()).toBe(201);
    const periodId = ((await created.json()) as { id: number }).id;
    const resident = await accountApi('changjiu');
    // a survey answer counts per household: the resident's account is bound to their home (我的房屋; the same again if it already is)
    const bound = await resident.http.put('/api/me/household', { data: DEMO_HOMES.changjiu, headers: resident.csrf });
    expect(bound.status(), await bound.text()).toBe(200);

    // two screens of the same household, both opened before either answers
    const { page, errors } = await residentPhone();
    const other = await page.context().newPage();
    await onPage(page, 'survey', errors, async () => {
      await page.getByTestId('m-app-survey').click();
      await other.goto('/m/survey');
      const card = (p: Page) => p.getByTestId('m-survey-item').filter({ hasText: HONGXIN }).filter({ hasText: '昌九小区' });
      for (const p of [page, other]) await expect.poll(() => card(p).getAttribute('data-answered')).toBe('false');

      await card(page).getByTestId('m-survey-submit').click();
      expect(await card(page).getByTestId('m-survey-error').innerText()).toBe('请先选择星级');
      await card(page).locator('[role="radio"][aria-label="4"]').tap();
      await card(page).getByTestId('m-survey-comment').locator('textarea').fill('保洁及时，夜间巡逻可以再加强');
      await card(page).getByTestId('m-survey-submit').click();
      await expect.poll(() => card(page).getAttribute('data-answered')).toBe('true');
      await card(page).getByTestId('m-survey-done').waitFor();

      await card(other).locator('[role="radio"][aria-label="2"]').tap();
      await card(other).getByTestId('m-survey-submit').click();
      await expect.poll(() => card(other).getAttribute('data-answered')).toBe('true');
      const shown = await card(other).getByTestId('m-survey-error').innerText();

      // what the server says to the same household answering again: the page showed just that
      const open = (await (await resident.http.get('/api/credit-surveys/open')).json()) as {
        items: { periodId: number; companyName: string; companyId: number; compoundId: number; compoundName: string; answered: boolean }[];
      };
      const mine = open.items.find((i) => i.periodId === periodId && i.companyName === HONGXIN && i.compoundName === '昌九小区');
      expect(mine?.answered).toBe(true);
      const again = await resident.http.post(`/api/credit-periods/${periodId}/survey`, {
        data: { companyId: mine!.companyId, compoundId: mine!.compoundId, score: 3 },
        headers: { ...resident.csrf, 'accept-language': 'zh-CN' },
      });
      expect(again.status()).toBe(409);
      const { error } = (await again.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('survey_already_answered');
      expect(shown).toBe(error.message);
    });
  });
});

describe('the home page', () => {
  test('a resident has 物业公示, 满意度测评 and the city’s 红黑榜; community staff do not', async () => {
    const { page, errors } = await residentPhone();
    await onPage(page, 'home', errors, async () => {
      for (const tile of ['m-app-disclosures', 'm-app-survey', 'm-app-credit']) await page.getByTestId(tile).waitFor();
      await page.getByTestId('m-app-credit').click();
      await page.getByTestId('m-credit-period').first().waitFor();
      // 昌九社区 is in 南昌市 (3601), whose lists include 朝农街道's
      expect(new URL(page.url()).searchParams.get('region')).toBe('3601');
      expect(await page.getByTestId('m-credit-period-name').first().innerText()).toContain('信用评价');
    });
    const staff = await openPage(browser, baseURL, { mobile: true });
    await staff.page.goto('/m/login');
    await mobileLogin(staff.page, 'nanchang');
    await staff.page.getByTestId('m-greeting').waitFor();
    expect(await staff.page.getByTestId('m-property-section').count()).toBe(0);
  });
});

describe('红黑榜, public', () => {
  test('opens with no session: the lists of 朝农街道 and a company’s breakdown', async () => {
    const { page, errors, context } = await openPage(browser, baseURL, { mobile: true });
    const session = async () => (await context.cookies()).filter((c) => c.name === 'gz_session');
    await onPage(page, 'credit', errors, async () => {
      expect(await session()).toEqual([]);
      await page.goto(`/m/credit?region=${CHAONONG}`);
      await page.getByTestId('m-credit-period').first().waitFor();
      expect(new URL(page.url()).pathname).toBe('/m/credit');
      const period = page.getByTestId('m-credit-period').first();
      expect(await period.getByTestId('m-credit-period-name').innerText()).toContain('信用评价');
      expect(await period.getByTestId('m-credit-scheme').innerText()).not.toBe('');
      const entries = period.getByTestId('m-credit-entry');
      await expect.poll(() => entries.count()).toBeGreaterThan(0);
      await screenshot(page, 'property-mobile-credit-list');
      const first = entries.first();
      const company = await first.getByTestId('m-credit-company').innerText();
      expect(await first.getByTestId('m-credit-code').innerText()).toMatch(/[0-9A-Z]{18}/);
      expect(await first.getByTestId('m-credit-grade').innerText()).toMatch(/^(★+☆*|[A-C]{1,3})$/);

      await first.click();
      await page.getByTestId('m-credit-summary').waitFor();
      expect(await page.getByTestId('m-credit-company-name').innerText()).toBe(company);
      expect(await page.getByTestId('m-credit-total').innerText()).toMatch(/^\d+(\.\d+)?$/);
      await expect.poll(() => page.getByTestId('m-credit-dimension').count()).toBeGreaterThan(1);
      expect(await page.getByTestId('m-credit-dimensions').innerText()).toContain('业主满意度');
      expect(await page.getByTestId('m-credit-evidence').count()).toBeGreaterThan(0);
      expect(await session(), 'no session at any point').toEqual([]);
    });
  });
});
