/**
 * The demo of patrols and 拆违 (the seed's 新城区 half): 新春社区 (迎新路街道) grid worker 王红 holds the
 * community's first grid; her register has 3 structures removed by their owners (自主拆除) and 4 removals
 * assisted (帮拆), each after persuasion visits, and one still being persuaded; two patrols, one joint.
 */
import { runCommand, type CommandActor } from '../../core/command.js';
import type { DemoContext } from '../../core/http/module.js';
import { accountIdsByUsername, createAccount } from '../accounts/api.js';
import { gridBrief, seatDemoWorker } from '../grids/api.js';
import { addPoints, endPatrol, startPatrol } from './patrols.js';
import { registerStructure, stepStructure } from './structures.js';

export const XINCHUN = '150102007006';
const GRID = `${XINCHUN}001`;
const NAME = '王红';

// [address, m², found, visits, end, end date]
const STRUCTURES: [string, number, string, string[], 'self_remove' | 'assist_remove' | null, string | null][] = [
  ['新春小区2号楼北侧私搭彩钢房', 18.5, '2021-03-02', ['2021-03-05', '2021-03-12'], 'self_remove', '2021-03-20'],
  ['新春小区5号楼一层违建阳光房', 12, '2021-03-08', ['2021-03-10', '2021-03-18', '2021-03-26'], 'self_remove', '2021-04-02'],
  ['迎新路68号院内私建库房', 24, '2021-03-15', ['2021-03-17'], 'self_remove', '2021-03-30'],
  ['新春小区7号楼楼顶加建', 30, '2021-02-20', ['2021-02-24', '2021-03-03', '2021-03-15'], 'assist_remove', '2021-03-28'],
  ['新春巷12号门前违建门斗', 6.5, '2021-03-01', ['2021-03-04', '2021-03-09'], 'assist_remove', '2021-03-22'],
  ['新春小区9号楼车库改建住房', 20, '2021-03-20', ['2021-03-22', '2021-04-01'], 'assist_remove', '2021-04-12'],
  ['迎新路72号临街私搭棚', 15, '2021-04-02', ['2021-04-05', '2021-04-09'], 'assist_remove', '2021-04-20'],
  ['新春小区3号楼地下室私挖扩建', 9, '2021-04-10', ['2021-04-12'], null, null],
];
const NOTES = ['上门讲解拆违政策，户主有抵触情绪', '再次上门，讲述违章私建的弊端，户主表示理解', '与户主商定拆除时间'];

export async function patrolsDemo({ db, keys, config, log }: DemoContext): Promise<void> {
  const grid = await gridBrief(db, GRID);
  if (!grid) return; // an installation without 新城区
  let id = (await accountIdsByUsername(db, ['wanghong'])).get('wanghong');
  if (id === undefined) {
    id = await db.tx((tx) => createAccount(tx, { username: 'wanghong', displayName: NAME, password: config.demoPassword, roles: [{ role: 'grid_worker', regionCode: XINCHUN }] }));
  }
  const accountId = id;
  await db.tx((tx) => seatDemoWorker(tx, GRID, { id: accountId, name: NAME }));
  const actor: CommandActor = { accountId, username: 'wanghong', role: 'grid_worker', scopeCode: XINCHUN, requestId: null };
  const at = { path: grid.path, communityCode: XINCHUN, communityPath: grid.path.replace(/[^/]+\/$/, ''), gridCode: GRID };
  for (const [address, areaM2, foundOn, visits, end, endOn] of STRUCTURES) {
    const s = await runCommand(db, actor, registerStructure, { at, address, lon: null, lat: null, description: null, areaM2, householdId: null, foundOn, photos: [], accountId, actorName: NAME });
    let version = s.version;
    for (const [k, on] of visits.entries()) {
      version = (await runCommand(db, actor, stepStructure, { id: s.id, action: 'visit', on, note: NOTES[k % NOTES.length], version, accountId, actorName: NAME })).version;
    }
    if (end && endOn) {
      const note = end === 'self_remove' ? '户主已自行拆除，现场核实' : '社区协调人员帮助拆除';
      await runCommand(db, actor, stepStructure, { id: s.id, action: end, on: endOn, note, version, accountId, actorName: NAME });
    }
  }
  // two patrols of today: one by herself with a short track, one joint (社区 + 业委会 + 物业)
  // a walk across her grid, corner to corner
  const [x0, y0, x1, y1] = grid.bbox ?? [111.70, 40.85, 111.704, 40.853];
  const routine = await runCommand(db, actor, startPatrol, { accountId, patroller: NAME, at, kind: 'routine', note: '日常巡查', members: [] });
  const t0 = routine.startedAt.getTime();
  const points = Array.from({ length: 6 }, (_, k) => ({ lon: x0 + ((x1 - x0) * (k + 1)) / 7, lat: y0 + ((y1 - y0) * (k + 1)) / 7, at: new Date(t0 + k * 1000).toISOString() }));
  await runCommand(db, actor, addPoints, { id: routine.id, accountId, keys, points });
  await runCommand(db, actor, endPatrol, { id: routine.id, accountId, keys, summary: '楼道堆物已劝离，未发现新增违建', points: [] });
  const joint = await runCommand(db, actor, startPatrol, {
    accountId, patroller: NAME, at, kind: 'joint', note: '联动巡查：社区、业委会、物业',
    members: [{ kind: 'person', refId: null, name: '新春社区居委会' }, { kind: 'person', refId: null, name: '新春小区业委会' }, { kind: 'person', refId: null, name: '新春小区物业服务中心' }],
  });
  await runCommand(db, actor, endPatrol, { id: joint.id, accountId, keys, summary: '电动车楼道充电 2 处，已现场劝导', points: [] });
  log(`patrols: 新春社区 grid worker 王红 (wanghong) with ${STRUCTURES.length} illegal structures (3 self-removed, 4 assisted) and 2 patrols`);
}
