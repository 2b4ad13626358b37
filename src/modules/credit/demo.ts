/**
 * The credit demo: 朝农街道 (西湖区) rates the companies serving its compounds for 2025 with 南昌's
 * five-star scheme — appraisals from the housing bureau, the street and the community party
 * organisations, residents' survey answers, the compounds' cases and their disclosures — and
 * publishes the result, as it publishes its red/black list each year.
 */
import type { DemoContext } from '../../core/http/module.js';
import { computePeriod, createPeriod, publishPeriod, seedSchemes, setAppraisal } from './store.js';
import { insertPastPropertyCases } from '../cases/api.js';
import { disclosureTitleZh, insertPastDisclosure, type Category } from '../property/api.js';

const CHAONONG = '360103013';
const DEMO_CONTENT: Record<string, string> = {
  service: '服务内容：公共区域保洁、秩序维护、绿化养护、共用设施设备维修养护；项目经理及客服、维修、保洁、秩序维护人员名单见物业服务中心公告栏。',
  fees: '住宅物业服务费按前期物业服务合同约定的标准收取，停车位管理费按物价部门核定标准收取。',
  maintenance_fund: '本期专项维修资金收支如下，使用项目均经业主大会表决同意。',
  common_income: '电梯广告、地面停车位等共有部分经营收益，扣除管理成本后归全体业主所有，本期收支如下。',
};
const ALL = ['/'];

export async function loadCreditDemo({ db, log }: DemoContext) {
  const { rows: [street] } = await db.query('SELECT path FROM region WHERE code = $1', [CHAONONG]);
  if (!street) { log('credit: 朝农街道 is not in the region tree; demo skipped'); return; }
  await seedSchemes(db);
  await db.tx(async (tx) => {
    const { rows: [scheme] } = await tx.query(`SELECT id FROM credit_scheme WHERE code = 'nanchang-stars' AND version = 1`);
    const periodId = await createPeriod(tx, { schemeId: scheme.id, regionCode: CHAONONG, name: '2025 年度物业服务企业信用评价', startsOn: '2025-01-01', endsOn: '2025-12-31' }, ALL);
    const { rows: served } = await tx.query(
      `SELECT DISTINCT ON (k.compound_id) k.compound_id AS compound, k.compound_path AS path, k.community_code, k.compound_name AS name, k.company_id AS company
         FROM property_service_v k
        WHERE k.compound_path LIKE $1 AND k.starts_on <= '2025-12-31' AND (k.ends_on IS NULL OR k.ends_on > '2025-01-01') ORDER BY k.compound_id, k.starts_on DESC`, [`${street.path}%`]);
    const { rows: companies } = await tx.query(
      `SELECT DISTINCT c.id FROM property_company_v c LEFT JOIN property_service_v k ON k.company_id = c.id
        WHERE c.path LIKE $1 OR k.compound_path LIKE $1 ORDER BY c.id`, [`${street.path}%`]);
    // appraisals: spread so the list has stars at both ends; each appraiser scores its own dimension
    const profile = (i: number) => [96, 93, 88, 82, 76, 71, 64, 55, 48][i % 9];
    for (const [i, c] of companies.entries()) {
      const base = profile(i);
      const put = (dimension: string, scorer: 'housing_bureau' | 'street' | 'community_party_org', delta: number, note: string) =>
        setAppraisal(tx, periodId, { companyId: c.id, dimension, score: Math.max(0, Math.min(100, base + delta)), note, scorer }, { roles: ['admin'], scope: ALL, accountId: 0 });
      await put('basic_service', 'housing_bureau', 1, '年度检查：设施设备维护、秩序维护、档案管理');
      await put('sanitation', 'street', -1, '季度巡查：公共区域保洁、垃圾分类');
      await put('appearance', 'street', 2, '季度巡查：违章搭建、楼道堆物、绿化');
      await put('community_building', 'community_party_org', 0, '社区党组织评议：参与联席会议、志愿服务、协助社区治理');
    }
    // residents' survey: each compound's households answer around their company's profile
    const surveyRows = served.flatMap((s, i) => Array.from({ length: 6 + (i % 5) }, (_, n) => ({
      company: s.company, compound: s.compound, key: `demo:${s.compound}:${n}`,
      score: Math.max(1, Math.min(5, Math.round(profile(companies.findIndex((c) => c.id === s.company)) / 20 + ((n % 3) - 1) * 0.6))),
    })));
    if (surveyRows.length) {
      await tx.query(
        `INSERT INTO credit_survey (period_id, company_id, compound_id, household_key, score) SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::int[])`,
        [periodId, surveyRows.map((r) => r.company), surveyRows.map((r) => r.compound), surveyRows.map((r) => r.key), surveyRows.map((r) => r.score)]);
    }
    // the compounds' cases in 2025 (property-service disputes): closed, mostly on time, rated
    for (const [i, s] of served.entries()) {
      const good = profile(companies.findIndex((c) => c.id === s.company)) >= 70;
      await insertPastPropertyCases(tx, {
        compoundId: s.compound, address: s.name, streetCode: CHAONONG, communityCode: s.community_code, path: s.path,
        lateEvery: good ? 9 : 2, dissatisfiedEvery: good ? 8 : 3, count: 4 + (i % 6), offset: i,
      });
    }
    // disclosures in 2025: some compounds disclose everything, some part, some nothing
    for (const [i, s] of served.entries()) {
      const periods = i % 3 === 0 ? [['service', '2025'], ['fees', '2025'], ['maintenance_fund', '2025-H1'], ['maintenance_fund', '2025-H2'], ...['Q1', 'Q2', 'Q3', 'Q4'].map((q) => ['common_income', `2025-${q}`])]
        : i % 3 === 1 ? [['service', '2025'], ['fees', '2025'], ['maintenance_fund', '2025-H1'], ['common_income', '2025-Q1']] : [];
      for (const [category, label] of periods) {
        const [start, end] = label === '2025' ? ['2025-01-01', '2025-12-31'] : label === '2025-H1' ? ['2025-01-01', '2025-06-30'] : label === '2025-H2' ? ['2025-07-01', '2025-12-31']
          : { Q1: ['2025-01-01', '2025-03-31'], Q2: ['2025-04-01', '2025-06-30'], Q3: ['2025-07-01', '2025-09-30'], Q4: ['2025-10-01', '2025-12-31'] }[label.slice(5) as 'Q1'];
        const figures = category === 'maintenance_fund' || category === 'common_income' ? JSON.stringify({ opening: 1_000_000, income: [{ item: category === 'maintenance_fund' ? '业主续缴维修资金' : '电梯广告及停车位收益', amount: 200_000 }], spending: [{ item: category === 'maintenance_fund' ? '公共设施维修' : '管理成本及公共设施维护', amount: 150_000 }], closing: 1_050_000 }) : null;
        await insertPastDisclosure(tx, {
          compoundId: s.compound, path: s.path, companyId: s.company, category: category as Category, period: label, start, end,
          title: disclosureTitleZh(category as Category, label), content: DEMO_CONTENT[category], figures,
        });
      }
    }
    const r = await computePeriod(tx, periodId, ALL);
    await publishPeriod(tx, periodId, 15, ALL);
    log(`credit: 朝农街道 2025 rating published — ${r.companies} companies, ${r.red} on the red list, ${r.black} on the black list`);
  });
}
