/**
 * Chinese names of the audit log's actions and target types, shown beside the code (the code is
 * what administrators filter by). An action not listed here shows its code alone.
 */
export const AUDIT_ACTION_ZH: Record<string, string> = {
  'auth.login': '登录', 'auth.login_failed': '登录失败', 'auth.logout': '退出登录',
  'calendar.set': '设置工作日历', 'calendar.unset': '撤销工作日历设置',
  'cases.category.create': '新增案件类别', 'cases.category.update': '修改案件类别', 'cases.hotline': '12345 工单接入',
  'cases.integration.create': '新增接入凭据', 'cases.integration.revoke': '吊销接入凭据', 'cases.photo.upload': '上传案件照片',
  'cases.rate': '案件评价', 'cases.rate_department': '评价报到部门', 'cases.report': '上报案件', 'cases.report_in': '部门报到',
  'cases.reveal': '查看案件个人信息', 'cases.sweep': '超期扫描', 'cases.task_done': '部门任务完成', 'cases.whistle': '街道吹哨',
  'credit.appeal.decide': '裁决信用评价申诉', 'credit.appeal.file': '提出信用评价申诉', 'credit.appraise': '信用评价打分',
  'credit.period.compute': '计算信用评价', 'credit.period.create': '新建评价周期', 'credit.period.fix': '信用评价定稿',
  'credit.period.publish': '公布信用评价', 'credit.record.add': '登记信用记录', 'credit.scheme.create': '新建评价方案',
  'credit.survey.answer': '满意度测评答卷', 'demo.accounts': '创建演示账号',
  'grids.create': '新增网格', 'grids.delete': '删除网格', 'grids.import': '导入网格', 'grids.staff.add': '配备网格员',
  'grids.staff.end': '网格员离岗', 'grids.staff.photo': '设置网格员照片', 'grids.staff.profile': '设置网格员工作电话', 'grids.update': '修改网格',
  'party.center_household.add': '设立党员中心户', 'party.center_household.end': '撤销党员中心户', 'party.holder.create': '登记任职人员',
  'party.holder.reveal': '查看任职人员手机号', 'party.instructor.assign': '选派党建指导员', 'party.instructor.end': '结束党建指导',
  'party.member.add': '添加党员', 'party.member.end': '党员转出', 'party.member.status': '修改党员类别',
  'party.officer.add': '任命党组织委员', 'party.org.create': '新建党组织', 'party.org.unit.add': '党组织增加覆盖单位',
  'party.org.update': '修改党组织', 'party.post.add': '任职', 'party.post.end': '离任',
  'people.anonymise': '匿名化过期居民信息', 'people.building.create': '新增楼栋', 'people.care_group.add': '登记关爱对象',
  'people.care_group.end': '撤销关爱对象', 'people.compound.create': '新增小区', 'people.export': '导出居民名单',
  'people.household.bind': '居民实名绑定房屋', 'people.household.create': '新增住户', 'people.household.unbind': '解除房屋绑定',
  'people.import': '导入居民', 'people.living_alone.override': '认定独居老人', 'people.resident.create': '登记居民',
  'people.resident.death': '登记死亡', 'people.resident.move': '居民迁移', 'people.resident.update': '修改居民信息',
  'people.reveal': '查看居民个人信息',
  'property.committee.create': '登记业委会', 'property.committee.reelect': '业委会换届', 'property.committee.update': '修改业委会',
  'property.company.create': '登记物业企业', 'property.compound.demonstration': '设定示范小区', 'property.contract.create': '登记物业服务合同',
  'property.disclosure.overdue_sweep': '公示逾期扫描', 'property.disclosure.publish': '发布公示', 'property.disclosure.question': '对公示提问',
  'property.disclosure_file.delete': '删除公示附件', 'property.disclosure_file.upload': '上传公示附件', 'property.document.add': '登记业委会文件',
  'property.fee_measure.record': '登记催费措施', 'property.outlet.create': '新增物业网点',
  'property.company.link_account': '企业关联账号', 'property.company.unlink_account': '企业解除关联账号',
  'property.committee.link_account': '业委会关联账号', 'property.committee.unlink_account': '业委会解除关联账号',
  'regions.hotline.set': '设置服务热线', 'regions.import': '导入行政区划', 'settings.update': '修改系统设置',
};

/** A case action recorded as cases.<action>: its name from the case actions, where known. */
const CASE_ACTIONS_ZH: Record<string, string> = {
  register: '立案', reject: '不予立案', dispatch: '派遣', accept: '签收', return: '退单', suspend: '挂起', resume: '恢复',
  handle: '处置反馈', verify_pass: '核查通过', verify_fail: '核查不通过', close: '结案', reopen: '重新办理', on_the_spot: '现场处置',
  escalate: '上报', merge: '合并', supervise: '督办', whistle: '吹哨', urge: '催办', reassign: '改派', callback: '回访',
};

export function auditActionName(action: string): string | null {
  if (AUDIT_ACTION_ZH[action]) return AUDIT_ACTION_ZH[action];
  const m = /^cases\.([a-z_]+)$/.exec(action);
  return m && CASE_ACTIONS_ZH[m[1]] ? `案件${CASE_ACTIONS_ZH[m[1]]}` : null;
}
