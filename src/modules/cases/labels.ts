/** Names people read, for messages, notifications and exports. */
export const STATE_NAMES: Record<string, { zh: string; en: string }> = {
  reported: { zh: '待立案', en: 'Reported' }, registered: { zh: '已立案', en: 'Registered' }, rejected: { zh: '不予立案', en: 'Rejected' },
  dispatched: { zh: '已派遣', en: 'Dispatched' }, accepted: { zh: '处置中', en: 'Accepted' }, returned: { zh: '已退回', en: 'Returned' },
  suspended: { zh: '已挂起', en: 'Suspended' }, handled: { zh: '待核查', en: 'Handled' }, verified: { zh: '待结案', en: 'Verified' },
  closed: { zh: '已结案', en: 'Closed' }, merged: { zh: '已合并', en: 'Merged' },
};

export const ACTION_NAMES: Record<string, { zh: string; en: string }> = {
  report: { zh: '上报', en: 'report' }, register: { zh: '立案', en: 'register' }, reject: { zh: '不予立案', en: 'reject' }, dispatch: { zh: '派遣', en: 'dispatch' },
  accept: { zh: '签收', en: 'accept' }, return: { zh: '退回', en: 'return' }, suspend: { zh: '挂起', en: 'suspend' }, resume: { zh: '恢复', en: 'resume' },
  handle: { zh: '处置反馈', en: 'report the result' }, verify_pass: { zh: '核查通过', en: 'pass verification' }, verify_fail: { zh: '核查不通过', en: 'fail verification' },
  close: { zh: '结案', en: 'close' }, reopen: { zh: '重办', en: 'reopen' }, on_the_spot: { zh: '现场处置', en: 'handle on the spot' }, escalate: { zh: '上报上级', en: 'escalate' },
  merge: { zh: '合并', en: 'merge' }, supervise: { zh: '督办', en: 'supervise' }, urge: { zh: '催办', en: 'hurry' }, reassign: { zh: '改派', en: 'reassign' }, whistle: { zh: '吹哨', en: 'whistle' }, report_in: { zh: '报到', en: 'report in' },
  task_done: { zh: '反馈处置结果', en: 'report back' }, rate_department: { zh: '评价部门', en: 'rate a department' }, rate: { zh: '评价', en: 'rate' },
  callback: { zh: '回访', en: 'call back' }, report_in_late: { zh: '报到超时', en: 'late report-in' }, overdue: { zh: '超期', en: 'overdue' }, warn: { zh: '临期提醒', en: 'deadline warning' },
};

export const WHISTLE_REASONS = {
  residents_unresolved: { zh: '群众反映突出街道难以解决', en: 'Residents\' pressing problem the street cannot solve alone' },
  joint_enforcement: { zh: '综合执法', en: 'Joint enforcement' },
  emergency: { zh: '应急处置', en: 'Emergency response' },
} as const;
export type WhistleReason = keyof typeof WHISTLE_REASONS;

export const LEVEL_NAMES = { grid: '网格', community: '社区', street: '街道' } as const;
