/**
 * The case loop in the console, in a real browser: the community registers a case through the
 * form (map point, photo), finds it in the queue, registers and dispatches it to a grid worker;
 * the grid worker is notified (bell), accepts and handles it; the community verifies and closes.
 * The street whistles a street-level case to a lead and an assisting department and the lead
 * department reports in on /cases/tasks. The street's metrics show percentages.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleLogin, DEMO_PASSWORD, launchBrowser, openPage, pickOption, screenshot } from './helpers';

const baseURL = inject('baseURL');
const COMMUNITY = '460107002001'; // 府城社区
const STREET = '460107002'; // 府城街道
const GRID = '460107002001001'; // gridworker's grid
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

let browser: Browser;
let photo: Buffer;
beforeAll(async () => {
  browser = await launchBrowser();
  photo = await sharp({ create: { width: 96, height: 72, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .jpeg()
    .toBuffer();
});
afterAll(async () => {
  await browser?.close();
});

/** An API session of a demo account (cookie + CSRF token), outside the browser pages. */
async function apiAs(username: string) {
  const ctx = await browser.newContext({ baseURL });
  const login = await ctx.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    get: async <T>(path: string): Promise<T> => {
      const r = await ctx.request.get(path);
      expect(r.status(), `GET ${path}`).toBe(200);
      return (await r.json()) as T;
    },
    post: async <T>(path: string, data: unknown): Promise<{ status: number; body: T }> => {
      // Prefer: the full resource in a POST's reply (POST /api/cases answers only {id, number, state} otherwise)
      const r = await ctx.request.post(path, { data, headers: { 'x-csrf-token': csrfToken, prefer: 'return=representation' } });
      return { status: r.status(), body: (await r.json()) as T };
    },
    close: () => ctx.close(),
  };
}

