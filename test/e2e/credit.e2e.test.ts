/**
 * 物业公示 and 信用评价 in the console, in a real browser (docs/party-api.md, "Disclosures" and
 * "Credit ratings and the red/black list").
 *
 * Ratings: 朝农街道's command centre opens "2026 年度物业服务企业信用评价" with 南昌's five-star
 * scheme; the housing bureau scores 基础服务 of two companies (and cannot touch the street's
 * dimensions), the street scores 环境卫生 and 小区容貌, an administrator scores 参与社区建设 on
 * behalf of the community party organisation (no community account in 朝农街道), a 五坊社区 resident
 * answers the satisfaction survey on the phone; the street computes, publishes (the appeal window
 * keeps 确定 refused with the server's message); with no session the public red/black list shows
 * the period and a company's breakdown: appraisals, the survey, and the cases source (no 2026 cases
 * in the demo: "无数据", spread over the other sources, as the notes say).
 *
 * Disclosures: 昌九社区's staff read the compliance of their compounds, publish a quarterly
 * common-area income statement that does not add up (the server's message under 期末余额), then
 * one that does; it is listed and its figures read in yuan; the street sees overdue items in red.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { APIRequestContext, Browser, Locator, Page } from 'playwright-core';
import { DEMO_HOMES } from '../../src/modules/property/demo';
import { consoleLogin, DEMO_PASSWORD, launchBrowser, mobileLogin, openPage, pickOption, screenshot } from './helpers';

const baseURL = inject('baseURL');
const CHAONONG = '360103013'; // 朝农街道
const CHANGJIU = '360111005014'; // 昌九社区 (站东街道)
const PERIOD = '2026 年度物业服务企业信用评价';
const SCHEME = '南昌市物业服务企业信用星级评价';
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

type ApiError = { error: { code: string; message: string } };

/** A demo account's own API session (cookie jar and CSRF header), for what the test reads or checks behind the pages. */
async function session(username: string): Promise<{ http: APIRequestContext; headers: Record<string, string> }> {
  const { request: http } = await browser.newContext({ baseURL, extraHTTPHeaders: { 'accept-language': 'zh-CN' } });
  const res = await http.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  expect(res.status(), `sign in ${username}`).toBe(200);
  return { http, headers: { 'x-csrf-token': ((await res.json()) as { csrfToken: string }).csrfToken } };
}

/** Signs `username` in to the console in a context of its own, runs `steps`, and fails on page errors (with a screenshot). */
async function asUser(username: string, shot: string, steps: (page: Page) => Promise<void>) {
  const { context, page, errors } = await openPage(browser, baseURL);
  try {
    await page.goto('/login');
    await consoleLogin(page, username);
    try {
      await steps(page);
    } catch (e) {
      await screenshot(page, `${shot}-failed`);
      throw e;
    }
    await screenshot(page, shot);
    expect(errors, 'errors in the page').toEqual([]);
  } finally {
    await context.close();
  }
}

const choose = (page: Page, testId: string, option: string, search?: string) => pickOption(page, testId, option, search);

async function typeDate(page: Page, id: string, date: string) {
  const input = page.locator(`#${id}`);
  await input.fill(date);
  await input.press('Enter');
}

/** Clicks `button` and returns the JSON answer of the request to `path` it sends. */
async function submit<T>(page: Page, button: Locator, method: string, path: RegExp): Promise<{ status: number; body: T }> {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname)),
    button.click(),
  ]);
  return { status: res.status(), body: (await res.json()) as T };
}

/** The field's error under the form item holding the input with this id. */
const fieldError = (page: Page, inputId: string) => page.locator('.ant-form-item', { has: page.locator(`#${inputId}`) }).locator('.ant-form-item-explain-error');

// ---------------------------------------------------------------- ratings

