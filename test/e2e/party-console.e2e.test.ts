/**
 * The party console in a real browser:
 *  - 网格党建: 府城社区's staff open the chain of their community (three grid branches with a
 *    building group and a 党员中心户 each, the other basic grids flagged), name a group member's
 *    household a central household with 16 households (the check says more than 15), and end it;
 *  - 党组织: 昌九社区 makes a probationary member full (转正) and edits an organisation in place;
 *  - 红色物业 → 业委会: a committee's linked account, a new term (换届), an instructor's assignment ended.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { consoleLogin, launchBrowser, openPage, pickOption, screenshot } from './helpers';

const baseURL = inject('baseURL');
const FUCHENG = '460107002001';
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const pick = pickOption;

describe('网格党建', () => {
  test('the community sees its chain, adds a 党员中心户 to a building group and ends it', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'community');
      await page.getByTestId('side-menu').getByText('网格党建', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/party/grid-chain');
      if (new URL(page.url()).searchParams.get('region') !== FUCHENG) await page.goto(`/party/grid-chain?region=${FUCHENG}`);
      // the demo's 6 basic grids, plus any the grid tests drew earlier in this run
      await poll(() => page.getByTestId('chain-total-gridsWithBranch').innerText()).toMatch(/^3 \/ \d+$/);
      const basic = Number((await page.getByTestId('chain-total-gridsWithBranch').innerText()).split('/')[1]);
      expect(basic).toBeGreaterThanOrEqual(6);
      expect(await page.getByTestId('chain-total-centers').innerText()).toBe('3');
      const findings = page.getByTestId('chain-findings');
      expect(await findings.locator('[data-code="grid_without_branch"]').count()).toBe(basic - 3);
      expect(await findings.locator('[data-code="center_too_many"]').innerText()).toContain('超过 15 户');

      // the first grid's group: 王海波 is a member of it
      const group = page.getByTestId('chain-group').first();
      await group.getByTestId('chain-center-add').click();
      await pick(page, 'center-holder', '王海波', '王海波');
      await page.locator('#center-new_households').fill('16');
      await page.locator('#center-new_address').fill('3栋2单元501');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/party-center-households') && r.request().method() === 'POST'),
        page.getByTestId('center-new-submit').click(),
      ]);
      expect(res.status(), await res.text()).toBe(201);
      await poll(() => page.getByTestId('chain-total-centers').innerText()).toBe('4');
      await poll(() => findings.locator('[data-code="center_too_many"]').count()).toBe(2);
      const center = page.locator('[data-testid="chain-center"][data-name="王海波"]');
      expect(await center.innerText()).toContain('联系 16 户');
      await screenshot(page, 'grid-chain');

      // a second time: the server says he already is one, under the person field
      await group.getByTestId('chain-center-add').click();
      await pick(page, 'center-holder', '王海波', '王海波');
      const [again] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/party-center-households') && r.request().method() === 'POST'),
        page.getByTestId('center-new-submit').click(),
      ]);
      expect(again.status()).toBe(409);
      await poll(() => page.locator('.ant-modal:visible .ant-form-item-explain-error').first().innerText()).toContain('已是党员中心户');
      await page.locator('.ant-modal:visible .ant-modal-close').click();

      await center.getByTestId('chain-center-end').click();
      await page.locator('.ant-popconfirm:visible .ant-btn-primary').click();
      await poll(() => page.getByTestId('chain-total-centers').innerText()).toBe('3');
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'grid-chain-failed');
      throw e;
    } finally {
      await context.close();
    }
  });

  test('at street level it asks for a community instead of calling the API with the street (issue #12)', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    const chainCalls: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/party-grid-chain')) chainCalls.push(`${r.status()} ${new URL(r.url()).search}`);
    });
    try {
      await page.goto('/login');
      await consoleLogin(page, 'street');
      await page.goto('/party/grid-chain?region=460107002');
      await poll(() => page.getByTestId('chain-pick-community').count()).toBe(1);
      expect(await page.getByTestId('chain-pick-community').innerText()).toContain('请在右上角选择一个社区');
      await page.getByTestId(`chain-community-${FUCHENG}`).click();
      await poll(() => page.getByTestId('chain-total-centers').innerText()).toMatch(/^\d+$/);
      const body = await page.locator('body').innerText();
      expect(body).not.toContain('party.gridChain');
      expect(body).toContain('党员中心户联系户数');
      expect(chainCalls).toEqual([`200 ?community=${FUCHENG}`]);
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'grid-chain-street-failed');
      throw e;
    } finally {
      await context.close();
    }
  });

  test('figures named apart: 人口概况, the community committee\'s members, every community in 两个覆盖 (issue #12)', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'street');
      await page.goto('/people/stats?region=460107002');
      await poll(() => page.getByTestId('stat-livingAlone65').innerText()).toContain('独居老人（65岁及以上，按户籍单人户）');
      expect(await page.getByTestId('stat-care-groups').innerText()).toContain('独居老人（关爱对象登记）');
      expect(await page.getByTestId('stat-care-hint').innerText()).toContain('口径不同');
      expect(await page.getByTestId('stat-partyMembers').innerText()).toContain('居住在本辖区的党员');
      await page.goto('/party/property?tab=coverage&region=460107002');
      await poll(() => page.locator('[data-testid^="cov-row-460107002"]').count()).toBe(9);
      await page.goto(`/party/orgs?region=${FUCHENG}`);
      await page.locator('[data-testid^="org-row-"][data-name="中共府城社区委员会"]').getByTestId('org-name').click();
      await poll(() => page.getByTestId('org-resident-members').innerText()).toMatch(/^\d+ 人/);
      const resident = Number((await page.getByTestId('org-resident-members').innerText()).split(' ')[0]);
      expect(resident).toBeGreaterThan(0);
      expect(await page.getByTestId('org-facts').innerText()).toContain('组织关系在本组织的党员');
      expect(await page.getByTestId('org-members-with-sub').innerText()).toMatch(/^\d+ 人（本组织及其下各支部、党小组）/);
      await screenshot(page, 'org-member-figures');
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'figures-failed');
      throw e;
    } finally {
      await context.close();
    }
  });

  test('in the organisation drawer: a probationary member becomes full (转正), and the organisation is edited in place', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'nanchang');
      await page.goto('/party/orgs?region=360111005014');
      const row = page.locator('[data-testid^="org-row-"][data-name="南昌红心物业服务有限公司党支部"]');
      await row.getByTestId('org-name').click();
      const member = page.locator('[data-testid="org-members"] tr', { hasText: '马超' });
      await poll(() => member.getByTestId('org-member-confirm').count()).toBe(1);
      await member.getByTestId('org-member-confirm').click();
      const [res] = await Promise.all([
        page.waitForResponse((r) => /\/api\/party-orgs\/\d+\/members\/\d+\/status$/.test(r.url()) && r.request().method() === 'PUT'),
        page.locator('.ant-popconfirm:visible .ant-btn-primary').click(),
      ]);
      expect(res.status(), await res.text()).toBe(200);
      await poll(() => member.getByTestId('org-member-confirm').count()).toBe(0);
      expect(await member.innerText()).toContain('正式');

      await page.getByTestId('org-edit').click();
      await page.locator('#org-edit_approvalRef').fill('青组字〔2023〕12号');
      const [saved] = await Promise.all([
        page.waitForResponse((r) => /\/api\/party-orgs\/\d+$/.test(r.url()) && r.request().method() === 'PATCH'),
        page.getByTestId('org-edit-submit').click(),
      ]);
      expect(saved.status(), await saved.text()).toBe(200);
      expect(((await saved.json()) as { approvalRef: string }).approvalRef).toBe('青组字〔2023〕12号');
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'org-edit-failed');
      throw e;
    } finally {
      await context.close();
    }
  });

  test('红色物业 → 业委会: a committee\'s linked account, a new term (换届), and its instructor\'s assignment ended', async () => {
    const { context, page, errors } = await openPage(browser, baseURL);
    try {
      await page.goto('/login');
      await consoleLogin(page, 'nanchang');
      await page.goto('/party/property?region=360111005014&tab=committees');
      const changjiu = page.locator('[data-testid^="committee-row-"][data-compound="昌九小区"]');
      await changjiu.getByTestId('committee-accounts').click();
      await poll(() => page.getByTestId('company-accounts').innerText()).toContain('owners');
      await page.locator('.ant-modal:visible .ant-modal-close').click();

      const huapan = page.locator('[data-testid^="committee-row-"][data-compound="青山湖畔花园"]');
      await huapan.getByTestId('committee-reelect').click();
      const elected = page.locator('#committee-reelect_electedOn');
      await elected.fill('2026-10-10');
      await elected.press('Enter');
      const form = page.getByTestId('committee-reelect-form');
      for (const [i, name] of ['林涛', '郭娜', '何军', '高艳', '罗明'].entries()) await pick(page, `committee-member-${i}-holder`, name, name, form);
      const [res] = await Promise.all([
        page.waitForResponse((r) => /\/api\/owners-committees\/\d+\/elections$/.test(r.url()) && r.request().method() === 'POST'),
        page.getByTestId('committee-reelect-submit').click(),
      ]);
      expect(res.status(), await res.text()).toBe(200);
      const body = (await res.json()) as { electedOn: string; history?: unknown[]; terms?: unknown[] };
      expect(body.electedOn).toBe('2026-10-10');

      // the instructor of 青山湖畔花园's committee ends (kept, with dates): the committee is uncovered again
      await huapan.getByTestId('body-end-instructor').click();
      const [ended] = await Promise.all([
        page.waitForResponse((r) => /\/api\/party-instructors\/\d+\/end$/.test(r.url()) && r.request().method() === 'POST'),
        page.locator('.ant-popconfirm:visible .ant-btn-primary').click(),
      ]);
      expect(ended.status(), await ended.text()).toBe(200);
      await poll(() => huapan.getByTestId('cover-none').count()).toBe(1);
      expect(await huapan.getByTestId('body-assign-instructor').isDisabled()).toBe(false);
      expect(errors).toEqual([]);
    } catch (e) {
      await screenshot(page, 'committee-reelect-failed');
      throw e;
    } finally {
      await context.close();
    }
  });
});
