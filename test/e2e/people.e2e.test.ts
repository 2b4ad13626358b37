/**
 * The resident registry in the browser: masked list, the import (template, a checked CSV with
 * per-row, per-column errors in Chinese, commit of the good rows, a re-import that only updates),
 * exact ID search, an audited reveal, 新增居民 with the server's message on the field; the street's
 * 人口概况 without names; the grid worker's 我的居民 on the phone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleLogin, DEMO_PASSWORD, launchBrowser, mobileLogin, openPage, screenshot } from './helpers';

const baseURL = inject('baseURL');
const COMMUNITY = '460107002001'; // 府城社区
const GRID = '460107002001001'; // its first grid (gridworker's)
const MASKED_ID = /^\d{6}\*{8}[\dX]{4}$/;
const MASKED_PHONE = /^1\d{2}\*{4}\d{4}$/;
/** Any full ID number (18 characters) anywhere in a text. */
const FULL_ID = /(?<![\d*])\d{17}[\dX](?![\d*])/;
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** GB 11643 check character over the first 17 digits. */
function checkChar(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return '10X98765432'[sum % 11];
}
function idNumber(birth: string, seq: number): string {
  const first17 = `460107${birth}${String(seq).padStart(3, '0')}`;
  return first17 + checkChar(first17);
}
function wrongCheck(id: string): string {
  const ok = id[17];
  return id.slice(0, 17) + ('10X98765432'.split('').find((c) => c !== ok) ?? '0');
}

/** A JSON GET made by the page itself (its own session). */
async function apiGet<T>(page: Page, path: string): Promise<{ status: number; body: T }> {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { Accept: 'application/json' } });
    return { status: res.status, body: await res.json() };
  }, path) as Promise<{ status: number; body: T }>;
}

async function getAs<T>(username: string, path: string): Promise<T> {
  const ctx = await browser.newContext({ baseURL });
  try {
    const login = await ctx.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
    expect(login.status()).toBe(200);
    const res = await ctx.request.get(path);
    expect(res.status()).toBe(200);
    return (await res.json()) as T;
  } finally {
    await ctx.close();
  }
}

interface ResidentLite {
  id: number;
  name: string;
  idNumber: string;
  phone: string | null;
  household: { gridCode: string } | null;
}