describe('信用评价: a 2026 period of 朝农街道 from opening to the public red/black list', () => {
  let periodId = 0;
  /** The company serving the resident's compound (锦绣花园1期), and one more. */
  let mine = { id: 0, name: '' };
  let other = { id: 0, name: '' };

  const openPeriod = async (page: Page) => {
    await page.getByTestId('side-menu').getByText('信用评价', { exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/credit');
    await page.locator(`[data-testid="period-row-${periodId}"] [data-testid="period-name"]`).click();
    await page.waitForURL((u) => u.pathname === `/credit/${periodId}`);
    await page.getByTestId('rated-table').locator('[data-testid^="rated-row-"]').first().waitFor();
  };
  const row = (page: Page, companyId: number) => page.getByTestId(`rated-row-${companyId}`);
  const cell = (page: Page, companyId: number, dimension: string) => row(page, companyId).locator(`[data-testid="appraisal-cell"][data-dimension="${dimension}"]`);

  /** 评分 on a cell: the dialog, the score and a note, the PUT; the cell then shows the score. */
  const appraise = async (page: Page, companyId: number, dimension: string, score: number, note: string) => {
    await cell(page, companyId, dimension).getByTestId('appraisal-edit').click();
    await page.locator('#appraisal_score').fill(String(score));
    await page.locator('#appraisal_note').fill(note);
    const res = await submit<unknown>(page, page.getByTestId('appraisal-submit'), 'PUT', /\/api\/credit-periods\/\d+\/appraisals$/);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await poll(() => cell(page, companyId, dimension).getByTestId('appraisal-score').innerText()).toBe(String(score));
  };

  test('the street opens the period in the console', async () => {
    await asUser('chaonong', 'credit-period-new', async (page) => {
      await page.getByTestId('side-menu').getByText('信用评价', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/credit' && u.searchParams.get('region') === CHAONONG);
      // the demo's 2025 period, published
      await page.locator('[data-testid^="period-row-"][data-state="published"]').first().waitFor();

      await page.getByTestId('period-new').click();
      await choose(page, 'period-new-scheme', SCHEME);
      expect(await page.getByTestId('period-new-scheme').innerText()).toContain('v1');
      await poll(() => page.getByTestId('period-new-region').innerText()).toContain('朝农街道');
      await page.locator('#period-new_name').fill(PERIOD);
      await typeDate(page, 'period-new_startsOn', '2026-01-01');
      await typeDate(page, 'period-new_endsOn', '2026-11-30');
      const created = await submit<{ id: number; state: string; startsOn: string; endsOn: string; regionCode: string }>(
        page,
        page.getByTestId('period-new-submit'),
        'POST',
        /^\/api\/credit-periods$/,
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(created.body).toMatchObject({ state: 'open', startsOn: '2026-01-01', endsOn: '2026-11-30', regionCode: CHAONONG });
      periodId = created.body.id;

      await page.waitForURL((u) => u.pathname === `/credit/${periodId}`);
      await poll(() => page.getByTestId('page-title').innerText()).toBe(PERIOD);
      expect(await page.getByTestId('period-scheme').innerText()).toContain(SCHEME);
      await poll(() => page.getByTestId('period-state').getAttribute('data-state')).toBe('open');
      expect(await page.getByTestId('period-state').innerText()).toContain('评价中');
      // the street scores 环境卫生 and 小区容貌 only
      const first = page.getByTestId('rated-table').locator('[data-testid^="rated-row-"]').first();
      await first.waitFor();
      for (const [dimension, editable] of [['sanitation', 'true'], ['appearance', 'true'], ['basic_service', 'false'], ['community_building', 'false']])
        expect(await first.locator(`[data-testid="appraisal-cell"][data-dimension="${dimension}"]`).getAttribute('data-editable'), dimension).toBe(editable);
      expect(await page.getByTestId('appraisal-mine').innerText()).toContain('环境卫生、小区容貌');
    });

    // the company serving the resident's compound is the one to rate
    const resident = await session('wufang');
    const open = (await (await resident.http.get('/api/credit-surveys/open')).json()) as { items: { periodId: number; companyId: number; companyName: string }[] };
    const survey = open.items.find((s) => s.periodId === periodId);
    expect(survey, 'the new period is open for the resident’s survey').toBeTruthy();
    mine = { id: survey!.companyId, name: survey!.companyName };
  });

  test('the housing bureau scores 基础服务 of two companies and cannot score the street’s dimensions', async () => {
    expect(periodId).toBeGreaterThan(0);
    await asUser('housing', 'credit-housing', async (page) => {
      await openPeriod(page);
      // another company than the resident's: the first one listed
      const names = await page.getByTestId('rated-table').locator('[data-testid^="rated-row-"]').evaluateAll((rows) =>
        rows.map((r) => ({ id: Number(r.getAttribute('data-testid')!.replace('rated-row-', '')), name: r.getAttribute('data-name')! })),
      );
      other = names.find((c) => c.id !== mine.id)!;
      expect(names.map((c) => c.id)).toContain(mine.id);

      await appraise(page, mine.id, 'basic_service', 100, '年度检查：设施设备维护良好，档案齐全');
      await appraise(page, other.id, 'basic_service', 50, '年度检查：电梯维保记录缺失');
      // 环境卫生 and 小区容貌 are the street's: read-only here
      for (const dimension of ['sanitation', 'appearance']) {
        const c = cell(page, mine.id, dimension);
        expect(await c.getAttribute('data-editable')).toBe('false');
        expect(await c.getByTestId('appraisal-edit').count()).toBe(0);
      }
      expect(await page.getByTestId('appraisal-mine').innerText()).toContain('基础服务');
    });
    // and the server says so, should anyone try
    const housing = await session('housing');
    const refused = await housing.http.put(`/api/credit-periods/${periodId}/appraisals`, { data: { companyId: mine.id, dimension: 'sanitation', score: 90 }, headers: housing.headers });
    expect(refused.status()).toBe(403);
    const { error } = (await refused.json()) as ApiError;
    expect(error.code).toBe('appraisal_not_yours');
    expect(error.message).toContain('街道办事处'); // who scores it
  });

  test('the street scores 环境卫生 and 小区容貌 of the same companies', async () => {
    await asUser('chaonong', 'credit-street', async (page) => {
      await openPeriod(page);
      for (const dimension of ['sanitation', 'appearance']) {
        await appraise(page, mine.id, dimension, 100, '季度巡查：保洁及时，无违章搭建');
        await appraise(page, other.id, dimension, 40, '季度巡查：楼道堆物、垃圾满溢');
      }
      // the housing bureau's scores show, read-only
      expect(await cell(page, mine.id, 'basic_service').getAttribute('data-editable')).toBe('false');
      expect(await cell(page, mine.id, 'basic_service').getByTestId('appraisal-score').innerText()).toBe('100');
    });
  });

  test('an administrator scores 参与社区建设 on behalf of the community party organisation', async () => {
    await asUser('admin', 'credit-admin', async (page) => {
      await page.goto(`/credit/${periodId}`);
      await row(page, mine.id).waitFor();
      await appraise(page, mine.id, 'community_building', 100, '社区党组织评议：积极参与联席会议和志愿服务');
      const detail = (await page.evaluate((id) => fetch(`/api/credit-periods/${id}`).then((r) => r.json()), periodId)) as {
        companies: { companyId: number; appraisals: { dimension: string; scorer: string; score: number }[] }[];
      };
      const scored = detail.companies.find((c) => c.companyId === mine.id)!.appraisals;
      expect(scored).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ dimension: 'basic_service', scorer: 'housing_bureau', score: 100 }),
          expect.objectContaining({ dimension: 'sanitation', scorer: 'street', score: 100 }),
          expect.objectContaining({ dimension: 'appearance', scorer: 'street', score: 100 }),
          expect.objectContaining({ dimension: 'community_building', scorer: 'community_party_org', score: 100 }),
        ]),
      );
    });
  });

  test('a 五坊社区 resident answers the satisfaction survey on the phone', async () => {
    const { context, page, errors } = await openPage(browser, baseURL, { mobile: true });
    try {
      await page.goto('/m/login');
      await mobileLogin(page, 'wufang');
      await page.getByTestId('m-app-survey').click();
      // newest period first
      const card = page.getByTestId('m-survey-item').filter({ hasText: PERIOD }).filter({ hasText: mine.name }).first();
      await poll(() => card.getAttribute('data-answered')).toBe('false');
      await card.locator('[role="radio"][aria-label="5"]').tap();
      await card.getByTestId('m-survey-comment').locator('textarea').fill('物业响应快，小区干净整洁');
      await card.getByTestId('m-survey-submit').click();
      await poll(() => card.getAttribute('data-answered')).toBe('true');
      await screenshot(page, 'credit-survey');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the street computes and publishes; 确定 waits for the appeal window', async () => {
    await asUser('chaonong', 'credit-published', async (page) => {
      await openPeriod(page);
      await poll(() => row(page, mine.id).getByTestId('survey-cell').getAttribute('data-count')).toBe('1');

      const computed = await submit<{ state: string }>(page, page.getByTestId('period-compute'), 'POST', /\/api\/credit-periods\/\d+\/compute$/);
      expect(computed.status, JSON.stringify(computed.body)).toBe(200);
      await poll(() => page.getByTestId('period-state').getAttribute('data-state')).toBe('computed');
      expect(await page.getByTestId('period-state').innerText()).toContain('已计算');
      // full marks from every appraiser and the survey, no disclosures in 2026 yet: 5 stars, red list
      await poll(() => row(page, mine.id).getByTestId('credit-list').getAttribute('data-list')).toBe('red');
      expect(await row(page, mine.id).getByTestId('credit-grade').innerText()).toBe('★★★★★');
      expect(await row(page, other.id).getByTestId('credit-list').getAttribute('data-list')).toBe('black');
      expect(await row(page, other.id).getByTestId('credit-grade').innerText()).toBe('★☆☆☆☆');

      // the breakdown: each dimension with the evidence behind it
      await row(page, mine.id).getByTestId('breakdown-open').click();
      const drawer = page.getByTestId('breakdown-drawer');
      await poll(() => page.getByTestId('breakdown-drawer-name').innerText()).toBe(mine.name);
      expect(await drawer.getByTestId('breakdown-dimension').count()).toBe(5);
      const kinds = await drawer.getByTestId('evidence').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
      expect(kinds).toEqual(expect.arrayContaining(['appraisal', 'survey', 'cases', 'disclosure']));
      expect(await drawer.locator('[data-testid="evidence"][data-kind="survey"]').innerText()).toContain('1 户参评');
      expect(await page.getByTestId('breakdown-consequence').innerText()).toContain('红榜');
      await screenshot(page, 'credit-breakdown');
      await page.locator('.ant-drawer-close').click();

      await page.getByTestId('period-publish').click();
      await page.locator('#publish_appealDays').fill('7');
      const published = await submit<{ state: string; appealUntil: string }>(page, page.getByTestId('publish-submit'), 'POST', /\/api\/credit-periods\/\d+\/publish$/);
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      expect(published.body.state).toBe('published');
      await poll(() => page.getByTestId('period-state').getAttribute('data-state')).toBe('published');
      expect(await page.getByTestId('period-appeal-until').innerText()).toBe(`申诉期至 ${published.body.appealUntil}`);
      // scores can no longer change
      expect(await page.getByTestId('appraisal-edit').count()).toBe(0);

      const fixed = await submit<ApiError>(page, page.getByTestId('period-fix'), 'POST', /\/api\/credit-periods\/\d+\/fix$/);
      expect(fixed.status).toBe(409);
      expect(fixed.body.error.code).toBe('appeal_window_open');
      await poll(() => page.getByTestId('period-action-error').innerText()).toContain(fixed.body.error.message);
      expect(fixed.body.error.message).toContain(published.body.appealUntil);
      expect(await page.getByTestId('period-state').getAttribute('data-state')).toBe('published');
    });
  });

  test('the street links a company’s account; the company appeals in the window; the street upholds it and the score is recomputed', async () => {
    await asUser('chaonong', 'credit-link-account', async (page) => {
      await page.goto(`/party/property?region=${CHAONONG}&tab=companies`);
      await page.getByTestId(`company-row-${other.id}`).getByTestId('company-name').click();
      await page.locator('.ant-drawer-content').getByText(/关联账号/).first().click();
      await page.getByTestId('company-account-username').fill('wufangwuye');
      const linked = await submit<{ items: { username: string }[] }>(page, page.getByTestId('company-account-link'), 'PUT', /\/api\/property-companies\/\d+\/accounts$/);
      expect(linked.status, JSON.stringify(linked.body)).toBe(200);
      await poll(() => page.getByTestId('company-accounts').innerText()).toContain('wufangwuye');
    });
    let before = 0;
    await asUser('wufangwuye', 'credit-appeal-filed', async (page) => {
      await page.goto(`/credit/${periodId}`);
      await page.getByTestId('appeals-card').waitFor();
      await page.getByTestId('appeal-file').click();
      await choose(page, 'appeal-dimension', '环境卫生');
      await page.locator('#appeal-new_reason').fill('季度巡查后楼道堆物已全部清理，垃圾清运改为每日两次，附整改照片和台账。');
      const filed = await submit<{ id: number; state: string }>(page, page.getByTestId('appeal-new-submit'), 'POST', /\/api\/credit-periods\/\d+\/appeals$/);
      expect(filed.status, JSON.stringify(filed.body)).toBe(201);
      await poll(() => page.getByTestId('appeals-card').getByTestId('appeal-tag').getAttribute('data-state')).toBe('pending');
      // one appeal a period: the button is gone
      expect(await page.getByTestId('appeal-file').count()).toBe(0);
      before = Number(await row(page, other.id).getByTestId('company-score').innerText());
    });
    await asUser('chaonong', 'credit-appeal-upheld', async (page) => {
      await openPeriod(page);
      await poll(() => row(page, other.id).getByTestId('appeal-tag').getAttribute('data-state')).toBe('pending');
      await page.getByTestId('appeal-decide').click();
      await page.getByTestId('appeal-review-form').getByText('申诉成立，更正评分').click();
      await choose(page, 'appeal-slot', '环境卫生');
      await page.locator('#appeal-review_corrections_0_score').fill('80');
      await page.locator('#appeal-review_reply').fill('复核属实：整改照片与巡查台账相符，环境卫生更正为 80 分。');
      const decided = await submit<{ state: string; scoreBefore: number; scoreAfter: number }>(page, page.getByTestId('appeal-review-submit'), 'POST', /\/api\/credit-appeals\/\d+\/decision$/);
      expect(decided.status, JSON.stringify(decided.body)).toBe(200);
      expect(decided.body.state).toBe('upheld');
      expect(decided.body.scoreBefore).toBe(before);
      expect(decided.body.scoreAfter).toBeCloseTo(before + 0.2 * 40, 2); // 环境卫生 weighs 20%: 40 → 80
      await poll(() => row(page, other.id).getByTestId('company-score').innerText()).toBe(String(decided.body.scoreAfter));
      expect(await row(page, other.id).getByTestId('appeal-tag').getAttribute('data-state')).toBe('upheld');
      expect(await page.getByTestId('appeal-change').innerText()).toContain(`${before} → ${decided.body.scoreAfter}`);
    });
  });

  test('with no session, the public list shows the period, its red and black lists and a company’s evidence', async () => {
    const { context, page, errors } = await openPage(browser, baseURL, { mobile: true });
    try {
      await page.goto(`/m/credit?region=${CHAONONG}`);
      const period = page.getByTestId('m-credit-period').filter({ has: page.getByTestId('m-credit-period-name').getByText(PERIOD, { exact: true }) }).first();
      await period.waitFor();
      // newest first
      expect(await page.getByTestId('m-credit-period-name').first().innerText()).toBe(PERIOD);
      const red = period.locator('[data-testid="m-credit-entry"][data-list="red"]');
      const black = period.locator('[data-testid="m-credit-entry"][data-list="black"]');
      await poll(() => red.count()).toBeGreaterThan(0);
      expect(await black.count()).toBeGreaterThan(0);
      expect(await red.getByTestId('m-credit-company').allInnerTexts()).toContain(mine.name);
      expect(await black.getByTestId('m-credit-company').allInnerTexts()).toContain(other.name);
      await screenshot(page, 'credit-public-list');

      await red.filter({ hasText: mine.name }).click();
      await page.getByTestId('m-credit-summary').waitFor();
      expect(await page.getByTestId('m-credit-company-name').innerText()).toBe(mine.name);
      expect(await page.getByTestId('m-credit-detail-list').innerText()).toBe('红榜');
      const evidence = (await page.getByTestId('m-credit-evidence').allInnerTexts()).join('\n');
      expect(evidence).toContain('区住房保障和房产管理部门评分'); // an appraisal
      expect(evidence).toContain('街道办事处评分');
      expect(evidence).toContain('业主满意度测评'); // the survey
      expect(evidence).toMatch(/小区案件办理情况：无数据|服务小区案件/); // the cases source
      expect(await page.getByTestId('m-credit-reasons').innerText()).toMatch(/基础服务：部分来源无数据，按其余来源折算/);
      await screenshot(page, 'credit-public-breakdown');
      expect((await context.cookies()).filter((c) => c.name === 'gz_session'), 'no session at any point').toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }

    // what the page showed is what the public API says: appraisal, survey and cases evidence
    const { request: anon } = await browser.newContext({ baseURL });
    const res = await anon.get(`/api/public/credit-lists/${periodId}/companies/${mine.id}`);
    expect(res.status()).toBe(200);
    const score = (await res.json()) as { breakdown: { dimensions: { evidence: { kind: string; value: unknown }[] }[]; reasons: string[] } };
    const kinds = score.breakdown.dimensions.flatMap((d) => d.evidence.map((e) => e.kind));
    expect(kinds).toEqual(expect.arrayContaining(['appraisal', 'survey', 'cases']));
    const cases = score.breakdown.dimensions.flatMap((d) => d.evidence).find((e) => e.kind === 'cases')!;
    // the demo's compounds have cases in 2025 only
    if (cases.value === null) expect(score.breakdown.reasons.join('\n')).toContain('部分来源无数据');
  });
});

