/**
 * Issue #4's "Done when", played as one story in a real browser, as the demo accounts:
 *  1. the street's rates for 府城街道 are read first (API);
 *  2. a resident reports a blocked sewer on the mobile page (GPS inside grid 001);
 *  3. the grid worker of that grid sees it in 待我处理 (mobile);
 *  4. the community registers and dispatches it to the grid worker (console);
 *  5. it goes overdue on the working-day clock (the admin runs the sweep as of resolveDue + 1 min)
 *     and is escalated to the street: the street sees it overdue, 已立案, 街道级 (console);
 *  6. the street whistles 琼山区综合行政执法局 (lead) and 琼山区环境卫生管理局 (assisting) (console);
 *  7. both departments report in and report back on /cases/tasks (console);
 *  8. the street verifies the lead's result and closes the case (console);
 *  9. the resident rates it 满意 (mobile);
 * 10. the rates for 府城街道 move by exactly this case (API), and the console metrics page shows
 *     the satisfaction rate the API gives;
 * 11. an Open311 client files a request and reads it back (HTTP, no browser).
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleLogin, launchBrowser, mobileLogin, openPage, screenshot, type Tracked, apiLogin as apiLoginAt, type ApiSession } from './helpers';

const baseURL = inject('baseURL');
const STREET = '460107002'; // 府城街道
const GRID = '460107002001001'; // 府城社区 grid 001, the demo grid worker's
const LEAD = '琼山区综合行政执法局';
const ASSIST = '琼山区环境卫生管理局';
const STEP_TIMEOUT = 90_000;
const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 100 });

// ------------------------------------------------------------------ API helpers (outside the browser)

type Session = ApiSession;
const apiLogin = (username: string): Promise<Session> => apiLoginAt(baseURL, username);

/** A date in China time (UTC+8), YYYY-MM-DD. */
const chinaDate = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

interface Counts {
  dueToClose: number; closed: number; closedOnTime: number; handled: number; withRework: number;
  dueToRespond: number; respondedInTime: number; calledBack: number; ratedResolved: number; ratedSatisfied: number;
}
interface Metrics {
  total: number; responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null;
  closedRate: number | null; onTimeRate: number | null; reworkRate: number | null; overdue: number; counts: Counts;
}
interface CaseDetail {
  id: number; number: string; state: string; level: string; gridCode: string | null; categoryCode: string; source: string;
  description: string; resolveDue: string | null; overdue: boolean; version: number; actions: string[];
  handler: { kind: string; name: string; accountId?: number; departmentId?: number } | null;
  timeline: { at: string; action: string; fromState: string | null; toState: string | null; detail: any }[];
  tasks: { id: number; departmentName: string; role: 'lead' | 'assist'; reportedInAt: string | null; handlerName: string | null; result: string | null; doneAt: string | null }[];
  rating: { satisfaction: string; resolved: boolean } | null;
}

/** The same formatting as the console (web/shared/cases.ts percent). */
const percent = (r: number | null) => (r === null ? '—' : `${(Math.round(r * 10000) / 100).toFixed(2)}%`);

// ------------------------------------------------------------------ browser helpers

let browser: Browser;

async function consoleAs(username: string): Promise<Tracked> {
  const t = await openPage(browser, baseURL);
  await t.page.goto('/login');
  await consoleLogin(t.page, username);
  return t;
}

let point: { latitude: number; longitude: number };

async function phoneAs(username: string): Promise<Tracked> {
  const t = await openPage(browser, baseURL, { mobile: true });
  await t.context.grantPermissions(['geolocation'], { origin: baseURL });
  await t.context.setGeolocation({ ...point, accuracy: 12 });
  await t.page.goto('/m/login');
  await mobileLogin(t.page, username);
  await t.page.getByTestId('m-greeting').waitFor();
  return t;
}

/** Chooses an option in the antd Select that carries this test id. */
async function choose(page: Page, testId: string, text: string, search?: string) {
  await poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
  const select = page.getByTestId(testId);
  await select.locator('.ant-select-selector').click();
  if (search) await select.locator('input').first().fill(search);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
}

const headState = (page: Page) => page.getByTestId('case-head').getByTestId('case-state').first();

/** Clicks an action button on the case page, fills its dialog and waits for the server's answer. */
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

