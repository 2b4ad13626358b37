/**
 * Cases on the phone (issue #4, "Console and mobile"): a resident's 随手拍 with a camera photo and
 * GPS, the grid worker's queue, the offline queue (written with no signal, 待发送, sent once when
 * the signal returns, and a lost answer retried without a second case), and rating a closed case.
 */
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, mobileLogin, openPage, pickSewer, screenshot, apiLogin as apiLoginAt, type ApiSession } from './helpers';

const baseURL = inject('baseURL');
let browser: Browser;

// ------------------------------------------------------------------ helpers

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
/** A small RGB PNG (a brown "sewer" gradient), made here so the test needs no fixture file. */
function makePng(w = 96, h = 64): Buffer {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = 90 + ((x * 2) % 100);
      raw[o + 1] = 60 + ((y * 2) % 80);
      raw[o + 2] = 30;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

type Session = ApiSession;
const apiLogin = (username: string): Promise<Session> => apiLoginAt(baseURL, username);

/** A point well inside 府城社区 grid 001 (lower-left part, clear of the dedicated grids laid inside it). */
let point: { latitude: number; longitude: number };
const GRID_001 = '460107002001001';

async function phone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const t = await openPage(browser, baseURL, { mobile: true });
  await t.context.grantPermissions(['geolocation'], { origin: baseURL });
  await t.context.setGeolocation({ ...point, accuracy: 12 });
  return t;
}

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/m/login');
  try {
    await mobileLogin(page, username);
    await page.getByTestId('m-greeting').waitFor();
  } catch (e) {
    await screenshot(page, `mobile-case-signin-failed-${username}`);
    throw new Error(`${(e as Error).message}\n--- page: ${page.url()}\n${await page.locator('body').innerText().catch(() => '')}`);
  }
}

async function fillReport(page: Page, description: string, address?: string, photo: Buffer = makePng()): Promise<void> {
  await page.getByTestId('m-report').waitFor();
  await expect.poll(() => page.getByTestId('m-report-geo').getAttribute('data-status')).toBe('ok');
  expect(await page.getByTestId('m-report-geo-text').innerText()).toContain('±12');
  await pickSewer(page);
  await page.getByTestId('m-report-description').locator('textarea:not([aria-hidden])').fill(description);
  if (address) await page.getByTestId('m-report-address').locator('input').fill(address);
  await page.getByTestId('m-report-photos-input').setInputFiles({ name: 'sewer.png', mimeType: 'image/png', buffer: photo });
  await expect.poll(() => page.getByTestId('m-report-photos-item').count()).toBe(1);
}

async function casesWith(s: Session, description: string): Promise<{ id: number; description: string; state: string }[]> {
  const r = await s.call<{ items: { id: number; description: string; state: string }[] }>(
    'GET',
    `/api/cases?q=${encodeURIComponent(description)}&limit=50`,
  );
  expect(r.status).toBe(200);
  return r.body.items.filter((c) => c.description === description);
}

// ------------------------------------------------------------------ setup

let resident: Session;
let gridworker: Session;
let community: Session;
const stamp = Date.now().toString(36);
const residentText = `小区南门下水道堵塞，污水外溢 ${stamp}`;
let residentCaseId = 0;

beforeAll(async () => {
  browser = await launchBrowser();
  [resident, gridworker, community] = await Promise.all([apiLogin('resident'), apiLogin('gridworker'), apiLogin('community')]);
  const g = await gridworker.call<{ geometry: { coordinates: number[][][] } }>('GET', `/api/grids/${GRID_001}`);
  expect(g.status).toBe(200);
  const ring = g.body.geometry.coordinates[0];
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  point = { longitude: x0 + (x1 - x0) * 0.15, latitude: y0 + (y1 - y0) * 0.15 };
  const at = await gridworker.call<{ grid: { code: string } | null }>('GET', `/api/grids/locate?lon=${point.longitude}&lat=${point.latitude}`);
  expect(at.body.grid?.code).toBe(GRID_001);
});
afterAll(async () => {
  await browser?.close();
});