describe('我的房屋: a resident binds their account to their home on the phone', () => {
  test('the survey asks for it first; a wrong ID number is refused; the registered name and number bind', async () => {
    const { context, page, errors } = await openPage(browser, baseURL, { mobile: true });
    const home = DEMO_HOMES.changjiu;
    try {
      await page.goto('/m/login');
      await mobileLogin(page, 'changjiu');
      await page.getByTestId('m-app-survey').click();
      await page.getByTestId('m-survey-bind').waitFor();
      await page.getByTestId('m-survey-bind-go').click();
      await page.getByTestId('m-home-form').waitFor();
      await page.getByTestId('m-home-name').locator('input').fill(home.name);
      const wrong = home.idNumber.slice(0, 17) + (home.idNumber[17] === '1' ? '2' : '1');
      await page.getByTestId('m-home-id').locator('input').fill(wrong);
      await page.getByTestId('m-home-bind').click();
      await poll(() => page.getByTestId('m-home-error').innerText()).toContain('校验位');
      await page.getByTestId('m-home-id').locator('input').fill(home.idNumber);
      await page.getByTestId('m-home-bind').click();
      await page.getByTestId('m-home-bound').waitFor();
      expect(await page.getByTestId('m-home-address').innerText()).toBe('昌九小区3栋1单元502');
      expect(await page.getByTestId('m-my-home').innerText()).not.toContain(home.idNumber.slice(6, 14));
      await screenshot(page, 'my-home-bound');
      // the survey page no longer asks for the binding
      await page.goto('/m/survey');
      await page.getByTestId('m-survey').waitFor();
      await poll(async () => (await page.getByTestId('m-survey-empty').count()) + (await page.getByTestId('m-survey-item').count())).toBeGreaterThan(0);
      expect(await page.getByTestId('m-survey-bind').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

// ---------------------------------------------------------------- disclosures

/** The last quarter that has ended, China time: what a quarterly disclosure is due for now. */
function lastQuarter(): { label: string; year: number; q: number } {
  const now = new Date(Date.now() + 8 * 3600_000);
  const current = Math.floor(now.getUTCMonth() / 3) + 1;
  const [year, q] = current === 1 ? [now.getUTCFullYear() - 1, 4] : [now.getUTCFullYear(), current - 1];
  return { label: `${year}-Q${q}`, year, q };
}

describe('物业公示 in 红色物业', () => {
  test('the community publishes a common-area income statement: refused until it adds up, then listed with its figures in yuan', async () => {
    const due = lastQuarter();
    const title = `昌九小区 ${due.label} 共有部分经营收支（e2e ${Date.now() % 100000}）`;
    await asUser('nanchang', 'disclosures-published', async (page) => {
      await page.getByTestId('side-menu').getByText('红色物业', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/party/property' && u.searchParams.get('region') === CHANGJIU);
      await page.getByTestId('tab-disclosures').click();
      await page.waitForURL((u) => u.searchParams.get('tab') === 'disclosures');
      await poll(() => page.getByTestId('compliance-compounds').getAttribute('data-value')).not.toBe('');
      expect(Number(await page.getByTestId('compliance-compounds').getAttribute('data-value'))).toBeGreaterThan(0);
      const compound = page.locator('[data-testid^="compliance-row-"][data-compound="昌九小区"]');
      await compound.waitFor();
      const income = compound.getByTestId('due-common_income');
      expect(await income.getAttribute('data-period')).toBe(due.label);

      // 发布 from the row: compound, category and the period due are filled in (on a server that
      // already has this quarter's statement, 发布公示 and both picked by hand)
      if ((await income.getAttribute('data-state')) !== 'disclosed') {
        await income.getByTestId('due-publish').click();
        await poll(() => page.getByTestId('disclosure-new-compound').innerText()).toContain('昌九小区');
      } else {
        await page.getByTestId('disclosure-publish').click();
        await choose(page, 'disclosure-new-compound', '昌九小区');
        await choose(page, 'disclosure-new-category', '共有部分经营收支');
      }
      expect(await page.getByTestId('disclosure-new-category').innerText()).toContain('共有部分经营收支');
      expect(await page.getByTestId('disclosure-new-period-kind').innerText()).toBe('季度');
      expect(await page.getByTestId('disclosure-new-period-year').innerText()).toBe(`${due.year} 年`);
      expect(await page.getByTestId('disclosure-new-period-part').innerText()).toBe(['第一季度', '第二季度', '第三季度', '第四季度'][due.q - 1]);
      // the picker makes the other labels too: a month, then back to the quarter
      await choose(page, 'disclosure-new-period-kind', '月份');
      await choose(page, 'disclosure-new-period-part', '9 月');
      expect(await page.locator('.ant-form-item', { has: page.getByTestId('disclosure-new-period') }).locator('.ant-form-item-extra').innerText()).toBe(`${due.year} 年 9 月`);
      await choose(page, 'disclosure-new-period-kind', '季度');
      // the part resets to the first quarter when the kind changes: wait for that before choosing
      await poll(() => page.getByTestId('disclosure-new-period-part').innerText()).toMatch(/季度/);
      await choose(page, 'disclosure-new-period-part', ['第一季度', '第二季度', '第三季度', '第四季度'][due.q - 1]);

      await page.locator('#disclosure-new_title').fill(title);
      await page.locator('#disclosure-new_content').fill('地面停车位租金和广告位收入，扣除保洁费用后转入公共收益账户。');
      await page.locator('#disclosure-new_opening').fill('1000');
      await page.locator('#disclosure-new_income_0_item').fill('地面停车位租金');
      await page.locator('#disclosure-new_income_0_amount').fill('500');
      await page.getByTestId('disclosure-new-add-income').click();
      await page.locator('#disclosure-new_income_1_item').fill('电梯广告位');
      await page.locator('#disclosure-new_income_1_amount').fill('120.5');
      await page.locator('#disclosure-new_spending_0_item').fill('公共区域保洁');
      await page.locator('#disclosure-new_spending_0_amount').fill('200.25');
      await page.locator('#disclosure-new_closing').fill('1500');

      const refused = await submit<ApiError>(page, page.getByTestId('disclosure-new-submit'), 'POST', /^\/api\/disclosures$/);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('fund_statement_unbalanced');
      await poll(() => fieldError(page, 'disclosure-new_closing').innerText()).toBe(refused.body.error.message);
      expect(refused.body.error.message).toContain('1,420.25'); // 1,000.00 + 620.50 − 200.25

      await page.getByTestId('disclosure-new-fill-closing').click();
      expect(await page.locator('#disclosure-new_closing').inputValue()).toBe('1420.25');
      const published = await submit<{ id: number; period: string; figures: unknown; publisher: { kind: string } }>(
        page,
        page.getByTestId('disclosure-new-submit'),
        'POST',
        /^\/api\/disclosures$/,
      );
      expect(published.status, JSON.stringify(published.body)).toBe(201);
      expect(published.body.period).toBe(due.label);
      expect(published.body.publisher.kind).toBe('property_company');
      expect(published.body.figures).toEqual({
        opening: 100000,
        income: [
          { item: '地面停车位租金', amount: 50000 },
          { item: '电梯广告位', amount: 12050 },
        ],
        spending: [{ item: '公共区域保洁', amount: 20025 }],
        closing: 142025,
      });
      await poll(() => income.getAttribute('data-state')).toBe('disclosed');

      // 公示记录: listed; the drawer reads the statement in yuan
      await page.getByTestId('disc-view-records').click();
      const listed = page.getByTestId(`disclosure-row-${published.body.id}`);
      await listed.getByTestId('disclosure-title').click();
      await poll(() => page.getByTestId('disclosure-drawer-name').innerText()).toBe(title);
      expect(await page.getByTestId('disclosure-drawer-category').innerText()).toBe('共有部分经营收支');
      expect(await page.getByTestId('disclosure-drawer-period').innerText()).toBe(`${due.year} 年第${'一二三四'[due.q - 1]}季度`);
      const amount = (testId: string) => page.getByTestId(`${testId}-amount`).allInnerTexts();
      expect(await amount('fund-opening')).toEqual(['¥1,000.00']);
      expect(await amount('fund-income')).toEqual(['+¥500.00', '+¥120.50']);
      expect(await amount('fund-income-total')).toEqual(['+¥620.50']);
      expect(await amount('fund-spending')).toEqual(['−¥200.25']);
      expect(await amount('fund-spending-total')).toEqual(['−¥200.25']);
      expect(await amount('fund-closing')).toEqual(['¥1,420.25']);
      expect(await page.getByTestId('disclosure-drawer-content').innerText()).toContain('公共收益账户');
    });
  });

  test('红心物业\'s own staff publish a quarterly fund statement in the console; a resident of 昌九小区 reads it on the phone', async () => {
    const due = lastQuarter();
    const title = `红心物业 ${due.label} 共有部分经营收支（e2e ${Date.now() % 100000}）`;
    await asUser('property', 'disclosures-by-company', async (page) => {
      await page.goto(`/property/disclosures?region=${CHANGJIU}`);
      await page.getByTestId('disclosure-publish').click();
      await choose(page, 'disclosure-new-compound', '昌九小区');
      await choose(page, 'disclosure-new-category', '共有部分经营收支');
      await choose(page, 'disclosure-new-period-kind', '季度');
      await poll(() => page.getByTestId('disclosure-new-period-part').innerText()).toMatch(/季度/);
      await choose(page, 'disclosure-new-period-year', `${due.year} 年`);
      await choose(page, 'disclosure-new-period-part', ['第一季度', '第二季度', '第三季度', '第四季度'][due.q - 1]);
      await page.locator('#disclosure-new_title').fill(title);
      await page.locator('#disclosure-new_content').fill('电梯广告与地面停车位收益，扣除管理成本后归全体业主。');
      await page.locator('#disclosure-new_opening').fill('2000');
      await page.locator('#disclosure-new_income_0_item').fill('电梯轿厢广告');
      await page.locator('#disclosure-new_income_0_amount').fill('800');
      await page.locator('#disclosure-new_spending_0_item').fill('管理成本');
      await page.locator('#disclosure-new_spending_0_amount').fill('80');
      await page.locator('#disclosure-new_closing').fill('2720');
      const published = await submit<{ id: number; period: string; publisher: { kind: string; name: string } }>(page, page.getByTestId('disclosure-new-submit'), 'POST', /^\/api\/disclosures$/);
      expect(published.status, JSON.stringify(published.body)).toBe(201);
      expect(published.body.period).toBe(due.label);
      expect(published.body.publisher).toMatchObject({ kind: 'property_company', name: '南昌红心物业服务有限公司' });
    });
    const { context, page, errors } = await openPage(browser, baseURL, { mobile: true });
    try {
      await page.goto('/m/login');
      await mobileLogin(page, 'changjiu');
      await page.getByTestId('m-app-disclosures').click();
      // the home compound (实名绑定 earlier in this file) comes first
      await page.getByTestId('m-compound-item').filter({ hasText: '昌九小区' }).first().click();
      const item = page.getByTestId('m-disc-item').filter({ hasText: title });
      await item.first().click();
      await poll(() => page.locator('body').innerText()).toContain('¥2,720.00');
      expect(await page.locator('body').innerText()).toContain('南昌红心物业服务有限公司');
      await screenshot(page, 'disclosure-company-phone');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('the street sees the compounds overdue, in red', async () => {
    await asUser('chaonong', 'disclosures-compliance', async (page) => {
      await page.goto(`/party/property?region=${CHAONONG}&tab=disclosures`);
      await poll(() => page.getByTestId('compliance-compounds').getAttribute('data-value')).not.toBe('');
      const compounds = Number(await page.getByTestId('compliance-compounds').getAttribute('data-value'));
      const overdue = Number(await page.getByTestId('compliance-overdue-compounds').getAttribute('data-value'));
      expect(compounds).toBeGreaterThan(0);
      expect(overdue).toBeGreaterThan(0);
      const late = page.locator('[data-testid^="due-"][data-state="overdue"]');
      await late.first().waitFor();
      expect(await late.first().locator('.ant-tag-red').innerText()).toBe('逾期');
      expect(await page.locator('[data-testid^="due-"][data-state="disclosed"]').first().innerText()).toContain('已公示');
      // the street supervises; it does not publish
      expect(await page.getByTestId('disclosure-publish').count()).toBe(0);
      await page.getByTestId('compliance-only-overdue').click();
      await poll(() => page.locator('[data-testid^="compliance-row-"]').count()).toBe(Math.min(overdue, 20));
    });
  });
});
