/**
 * Red property in the console, in a real browser: the street reads its two coverages; the
 * community (昌九社区) tries an owners' committee of 4 for 站东新村 (refused with the server's
 * message, nothing created), registers it with 5 members added on the spot, sets up its party
 * branch from the committee's row and takes 3 full members in the branch's drawer, then sends a
 * party-building instructor to 南昌安居物业; the street's coverage figures move accordingly.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { consoleLogin, launchBrowser, openPage, pickOption, screenshot } from './helpers';

const baseURL = inject('baseURL');
const CHANGJIU = '360111005014'; // 昌九社区
const ZHANDONG = '360111005'; // 站东街道
const COMPOUND = '站东新村';
const COMPANY = '南昌安居物业管理有限公司';
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A JSON GET made by the page itself (its own session). */
async function pageGet<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { Accept: 'application/json' } });
    if (!res.ok) throw new Error(`GET ${p}: HTTP ${res.status}`);
    return res.json();
  }, path) as Promise<T>;
}

const pick = pickOption;

/** 新增人员 next to a person picker: registers `name` on the spot; the picker then holds them. */
async function newHolder(page: Page, pickerTestId: string, name: string) {
  await page.getByTestId(`${pickerTestId}-new`).click();
  await page.locator('#holder-new_name').fill(name);
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/post-holders') && r.request().method() === 'POST'),
    page.getByTestId('holder-new-submit').click(),
  ]);
  expect(res.status(), await res.text()).toBe(201);
  await poll(() => page.getByTestId(pickerTestId).locator('.ant-select-selection-item').innerText()).toContain(name);
}

