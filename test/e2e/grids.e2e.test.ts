/**
 * Grid pages in the browser: the numbered grid map of 府城社区, a GeoJSON import that is checked
 * first (an overlap is reported, the fixed file goes in), staffing the new grids in the detail
 * drawer, editing a boundary (saved, then refused for an overlap), the staffing view, and the
 * grid worker's "我的网格" on the phone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleLogin, DEMO_PASSWORD, launchBrowser, mobileLogin, openPage, screenshot } from './helpers';

const baseURL = inject('baseURL');
const COMMUNITY = '460107002001'; // 府城社区
let browser: Browser;
let fixtures: string;
/** The server checks geometry on import and save: allow more than expect.poll's 1 s. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

beforeAll(async () => {
  browser = await launchBrowser();
  fixtures = mkdtempSync(join(tmpdir(), 'gongzhi-grids-e2e-'));
});
afterAll(async () => {
  await browser?.close();
  if (fixtures) rmSync(fixtures, { recursive: true, force: true });
});

interface GridLite {
  code: string;
  number: number;
  name: string;
  kind: 'basic' | 'dedicated';
  bbox: [number, number, number, number] | null;
  workers: { employment: string }[];
  administrators: unknown[];
  version: number;
}

/** A JSON call made by the page itself (its session cookie and CSRF token). */
async function apiCall<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = await (await fetch('/api/auth/me')).json();
      const headers: Record<string, string> = { 'x-csrf-token': me.csrfToken, Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: await res.json() };
    },
    { method, path, body },
  ) as Promise<{ status: number; body: T }>;
}

/** GET as another demo account, in a context of its own (the page's session stays as it is). */
async function gridsAs(username: string, path: string): Promise<GridLite[]> {
  const ctx = await browser.newContext({ baseURL });
  try {
    const login = await ctx.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
    expect(login.status()).toBe(200);
    const res = await ctx.request.get(path);
    expect(res.status()).toBe(200);
    return ((await res.json()) as { items: GridLite[] }).items;
  } finally {
    await ctx.close();
  }
}

function square(x: number, y: number, w: number, h: number): number[][][] {
  const r = (v: number) => Math.round(v * 1e7) / 1e7;
  return [[[r(x), r(y)], [r(x + w), r(y)], [r(x + w), r(y + h)], [r(x), r(y + h)], [r(x), r(y)]]];
}

function featureCollection(squares: { number: number; name: string; coordinates: number[][][] }[]) {
  return {
    type: 'FeatureCollection',
    features: squares.map((s) => ({
      type: 'Feature',
      properties: { number: s.number, name: s.name, kind: 'basic', community: COMMUNITY },
      geometry: { type: 'Polygon', coordinates: s.coordinates },
    })),
  };
}

async function labelNumbers(page: Page): Promise<number[]> {
  const texts = await page.locator('[data-testid="grid-map"] .gz-grid-label span').allInnerTexts();
  return texts.map((t) => Number(t.trim())).sort((a, b) => a - b);
}

function gridRow(page: Page, name: string) {
  return page.getByTestId('grid-table').locator('tr.ant-table-row', { hasText: name });
}

