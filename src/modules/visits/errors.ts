import { defineErrors } from '../../core/http/errors.js';

defineErrors({
  visit_in_future: { status: 400, zh: '走访时间不能晚于现在。', en: 'A visit cannot be dated in the future.' },
  visit_at_invalid: { status: 400, zh: '走访时间应在 2000 年以后。', en: 'A visit is dated from the year 2000 on.' },
  visit_date_invalid: { status: 400, zh: '日期应在 2000 年至 2100 年之间。', en: 'The date lies between 2000 and 2100.' },
  visit_duration_invalid: { status: 400, zh: '时长应为 0 到 1440 分钟。', en: 'The duration is 0 to 1440 minutes.' },
  visit_target_required: { status: 400, zh: '请指明走访的户（householdId）或见到的居民（met）。', en: 'Name the household (householdId) or the residents met (met).' },
  visit_met_required: { status: 400, zh: '请选择见到或联系到的居民；无人在家的入户请勾选“无人在家”。', en: 'Name the residents met or reached; for a home visit that found nobody, set nobodyHome.' },
  visit_nobody_home_kind: { status: 400, zh: '“无人在家”只适用于入户走访。', en: 'Only a home visit can find nobody home (nobodyHome).' },
  visit_nobody_home_met: { status: 400, zh: '无人在家时不能填写见到的居民。', en: 'A visit that found nobody home cannot name residents met.' },
  visit_met_not_member: { status: 400, zh: '居民 {id} 不是该户的现住成员。', en: 'Resident {id} is not a current member of the household.' },
  visit_topic_unknown: { status: 400, zh: '未知的社情民意类别 {topic}。', en: 'Unknown sentiment topic {topic}.' },
  visit_client_ref_conflict: { status: 409, zh: '该提交编号（clientRef）已用于另一条不同的记录。', en: 'This clientRef was already used for a different record.' },
  visit_not_found: { status: 404, zh: '走访记录 {id} 不存在。', en: 'Visit {id} does not exist.' },
  sentiment_not_found: { status: 404, zh: '社情民意记录 {id} 不存在。', en: 'Sentiment record {id} does not exist.' },
  visit_case_exists: { status: 409, zh: '该记录已转为案件 {number}。', en: 'This record was already turned into case {number}.' },
  visit_case_description_required: { status: 400, zh: '请填写案件描述。', en: 'Describe the case.' },
  visit_query_required: { status: 400, zh: '请给出 household 或 resident 之一。', en: 'Give exactly one of household or resident.' },
  visit_list_filter_required: { status: 400, zh: '请给出日期（date）。', en: 'Give a date.' },
  proxy_date_in_future: { status: 400, zh: '代办日期不能晚于今天。', en: 'A proxy service cannot be dated after today.' },
  proxy_resident_gone: { status: 400, zh: '居民 {id} 已迁出或去世，不能登记代办。', en: 'Resident {id} has moved out or died; no proxy service can be recorded.' },
  visit_topic_not_found: { status: 404, zh: '社情民意类别 {code} 不存在。', en: 'Sentiment topic {code} does not exist.' },
});