type Geometry = { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

/** A point inside the grid (checked with the server's locator). */
async function pointInGrid(code: string): Promise<{ lon: number; lat: number }> {
  const s = await apiAs('community');
  try {
    const g = await s.get<{ geometry: Geometry }>(`/api/grids/${code}`);
    const ring = g.geometry.type === 'Polygon' ? g.geometry.coordinates[0] : g.geometry.coordinates[0][0];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const candidates = [[0.5, 0.5]];
    for (let i = 1; i < 6; i++) for (let j = 1; j < 6; j++) candidates.push([i / 6, j / 6]);
    for (const [fx, fy] of candidates) {
      const lon = Number((x0 + (x1 - x0) * fx).toFixed(6));
      const lat = Number((y0 + (y1 - y0) * fy).toFixed(6));
      const at = await s.get<{ grid: { code: string } | null }>(`/api/grids/locate?lon=${lon}&lat=${lat}`);
      if (at.grid?.code === code) return { lon, lat };
    }
    throw new Error(`no point found inside grid ${code}`);
  } finally {
    await s.close();
  }
}

/** Chooses an option in the antd Select / TreeSelect that carries this test id. */
const choose = (page: Page, testId: string, text: string, search?: string) => pickOption(page, testId, text, search);

const headState = (page: Page) => page.getByTestId('case-head').getByTestId('case-state').first();

/** Clicks an action button, fills the dialog (if any) and waits for the server's answer. */
async function act(page: Page, action: string, fill?: () => Promise<void>) {
  await page.getByTestId(`action-${action}`).click();
  await page.getByTestId('action-ok').waitFor();
  if (fill) await fill();
  const [res] = await Promise.all([
    page.waitForResponse((r) => /\/api\/cases\/\d+\/actions$/.test(r.url()) && r.request().method() === 'POST'),
    page.getByTestId('action-ok').click(),
  ]);
  expect(res.status(), `${action}: ${await res.text()}`).toBe(200);
  await page.getByTestId('action-ok').waitFor({ state: 'detached' });
}

describe('cases in the console', () => {
  const tag = String(Date.now() % 1_000_000);
  let caseId = 0;
  let caseNumber = '';

  test('community registers a case through the form, finds it in the queue, registers and dispatches it', async () => {
    const point = await pointInGrid(GRID);
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'community');
      await page.getByTestId('side-menu').getByText('案件', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/cases' && u.searchParams.get('region') === COMMUNITY);
      await page.getByTestId('cases-table').waitFor();
      expect(await page.getByTestId('page-title').innerText()).toBe('案件列表');
      await page.getByTestId('notice-bell').waitFor();

      // 登记案件: category tree, description, address, a point on the map, a photo.
      await page.getByTestId('cases-new').click();
      await page.getByTestId('new-case-map').waitFor();
      await choose(page, 'new-case-category', '暴露垃圾', '暴露垃圾');
      await page.getByTestId('new-case-category-hint').waitFor();
      await page.getByTestId('new-case-description').fill(`测试${tag}：小区东门垃圾堆放，无人清运`);
      await page.getByTestId('new-case-address').fill(`府城社区东门 ${tag} 号`);
      // A click on the map sets the point; then the exact point inside the grid is typed in.
      const map = page.getByTestId('new-case-map');
      const box = (await map.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await poll(() => page.locator('#new-case_lon').inputValue()).not.toBe('');
      await page.locator('#new-case_lon').fill(String(point.lon));
      await page.locator('#new-case_lat').fill(String(point.lat));
      await page.locator('#new-case_lat').blur();
      await poll(() => page.getByTestId('new-case-located').innerText()).toContain('府城社区');
      const [up] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/case-photos') && r.request().method() === 'POST'),
        page.locator('.ant-modal:visible input[type=file]').setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: photo }),
      ]);
      expect(up.status()).toBe(201);
      await poll(() => page.locator('.ant-modal:visible .ant-upload-list-item-done, .ant-modal:visible .ant-upload-list-item-container img').count()).toBeGreaterThan(0);
      await screenshot(page, 'cases-new-form');
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/cases') && r.request().method() === 'POST'),
        page.getByTestId('new-case-submit').click(),
      ]);
      expect(created.status(), await created.text()).toBe(201);
      const body = (await created.json()) as { id: number; number: string; state: string; gridCode: string; photos: unknown[] };
      caseId = body.id;
      caseNumber = body.number;
      expect(body.gridCode).toBe(GRID);
      expect(body.photos).toHaveLength(1);

      // In the queue.
      const row = page.locator(`[data-number="${caseNumber}"]`);
      await row.waitFor();
      expect(await row.innerText()).toContain(`测试${tag}`);
      expect(await row.getByTestId('case-state').innerText()).toBe('待立案');

      // A saved view: a keyword filter kept under a name, applied again after a reset.
      await page.getByTestId('filter-q').fill(tag);
      await page.getByTestId('cases-search-submit').click();
      await poll(() => page.locator('[data-number]').count()).toBe(1);
      await page.getByTestId('views-save').click();
      await page.getByTestId('views-name').fill(`视图${tag}`);
      await page.getByTestId('views-save-ok').click();
      await page.getByRole('button', { name: /重\s*置/ }).click();
      await poll(() => page.getByTestId('filter-q').inputValue()).toBe('');
      await choose(page, 'views-select', `视图${tag}`);
      await poll(() => page.getByTestId('filter-q').inputValue()).toBe(tag);
      await poll(() => page.locator('[data-number]').count()).toBe(1);
      await screenshot(page, 'cases-queue');

      // The case page.
      await row.getByTestId('case-number').click();
      await page.waitForURL((u) => u.pathname === `/cases/${caseId}`);
      await page.getByTestId('case-head').waitFor();
      expect(await page.getByTestId('case-number-title').innerText()).toBe(caseNumber);
      expect(await headState(page).innerText()).toBe('待立案');
      await page.getByTestId('case-photos').locator('img').first().waitFor();
      await page.getByTestId('case-map').waitFor();
      expect(await page.getByTestId('case-timeline').innerText()).toContain('府城社区工作人员');

      await act(page, 'register');
      await poll(() => headState(page).innerText()).toBe('已立案');
      await act(page, 'dispatch', async () => {
        await page.getByTestId('dispatch-kind').getByText('网格员', { exact: true }).click();
        // the picker shows names; the grid code is only grey secondary text, never "（460107002001001）"
        await page.getByTestId('dispatch-worker').locator('.ant-select-selector').click();
        const option = page.locator('.ant-select-dropdown:visible').getByTestId('dispatch-worker-option').first();
        await option.waitFor();
        expect(await option.innerText()).toContain('第一网格');
        expect(await option.innerText()).not.toMatch(/（\d{15}）/);
        await page.keyboard.press('Escape');
        await choose(page, 'dispatch-worker', '第一网格');
      });
      await poll(() => headState(page).innerText()).toBe('已派遣');
      expect(await page.getByTestId('case-handler').innerText()).toContain('第一网格');
      await screenshot(page, 'cases-dispatched');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the grid worker is notified, accepts and handles; the community verifies and closes', async () => {
    expect(caseId).toBeGreaterThan(0);
    const worker = await openPage(browser, baseURL);
    try {
      const page = worker.page;
      await page.goto('/login');
      await consoleLogin(page, 'gridworker');
      await page.goto('/cases?tab=mine');
      await page.locator(`[data-number="${caseNumber}"]`).waitFor();

      // The bell: an unread notice about the case opens it.
      await poll(async () => Number((await page.getByTestId('notice-count').locator('.ant-scroll-number').getAttribute('title')) ?? 0)).toBeGreaterThan(0);
      await page.getByTestId('notice-bell').click();
      await page.locator(`[data-testid="notice-item"][data-case="${caseId}"]`).first().click();
      await page.waitForURL((u) => u.pathname === `/cases/${caseId}`);
      await page.getByTestId('case-head').waitFor();

      await act(page, 'accept');
      await poll(() => headState(page).innerText()).toBe('处置中');
      await page.getByTestId('action-handle').click();
      await page.getByTestId('action-result').fill('已联系保洁公司清运，现场已恢复整洁');
      const [up] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/case-photos') && r.request().method() === 'POST'),
        page.locator('.ant-modal:visible input[type=file]').setInputFiles({ name: '处置后.jpg', mimeType: 'image/jpeg', buffer: photo }),
      ]);
      expect(up.status()).toBe(201);
      await poll(() => page.locator('.ant-modal:visible .ant-upload-list-item-done, .ant-modal:visible .ant-upload-list-item-container img').count()).toBeGreaterThan(0);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/cases/${caseId}/actions`)),
        page.getByTestId('action-ok').click(),
      ]);
      expect(res.status(), await res.text()).toBe(200);
      await poll(() => headState(page).innerText()).toBe('待核查');
      await poll(() => page.getByTestId('timeline-photos').count()).toBeGreaterThan(0);
      await screenshot(page, 'cases-handled');
      expect(worker.errors).toEqual([]);
    } finally {
      await worker.context.close();
    }

    const community = await openPage(browser, baseURL);
    try {
      const page = community.page;
      await page.goto('/login');
      await consoleLogin(page, 'community');
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('case-head').waitFor();
      expect(await headState(page).innerText()).toBe('待核查');
      await act(page, 'verify_pass');
      await poll(() => headState(page).innerText()).toBe('待结案');
      await act(page, 'close');
      await poll(() => headState(page).innerText()).toBe('已结案');
      const actions = await page.getByTestId('timeline-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
      expect(actions).toEqual(expect.arrayContaining(['register', 'dispatch', 'accept', 'handle', 'verify_pass', 'close']));
      // newest last
      expect(actions[actions.length - 1]).toBe('close');
      await screenshot(page, 'cases-closed');
      expect(community.errors).toEqual([]);
    } finally {
      await community.context.close();
    }
  });

  test('the street whistles a lead and an assisting department; the department reports in on /cases/tasks', async () => {
    const point = await pointInGrid(GRID);
    const s = await apiAs('community');
    const { status, body } = await s.post<{ id: number; number: string }>('/api/cases', {
      categoryCode: '0301',
      description: `测试${tag}：院内新建彩钢棚，疑似违法建设`,
      address: `府城社区 ${tag} 号院`,
      lon: point.lon,
      lat: point.lat,
    });
    await s.close();
    expect(status, JSON.stringify(body)).toBe(201);

    const street = await openPage(browser, baseURL);
    try {
      const page = street.page;
      await page.goto('/login');
      await consoleLogin(page, 'street');
      await page.goto(`/cases?region=${STREET}`);
      await page.locator(`[data-number="${body.number}"]`).waitFor();
      expect(await page.getByTestId('cases-tabs').innerText()).toContain('未落格');
      await page.goto(`/cases/${body.id}`);
      await page.getByTestId('case-head').waitFor();
      expect(await headState(page).innerText()).toBe('待立案');

      // Someone else registers it meanwhile: the stale version gets 409, a message, and a reload.
      const other = await apiAs('street');
      const seen = await other.get<{ version: number }>(`/api/cases/${body.id}`);
      const reg = await other.post(`/api/cases/${body.id}/actions`, { action: 'register', version: seen.version });
      await other.close();
      expect(reg.status).toBe(200);
      await page.getByTestId('action-register').click();
      const [conflict] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/cases/${body.id}/actions`)),
        page.getByTestId('action-ok').click(),
      ]);
      expect(conflict.status()).toBe(409);
      expect(((await conflict.json()) as { error: { code: string } }).error.code).toBe('case_version_conflict');
      await page.locator('.ant-message', { hasText: '刚被他人处理过' }).waitFor();
      await poll(() => headState(page).innerText()).toBe('已立案');
      expect(await page.getByTestId('action-register').count()).toBe(0);

      await page.getByTestId('action-whistle').click();
      await page.getByTestId('whistle-ok').waitFor();
      expect(await page.getByTestId('whistle-modal').innerText()).toContain('群众反映突出');
      await choose(page, 'whistle-lead', '综合行政执法局');
      await choose(page, 'whistle-assist', '环境卫生管理局');
      await page.keyboard.press('Escape');
      expect(await page.locator('#whistle_reportInMinutes').inputValue()).toBe('30');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/cases/${body.id}/whistle`)),
        page.getByTestId('whistle-ok').click(),
      ]);
      expect(res.status(), await res.text()).toBe(200);
      await page.getByTestId('case-tasks').waitFor();
      await poll(() => page.getByTestId('case-tasks').locator('tbody tr.ant-table-row').count()).toBe(2);
      expect(await page.getByTestId('task-role-lead').innerText()).toBe('牵头');
      expect(await page.getByTestId('task-role-assist').innerText()).toBe('协办');
      expect(await page.getByTestId('case-whistles').innerText()).toContain('群众反映突出');
      await screenshot(page, 'cases-whistled');
      expect(street.errors).toEqual([]);
    } finally {
      await street.context.close();
    }

    const dept = await openPage(browser, baseURL);
    try {
      const page = dept.page;
      await page.goto('/login');
      await consoleLogin(page, 'department');
      await page.getByTestId('side-menu').getByText('部门任务', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/cases/tasks');
      const row = page.locator(`[data-case="${body.number}"]`);
      await row.waitFor();
      expect(await row.innerText()).toContain('牵头');
      await page.getByTestId('tasks-waiting').waitFor();
      await row.getByTestId('task-report-in').click();
      await page.getByTestId('report-in-handler').fill('王队长');
      const [res] = await Promise.all([
        page.waitForResponse((r) => /\/tasks\/\d+\/report-in$/.test(r.url())),
        page.getByTestId('report-in-ok').click(),
      ]);
      expect(res.status(), await res.text()).toBe(200);
      await poll(() => row.getByTestId('task-reported-in').count()).toBe(1);
      expect(await row.innerText()).toContain('王队长');
      await screenshot(page, 'cases-dept-tasks');

      // Report back: the lead's result moves the case to 待核查.
      await row.getByTestId('task-done').click();
      await page.getByTestId('task-done-result').fill('已责令当事人限期自行拆除，现场已拆除完毕');
      const [done] = await Promise.all([
        page.waitForResponse((r) => /\/tasks\/\d+\/done$/.test(r.url())),
        page.getByTestId('task-done-ok').click(),
      ]);
      expect(done.status(), await done.text()).toBe(200);
      expect(((await done.json()) as { state: string }).state).toBe('handled');
      await page.getByTestId('tasks-state').getByText('全部').click();
      await poll(() => page.locator(`[data-case="${body.number}"]`).innerText()).toContain('已反馈');
      expect(dept.errors).toEqual([]);
    } finally {
      await dept.context.close();
    }

    // The street rates the lead department's work (antd Rate on the tasks table).
    const rater = await openPage(browser, baseURL);
    try {
      const page = rater.page;
      await page.goto('/login');
      await consoleLogin(page, 'street');
      await page.goto(`/cases/${body.id}`);
      await page.getByTestId('case-head').waitFor();
      expect(await headState(page).innerText()).toBe('待核查');
      const lead = page.getByTestId('case-tasks').locator('tr', { has: page.getByTestId('task-role-lead') });
      expect(await lead.getByTestId('task-result').innerText()).toContain('拆除完毕');
      const [rated] = await Promise.all([
        page.waitForResponse((r) => /\/tasks\/\d+\/rating$/.test(r.url())),
        lead.getByTestId('task-rate').locator('.ant-rate-star').nth(3).click(),
      ]);
      expect(rated.status(), await rated.text()).toBe(200);
      await poll(() => lead.getByTestId('task-rate').locator('.ant-rate-star-full').count()).toBe(4);
      await screenshot(page, 'cases-rated-department');
      expect(rater.errors).toEqual([]);
    } finally {
      await rater.context.close();
    }
  });

  test('回访: the community records a resident\'s answer (caller, time, answer) on a case the grid worker handled; the case page reads 经度/纬度', async () => {
    const point = await pointInGrid(GRID);
    const resident = await apiAs('resident');
    const worker = await apiAs('gridworker');
    const staff = await apiAs('community');
    let id = 0;
    try {
      const c = await resident.post<{ id: number; version: number }>('/api/cases', { categoryCode: '0601', description: `回访测试${tag}：楼下下水道堵塞`, ...point });
      expect(c.status).toBe(201);
      id = c.body.id;
      const h = await worker.post<{ version: number }>(`/api/cases/${id}/actions`, { action: 'on_the_spot', version: c.body.version, result: '已疏通' });
      const v = await staff.post<{ version: number }>(`/api/cases/${id}/actions`, { action: 'verify_pass', version: h.body.version });
      const closed = await staff.post<{ state: string }>(`/api/cases/${id}/actions`, { action: 'close', version: v.body.version });
      expect(closed.body.state).toBe('closed');
      // the handler may not call back on their own case
      expect((await worker.post(`/api/cases/${id}/rating`, { satisfaction: 'satisfied' })).status).toBe(403);
    } finally {
      await Promise.all([resident.close(), worker.close(), staff.close()]);
    }
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'community');
      await page.goto(`/cases/${id}`);
      await page.getByTestId('case-head').waitFor();
      // coordinates: longitude first, labelled
      const coords = await page.getByTestId('case-coords').innerText();
      expect(coords).toMatch(/^经度 \d+\.\d{6}，纬度 \d+\.\d{6}$/);
      expect(coords).toContain(`经度 ${point.lon.toFixed(6)}`);
      // staff do not "rate": the button reads 回访 and opens the callback form
      expect(await page.getByTestId('action-rate').innerText()).toMatch(/回\s*访/);
      await page.getByTestId('action-rate').click();
      await page.getByTestId('rating-ok').waitFor(); // (antd's Modal does not pass data-testid to the DOM)
      expect(await page.getByTestId('callback-caller').inputValue()).toBe('府城社区工作人员');
      expect(await page.locator('#rating_calledAt').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      await page.getByTestId('rating-satisfaction').getByText('基本满意', { exact: true }).click();
      await screenshot(page, 'cases-callback-form');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/cases/${id}/rating`) && r.request().method() === 'POST'),
        page.getByTestId('rating-ok').click(),
      ]);
      expect(res.status(), await res.text()).toBe(200);
      const body = (await res.json()) as { rating: { byReporter: boolean; satisfaction: string }; callback: { at: string; by: string } };
      expect(body.rating).toMatchObject({ byReporter: false, satisfaction: 'basic' });
      expect(body.callback.by).toBe('府城社区工作人员');
      await poll(() => page.getByTestId('case-rating-by').innerText()).toContain('回访：府城社区工作人员');
      await poll(() => page.getByTestId('timeline-callback').first().innerText()).toContain('回访人 府城社区工作人员');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the street sees the rates as percentages with two decimals', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'street');
      await page.getByTestId('side-menu').getByText('案件统计', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/cases/metrics' && u.searchParams.get('region') === STREET);
      const closed = page.getByTestId('metric-closedRate').locator('.ant-statistic-content-value');
      await poll(() => closed.innerText()).toMatch(/^\d{1,3}\.\d{2}%$/);
      for (const r of ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate', 'reworkRate']) {
        expect(await page.getByTestId(`metric-${r}`).locator('.ant-statistic-content-value').innerText()).toMatch(/^(\d{1,3}\.\d{2}%|—)$/);
      }
      expect(Number(await page.getByTestId('metric-total').locator('.ant-statistic-content-value').innerText())).toBeGreaterThan(0);
      await page.getByText('指标口径说明').click();
      expect(await page.getByTestId('metrics-definitions').innerText()).toContain('结案率 = 已结案的案件数 ÷ 应结案的案件数');
      // two overdue figures, each named: the period's and the open ones (= the queue's 仅超期)
      expect(await page.getByTestId('metric-overdue').innerText()).toContain('本期超期');
      expect(await page.getByTestId('metric-open-overdue').innerText()).toContain('当前超期');
      const defs = await page.getByTestId('metrics-definitions').innerText();
      expect(defs).toContain('当前超期 = 现在仍未办结且已过办理时限的案件数');
      expect(await page.getByTestId('metrics-rater-rule').innerText()).toContain('满意度只来自反映人');
      await screenshot(page, 'cases-metrics');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('admin edits a category in the drawer; the console switches to English', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'admin');
      await page.getByTestId('side-menu').getByText('案件类别', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/cases/categories');
      await page.getByTestId('cat-edit-0101').click();
      await page.getByTestId('category-drawer').waitFor();
      await poll(() => page.locator('#category_name').inputValue()).toBe('暴露垃圾');
      await page.locator('#category_closing').fill(`垃圾清运完毕，现场照片为证（${tag}）`);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/case-categories/0101') && r.request().method() === 'PUT'),
        page.getByTestId('cat-save').click(),
      ]);
      expect(res.status(), await res.text()).toBe(200);
      expect(((await res.json()) as { closing: string }).closing).toContain(tag);
      await screenshot(page, 'cases-categories');

      await page.goto('/cases');
      await page.getByTestId('cases-table').waitFor();
      await page.getByTestId('lang-toggle').click();
      await poll(() => page.getByTestId('page-title').innerText()).toBe('Case queue');
      expect(await page.getByTestId('side-menu').innerText()).toContain('Case metrics');
      await page.getByTestId('lang-toggle').click();
      await poll(() => page.getByTestId('page-title').innerText()).toBe('案件列表');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