/** A resident's case at the given stage, driven through the API (community registers and dispatches to gridworker …). */
async function caseAt(stage: 'dispatched' | 'closed', description: string): Promise<{ id: number; version: number; state: string }> {
  const created = await resident.call('POST', '/api/cases', { categoryCode: '0601', description, lon: point.longitude, lat: point.latitude });
  expect(created.status).toBe(201);
  let c = created.body as { id: number; version: number; state: string };
  const step = async (who: Session, body: Record<string, unknown>) => {
    const r = await who.call('POST', `/api/cases/${c.id}/actions`, { version: c.version, ...body });
    expect(r.status, `${String(body.action)}: ${JSON.stringify(r.body)}`).toBe(200);
    c = r.body;
  };
  await step(community, { action: 'register' });
  await step(community, { action: 'dispatch', dispatchTo: { kind: 'grid_worker', accountId: Number(gridworker.user.id) } });
  if (stage === 'dispatched') return c;
  await step(gridworker, { action: 'accept' });
  await step(gridworker, { action: 'handle', result: '已疏通' });
  await step(community, { action: 'verify_pass' });
  await step(community, { action: 'close' });
  return c;
}

// ------------------------------------------------------------------ tests

describe('cases on the phone', () => {
  test('a resident reports a blocked sewer (随手拍) with a camera photo and GPS; it shows in 我的上报', async () => {
    const { context, page, errors } = await phone();
    try {
      await signIn(page, 'resident');
      await page.getByTestId('m-app-report').click();
      await page.waitForURL('**/m/report');
      expect(await page.getByTestId('m-report').innerText()).toContain('匿名（对公众）');
      await fillReport(page, residentText);
      await page.getByTestId('m-report-anonymous').click();
      await page.getByTestId('m-report-contact-phone').locator('input').fill('13800138000');
      // no horizontal scrolling on a phone
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(page, 'mobile-case-report');
      await page.getByTestId('m-report-submit').click();

      await page.waitForURL(/\/m\/cases\/\d+$/);
      residentCaseId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByTestId('m-case-card').waitFor();
      expect(await page.getByTestId('m-case-description').innerText()).toBe(residentText);
      expect(await page.getByTestId('m-case-state').first().innerText()).toBe('待立案');
      await expect.poll(() => page.getByTestId('m-case-photos-item').count()).toBe(1);
      // the photo is served back to its reporter
      const img = page.getByTestId('m-case-photos-item').locator('img');
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
      await screenshot(page, 'mobile-case-detail');

      // The server has it in the right grid, with the photo, the point and the contact.
      const d = await resident.call('GET', `/api/cases/${residentCaseId}`);
      expect(d.status).toBe(200);
      expect(d.body.categoryCode).toBe('0601');
      expect(d.body.gridCode).toBe(GRID_001);
      expect(d.body.source).toBe('resident');
      expect(d.body.photos).toHaveLength(1);
      expect(d.body.lon).toBeCloseTo(point.longitude, 5);
      expect(d.body.lat).toBeCloseTo(point.latitude, 5);

      // 我的上报
      await page.goto('/m/cases');
      const item = page.getByTestId('m-case-item').filter({ hasText: residentText });
      await item.waitFor();
      expect(await item.getByTestId('m-case-state').innerText()).toBe('待立案');
      await screenshot(page, 'mobile-case-mine');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the grid worker of grid 001 finds it in their queue (待我处理) and in 网格内未结', async () => {
    expect(residentCaseId).toBeGreaterThan(0);
    const { context, page, errors } = await phone();
    try {
      await signIn(page, 'gridworker');
      // the new case is announced: the home page shows the unread count
      await expect.poll(() => page.getByTestId('m-bell').innerText()).toMatch(/\d/);
      await screenshot(page, 'mobile-case-home');
      await page.getByTestId('m-app-cases').click();
      await page.waitForURL('**/m/cases');
      const item = page.getByTestId('m-case-item').filter({ hasText: residentText });
      await item.waitFor();
      await page.getByRole('tab', { name: '网格内未结' }).click();
      await page.getByTestId('m-case-item').filter({ hasText: residentText }).waitFor();
      await page.getByTestId('m-case-item').filter({ hasText: residentText }).click();
      await page.waitForURL(`**/m/cases/${residentCaseId}`);
      await page.getByTestId('m-case-card').waitFor();
      // staff see the reporter, masked
      expect(await page.getByTestId('m-case-detail').innerText()).toContain('138****8000');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('offline: a grid worker writes a report with no signal; it waits as 待发送 and is sent exactly once when online', async () => {
    const { context, page, errors } = await phone();
    const text = `离线上报：巷口下水道堵塞 ${stamp}`;
    try {
      await signIn(page, 'gridworker');
      await page.getByTestId('m-app-report').click();
      await page.waitForURL('**/m/report');
      await expect.poll(() => page.getByTestId('m-report-geo').getAttribute('data-status')).toBe('ok');

      await context.setOffline(true);
      await page.getByTestId('m-report-offline').waitFor();
      // a big camera-sized picture: scaled to ≤ 1600 px and re-encoded as JPEG on the phone
      await fillReport(page, text, '府城社区文庄路巷口', makePng(3200, 2400));
      expect(await page.getByTestId('m-report-submit').innerText()).toContain('有网后自动发送');
      await page.getByTestId('m-report-submit').click();

      await page.waitForURL('**/m/cases');
      const queued = page.getByTestId('m-outbox-item').filter({ hasText: text });
      await queued.waitFor();
      expect(await queued.getByTestId('m-outbox-status').innerText()).toBe('待发送');
      await screenshot(page, 'mobile-case-outbox');
      // Still on the phone only.
      expect(await casesWith(gridworker, text)).toHaveLength(0);
      // Kept in IndexedDB with its photo (survives a closed tab).
      const stored = await page.evaluate(
        () =>
          new Promise<{ n: number; photo: { bytes: number; type: string; width: number; height: number } | null }>((ok, fail) => {
            const req = indexedDB.open('gongzhi-mobile');
            req.onerror = () => fail(req.error);
            req.onsuccess = () => {
              const all = req.result.transaction('outbox').objectStore('outbox').getAll();
              all.onsuccess = () => {
                const items = all.result as { photos: { data: ArrayBuffer; type: string; width: number; height: number }[] }[];
                const p = items[0]?.photos[0];
                ok({ n: items.length, photo: p ? { bytes: p.data.byteLength, type: p.type, width: p.width, height: p.height } : null });
              };
            };
          }),
      );
      expect(stored.n).toBe(1);
      expect(stored.photo).toMatchObject({ type: 'image/jpeg', width: 1600, height: 1200 });
      expect(stored.photo!.bytes).toBeGreaterThan(1000);

      // The signal returns: it goes out by itself, once.
      await context.setOffline(false);
      await expect.poll(() => page.getByTestId('m-outbox-item').count(), { timeout: 20_000 }).toBe(0);
      await page.getByTestId('m-case-item').filter({ hasText: text }).waitFor();
      // the keyword index follows new cases within a second (the job cases.search)
      await expect.poll(async () => (await casesWith(gridworker, text)).length, { timeout: 5000 }).toBe(1);
      const found = await casesWith(gridworker, text);
      const d = await gridworker.call('GET', `/api/cases/${found[0].id}`);
      expect(d.body.source).toBe('grid_worker');
      expect(d.body.photos).toHaveLength(1);
      expect(d.body.photos[0]).toMatchObject({ width: 1600, height: 1200 });
      expect(d.body.gridCode).toBe(GRID_001);
      // Nothing is left to send twice.
      await page.waitForTimeout(1500);
      expect(await casesWith(gridworker, text)).toHaveLength(1);
      await screenshot(page, 'mobile-case-outbox-sent');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a lost answer: the case is filed but the phone never hears back; the retry returns the same case (one case)', async () => {
    const { context, page, errors } = await phone();
    const text = `应答丢失：下水道返臭 ${stamp}`;
    try {
      await signIn(page, 'gridworker');
      await page.getByTestId('m-app-report').click();
      await page.waitForURL('**/m/report');
      // The first POST /api/cases reaches the server, its answer is dropped on the way back.
      let posts = 0;
      const statuses: number[] = [];
      const refs: string[] = [];
      await page.route('**/api/cases', async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        posts++;
        refs.push((route.request().postDataJSON() as { clientRef: string }).clientRef);
        const res = await route.fetch();
        statuses.push(res.status());
        if (posts === 1) await route.abort('connectionreset');
        else await route.fulfill({ response: res });
      });
      await fillReport(page, text);
      await page.getByTestId('m-report-submit').click();
      await page.waitForURL('**/m/cases');
      // it was filed once, the phone still has it queued and retries by itself
      await expect.poll(() => posts, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
      await expect.poll(() => page.getByTestId('m-outbox-item').count(), { timeout: 20_000 }).toBe(0);
      await page.getByTestId('m-case-item').filter({ hasText: text }).waitFor();
      expect(await casesWith(gridworker, text)).toHaveLength(1);
      // the same clientRef both times; the server answered 201, then 200 with the same case
      expect(new Set(refs).size).toBe(1);
      expect(statuses.slice(0, 2)).toEqual([201, 200]);
      await page.unroute('**/api/cases');
      expect(errors.filter((e) => !/ERR_CONNECTION_RESET|net::/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the resident rates a closed case (满意) on the phone', async () => {
    // A case of the resident's, driven to closed through the API: community registers and
    // dispatches to the grid worker, who accepts and handles it; the community verifies and closes.
    const created = await resident.call('POST', '/api/cases', {
      categoryCode: '0601',
      description: `待评价：楼下下水道堵塞 ${stamp}`,
      lon: point.longitude,
      lat: point.latitude,
      clientRef: `e2e-rate-${stamp}`,
    });
    expect(created.status).toBe(201);
    let c = created.body as { id: number; version: number; state: string; actions: string[] };
    const step = async (who: Session, body: Record<string, unknown>) => {
      const r = await who.call('POST', `/api/cases/${c.id}/actions`, { version: c.version, ...body });
      expect(r.status, `${String(body.action)}: ${JSON.stringify(r.body)}`).toBe(200);
      c = r.body;
    };
    await step(community, { action: 'register' });
    await step(community, { action: 'dispatch', dispatchTo: { kind: 'grid_worker', accountId: Number(gridworker.user.id) } });
    await step(gridworker, { action: 'accept' });
    await step(gridworker, { action: 'handle', result: '已联系物业疏通，排水恢复正常' });
    await step(community, { action: 'verify_pass' });
    await step(community, { action: 'close' });
    expect(c.state).toBe('closed');

    const { context, page, errors } = await phone();
    try {
      await signIn(page, 'resident');
      await page.goto(`/m/cases/${c.id}`);
      await page.getByTestId('m-case-card').waitFor();
      expect(await page.getByTestId('m-case-state').first().innerText()).toBe('已结案');
      expect(await page.getByTestId('m-timeline').innerText()).toContain('已联系物业疏通');
      await page.getByTestId('m-action-rate').click();
      const form = page.getByTestId('m-form-rate');
      await form.waitFor();
      await form.locator('.adm-selector-item', { hasText: /^满意$/ }).click();
      await form.getByTestId('m-rate-note').locator('textarea:not([aria-hidden])').fill('处理及时，谢谢');
      await screenshot(page, 'mobile-case-rate');
      await form.getByTestId('m-action-submit').click();
      await page.getByTestId('m-case-rating').waitFor();
      expect(await page.getByTestId('m-case-rating').getAttribute('data-satisfaction')).toBe('satisfied');
      expect(await page.getByTestId('m-actions').innerText()).toContain('当前无需您操作');
      const d = await resident.call('GET', `/api/cases/${c.id}`);
      expect(d.body.rating?.satisfaction).toBe('satisfied');
      expect(d.body.rating?.resolved).toBe(true);
      await screenshot(page, 'mobile-case-rated');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a stale version (someone else acted first) reloads the case and says so', async () => {
    const created = await resident.call('POST', '/api/cases', {
      categoryCode: '0601',
      description: `并发：下水道井盖冒水 ${stamp}`,
      lon: point.longitude,
      lat: point.latitude,
    });
    expect(created.status).toBe(201);
    let c = created.body as { id: number; version: number };
    const step = async (who: Session, body: Record<string, unknown>) => {
      const r = await who.call('POST', `/api/cases/${c.id}/actions`, { version: c.version, ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      c = r.body;
    };
    await step(community, { action: 'register' });
    await step(community, { action: 'dispatch', dispatchTo: { kind: 'grid_worker', accountId: Number(gridworker.user.id) } });

    const { context, page, errors } = await phone();
    try {
      await signIn(page, 'gridworker');
      await page.goto(`/m/cases/${c.id}`);
      await page.getByTestId('m-action-accept').waitFor();
      // meanwhile the community suspends it
      await step(community, { action: 'suspend', reason: '等待物业配合' });
      await page.getByTestId('m-action-accept').click();
      await page.locator('.adm-dialog').getByRole('button', { name: '确定' }).click();
      await page.getByTestId('m-conflict').waitFor();
      await page.locator('.adm-dialog', { has: page.getByTestId('m-conflict') }).getByRole('button', { name: '确定' }).click();
      await expect.poll(() => page.getByTestId('m-case-state').first().innerText()).toBe('已挂起');
      expect(await page.getByTestId('m-actions').locator('[data-testid="m-action-accept"]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
  test('a queued report the server refuses (a point outside China) shows 发送失败; fixed with an address it is sent', async () => {
    const { context, page, errors } = await phone();
    const text = `定位漂移：下水道堵塞 ${stamp}`;
    try {
      await signIn(page, 'gridworker');
      await page.getByTestId('m-app-report').click();
      await page.waitForURL('**/m/report');
      await page.getByTestId('m-report').waitFor();
      await context.setGeolocation({ latitude: 0.5, longitude: 0.5, accuracy: 30 }); // a bad fix, far from China
      await page.getByTestId('m-report-locate').click();
      await expect.poll(() => page.getByTestId('m-report-coords').innerText()).toBe('0.500000, 0.500000');
      await context.setOffline(true);
      await page.getByTestId('m-report-offline').waitFor();
      await pickSewer(page);
      await page.getByTestId('m-report-description').locator('textarea:not([aria-hidden])').fill(text);
      await page.getByTestId('m-report-submit').click();
      await page.waitForURL('**/m/cases');
      await page.getByTestId('m-outbox-item').filter({ hasText: text }).waitFor();

      await context.setOffline(false);
      const item = page.getByTestId('m-outbox-item').filter({ hasText: text });
      await expect.poll(() => item.getAttribute('data-status'), { timeout: 20_000 }).toBe('failed');
      expect(await item.getByTestId('m-outbox-status').innerText()).toBe('发送失败');
      expect(await item.getByTestId('m-outbox-error').innerText()).toMatch(/[\u4e00-\u9fff]/);
      await screenshot(page, 'mobile-case-outbox-failed');
      // it stays queued (never dropped), and nothing was filed
      await page.waitForTimeout(1000);
      expect(await page.getByTestId('m-outbox-item').count()).toBe(1);
      expect(await casesWith(community, text)).toHaveLength(0);

      // fix it: no position, an address instead
      await item.getByTestId('m-outbox-edit').click();
      await page.waitForURL(/\/m\/report\?draft=/);
      await expect.poll(() => page.getByTestId('m-report-description').locator('textarea:not([aria-hidden])').inputValue()).toBe(text);
      await page.getByTestId('m-report-no-position').click();
      await page.getByTestId('m-report-address').locator('input').fill('府城社区文庄路 20 号门口');
      await page.getByTestId('m-report-submit').click();
      await page.waitForURL(/\/m\/cases\/\d+$/);
      // No point means no grid: the case sits in the community's queue (the grid worker's lists,
      // scoped to their grids, do not show it; the community's does).
      await expect.poll(async () => (await casesWith(community, text)).length, { timeout: 5000 }).toBe(1);
      const found = await casesWith(community, text);
      expect(Number(new URL(page.url()).pathname.split('/').pop())).toBe(found[0].id);
      const d = await gridworker.call('GET', `/api/cases/${found[0].id}`);
      expect(d.body.address).toBe('府城社区文庄路 20 号门口');
      expect(d.body.lon).toBeNull();
      await page.goto('/m/cases');
      await page.getByTestId('m-case-list').waitFor();
      expect(await page.getByTestId('m-outbox-item').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the grid worker accepts a dispatched case and reports the handling with a photo', async () => {
    const c = await caseAt('dispatched', `派遣给网格员：下水道堵塞 ${stamp}`);
    const { context, page, errors } = await phone();
    try {
      await signIn(page, 'gridworker');
      await page.goto(`/m/cases/${c.id}`);
      await page.getByTestId('m-action-accept').click();
      await page.locator('.adm-dialog').getByRole('button', { name: '确定' }).click();
      await expect.poll(() => page.getByTestId('m-case-state').first().innerText()).toBe('处置中');
      await page.getByTestId('m-action-handle').click();
      const form = page.getByTestId('m-form-handle');
      await form.waitFor();
      await form.getByTestId('m-action-submit').click();
      expect(await form.getByTestId('m-action-error').innerText()).toBe('请填写处置结果');
      await form.getByTestId('m-action-text').locator('textarea:not([aria-hidden])').fill('已联系物业疏通，排水恢复正常');
      await form.getByTestId('m-handle-photos-input').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: makePng(120, 80) });
      await expect.poll(() => form.getByTestId('m-handle-photos-item').count()).toBe(1);
      await form.getByTestId('m-action-submit').click();
      await expect.poll(() => page.getByTestId('m-case-state').first().innerText()).toBe('待核查');
      const ev = page.getByTestId('m-event').filter({ hasText: '已联系物业疏通' });
      await ev.waitFor();
      expect(await ev.locator('img').count()).toBe(1);
      await screenshot(page, 'mobile-case-handled');
      const d = await gridworker.call('GET', `/api/cases/${c.id}`);
      expect(d.body.state).toBe('handled');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a dissatisfied resident reopens a closed case once, with a reason', async () => {
    const c = await caseAt('closed', `不满意重办：下水道仍返水 ${stamp}`);
    const { context, page, errors } = await phone();
    try {
      await signIn(page, 'resident');
      await page.goto(`/m/cases/${c.id}`);
      await page.getByTestId('m-action-rate').click();
      const form = page.getByTestId('m-form-rate');
      await form.locator('.adm-selector-item', { hasText: /^不满意$/ }).click();
      await form.getByTestId('m-rate-reopen').click();
      await form.getByTestId('m-action-submit').click();
      expect(await form.getByTestId('m-action-error').innerText()).toBe('请填写原因');
      await form.getByTestId('m-rate-reason').locator('textarea:not([aria-hidden])').fill('下雨后又堵了');
      await form.getByTestId('m-action-submit').click();
      await expect.poll(() => page.getByTestId('m-case-state').first().innerText()).toBe('处置中');
      expect(await page.getByTestId('m-case-card').innerText()).toContain('已重办');
      expect(await page.getByTestId('m-timeline').innerText()).toContain('下雨后又堵了');
      const d = await resident.call('GET', `/api/cases/${c.id}`);
      expect(d.body.state).toBe('accepted');
      expect(d.body.reopened).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