const timelineActions = (page: Page) =>
  page.getByTestId('timeline-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));

// ------------------------------------------------------------------ the story

const tag = `J${Date.now().toString(36).toUpperCase()}`;
const description = `下水道堵塞，污水漫到人行道 ${tag}`;
const to = chinaDate(Date.now());
const from = chinaDate(Date.now() - 30 * 86400_000);
const metricsPath = `/api/metrics/cases?region=${STREET}&from=${from}&to=${to}`;

let resident: Session, gridworker: Session, community: Session, street: Session, admin: Session;
let before: Metrics;
let beforeAt = 0;
let caseId = 0;
let caseNumber = '';

beforeAll(async () => {
  browser = await launchBrowser();
  [resident, gridworker, community, street, admin] = await Promise.all(
    ['resident', 'gridworker', 'community', 'street', 'admin'].map((u) => apiLogin(u)),
  );
  // The grid's bbox centre, checked with the server's locator (a few nearby points if the centre falls outside).
  const g = await gridworker.call<{ geometry: { type: string; coordinates: any } }>('GET', `/api/grids/${GRID}`);
  expect(g.status).toBe(200);
  const ring: number[][] = g.body.geometry.type === 'Polygon' ? g.body.geometry.coordinates[0] : g.body.geometry.coordinates[0][0];
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const candidates = [[0.5, 0.5], [0.4, 0.4], [0.6, 0.6], [0.4, 0.6], [0.6, 0.4], [0.3, 0.3], [0.15, 0.15]];
  for (const [fx, fy] of candidates) {
    const longitude = Number((x0 + (x1 - x0) * fx).toFixed(6));
    const latitude = Number((y0 + (y1 - y0) * fy).toFixed(6));
    const at = await gridworker.call<{ grid: { code: string } | null }>('GET', `/api/grids/locate?lon=${longitude}&lat=${latitude}`);
    if (at.body.grid?.code === GRID) {
      point = { longitude, latitude };
      break;
    }
  }
  expect(point, `a point inside grid ${GRID}`).toBeDefined();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('the case journey of issue #4, end to end', () => {
  test('1. the street reads the rates of 府城街道 before anything (API)', async () => {
    beforeAt = Date.now();
    const r = await street.call<Metrics>('GET', metricsPath);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    before = r.body;
    expect(before.total).toBeGreaterThan(0);
    expect(before.counts).toBeDefined();
  });

  test('2. the resident reports a blocked sewer on the mobile page (GPS inside grid 001)', async () => {
    const { context, page, errors } = await phoneAs('resident');
    try {
      await page.getByTestId('m-app-report').click();
      await page.waitForURL('**/m/report');
      await page.getByTestId('m-report').waitFor();
      await poll(() => page.getByTestId('m-report-geo').getAttribute('data-status')).toBe('ok');

      // 公用设施 / 下水道堵塞
      await page.getByTestId('m-report-category-value').click();
      const cascader = page.locator('.adm-cascader');
      await cascader.locator('.adm-list-item', { hasText: '公用设施' }).click();
      await cascader.locator('.adm-list-item', { hasText: '下水道堵塞' }).click();
      await cascader.locator('.adm-cascader-header-button', { hasText: '确定' }).click();
      await poll(() => page.getByTestId('m-report-category-value').innerText()).toBe('公用设施 / 下水道堵塞');
      await cascader.waitFor({ state: 'hidden' });

      await page.getByTestId('m-report-description').locator('textarea:not([aria-hidden])').fill(description);
      const photo = await sharp({ create: { width: 120, height: 90, channels: 3, background: { r: 90, g: 70, b: 40 } } }).jpeg().toBuffer();
      await page.getByTestId('m-report-photos-input').setInputFiles({ name: 'sewer.jpg', mimeType: 'image/jpeg', buffer: photo });
      await poll(() => page.getByTestId('m-report-photos-item').count()).toBe(1);
      await page.getByTestId('m-report-contact-phone').locator('input').fill('13800138000');
      await screenshot(page, 'journey-02-resident-report');
      await page.getByTestId('m-report-submit').click();

      await page.waitForURL(/\/m\/cases\/\d+$/, { timeout: 30_000 });
      caseId = Number(new URL(page.url()).pathname.split('/').pop());
      await page.getByTestId('m-case-card').waitFor();
      expect(await page.getByTestId('m-case-description').innerText()).toBe(description);
      expect(await page.getByTestId('m-case-state').first().innerText()).toBe('待立案');
      caseNumber = (await page.getByTestId('m-case-number').innerText()).trim();
      await screenshot(page, 'journey-02-resident-reported');

      const d = await resident.call<CaseDetail>('GET', `/api/cases/${caseId}`);
      expect(d.status).toBe(200);
      expect(d.body).toMatchObject({ categoryCode: '0601', gridCode: GRID, source: 'resident', state: 'reported', level: 'community' });
      expect(caseNumber).toContain(d.body.number);
      caseNumber = d.body.number;
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, STEP_TIMEOUT);

  test('3. the grid worker of grid 001 sees it in 待我处理 (mobile)', async () => {
    expect(caseId).toBeGreaterThan(0);
    const { context, page, errors } = await phoneAs('gridworker');
    try {
      await page.getByTestId('m-app-cases').click();
      await page.waitForURL('**/m/cases');
      await page.getByRole('tab', { name: '待我处理' }).waitFor();
      expect(await page.getByRole('tab', { name: '待我处理' }).getAttribute('aria-selected')).toBe('true');
      const item = page.getByTestId('m-case-item').filter({ hasText: tag });
      await item.waitFor();
      expect(await item.getByTestId('m-case-state').innerText()).toBe('待立案');
      await screenshot(page, 'journey-03-gridworker-queue');
      await item.click();
      await page.waitForURL(`**/m/cases/${caseId}`);
      await page.getByTestId('m-case-card').waitFor();
      expect(await page.getByTestId('m-case-description').innerText()).toBe(description);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, STEP_TIMEOUT);

  test('4. the community opens it in the console, registers and dispatches it to the grid worker', async () => {
    expect(caseId).toBeGreaterThan(0);
    const { context, page, errors } = await consoleAs('community');
    try {
      await page.goto('/cases');
      await page.getByTestId('cases-table').waitFor();
      await page.getByTestId('filter-q').fill(tag);
      await page.getByTestId('cases-search-submit').click();
      const row = page.locator(`[data-number="${caseNumber}"]`);
      await row.waitFor();
      await poll(() => page.locator('[data-number]').count()).toBe(1);
      expect(await row.getByTestId('case-state').innerText()).toBe('待立案');
      await row.getByTestId('case-number').click();
      await page.waitForURL((u) => u.pathname === `/cases/${caseId}`);
      await page.getByTestId('case-head').waitFor();
      expect(await headState(page).innerText()).toBe('待立案');
      expect(await page.getByTestId('case-description-full').innerText()).toContain(tag);

      await act(page, 'register');
      await poll(() => headState(page).innerText()).toBe('已立案');
      await act(page, 'dispatch', async () => {
        await page.getByTestId('dispatch-kind').getByText('网格员', { exact: true }).click();
        await choose(page, 'dispatch-worker', GRID);
      });
      await poll(() => headState(page).innerText()).toBe('已派遣');
      await screenshot(page, 'journey-04-community-dispatched');

      const d = await community.call<CaseDetail>('GET', `/api/cases/${caseId}`);
      expect(d.body.state).toBe('dispatched');
      expect(d.body.handler).toMatchObject({ kind: 'grid_worker', accountId: Number(gridworker.user.id) });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, STEP_TIMEOUT);

  test('5. it goes overdue on the working-day clock and is escalated to the street', async () => {
    expect(caseId).toBeGreaterThan(0);
    // API: the deadline, then the admin's sweep as of one minute past it (demo mode allows asOf).
    const d = await street.call<CaseDetail>('GET', `/api/cases/${caseId}`);
    expect(d.body.resolveDue).toBeTruthy();
    expect(d.body.overdue).toBe(false);
    const due = Date.parse(d.body.resolveDue!);
    expect(due).toBeGreaterThan(Date.now());
    // The deadline is the category's limit on the working calendar (office hours, holidays, 调休)
    // from registration: the server's own calendar gives the same instant, and a plain clock would not.
    const cats = await street.call<{ items: { code: string; resolveValue: number; resolveUnit: string }[] }>('GET', '/api/case-categories');
    const sewer = cats.body.items.find((c) => c.code === '0601')!;
    const registeredAt = Date.parse(d.body.timeline.find((e) => e.action === 'register')!.at);
    const limit = sewer.resolveUnit === 'working_days' ? `workingDays=${sewer.resolveValue}` : `workingHours=${sewer.resolveValue}`;
    const cal = await street.call<{ due: string }>('GET', `/api/calendar/deadline?from=${encodeURIComponent(new Date(registeredAt).toISOString())}&${limit}`);
    expect(cal.status, JSON.stringify(cal.body)).toBe(200);
    expect(Math.abs(Date.parse(cal.body.due) - due)).toBeLessThan(5_000);
    const plainHours = sewer.resolveUnit === 'working_days' ? sewer.resolveValue * 24 : sewer.resolveValue;
    expect(due - registeredAt).toBeGreaterThan(plainHours * 3600_000);
    const asOf = new Date(Date.parse(d.body.resolveDue!) + 60_000).toISOString();
    // The minutely background sweep may hold the lock for a moment (ran: false): run again until it ran.
    await poll(async () => {
      const r = await admin.call<{ ran: boolean; escalated: number }>('POST', '/api/cases/sweep', { asOf });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const c = await street.call<CaseDetail>('GET', `/api/cases/${caseId}`);
      return c.body.overdue && c.body.level === 'street';
    }, 30_000).toBe(true);
    const after = await street.call<CaseDetail>('GET', `/api/cases/${caseId}`);
    expect(after.body).toMatchObject({ state: 'registered', level: 'street', overdue: true, handler: null });
    expect(after.body.timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['overdue', 'escalate']));

    // UI: the street's console shows it overdue, escalated, 已立案 at 街道 level.
    const { context, page, errors } = await consoleAs('street');
    try {
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('case-head').waitFor();
      expect(await headState(page).innerText()).toBe('已立案');
      const head = await page.getByTestId('case-head').innerText();
      expect(head).toContain('已超期');
      expect(head).toContain('街道级处置');
      await page.getByTestId('case-timeline').waitFor();
      const actions = await timelineActions(page);
      expect(actions).toEqual(expect.arrayContaining(['register', 'dispatch', 'overdue', 'escalate']));
      const escalate = page.locator('[data-testid="timeline-item"][data-action="escalate"]');
      expect(await escalate.innerText()).toContain('已立案');
      await screenshot(page, 'journey-05-street-escalated');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, STEP_TIMEOUT);

  test('6. the street whistles 综合行政执法局 (lead) and 环境卫生管理局 (assisting) with the whistle dialog', async () => {
    expect(caseId).toBeGreaterThan(0);
    const { context, page, errors } = await consoleAs('street');
    try {
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('case-head').waitFor();
      await page.getByTestId('action-whistle').click();
      await page.getByTestId('whistle-ok').waitFor();
      await choose(page, 'whistle-lead', LEAD);
      await choose(page, 'whistle-assist', ASSIST);
      await page.keyboard.press('Escape');
      await poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
      expect(await page.getByTestId('whistle-lead').innerText()).toContain(LEAD);
      expect(await page.getByTestId('whistle-assist').innerText()).toContain(ASSIST);
      await screenshot(page, 'journey-06-whistle-dialog');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/cases/${caseId}/whistle`)),
        page.getByTestId('whistle-ok').click(),
      ]);
      expect(res.status(), await res.text()).toBe(200);
      await page.getByTestId('case-tasks').waitFor();
      await poll(() => page.getByTestId('case-tasks').locator('tbody tr.ant-table-row').count()).toBe(2);
      const lead = page.getByTestId('case-tasks').locator('tr', { has: page.getByTestId('task-role-lead') });
      const assist = page.getByTestId('case-tasks').locator('tr', { has: page.getByTestId('task-role-assist') });
      expect(await lead.innerText()).toContain(LEAD);
      expect(await assist.innerText()).toContain(ASSIST);
      await poll(() => headState(page).innerText()).toBe('已派遣');
      await screenshot(page, 'journey-06-whistled');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, STEP_TIMEOUT);

  const departments = [
    { username: 'department', role: '牵头', handler: '王队长', result: `已会同环卫疏通管道并清理路面污物 ${tag}` },
    { username: 'sanitation', role: '协办', handler: '李站长', result: `已清运淤泥，冲洗人行道 ${tag}` },
  ];
  for (const dep of departments) {
    test(`7. ${dep.username} (${dep.role}) reports in and reports back on /cases/tasks`, async () => {
      expect(caseId).toBeGreaterThan(0);
      const { context, page, errors } = await consoleAs(dep.username);
      try {
        await page.goto('/cases/tasks');
        await page.getByTestId('dept-tasks-page').waitFor();
        const row = page.locator(`[data-case="${caseNumber}"]`);
        await row.waitFor();
        expect(await row.innerText()).toContain(dep.role);
        await row.getByTestId('task-report-in').click();
        await page.getByTestId('report-in-handler').fill(dep.handler);
        const [inRes] = await Promise.all([
          page.waitForResponse((r) => /\/tasks\/\d+\/report-in$/.test(r.url())),
          page.getByTestId('report-in-ok').click(),
        ]);
        expect(inRes.status(), await inRes.text()).toBe(200);
        await poll(() => row.getByTestId('task-reported-in').count()).toBe(1);
        expect(await row.innerText()).toContain(dep.handler);

        await row.getByTestId('task-done').click();
        await page.getByTestId('task-done-result').fill(dep.result);
        const [doneRes] = await Promise.all([
          page.waitForResponse((r) => /\/tasks\/\d+\/done$/.test(r.url())),
          page.getByTestId('task-done-ok').click(),
        ]);
        expect(doneRes.status(), await doneRes.text()).toBe(200);
        await page.getByTestId('tasks-state').getByText('全部').click();
        await poll(() => page.locator(`[data-case="${caseNumber}"]`).innerText()).toContain(dep.result.slice(0, 8));
        await screenshot(page, `journey-07-${dep.username}-reported-back`);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
      const d = await street.call<CaseDetail>('GET', `/api/cases/${caseId}`);
      const task = d.body.tasks.find((t) => t.role === (dep.role === '牵头' ? 'lead' : 'assist'))!;
      expect(task).toMatchObject({ handlerName: dep.handler, result: dep.result });
      expect(task.reportedInAt).toBeTruthy();
      expect(task.doneAt).toBeTruthy();
      expect(d.body.state).toBe('handled');
    }, STEP_TIMEOUT);
  }

  test("8. the street verifies the lead's result (核查通过) and closes the case (结案)", async () => {
    expect(caseId).toBeGreaterThan(0);
    const { context, page, errors } = await consoleAs('street');
    try {
      await page.goto(`/cases/${caseId}`);
      await page.getByTestId('case-head').waitFor();
      expect(await headState(page).innerText()).toBe('待核查');
      const lead = page.getByTestId('case-tasks').locator('tr', { has: page.getByTestId('task-role-lead') });
      expect(await lead.getByTestId('task-result').innerText()).toContain(departments[0].result);
      await act(page, 'verify_pass');
      await poll(() => headState(page).innerText()).toBe('待结案');
      await act(page, 'close');
      await poll(() => headState(page).innerText()).toBe('已结案');
      const actions = await timelineActions(page);
      expect(actions).toEqual(expect.arrayContaining(['whistle', 'report_in', 'task_done', 'verify_pass', 'close']));
      expect(actions[actions.length - 1]).toBe('close');
      await screenshot(page, 'journey-08-street-closed');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, STEP_TIMEOUT);

  test('9. the resident rates it 满意 on the mobile page', async () => {
    expect(caseId).toBeGreaterThan(0);
    const { context, page, errors } = await phoneAs('resident');
    try {
      await page.goto('/m/cases');
      const item = page.getByTestId('m-case-item').filter({ hasText: tag });
      await item.waitFor();
      expect(await item.getByTestId('m-case-state').innerText()).toBe('已结案');
      await item.click();
      await page.waitForURL(`**/m/cases/${caseId}`);
      await page.getByTestId('m-case-card').waitFor();
      expect(await page.getByTestId('m-case-state').first().innerText()).toBe('已结案');
      await page.getByTestId('m-action-rate').click();
      const form = page.getByTestId('m-form-rate');
      await form.waitFor();
      await form.locator('.adm-selector-item', { hasText: /^满意$/ }).click();
      await form.getByTestId('m-rate-note').locator('textarea:not([aria-hidden])').fill('街道和部门处理很快，谢谢');
      await screenshot(page, 'journey-09-resident-rate');
      await form.getByTestId('m-action-submit').click();
      await page.getByTestId('m-case-rating').waitFor();
      expect(await page.getByTestId('m-case-rating').getAttribute('data-satisfaction')).toBe('satisfied');
      await screenshot(page, 'journey-09-resident-rated');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    const d = await resident.call<CaseDetail>('GET', `/api/cases/${caseId}`);
    expect(d.body.rating).toMatchObject({ satisfaction: 'satisfied', resolved: true });
  }, STEP_TIMEOUT);

  test('10. the rates for 府城街道 move by exactly this case (API); the console shows the same satisfaction rate', async () => {
    expect(before).toBeDefined();
    const r = await street.call<Metrics>('GET', metricsPath);
    const afterAt = Date.now();
    expect(r.status).toBe(200);
    const after = r.body;

    // "Due to close" counts open cases whose deadline has passed *now*: another case of the cohort
    // whose deadline fell between the two reads would also join it. Count those (usually none).
    let lapsed = 0;
    type QueuePage = { items: { id: number; state: string; resolveDue: string | null }[]; nextCursor: string | null };
    for (let cursor: string | null = null; ; ) {
      const page: { status: number; body: QueuePage } = await street.call<QueuePage>(
        'GET',
        `/api/cases?region=${STREET}&from=${from}&to=${to}&state=open&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      lapsed += page.body.items.filter((c) => {
        if (c.id === caseId || !c.resolveDue) return false;
        const due = Date.parse(c.resolveDue);
        return due > beforeAt && due <= afterAt;
      }).length;
      cursor = page.body.nextCursor;
      if (!cursor) break;
    }

    const b = before.counts;
    const a = after.counts;
    expect(after.total).toBe(before.total + 1);
    expect(a.closed).toBe(b.closed + 1);
    expect(a.calledBack).toBe(b.calledBack + 1);
    expect(a.ratedSatisfied).toBe(b.ratedSatisfied + 1);
    expect(a.ratedResolved).toBe(b.ratedResolved + 1);
    expect(a.dueToClose).toBe(b.dueToClose + 1 + lapsed);
    expect(a.withRework).toBe(b.withRework);
    // the rates are the counts' ratios
    expect(after.satisfactionRate).toBe(a.ratedSatisfied / a.calledBack);
    expect(after.closedRate).toBe(a.closed / a.dueToClose);
    expect(after.resolutionRate).toBe(a.ratedResolved / a.calledBack);
    expect(after.satisfactionRate).not.toBeNull();

    // The console's metrics page for the same region and period.
    const { context, page, errors } = await consoleAs('street');
    try {
      await page.goto(`/cases/metrics?region=${STREET}`);
      await page.getByTestId('case-metrics-page').waitFor();
      const value = page.getByTestId('metric-satisfactionRate').locator('.ant-statistic-content-value');
      await poll(() => value.innerText()).toMatch(/^\d{1,3}\.\d{2}%$/);
      // Set the period to the API's (from … to) in the range picker (the test id sits on its two inputs).
      const inputs = page.getByTestId('metrics-range');
      const [res] = await Promise.all([
        page.waitForResponse((x) => x.url().includes('/api/metrics/cases?') && x.url().includes(`from=${from}`) && x.url().includes(`to=${to}`)),
        (async () => {
          await inputs.nth(0).click();
          await inputs.nth(0).fill(from);
          await inputs.nth(0).press('Enter');
          await inputs.nth(1).fill(to);
          await inputs.nth(1).press('Enter');
        })(),
      ]);
      expect(res.status()).toBe(200);
      await poll(() => inputs.nth(0).inputValue()).toBe(from);
      expect(await inputs.nth(1).inputValue()).toBe(to);
      const shown = ((await res.json()) as Metrics).satisfactionRate;
      expect(shown).toBe(after.satisfactionRate);
      await poll(() => value.innerText()).toBe(percent(after.satisfactionRate));
      expect(await page.getByTestId('metric-total').locator('.ant-statistic-content-value').innerText()).toBe(String(after.total));
      await screenshot(page, 'journey-10-street-metrics');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, STEP_TIMEOUT);

  test('11. an Open311 client files a request and reads it back (HTTP)', async () => {
    const desc = `Open311: 下水道堵塞 ${tag}`;
    const form = new URLSearchParams({
      api_key: 'gongzhi-demo-open311',
      jurisdiction_id: STREET,
      service_code: '0601',
      lat: String(point.latitude),
      long: String(point.longitude),
      description: desc,
    });
    const post = await fetch(`${baseURL}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    const created = (await post.json()) as { service_request_id: string; service_notice: string }[];
    expect([200, 201], JSON.stringify(created)).toContain(post.status);
    expect(created).toHaveLength(1);
    const id = created[0].service_request_id;
    expect(id).toMatch(/^\d+$/);

    const get = await fetch(`${baseURL}/open311/v2/requests/${id}.json?jurisdiction_id=${STREET}`);
    expect(get.status).toBe(200);
    const back = (await get.json()) as Record<string, unknown>[];
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ service_request_id: id, status: 'open', service_code: '0601', description: desc });
    expect(Number(back[0].lat)).toBeCloseTo(point.latitude, 5);
    expect(Number(back[0].long)).toBeCloseTo(point.longitude, 5);
  });
});