/** Runs `fn` in a fresh browser context signed in as `username`; no page or console errors allowed. */
async function signedIn(username: string, fn: (page: Page) => Promise<void>) {
  const { context, page, errors } = await openPage(browser, baseURL);
  try {
    await page.goto('/login');
    await consoleLogin(page, username);
    await fn(page);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
}

async function fillDate(page: Page, id: string, date: string) {
  await page.locator(`#${id}`).fill(date);
  await page.locator(`#${id}`).press('Enter');
}

const FIGURES = ['owners-total', 'owners-withPartyOrg', 'owners-withInstructor', 'property-total', 'property-withPartyOrg', 'property-withInstructor'] as const;
type Figures = Record<(typeof FIGURES)[number], number>;

/** The street's 两个覆盖 as the page shows them (the Statistic's text, checked against data-value). */
async function readCoverage(page: Page): Promise<Figures> {
  await page.getByTestId('side-menu').getByText('红色物业', { exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/party/property' && u.searchParams.get('region') === ZHANDONG);
  await page.getByTestId('tab-coverage').click();
  await poll(() => page.getByTestId('cov-region-name').innerText()).toBe('站东街道');
  const out = {} as Figures;
  for (const k of FIGURES) {
    const box = page.getByTestId(`cov-${k}`);
    const shown = Number((await box.locator('.ant-statistic-content-value').innerText()).replace(/[^\d]/g, ''));
    expect(shown).toBe(Number(await box.getAttribute('data-value')));
    out[k] = shown;
  }
  // Fractions are shown as percentages ("—" when there is nothing to divide by).
  for (const side of ['owners', 'property']) {
    for (const k of ['organisationCoverage', 'workCoverage']) {
      expect(await page.getByTestId(`cov-${side}-${k}`).locator('.ant-statistic-content').innerText()).toMatch(/^(\d+(\.\d)?%|—)$/);
    }
  }
  await page.getByTestId(`cov-row-${CHANGJIU}`).waitFor();
  return out;
}

describe('red property: owners committee, its branch, an instructor and the two coverages', () => {
  const tag = String(Date.now() % 100000).padStart(5, '0');
  const members = ['甲', '乙', '丙', '丁', '戊'].map((c) => `业委${c}${tag}`);
  const instructor = `指导员${tag}`;
  let before: Figures;

  test('the street reads its two coverages', async () => {
    await signedIn('zhandong', async (page) => {
      before = await readCoverage(page);
      expect(before['owners-total']).toBeGreaterThan(0);
      await screenshot(page, 'party-coverage-before');
    });
  });

  test('the community registers the committee (4 members refused), sets up its branch with 3 members and sends an instructor', async () => {
    await signedIn('nanchang', async (page) => {
      await page.getByTestId('side-menu').getByText('红色物业', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/party/property' && u.searchParams.get('region') === CHANGJIU);
      await page.getByTestId('committees-table').locator('[data-compound]').first().waitFor();
      expect(await page.locator(`[data-compound="${COMPOUND}"]`).count()).toBe(0);

      // 登记业委会 with 4 members: the server's message, and nothing is created.
      await page.getByTestId('committee-new').click();
      await pick(page, 'committee-new-compound', COMPOUND);
      await fillDate(page, 'committee-new_electedOn', '2025-03-01');
      await fillDate(page, 'committee-new_firstMeetingOn', '2025-03-05');
      await page.getByTestId('committee-member-4-remove').click();
      for (let i = 0; i < 4; i++) await newHolder(page, `committee-member-${i}-holder`, members[i]);
      const [refused] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/owners-committees') && r.request().method() === 'POST'),
        page.getByTestId('committee-new-submit').click(),
      ]);
      expect(refused.status()).toBeGreaterThanOrEqual(400);
      const err = ((await refused.json()) as { error: { code: string; message: string } }).error;
      expect(['committee_size_range', 'committee_size_even']).toContain(err.code);
      await poll(() => page.getByTestId('committee-new-error').innerText()).toContain(err.message);
      expect(err.message).toMatch(/5–11|单数|奇数/);
      const none = await pageGet<{ items: { compoundName: string }[] }>(page, `/api/owners-committees?region=${CHANGJIU}`);
      expect(none.items.map((c) => c.compoundName)).not.toContain(COMPOUND);
      await screenshot(page, 'party-committee-refused');

      // A fifth member: registered.
      await page.getByTestId('committee-new-add-member').click();
      await newHolder(page, 'committee-member-4-holder', members[4]);
      expect(await page.getByTestId('committee-new-count').innerText()).toContain('当前 5 人');
      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/owners-committees') && r.request().method() === 'POST'),
        page.getByTestId('committee-new-submit').click(),
      ]);
      expect(created.status(), await created.text()).toBe(201);
      const committee = (await created.json()) as { id: number; members: unknown[] };
      expect(committee.members).toHaveLength(5);
      const row = page.locator(`[data-compound="${COMPOUND}"]`);
      await row.waitFor();
      expect(await row.getByTestId('committee-member-count').innerText()).toBe('5');
      await row.getByTestId('cover-none').waitFor();
      // Filed late or not at all: the findings are shown as tags with the server's message.
      await poll(() => row.locator('[data-testid="finding"]').count()).toBeGreaterThan(0);

      // 建立党组织 from the row: the dialog is prefilled with the committee.
      await row.getByTestId('body-create-org').click();
      await poll(() => page.locator('#org-new_name').inputValue()).toContain(COMPOUND);
      await poll(() => page.getByTestId('org-new-attached-ref').locator('.ant-select-selection-item').innerText()).toContain(COMPOUND);
      await fillDate(page, 'org-new_termStart', '2025-04-01');
      const [orgRes] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/party-orgs') && r.request().method() === 'POST'),
        page.getByTestId('org-new-submit').click(),
      ]);
      expect(orgRes.status(), await orgRes.text()).toBe(201);
      const org = (await orgRes.json()) as { id: number; kind: string; attached: { kind: string; ref: string } };
      expect(org.kind).toBe('branch');
      expect(org.attached).toMatchObject({ kind: 'owners_committee', ref: String(committee.id) });

      // Its drawer opens: 3 full members, picked from the people just registered.
      await poll(() => page.getByTestId('org-drawer-name').innerText()).toContain(COMPOUND);
      for (const name of members.slice(0, 3)) {
        await page.getByTestId('org-add-member').click();
        await pick(page, 'member-new-holder', name, name);
        await fillDate(page, 'member-new_joinedOn', '2015-07-01');
        const [m] = await Promise.all([
          page.waitForResponse((r) => /\/api\/party-orgs\/\d+\/members$/.test(r.url()) && r.request().method() === 'POST'),
          page.getByTestId('member-new-submit').click(),
        ]);
        expect(m.status(), await m.text()).toBe(201);
        await page.locator('[data-testid^="org-member-"]', { hasText: name }).waitFor();
      }
      await poll(() => page.getByTestId('org-member-counts').innerText()).toContain('正式 3 人');
      // No secretary yet: an error finding, in red.
      await page.getByTestId('org-findings').locator('[data-code="secretary_missing"][data-severity="error"]').waitFor();
      expect(await page.getByTestId('org-findings').locator('.ant-tag-red').count()).toBeGreaterThan(0);
      await screenshot(page, 'party-org-drawer');
      await page.locator('.ant-drawer-close').click();
      await poll(() => row.getByTestId('cover-org').innerText()).toContain(COMPOUND);

      // 派驻党建指导员 to 南昌安居物业 (no organisation, no instructor).
      await page.getByTestId('tab-companies').click();
      const company = page.locator(`[data-name="${COMPANY}"]`);
      await company.waitFor();
      await company.getByTestId('cover-none').waitFor();
      await company.getByTestId('body-assign-instructor').click();
      expect(await page.getByTestId('instructor-new-unit').innerText()).toContain(COMPANY);
      await newHolder(page, 'instructor-new-holder', instructor);
      const [ins] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/party-instructors') && r.request().method() === 'POST'),
        page.getByTestId('instructor-new-submit').click(),
      ]);
      expect(ins.status(), await ins.text()).toBe(201);
      await poll(() => company.getByTestId('cover-instructor').innerText()).toBe(instructor);
      expect(await company.getByTestId('body-assign-instructor').isDisabled()).toBe(true);
      await screenshot(page, 'party-companies');
    });
  });

  test('the street sees the figures move', async () => {
    await signedIn('zhandong', async (page) => {
      const after = await readCoverage(page);
      expect(after['owners-total']).toBe(before['owners-total'] + 1);
      expect(after['owners-withPartyOrg']).toBe(before['owners-withPartyOrg'] + 1);
      expect(after['owners-withInstructor']).toBe(before['owners-withInstructor']);
      expect(after['property-total']).toBe(before['property-total']);
      expect(after['property-withInstructor']).toBe(before['property-withInstructor'] + 1);
      expect(after['property-withPartyOrg']).toBe(before['property-withPartyOrg']);
      await screenshot(page, 'party-coverage-after');

      // The street also sees the new branch among the organisations of its communities.
      await page.getByTestId('side-menu').getByText('党组织', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/party/orgs' && u.searchParams.get('region') === ZHANDONG);
      await page.getByTestId('orgs-filter').fill(COMPOUND);
      const branch = page.locator('[data-name]', { hasText: COMPOUND });
      await branch.first().waitFor();
      expect(await branch.count()).toBe(1);
      expect(await branch.getByTestId('org-kind').innerText()).toBe('党支部');
      expect(await branch.locator('td').nth(3).innerText()).toBe('3'); // 正式党员
    });
  });
});
