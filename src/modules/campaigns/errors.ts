import { defineErrors } from '../../core/http/errors.js';

defineErrors({
  campaign_not_found: { status: 404, zh: '专项行动 {id} 不存在。', en: 'Campaign {id} does not exist.' },
  campaign_item_not_found: { status: 404, zh: '专项行动条目 {id} 不存在。', en: 'Campaign item {id} does not exist.' },
  campaign_region_level: { status: 400, zh: '专项行动只能由街道（大网格）或社区（中网格）发起，{code} 是{level}。', en: 'A campaign is started by a street (big grid) or a community (medium grid); {code} is a {level}.' },
  campaign_region_outside: { status: 400, zh: '{code} 不在该专项行动的范围内。', en: '{code} is not inside this campaign\'s area.' },
  campaign_deadline_invalid: { status: 400, zh: '截止日期 {deadline} 不可用：须在今天（{today}）至一年内。', en: 'Deadline {deadline} is not allowed: it must be between today ({today}) and one year ahead.' },
  campaign_checklist_invalid: { status: 400, zh: '检查清单有误：{reason}', en: 'The checklist is invalid: {reason}' },
  campaign_no_targets: { status: 400, zh: '{region} 内没有可排查的{unit}，无法发起专项行动。', en: 'There is no {unit} to check in {region}; the campaign was not started.' },
  campaign_closed: { status: 409, zh: '专项行动 {id} 已结束，不能再填报。', en: 'Campaign {id} is closed; its items can no longer be answered.' },
  campaign_answers_invalid: { status: 400, zh: '填报内容有误：{reason}', en: 'The answers are invalid: {reason}' },
  campaign_item_answered: { status: 409, zh: '该条目已由 {by} 于 {at} 填报（版本 {version}）。如需修改，请带上 revise 和当前版本号重新提交。', en: 'This item was already answered by {by} at {at} (version {version}). To change it, send revise with the current version.' },
  campaign_item_version_conflict: { status: 409, zh: '该条目已被他人修改（当前版本 {version}），请刷新后重试。', en: 'Someone else changed this item (now version {version}); reload and try again.' },
  campaign_item_not_answered: { status: 409, zh: '该条目尚未填报，无需修改：请直接填报。', en: 'This item has not been answered yet; answer it instead of revising.' },
  campaign_item_no_problem: { status: 409, zh: '该条目没有记录问题，不能转为案件。', en: 'No problem was recorded in this item; there is nothing to turn into a case.' },
  campaign_item_case_exists: { status: 409, zh: '该条目的问题已转为案件 {number}。', en: 'This item\'s problem is already case {number}.' },
});