describe('resident registry', () => {
  // Different each run, so the test also passes against a server that keeps its data (E2E_BASE_URL).
  const tag = String(Date.now() % 100000).padStart(5, '0');
  const seq = (n: number) => (Number(tag) * 7 + n * 2) % 1000;
  const good = [
    { name: '导入甲', id: idNumber('19480312', seq(1)), phone: '13800138001', address: `测试路${tag}号`, relation: '业主', movedIn: '2010-05-01', party: '是', care: '独居老人' },
    { name: '导入乙', id: idNumber('19520620', seq(2)), phone: '13800138002', address: `测试路${tag}号`, relation: '家庭成员', movedIn: '2010-05-01', party: '否', care: '' },
    { name: '导入丙', id: idNumber('19850101', seq(3)), phone: '13900139003', address: `测试街${tag}号`, relation: '租户', movedIn: '2020-03-15', party: '否', care: '低保对象、残疾人' },
  ];
  const badId = { name: '错误丁', id: wrongCheck(idNumber('19700707', seq(4))), phone: '13800138004', address: `测试巷${tag}号`, relation: '业主', movedIn: '2015-01-01', party: '否', care: '' };
  const badPhone = { name: '错误戊', id: idNumber('19750808', seq(5)), phone: '1380013800', address: `测试巷${tag}号`, relation: '业主', movedIn: '2099-01-01', party: '否', care: '' };
  const header = '姓名,身份证号,手机号,网格编码,小区,楼栋,单元,房号,地址,身份,入住日期,党员,关爱类别';
  const csv =
    '\ufeff' +
    [header, ...[...good, badId, badPhone].map((r) => [r.name, r.id, r.phone, GRID, '', '', '', '', r.address, r.relation, r.movedIn, r.party, r.care].join(','))].join('\r\n') +
    '\r\n';
  const file = { name: `居民导入-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') };

  test('community staff: masked list, import checked then committed, exact ID search, audited reveal, re-import updates', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'community');
      await page.getByTestId('side-menu').getByText('居民', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/people/residents' && u.searchParams.get('region') === COMMUNITY);
      await page.locator('[data-testid^="resident-row-"]').first().waitFor();
      await poll(() => page.getByTestId('residents-total').innerText()).toMatch(/共 \d+ 人/);

      // Every ID number and phone is masked, and no full ID is anywhere on the page.
      const ids = await page.getByTestId('resident-id').allInnerTexts();
      expect(ids.length).toBeGreaterThan(5);
      for (const id of ids) expect(id.trim()).toMatch(MASKED_ID);
      for (const p of await page.getByTestId('resident-phone').allInnerTexts()) expect(p.trim()).toMatch(MASKED_PHONE);
      expect(await page.locator('body').innerText()).not.toMatch(FULL_ID);
      expect(await page.content()).not.toMatch(FULL_ID);
      await screenshot(page, 'people-residents');

      // The import: template first.
      await page.getByTestId('residents-import').click();
      await page.waitForURL((u) => u.pathname === '/people/import');
      const [templateRes, download] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/api/residents/import-template')),
        page.waitForEvent('download'),
        page.getByTestId('import-template').click(),
      ]);
      expect(templateRes.status()).toBe(200);
      expect(templateRes.headers()['content-type']).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(download.suggestedFilename()).toBe('居民导入模板.xlsx');
      const saved = readFileSync((await download.path())!);
      expect(saved.length).toBeGreaterThan(1000);
      expect(saved.subarray(0, 2).toString('latin1')).toBe('PK'); // an xlsx is a zip

      // A file that is not the template is refused with the server's message.
      await page
        .getByTestId('import-file-input')
        .setInputFiles({ name: 'other.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,证件,电话\r\n张三,1,2\r\n', 'utf8') });
      await poll(() => page.getByTestId('import-error-alert').innerText()).toContain('表头不符合模板');
      expect(await page.getByTestId('import-report').count()).toBe(0);
      expect(await page.getByTestId('import-progress').getAttribute('data-state')).toBe('failed');

      // Check: per-row, per-column errors in Chinese; nothing written yet. The check runs as a
      // server job (202 at once) whose step, counts and bar the page shows to the end.
      const [checkStart] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/residents/import') && r.request().method() === 'POST'),
        page.getByTestId('import-file-input').setInputFiles(file),
      ]);
      expect(checkStart.status()).toBe(202);
      expect((await checkStart.json()).job).toMatchObject({ state: 'running', stages: ['read', 'check'] });
      await page.getByTestId('import-report').waitFor();
      expect(await page.getByTestId('import-progress').getAttribute('data-state')).toBe('done');
      expect(await page.getByTestId('import-progress-step').innerText()).toBe('已完成');
      expect(await page.getByTestId('import-progress-counts').innerText()).toBe('5 / 5');
      expect(await page.getByTestId('import-progress-bar').getAttribute('aria-valuenow')).toBe('100');
      expect(await page.getByTestId('import-count-rows').innerText()).toBe('5');
      expect(await page.getByTestId('import-count-valid').innerText()).toBe('3');
      expect(await page.getByTestId('import-count-invalid').innerText()).toBe('2');
      expect(await page.getByTestId('import-count-new').innerText()).toBe('3');
      expect(await page.getByTestId('import-count-update').innerText()).toBe('0');
      // Only the rows with errors are listed at first (rows 5 and 6: the header is row 1).
      await poll(() => page.locator('[data-testid^="import-row-"]').count()).toBe(2);
      const row5 = page.getByTestId('import-row-5');
      expect(await row5.innerText()).toContain('错误丁');
      expect(await row5.locator('[data-testid="import-error"][data-column="身份证号"]').innerText()).toContain('身份证号校验位错误');
      const row6 = page.getByTestId('import-row-6');
      expect(await row6.locator('[data-testid="import-error-column"]').allInnerTexts()).toEqual(expect.arrayContaining(['手机号', '入住日期']));
      expect(await row6.locator('[data-testid="import-error"][data-column="手机号"]').innerText()).toContain('手机号应为 11 位');
      expect(await row6.locator('[data-testid="import-error"][data-column="入住日期"]').innerText()).toContain('入住日期不能晚于今天');
      await screenshot(page, 'people-import-check');
      await page.getByTestId('import-filter-all').click();
      await poll(() => page.locator('[data-testid^="import-row-"]').count()).toBe(5);
      await page.getByTestId('import-filter-errors').click();
      await poll(() => page.locator('[data-testid^="import-row-"]').count()).toBe(2);
      const before = await apiGet<{ total: number }>(page, `/api/residents?region=${COMMUNITY}&idNumber=${good[0].id}`);
      expect(before.body.total).toBe(0);

      // Commit the 3 good rows.
      expect(await page.getByTestId('import-commit').innerText()).toContain('导入 3 条无误数据');
      const [commitRes] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/residents/import') && r.request().method() === 'POST'),
        page.getByTestId('import-commit').click(),
      ]);
      expect(commitRes.status()).toBe(202);
      const commitJob = (await commitRes.json()).job;
      expect(commitJob).toMatchObject({ state: 'running', stages: ['read', 'check', 'write'] });
      await page.getByTestId('import-result').waitFor();
      expect(await page.getByTestId('import-result').innerText()).toContain('新增 3 人');
      // the finished job: the write step wrote the 3 good rows
      expect(await page.getByTestId('import-progress').getAttribute('data-state')).toBe('done');
      expect(await page.getByTestId('import-progress-counts').innerText()).toBe('3 / 3');
      const polled = await apiGet<{ state: string; stage: string; done: number; total: number }>(page, `/api/jobs/${commitJob.id}`);
      expect(polled.body).toMatchObject({ state: 'done', stage: 'write', done: 3, total: 3 });
      await screenshot(page, 'people-import-done');

      // Back in the list, find one of them by its exact ID number.
      await page.getByTestId('import-back-list').click();
      await page.waitForURL((u) => u.pathname === '/people/residents');
      await page.getByTestId('search-id').fill(good[0].id);
      await page.getByTestId('search-submit').click();
      await poll(() => page.getByTestId('resident-name').allInnerTexts()).toEqual([good[0].name]);
      const masked = (await page.getByTestId('resident-id').innerText()).trim();
      expect(masked).toMatch(MASKED_ID);
      expect(masked.slice(0, 6)).toBe(good[0].id.slice(0, 6));
      expect(masked.slice(-4)).toBe(good[0].id.slice(-4));
      expect(await page.locator('body').innerText()).not.toContain(good[0].id);
      await screenshot(page, 'people-search-id');

      // 导出 Excel with the same filters: one person, an xlsx (made by a server job, then downloaded).
      const [exportRes, exported] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/residents/export') && r.request().method() === 'POST'),
        page.waitForEvent('download'),
        page.getByTestId('residents-export').click(),
      ]);
      expect(exportRes.status()).toBe(202);
      expect(exportRes.request().postDataJSON().idNumber).toBe(good[0].id);
      expect(exported.suggestedFilename()).toBe('居民名单-1人.xlsx');
      expect(readFileSync((await exported.path())!).subarray(0, 2).toString('latin1')).toBe('PK');

      // The drawer, then the phone revealed for a stated purpose: shown in the dialog only.
      await page.getByTestId('resident-name').click();
      await poll(() => page.getByTestId('resident-drawer-name').innerText()).toBe(good[0].name);
      expect(await page.getByTestId('resident-phone-masked').innerText()).toMatch(MASKED_PHONE);
      expect(await page.getByTestId('care-card').innerText()).toContain('独居老人');
      await page.getByTestId('reveal-phone').click();
      await page.getByTestId('reveal-body').waitFor();
      expect(await page.getByTestId('reveal-audit-note').innerText()).toContain('查看记录将写入审计日志');
      await page.getByTestId('reveal-reason').fill('核实');
      await page.getByTestId('reveal-submit').click();
      await poll(() => page.getByTestId('reveal-body').innerText()).toContain('请填写用途（至少 4 个字）');
      await page.getByTestId('reveal-reason').fill('电话回访，核实入住信息');
      const [revealRes] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/reveal') && r.request().method() === 'POST'),
        page.getByTestId('reveal-submit').click(),
      ]);
      expect(revealRes.status()).toBe(200);
      await poll(() => page.getByTestId('reveal-value').innerText()).toContain(good[0].phone);
      await screenshot(page, 'people-reveal');
      expect(await page.getByTestId('residents-table').innerText()).not.toContain(good[0].phone);
      expect(await page.getByTestId('resident-facts').innerText()).not.toContain(good[0].phone);
      await page.getByTestId('reveal-close').click();
      await poll(() => page.getByTestId('reveal-body').count()).toBe(0);
      expect(await page.locator('body').innerText()).not.toContain(good[0].phone);
      const residentId = Number((await page.locator('[data-testid^="resident-detail-"]').getAttribute('data-testid'))!.split('-').pop());

      // Recorded in the audit log (read as admin).
      const audit = await getAs<{ items: { action: string; actorUsername: string; targetId: string; detail?: { field?: string; reason?: string } }[] }>(
        'admin',
        '/api/audit?action=people.reveal&limit=50',
      );
      const entry = audit.items.find((a) => a.targetId === String(residentId));
      expect(entry).toBeTruthy();
      expect(entry!.action).toBe('people.reveal');
      expect(entry!.actorUsername).toBe('community');
      expect(entry!.detail).toMatchObject({ field: 'phone', reason: '电话回访，核实入住信息' });

      // In the drawer: a care group with a note, and the living-alone flag set by hand with a reason.
      await page.getByTestId('care-add-group').click();
      await page.locator('.ant-select-dropdown:visible').getByText('空巢老人', { exact: true }).click();
      await page.getByTestId('care-add-note').fill('子女在外地');
      await page.getByTestId('care-add').click();
      await page.getByTestId('care-item-empty_nest').waitFor();
      expect(await page.getByTestId('la-current').innerText()).toBe('否');
      await page.getByTestId('la-choice').getByText('认定为独居65+').click();
      await page.getByTestId('la-reason').fill('子女常年在外，本人独自居住');
      await page.getByTestId('la-save').click();
      await poll(() => page.getByTestId('la-current').innerText()).toBe('是');
      expect(await page.getByTestId('la-override').innerText()).toContain('子女常年在外');
      await screenshot(page, 'people-drawer');
      await page.locator('.ant-drawer-close').click();
      await poll(() => page.getByTestId('resident-drawer-name').count()).toBe(0);

      // 新增居民 into the same household: the server's phone message lands on the phone field.
      const household = (await apiGet<{ items: { household: { id: number } }[] }>(page, `/api/residents?region=${COMMUNITY}&idNumber=${good[0].id}`)).body.items[0]
        .household.id;
      const newId = idNumber('20100909', seq(6));
      await page.getByTestId('residents-new').click();
      await page.getByTestId('new-resident-form').waitFor();
      await page.getByTestId('nr-name').fill('新增己');
      await page.getByTestId('nr-id').fill(wrongCheck(newId));
      await page.getByTestId('nr-household-mode').getByText('加入已有户').click();
      await page.getByTestId('nr-household-id').fill(String(household));
      await page.getByTestId('nr-household-preview').waitFor();
      expect(await page.getByTestId('nr-household-preview').innerText()).toContain(good[0].name);
      await page.locator('.ant-select', { has: page.locator('#nr_relation') }).locator('.ant-select-selector').click();
      await page.locator('.ant-select-dropdown:visible').getByText('家庭成员', { exact: true }).click();
      await page.locator('#nr_movedIn').fill('2012-09-09');
      await page.locator('#nr_movedIn').press('Enter');
      await page.getByTestId('new-resident-submit').click();
      await poll(() => page.getByTestId('new-resident-form').innerText()).toContain('身份证号校验位错误');
      await page.getByTestId('nr-id').fill(newId);
      await page.getByTestId('nr-phone').fill('1380013800x');
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/residents') && r.request().method() === 'POST'),
        page.getByTestId('new-resident-submit').click(),
      ]);
      expect(refused.status()).toBe(400);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('phone_invalid');
      await poll(() => page.getByTestId('new-resident-form').innerText()).toContain('手机号应为 11 位大陆手机号码');
      await screenshot(page, 'people-new-error');
      await page.getByTestId('nr-phone').fill('13700137006');
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/residents') && r.request().method() === 'POST'),
        page.getByTestId('new-resident-submit').click(),
      ]);
      expect(created.status()).toBe(201);
      await poll(() => page.getByTestId('resident-drawer-name').innerText()).toBe('新增己');
      expect(await page.getByTestId('resident-id-masked').innerText()).toMatch(MASKED_ID);
      const fresh = (await created.json()) as { id: number; version: number };

      // Editing while someone else saved first: 409 version_conflict reloads the resident.
      await page.getByTestId('resident-edit').click();
      await page.getByTestId('resident-edit-form').waitFor();
      await page.getByTestId('edit-party').click();
      const other = await page.evaluate(
        async ({ id, version }) => {
          const me = await (await fetch('/api/auth/me')).json();
          const res = await fetch(`/api/residents/${id}`, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/json', 'x-csrf-token': me.csrfToken },
            body: JSON.stringify({ version, name: '新增己改' }),
          });
          return res.status;
        },
        { id: fresh.id, version: fresh.version },
      );
      expect(other).toBe(200);
      const [conflict] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/residents/${fresh.id}`) && r.request().method() === 'PATCH'),
        page.getByTestId('resident-edit-save').click(),
      ]);
      expect(conflict.status()).toBe(409);
      await page.getByTestId('edit-conflict').waitFor();
      await poll(() => page.getByTestId('edit-name').inputValue()).toBe('新增己改');
      await poll(() => page.getByTestId('resident-drawer-name').innerText()).toBe('新增己改');
      await page.getByTestId('edit-party').click();
      await page.getByTestId('resident-edit-save').click();
      await poll(() => page.getByTestId('resident-facts').innerText()).toMatch(/党员\s*是/);

      // Moving out keeps the record and its history; a death is recorded after a confirmation.
      await page.getByTestId('resident-move').click();
      await page.locator('#move_date').fill('2020-01-02');
      await page.locator('#move_date').press('Tab');
      await page.getByRole('button', { name: '确认迁出' }).click();
      await poll(() => page.getByTestId('resident-facts').innerText()).toContain('已迁出');
      expect(await page.getByTestId('history-card').innerText()).toContain('2012-09-09 — 2020-01-02');
      await page.getByTestId('resident-death').click();
      await page.locator('#death_date').fill('2021-03-04');
      await page.locator('#death_date').press('Tab');
      await page.getByRole('button', { name: '下一步' }).click();
      // wait for the death to be recorded and the drawer to read the resident again (this step was flaky)
      const deathRes = page.waitForResponse((r) => r.request().method() === 'POST' && /^\/api\/residents\/\d+\/death$/.test(new URL(r.url()).pathname));
      const reloaded = deathRes.then(() => page.waitForResponse((r) => r.request().method() === 'GET' && /^\/api\/residents\/\d+$/.test(new URL(r.url()).pathname)));
      await page.getByTestId('death-confirm-ok').click();
      expect((await deathRes).status()).toBe(200);
      expect((await deathRes).request().postDataJSON()).toEqual({ date: '2021-03-04' });
      expect((await (await reloaded).json()).deceasedOn).toBe('2021-03-04');
      await poll(() => page.getByTestId('resident-facts').innerText()).toContain('已故 2021-03-04');
      await page.locator('.ant-drawer-close').click();
      await poll(() => page.getByTestId('resident-drawer-name').count()).toBe(0);
      // Gone from the list, back with 含迁出/已故.
      await page.getByTestId('search-id').fill(newId);
      await page.getByTestId('search-submit').click();
      await poll(() => page.getByTestId('residents-total').innerText()).toBe('共 0 人');
      await page.getByTestId('search-gone').click();
      await poll(() => page.getByTestId('resident-name').allInnerTexts()).toEqual(['新增己改']);
      expect(await page.getByTestId('residents-table').innerText()).toContain('已故');

      // The same file again: nobody new, the three are updated.
      await page.goto(`/people/import?region=${COMMUNITY}`);
      await page.getByTestId('import-file-input').setInputFiles(file);
      await page.getByTestId('import-report').waitFor();
      expect(await page.getByTestId('import-count-new').innerText()).toBe('0');
      expect(await page.getByTestId('import-count-update').innerText()).toBe('3');
      expect(await page.getByTestId('import-count-invalid').innerText()).toBe('2');
      await screenshot(page, 'people-import-again');
      await page.getByTestId('import-commit').click();
      await page.getByTestId('import-result').waitFor();
      expect(await page.getByTestId('import-result').innerText()).toContain('更新 3 人');
      for (const g of good) {
        const r = await apiGet<{ total: number; items: ResidentLite[] }>(page, `/api/residents?region=${COMMUNITY}&idNumber=${g.id}`);
        expect(r.body.total).toBe(1);
        expect(r.body.items[0].idNumber).toMatch(MASKED_ID);
      }
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 150_000);

  test('street: 人口概况 shows the numbers, and there is no 居民 entry', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'street');
      const menu = page.getByTestId('side-menu');
      await menu.getByText('人口概况').waitFor();
      expect(await menu.getByRole('menuitem', { name: '居民', exact: true }).count()).toBe(0);
      expect(await menu.locator('[data-menu-id$="/people/residents"]').count()).toBe(0);
      expect(await menu.getByText('小区', { exact: true }).count()).toBe(1);

      await menu.getByText('人口概况').click();
      await page.waitForURL((u) => u.pathname === '/people/stats' && u.searchParams.get('region') === '460107002');
      const stats = await getAs<{ residents: number; households: number; aged65: number; livingAlone65: number; careGroups: Record<string, number> }>(
        'street',
        '/api/residents/stats?region=460107002',
      );
      await poll(() => page.getByTestId('stat-residents-value').innerText()).toBe(stats.residents.toLocaleString('en-US'));
      expect(stats.residents).toBeGreaterThan(0);
      expect(await page.getByTestId('stat-households-value').innerText()).toBe(stats.households.toLocaleString('en-US'));
      expect(await page.getByTestId('stat-aged65-value').innerText()).toBe(stats.aged65.toLocaleString('en-US'));
      expect(await page.getByTestId('stat-livingAlone65-value').innerText()).toBe(stats.livingAlone65.toLocaleString('en-US'));
      expect(await page.getByTestId('stat-care-disabled').innerText()).toBe((stats.careGroups.disabled ?? 0).toLocaleString('en-US'));
      expect(await page.getByTestId('stats-region-name').innerText()).toBe('府城街道');
      expect(await page.locator('body').innerText()).not.toMatch(/\d{6}\*{8}[\dX]{4}/);
      await screenshot(page, 'people-stats-street');

      // The residents page itself is refused, and the API answers 403.
      await page.goto('/people/residents?region=460107002');
      await page.getByText('无权访问').waitFor();
      expect((await apiGet(page, '/api/residents?region=460107002')).status).toBe(403);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('community staff: compounds with buildings, units and dwellings; a new compound and building', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'community');
      await page.getByTestId('side-menu').getByText('小区', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/people/compounds' && u.searchParams.get('region') === COMMUNITY);
      await page.locator('[data-testid^="compound-row-"]').first().waitFor();
      await screenshot(page, 'people-compounds');

      const name = `测试家园${String(Date.now()).slice(-6)}`;
      await page.getByTestId('compound-new').click();
      await page.getByTestId('compound-community').locator('.ant-select-selector').click();
      await page.getByTestId(`region-option-${COMMUNITY}`).click();
      await poll(() => page.getByTestId('compound-community').innerText()).toContain('府城社区');
      await page.getByTestId('compound-name-input').fill(name);
      const [createdRes] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/compounds') && r.request().method() === 'POST'),
        page.getByTestId('compound-submit').click(),
      ]);
      expect(createdRes.status()).toBe(201);
      expect(createdRes.request().postDataJSON()).toMatchObject({ communityCode: COMMUNITY, name });
      await poll(() => page.getByTestId('compound-drawer-name').innerText()).toBe(name);
      await page.getByTestId('compound-no-buildings').waitFor();
      await page.getByTestId('building-new').click();
      await page.getByTestId('building-name').fill('1栋');
      await page.getByTestId('building-floors').fill('3');
      await page.getByTestId('building-units').fill('2');
      await page.getByTestId('building-rooms').fill('2');
      await page.getByTestId('building-area').fill('88.5');
      await page.getByTestId('building-submit').click();
      await page.getByTestId('building-1栋').waitFor();
      // 2 units × 3 floors × 2 rooms, numbered floor by floor.
      await poll(() => page.getByTestId('dwelling').count()).toBe(12);
      expect(await page.getByTestId('compound-detail').innerText()).toContain('302');
      await screenshot(page, 'people-compound-drawer');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a grid worker sees 我的居民 of grid 001 only, masked, and calls after stating why', async () => {
    const { context, page, errors } = await openPage(browser, baseURL, { mobile: true });
    try {
      await page.goto('/m/login');
      await mobileLogin(page, 'gridworker');
      await page.getByTestId('m-app-my-residents').click();
      await page.waitForURL('**/m/residents');
      await page.getByTestId('m-resident-list').waitFor();

      const all = (await apiGet<{ total: number; items: ResidentLite[] }>(page, `/api/residents?region=${COMMUNITY}&limit=200`)).body;
      expect(all.total).toBeGreaterThan(0);
      expect(all.items.every((r) => r.household?.gridCode === GRID)).toBe(true);
      await poll(() => page.getByTestId('m-residents-total').innerText()).toBe(`共 ${all.total} 人`);
      const shown = page.locator('.m-resident');
      const firstIds = await page.getByTestId('m-resident-id').allInnerTexts();
      expect(firstIds.length).toBeGreaterThan(0);
      for (const id of firstIds) expect(id.trim()).toMatch(MASKED_ID);
      const listed = await shown.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-testid')!.replace('m-resident-', ''))));
      const allowed = new Set(all.items.map((r) => r.id));
      expect(listed.every((id) => allowed.has(id))).toBe(true);
      expect(await page.locator('body').innerText()).not.toMatch(FULL_ID);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(page, 'mobile-residents');

      // Search by name.
      const target = all.items.find((r) => r.phone) ?? all.items[0];
      await page.locator('[data-testid="m-residents-search"] input').fill(target.name);
      await page.locator('[data-testid="m-residents-search"] input').press('Enter');
      await poll(() => page.getByTestId('m-resident-name').allInnerTexts()).toContain(target.name);
      for (const n of await page.getByTestId('m-resident-name').allInnerTexts()) expect(n.startsWith(target.name)).toBe(true);

      // Detail: masked; 拨打电话 asks why first, then offers a tel: link.
      await page.getByTestId(`m-resident-${target.id}`).click();
      await page.waitForURL(`**/m/residents/${target.id}`);
      await poll(() => page.getByTestId('m-detail-name').innerText()).toBe(target.name);
      expect(await page.getByTestId('m-detail-id').innerText()).toMatch(MASKED_ID);
      await page.getByTestId('m-care-list').waitFor();
      if (target.phone) {
        expect(await page.getByTestId('m-detail-phone').innerText()).toMatch(MASKED_PHONE);
        await page.getByTestId('m-call').click();
        await page.getByTestId('m-call-dialog').waitFor();
        await page.locator('[data-testid="m-call-reason"] textarea').fill('每周电话问候');
        await page.locator('.adm-dialog').getByText('确定').click();
        const link = page.getByTestId('m-call-link');
        await link.waitFor();
        expect(await link.getAttribute('href')).toMatch(/^tel:1\d{10}$/);
        await page.getByTestId('m-call-dialog').waitFor({ state: 'hidden' });
        await poll(() => page.locator('.adm-mask:visible').count()).toBe(0);
        expect(await page.getByTestId('m-detail-phone').innerText()).toMatch(MASKED_PHONE);
      }
      await screenshot(page, 'mobile-resident-detail');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
