import { defineErrors } from '../../core/http/errors.js';

defineErrors({
  care_range_invalid: { status: 400, zh: '起止日期无效：开始不能晚于结束，跨度不超过 366 天。', en: 'Invalid range: from must not be after to, and it spans at most 366 days.' },
  care_date_invalid: { status: 400, zh: '日期应在 2000 年至 2100 年之间。', en: 'The date lies between 2000 and 2100.' },
  care_rule_not_found: { status: 404, zh: '关爱规则 {id} 不存在。', en: 'Care rule {id} does not exist.' },
  care_rule_version_conflict: { status: 409, zh: '关爱规则已被他人修改，请刷新后重试。', en: 'The care rule was changed by someone else; reload and try again.' },
  care_rule_exists: { status: 409, zh: '该关爱对象已有同类同周期的规则。', en: 'This care group already has a rule of that kind and period.' },
  care_region_not_found: { status: 404, zh: '区域或网格 {code} 不存在。', en: 'Region or grid {code} does not exist.' },
});