/** Drags the Geoman vertex marker nearest to the given page position by (dx, dy) pixels. */
async function dragVertex(page: Page, near: { x: number; y: number }, dx: number, dy: number): Promise<void> {
  const markers = page.locator('[data-testid="grid-map"] .marker-icon:not(.marker-icon-middle)');
  await poll(() => markers.count()).toBeGreaterThan(2);
  let best: { x: number; y: number } | null = null;
  let bestD = Infinity;
  for (const box of await Promise.all((await markers.all()).map((m) => m.boundingBox()))) {
    if (!box) continue;
    const c = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const d = Math.hypot(c.x - near.x, c.y - near.y);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  expect(best).not.toBeNull();
  await page.mouse.move(best!.x, best!.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(best!.x + (dx * i) / 8, best!.y + (dy * i) / 8);
  await page.mouse.up();
}

describe('grid pages', () => {
  test('community staff: grid map, GeoJSON import checked then applied, staffing, boundary edit, 一格一专职', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'community');

      // ---- the map of 府城社区 (the account's scope root is the default region) ----
      await page.getByTestId('side-menu').getByText('网格地图').click();
      await page.waitForURL((u) => u.pathname === '/grids' && u.searchParams.get('region') === COMMUNITY);
      const before = (await apiCall<{ items: GridLite[] }>(page, 'GET', `/api/grids?region=${COMMUNITY}`)).body.items;
      expect(before.length).toBeGreaterThan(0);
      const withGeometry = before.filter((g) => g.bbox);
      await poll(() => page.locator('[data-testid="grid-map"] path.gz-grid-poly').count()).toBe(withGeometry.length);
      await poll(() => labelNumbers(page)).toEqual(withGeometry.map((g) => g.number).sort((a, b) => a - b));
      expect(await page.getByTestId('grid-count').innerText()).toContain(String(before.length));
      expect(await page.getByTestId('grid-map-region').innerText()).toBe('府城社区');
      // Both kinds are drawn, each in its own colour class.
      if (before.some((g) => g.kind === 'dedicated')) {
        expect(await page.locator('[data-testid="grid-map"] path.gz-grid-poly-dedicated').count()).toBeGreaterThan(0);
      }
      await screenshot(page, 'grids-map-community');

      // ---- the fixture: two squares east of the existing grids; 12 overlaps 11 ----
      // East of the whole street's grids, not just the community's: in the demo layout the next
      // community lies right east of 府城社区, and the new grids should not land on its grids.
      const streetGrids = await gridsAs('street', '/api/grids?region=460107002');
      const around = [...withGeometry, ...streetGrids.filter((g) => g.bbox)];
      const maxLon = Math.max(...around.map((g) => g.bbox![2]));
      const minLat = Math.min(...withGeometry.map((g) => g.bbox![1]));
      const maxLat = Math.max(...withGeometry.map((g) => g.bbox![3]));
      const side = Math.min(0.0035, Math.max(0.0015, (maxLat - minLat) / 2));
      const x0 = maxLon + side; // a clear gap east of the existing grids
      const y0 = minLat;
      const name11 = '府城社区第11网格';
      const name12 = '府城社区第12网格';
      const bad = join(fixtures, 'fucheng-grids.geojson');
      writeFileSync(
        bad,
        JSON.stringify(
          featureCollection([
            { number: 11, name: name11, coordinates: square(x0, y0, side, side) },
            { number: 12, name: name12, coordinates: square(x0 + side * 0.6, y0, side, side) },
          ]),
        ),
      );
      const fixed = join(fixtures, 'fucheng-grids-fixed.geojson');
      writeFileSync(
        fixed,
        JSON.stringify(
          featureCollection([
            { number: 11, name: name11, coordinates: square(x0, y0, side, side) },
            { number: 12, name: name12, coordinates: square(x0 + side, y0, side, side) },
          ]),
        ),
      );
      const notJson = join(fixtures, 'not-json.geojson');
      writeFileSync(notJson, '{ "type": "FeatureCollection", features: [');

      // ---- import: not JSON, then the overlapping file, then the fixed one ----
      await page.getByTestId('grid-import-open').click();
      const dialog = page.getByTestId('grid-import');
      await dialog.waitFor();
      await poll(() => dialog.getByTestId('grid-import-region').innerText()).toContain('府城社区');

      await dialog.getByTestId('grid-import-file').setInputFiles(notJson);
      await poll(() => dialog.getByTestId('grid-import-file-error').innerText()).toContain('不是有效的 JSON');

      const [dry] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/grids/import') && r.request().method() === 'POST'),
        dialog.getByTestId('grid-import-file').setInputFiles(bad),
      ]);
      expect(dry.request().postDataJSON()).toMatchObject({ region: COMMUNITY, crs: 'wgs84', dryRun: true });
      const report = dialog.getByTestId('grid-import-report');
      await report.waitFor();
      await poll(() => dialog.getByTestId('grid-import-verdict').innerText()).toContain('错误');
      const overlaps = await dialog.getByTestId('grid-import-overlaps').innerText();
      expect(overlaps).toContain(name11);
      expect(overlaps).toContain(name12);
      expect(overlaps).toMatch(/m²/);
      const issues = await dialog.getByTestId('grid-import-issues').innerText();
      expect(issues).toContain('第 2 个要素');
      expect(issues).toContain(name12);
      expect(await page.getByTestId('grid-import-confirm').isDisabled()).toBe(true);
      await screenshot(page, 'grids-import-overlap');

      // The user fixes the file and chooses it again.
      await dialog.getByTestId('grid-import-file').setInputFiles(fixed);
      await poll(() => dialog.getByTestId('grid-import-verdict').innerText()).toContain('预检查通过');
      expect(await dialog.getByTestId('grid-import-filename').innerText()).toContain('fucheng-grids-fixed.geojson');
      await poll(() => page.getByTestId('grid-import-confirm').isEnabled()).toBe(true);
      await screenshot(page, 'grids-import-ok');
      const [real] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/grids/import') && r.request().method() === 'POST'),
        page.getByTestId('grid-import-confirm').click(),
      ]);
      expect(real.status()).toBe(200);
      expect(real.request().postDataJSON()).toMatchObject({ dryRun: false });
      await poll(() => page.locator('.ant-message').innerText()).toContain('导入完成');
      await poll(() => dialog.isVisible()).toBe(false);

      // The map now shows 11 and 12 as well.
      await poll(() => labelNumbers(page)).toEqual(expect.arrayContaining([11, 12]));
      await poll(() => page.locator('[data-testid="grid-map"] path.gz-grid-poly').count()).toBe(withGeometry.length + 2);
      await screenshot(page, 'grids-map-imported');

      // ---- a full-time worker for each new grid, in the detail drawer ----
      const imported = (await apiCall<{ items: GridLite[] }>(page, 'GET', `/api/grids?region=${COMMUNITY}`)).body.items;
      const code11 = imported.find((g) => g.name === name11)!.code;
      const code12 = imported.find((g) => g.name === name12)!.code;
      const workers: [string, string, string][] = [
        [name11, code11, '林晓东'],
        [name12, code12, '王雅琴'],
      ];
      for (const [i, [name, code, worker]] of workers.entries()) {
        // The first from the list; the second by its number on the map (the drawer covers the list).
        if (i === 0) await gridRow(page, name).click();
        else await page.locator(`[data-testid="grid-map"] .gz-grid-label span[data-grid="${code}"]`).click();
        const drawer = page.getByTestId('grid-detail');
        await poll(() => page.getByTestId('grid-detail-name').innerText()).toBe(name);
        expect(await drawer.getByTestId('grid-detail-code').innerText()).toBe(code);
        await poll(() => drawer.getByTestId('grid-staff').innerText()).toContain('未配备网格员');
        expect(await drawer.getByTestId('grid-detail-area').innerText()).toMatch(/公顷|m²/);
        await drawer.getByTestId('staff-name').fill(worker);
        await drawer.getByTestId('staff-add').click();
        await poll(() => drawer.getByTestId('grid-staff').innerText()).toContain(worker);
        expect(await drawer.getByTestId('grid-staff').innerText()).toContain('专职');
        await poll(() => gridRow(page, name).innerText()).toContain(worker);
      }
      await screenshot(page, 'grids-drawer-staffed');

      // ---- edit the boundary of 12 (still selected): grow it east (saved), then into 11 (refused: overlap) ----
      await poll(() => page.getByTestId('grid-detail-name').innerText()).toBe(name12);
      const areaBefore = await page.getByTestId('grid-detail-area').innerText();
      await page.getByTestId('grid-edit-boundary').click();
      await page.getByTestId('grid-edit-bar').waitFor();
      const poly12 = page.locator(`[data-testid="grid-map"] path[data-grid="${code12}"]`);
      const box12 = (await poly12.first().boundingBox())!;
      expect(box12).toBeTruthy();
      // The north-east corner moves 25 px east: nothing is there.
      await dragVertex(page, { x: box12.x + box12.width, y: box12.y }, 25, 0);
      await page.getByTestId('grid-edit-save').click();
      await poll(() => page.locator('.ant-message').innerText()).toContain('边界已保存');
      await poll(() => page.getByTestId('grid-detail-area').innerText()).not.toBe(areaBefore);
      await poll(() => page.getByTestId('grid-edit-bar').count()).toBe(0);

      // The south-west corner moves well into 11: the server refuses, and says why.
      await page.getByTestId('grid-edit-boundary').click();
      await page.getByTestId('grid-edit-bar').waitFor();
      const box12b = (await poly12.first().boundingBox())!;
      await dragVertex(page, { x: box12b.x, y: box12b.y + box12b.height }, -Math.round(box12b.width / 2), 0);
      const [put] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/api/grids/') && r.request().method() === 'PUT'),
        page.getByTestId('grid-edit-save').click(),
      ]);
      expect(put.status()).toBe(400);
      const putBody = (await put.json()) as { error: { code: string; message: string } };
      const errorModal = page.locator('.ant-modal-confirm');
      await errorModal.waitFor();
      expect(await errorModal.innerText()).toContain(putBody.error.message);
      await screenshot(page, 'grids-edit-overlap-refused');
      await errorModal.getByRole('button').last().click();
      await poll(() => errorModal.count()).toBe(0);

      // Meanwhile someone else saves grid 12: saving now meets a version conflict, and 重新加载 drops the edit.
      const current = (await apiCall<GridLite>(page, 'GET', `/api/grids/${code12}`)).body;
      const bumped = await apiCall(page, 'PUT', `/api/grids/${code12}`, { version: current.version, name: name12 });
      expect(bumped.status).toBe(200);
      const [conflict] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/api/grids/') && r.request().method() === 'PUT'),
        page.getByTestId('grid-edit-save').click(),
      ]);
      expect(conflict.status()).toBe(409);
      const conflictModal = page.locator('.ant-modal-confirm');
      await conflictModal.waitFor();
      expect(await conflictModal.innerText()).toContain('网格已被他人修改');
      expect(await conflictModal.innerText()).toContain(((await conflict.json()) as { error: { message: string } }).error.message);
      await conflictModal.getByRole('button', { name: '重新加载' }).click();
      await poll(() => page.getByTestId('grid-edit-bar').count()).toBe(0);

      // ---- staffing view: 一格一专职 reached ----
      // Staff any grid the demo left without its people (the journey is about the new ones).
      const now = (await apiCall<{ items: GridLite[] }>(page, 'GET', `/api/grids?region=${COMMUNITY}`)).body.items;
      for (const g of now) {
        if (g.kind === 'basic' && !g.workers.some((w) => w.employment === 'full_time')) {
          const r = await apiCall(page, 'POST', `/api/grids/${g.code}/staff`, { post: 'worker', name: `补充网格员${g.number}`, employment: 'full_time' });
          expect(r.status).toBe(200);
        }
        if (g.kind === 'dedicated' && g.administrators.length === 0) {
          const r = await apiCall(page, 'POST', `/api/grids/${g.code}/staff`, { post: 'administrator', name: `单位管理员${g.number}` });
          expect(r.status).toBe(200);
        }
      }
      await page.getByTestId('side-menu').getByText('网格覆盖').click();
      await page.waitForURL((u) => u.pathname === '/grids/coverage' && u.searchParams.get('region') === COMMUNITY);
      await poll(() => page.getByTestId('coverage-region-name').innerText()).toBe('府城社区');
      await poll(() => page.getByTestId('coverage-complete').innerText()).toContain('已达标');
      const basicTotal = now.filter((g) => g.kind === 'basic').length;
      expect(await page.getByTestId('coverage-basic').innerText()).toContain(String(basicTotal));
      expect(await page.getByTestId('coverage-basic-with').innerText()).toBe(String(basicTotal));
      expect(await page.getByTestId('coverage-rows').innerText()).toContain(name11);
      await screenshot(page, 'grids-coverage-community');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('street: staffing view of its communities with drill-down, and a new grid drawn on the map', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'street');
      await page.goto('/grids/coverage?region=460107002');
      await poll(() => page.getByTestId('coverage-region-name').innerText()).toBe('府城街道');
      await page.getByTestId(`coverage-row-${COMMUNITY}`).waitFor();
      await screenshot(page, 'grids-coverage-street');
      await page.getByTestId(`coverage-drill-${COMMUNITY}`).click();
      await page.waitForURL((u) => u.searchParams.get('region') === COMMUNITY);
      await poll(() => page.getByTestId('coverage-region-name').innerText()).toBe('府城社区');

      // The street's map shows the grids of all its communities.
      await page.goto('/grids?region=460107002');
      const all = (await apiCall<{ items: GridLite[] }>(page, 'GET', '/api/grids?region=460107002')).body.items;
      const polys = page.locator('[data-testid="grid-map"] path.gz-grid-poly');
      await poll(() => polys.count()).toBe(all.filter((g) => g.bbox).length);
      await screenshot(page, 'grids-map-street');

      // 新建网格: draw a square below all grids (zoomed out for room), then describe it.
      await page.locator('.leaflet-control-zoom-out').click();
      await page.waitForTimeout(600); // the zoom animation
      const boxes = (await Promise.all((await polys.all()).map((p) => p.boundingBox()))).filter((b) => !!b);
      const bottom = Math.max(...boxes.map((b) => b!.y + b!.height));
      const left = Math.min(...boxes.map((b) => b!.x));
      await page.getByTestId('grid-new').click();
      await page.getByTestId('grid-draw-bar').waitFor();
      const corners = [[left + 10, bottom + 30], [left + 50, bottom + 30], [left + 50, bottom + 70], [left + 10, bottom + 70], [left + 10, bottom + 30]];
      for (const [x, y] of corners) {
        await page.mouse.click(x, y);
        await page.waitForTimeout(100);
      }
      const form = page.getByTestId('grid-new-form');
      await form.waitFor();
      await page.getByTestId('grid-new-community').locator('.ant-select-selector').click();
      await page
        .locator('.ant-select-tree-treenode', { has: page.getByTestId('region-option-460107002') })
        .locator('.ant-select-tree-switcher')
        .click();
      await page.getByTestId('region-option-460107002009').click(); // 鼓楼社区
      await page.getByTestId('grid-new-name').fill('鼓楼社区新建网格');
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/grids') && r.request().method() === 'POST'),
        page.getByTestId('grid-new-submit').click(),
      ]);
      expect(created.status()).toBe(201);
      const body = (await created.json()) as { grid: GridLite };
      expect(created.request().postDataJSON()).toMatchObject({ communityCode: '460107002009', kind: 'basic', crs: 'wgs84' });
      await poll(() => page.getByTestId('grid-detail-name').innerText()).toBe('鼓楼社区新建网格');
      await poll(() => polys.count()).toBe(all.filter((g) => g.bbox).length + 1);
      await poll(() => page.locator(`[data-testid="grid-map"] .gz-grid-label span[data-grid="${body.grid.code}"]`).innerText()).toBe(
        String(body.grid.number),
      );
      await screenshot(page, 'grids-new-drawn');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a grid worker sees 我的网格 with grid 001 on the phone', async () => {
    const { context, page, errors } = await openPage(browser, baseURL, { mobile: true });
    try {
      await page.goto('/m/login');
      await mobileLogin(page, 'gridworker');
      await page.getByTestId('m-app-my-grid').click();
      await page.waitForURL('**/m/grids');
      const card = page.getByTestId(`m-grid-${COMMUNITY}001`);
      await card.waitFor();
      expect(await card.getByTestId('m-grid-name').innerText()).toBe('府城社区第1网格');
      expect(await card.innerText()).toContain('府城社区');
      expect(await card.innerText()).toContain('基础网格');
      const map = page.getByTestId(`m-grid-map-${COMMUNITY}001`);
      await poll(() => map.locator('path.gz-grid-poly').count()).toBe(1);
      expect((await map.locator('.gz-grid-label span').innerText()).trim()).toBe('1');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(page, 'mobile-my-grid');
      await page.locator('.adm-nav-bar-back').click();
      await page.getByTestId('m-greeting').waitFor();

      // Taken off the grid (by the community's staff), the worker sees the empty state; then put back by username.
      const ctx = await browser.newContext({ baseURL });
      try {
        const login = await ctx.request.post('/api/auth/login', { data: { username: 'community', password: DEMO_PASSWORD } });
        const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
        const grid = (await (await ctx.request.get(`/api/grids/${COMMUNITY}001`)).json()) as {
          workers: { staffId: number; username: string | null; name: string }[];
        };
        const me = grid.workers.find((w) => w.username === 'gridworker')!;
        expect(me).toBeTruthy();
        const del = await ctx.request.delete(`/api/grids/${COMMUNITY}001/staff/${me.staffId}`, { headers: { 'x-csrf-token': csrf } });
        expect(del.status()).toBe(200);
        await page.goto('/m/grids');
        await poll(() => page.getByTestId('m-no-grid').innerText()).toContain('您还没有负责的网格');
        await screenshot(page, 'mobile-my-grid-empty');
        const add = await ctx.request.post(`/api/grids/${COMMUNITY}001/staff`, {
          headers: { 'x-csrf-token': csrf },
          data: { post: 'worker', name: me.name, username: 'gridworker', employment: 'full_time' },
        });
        expect(add.status()).toBe(200);
        await page.reload();
        await page.getByTestId(`m-grid-${COMMUNITY}001`).waitFor();
      } finally {
        await ctx.close();
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
