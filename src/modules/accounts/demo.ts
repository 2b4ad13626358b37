import type { NewAccount } from './accounts.js';

/** One demo account per role, bound to real places of the seed's three systems. */
export function demoAccounts(password: string): NewAccount[] {
  const a = (username: string, displayName: string, role: string, regionCode: string | null): NewAccount =>
    ({ username, displayName, password, roles: [{ role, regionCode }] });
  return [
    a('admin', '系统管理员', 'admin', null),
    a('street', '府城街道指挥中心', 'street_command', '460107002'),
    a('community', '府城社区工作人员', 'community_staff', '460107002001'),
    a('gridworker', '府城社区网格员（第一网格）', 'grid_worker', '460107002001'),
    a('gridworker2', '府城社区网格员（第二网格）', 'grid_worker', '460107002001'),
    a('department', '琼山区综合行政执法局（城市管理）', 'department_staff', '460107'),
    a('sanitation', '琼山区环境卫生管理局', 'department_staff', '460107'),
    a('property', '昌九社区物业服务企业', 'property_staff', '360111005014'),
    a('owners', '昌九社区业委会成员', 'owners_committee', '360111005014'),
    a('mediator', '府城街道人民调解员', 'mediator', '460107002'),
    a('resident', '府城社区居民', 'resident', '460107002001'),
    a('xincheng', '新城区网格化服务管理中心', 'street_command', '150102'),
    a('nanchang', '昌九社区工作人员', 'community_staff', '360111005014'),
    a('zhandong', '站东街道党工委（指挥中心）', 'street_command', '360111005'),
    a('chaonong', '朝农街道党工委（指挥中心）', 'street_command', '360103013'),
    a('changjiu', '昌九小区业主', 'resident', '360111005014'),
    a('wufang', '五坊社区居民（朝农街道）', 'resident', '360103013001'),
    a('housing', '南昌市住房保障和房产管理局', 'department_staff', '3601'),
    a('wufangwuye', '五坊社区物业服务企业', 'property_staff', '360103013001'),
    // 新春社区 (新城区迎新路街道): the seed's grid worker 王红 (patrols and 拆违; her grid is seated by the patrols demo)
    a('wanghong', '王红', 'grid_worker', '150102007006'),
    // 呼和浩特新城区西街街道曙光社区: the grid worker of its first grid (the care plan's demo) and the community's grid leader
    a('wangwei', '王伟', 'grid_worker', '150102005002'),
    a('shuguang', '曙光社区网格长', 'community_staff', '150102005002'),
  ];
}
