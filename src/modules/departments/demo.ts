/** The departments' demo: each demo district's departments (the units a street whistles) and the demo accounts' memberships. */
import type { DemoContext } from '../../core/http/module.js';
import { accountIdsByUsername } from '../accounts/api.js';

const DISTRICT_DEPARTMENTS: Record<string, [string, string][]> = {
  '460107': [
    ['urban_management', '琼山区综合行政执法局'], ['sanitation', '琼山区环境卫生管理局'], ['water', '琼山区水务局'], ['housing', '琼山区住房和城乡建设局'],
    ['fire', '琼山区消防救援大队'], ['police', '海口市公安局琼山分局'], ['greening', '琼山区园林管理所'], ['health', '琼山区卫生健康委员会'],
  ],
  '150102': [
    ['urban_management', '新城区城市管理综合执法局'], ['sanitation', '新城区环境卫生服务中心'], ['water', '新城区水务局'], ['heating', '新城区供热管理办公室'],
    ['housing', '新城区住房和城乡建设局'], ['fire', '新城区消防救援大队'], ['police', '呼和浩特市公安局新城区分局'],
  ],
  // the city housing bureau, which rates property companies (credit ratings)
  '3601': [['housing', '南昌市住房保障和房产管理局']],
  '360111': [
    ['urban_management', '青山湖区城市管理局'], ['sanitation', '青山湖区环境卫生管理处'], ['water', '青山湖区水务局'], ['housing', '青山湖区住房和城乡建设局'],
    ['fire', '青山湖区消防救援大队'], ['police', '南昌市公安局青山湖分局'],
  ],
};

const MEMBERS: [string, string, string][] = [['department', '460107', 'urban_management'], ['sanitation', '460107', 'sanitation'], ['housing', '3601', 'housing']];

export async function departmentsDemo({ db, log }: DemoContext): Promise<void> {
  await db.tx(async (tx) => {
    for (const [district, list] of Object.entries(DISTRICT_DEPARTMENTS)) {
      // only districts the installation has (region_v: the regions module's view)
      for (const [kind, name] of list) {
        await tx.query(`INSERT INTO department (region_code, kind, name) SELECT code, $2, $3 FROM region_v WHERE code = $1 ON CONFLICT DO NOTHING`, [district, kind, name]);
      }
    }
    const ids = await accountIdsByUsername(tx, MEMBERS.map(([username]) => username));
    for (const [username, district, kind] of MEMBERS) {
      const account = ids.get(username);
      if (account === undefined) continue;
      await tx.query(
        `INSERT INTO department_member (account_id, department_id) SELECT $1, d.id FROM department d WHERE d.region_code = $2 AND d.kind = $3 ON CONFLICT DO NOTHING`,
        [account, district, kind]);
    }
  });
  log('departments: for 琼山区/新城区/青山湖区 and 南昌市, with the demo accounts as members');
}
