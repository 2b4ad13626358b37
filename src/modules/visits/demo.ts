/**
 * The care plan's demo (issue #14): 呼和浩特新城区西街街道曙光社区 (150102005002), its first grid's worker 王伟
 * (`wangwei`) and about 30 residents aged 65+ living alone (people's demoLivingAlone), with four weeks of
 * calls and home visits before today — some missed (one call short in the last full week for a few, a
 * nobody-home visit instead of the last half-month's visit for others) — sentiment records and proxy
 * services. Written through this module's commands as 王伟, so the history is audited like real work.
 */
import type { DemoContext } from '../../core/http/module.js';
import { runInTx, type CommandActor } from '../../core/command.js';
import { addDays, chinaDayStart, chinaToday, isoWeekday } from '../../core/time.js';
import { accountIdsByUsername } from '../accounts/api.js';
import { gridBrief } from '../grids/api.js';
import { demoLivingAlone } from '../people/api.js';
import { logVisit, recordProxy } from './commands.js';

export const DEMO_GRID = '150102005002001';
const NAMES = ['刘桂英', '张秀兰', '王淑珍', '李凤兰', '赵玉梅', '陈桂芳', '杨秀英', '黄德明', '周建国', '吴桂兰', '徐志刚', '孙玉兰', '马秀珍', '朱凤英', '胡德胜',
  '郭淑英', '何玉珍', '高秀芳', '林桂珍', '罗长山', '郑玉英', '梁秀云', '谢金花', '宋凤琴', '唐桂香', '许永福', '韩淑华', '冯玉兰', '邓秀梅', '曹德厚'];
const SENTIMENTS: [string[], string, string][] = [
  [['safety'], '楼道灯不亮，晚上上下楼看不清', 'normal'], [['environment'], '楼下垃圾清运不及时', 'normal'], [['elderly_care'], '想了解社区助餐服务', 'low'],
  [['housing'], '冬季暖气不热，室温偏低', 'high'], [['disputes'], '与楼上邻居因漏水有矛盾', 'normal'], [['health', 'elderly_care'], '希望医生上门量血压', 'low'],
];

export async function visitsDemo({ db, keys, log }: DemoContext): Promise<void> {
  const id = (await accountIdsByUsername(db, ['wangwei'])).get('wangwei');
  const acc = id === undefined ? null : { id, display_name: '王伟' };
  const grid = await gridBrief(db, DEMO_GRID);
  if (!acc || !grid) return;
  const actor: CommandActor = { accountId: Number(acc.id), username: 'wangwei', role: 'grid_worker', scopeCode: grid.communityCode };
  const today = chinaToday();
  const first = addDays(today, -28);
  const at = (date: string, hour: number) => new Date(chinaDayStart(date).getTime() + hour * 3600_000).toISOString();
  let visits = 0;
  await db.tx(async (tx) => {
    const people = await demoLivingAlone(tx, keys, { gridCode: DEMO_GRID, count: NAMES.length, street: '曙光街', division6: '150102', today, names: NAMES });
    const lastFullWeekMonday = addDays(today, 1 - isoWeekday(today) - 7);
    for (const [i, p] of people.entries()) {
      const household = { id: p.householdId, path: grid.path, gridCode: grid.code, address: `曙光街${i + 1}号` };
      const log1 = async (date: string, kind: 'phone' | 'home_visit', opts: { nobodyHome?: boolean; sentiment?: number } = {}) => {
        const s = opts.sentiment === undefined ? [] : [SENTIMENTS[opts.sentiment % SENTIMENTS.length]];
        await runInTx(tx, actor, logVisit, {
          accountId: actor.accountId!, workerName: acc.display_name, household, at: at(date, kind === 'phone' ? 10 : 15), kind, durationMin: kind === 'phone' ? 5 : 25,
          nobodyHome: !!opts.nobodyHome, notes: opts.nobodyHome ? '敲门无人应答，已留联系卡' : kind === 'phone' ? '电话问候，身体状况良好' : '入户走访，了解生活情况',
          met: opts.nobodyHome ? [] : [p.residentId], sentiments: s.map(([topics, text, urgency]) => ({ topics, text, urgency })), clientRef: null, hash: `demo-${i}-${date}-${kind}`,
        });
        visits++;
      };
      for (let d = first; d < today; d = addDays(d, 1)) {
        const wd = isoWeekday(d), dom = Number(d.slice(8, 10));
        const short = i % 7 === 3 && d >= lastFullWeekMonday && d < addDays(lastFullWeekMonday, 7);
        if (wd === 2 || (wd === 4 && !short)) await log1(d, 'phone');
        // a home visit in each half-month, on a day of its own for each resident
        if (dom === 2 + (i % 10) || dom === 17 + (i % 10)) {
          const missed = i % 9 === 4 && d >= addDays(today, -15);
          await log1(d, 'home_visit', missed ? { nobodyHome: true } : { sentiment: i % 4 === 0 ? i : undefined });
        }
      }
      if (i % 6 === 1) {
        await runInTx(tx, actor, recordProxy, {
          accountId: actor.accountId!, workerName: acc.display_name, residentId: p.residentId, householdId: p.householdId, path: grid.path,
          matter: '老年卡办理', result: '上门采集信息，已代为办结，卡已送到家', doneOn: addDays(today, -10 - i), visitId: null, clientRef: null, hash: `demo-proxy-${i}`,
        });
      }
    }
  });
  log(`visits: ${NAMES.length} residents aged 65+ living alone in ${DEMO_GRID} (王伟: wangwei), ${visits} calls and visits over four weeks`);
}
