import { defineErrors } from '../../core/http/errors.js';

defineErrors({
  scheme_not_found: { status: 404, zh: '评价方案 {id} 不存在。', en: 'Rating scheme {id} does not exist.' },
  scheme_invalid: { status: 400, zh: '评价方案不完整或不一致，见明细。', en: 'The rating scheme is incomplete or inconsistent; see the details.' },
  period_not_found: { status: 404, zh: '评价周期 {id} 不存在。', en: 'Rating period {id} does not exist.' },
  period_region_level: { status: 400, zh: '评价周期按街道、区县或城市开展。', en: 'A rating period covers a street, a district or a city.' },
  period_state: { status: 409, zh: '评价周期当前为“{state}”，不能{action}。', en: 'The period is {state}; it cannot be {action}.' },
  period_no_companies: { status: 409, zh: '该区域没有物业服务企业，无法计算。', en: 'No property company in this region; nothing to compute.' },
  appeal_window_open: { status: 409, zh: '申诉期至 {until} 结束，之后才能确定结果。', en: 'The appeal window runs until {until}; the result can be fixed after that.' },
  company_not_in_period: { status: 404, zh: '企业 {id} 不在本次评价范围内。', en: 'Company {id} is not rated in this period.' },
  dimension_unknown: { status: 400, zh: '方案中没有“{dimension}”这一评价项。', en: 'The scheme has no dimension "{dimension}".' },
  appraisal_not_yours: { status: 403, zh: '“{dimension}”由{scorers}评分，您的角色不能评分。', en: 'The dimension "{dimension}" is scored by {scorers}; your role cannot score it.' },
  score_out_of_band: { status: 400, zh: '分值应在 0–{max} 之间，收到 {score}。', en: 'A score is between 0 and {max}; got {score}.' },
  survey_already_answered: { status: 409, zh: '您的家庭已参加本期测评，每户每期限一次。', en: 'Your household has already answered this period\'s survey (one response per household).' },
  survey_not_open: { status: 409, zh: '本期测评未开放或已结束。', en: 'This survey is not open.' },
  survey_not_your_compound: { status: 403, zh: '只能评价为您所在小区服务的物业企业。', en: 'You can rate only the company serving your own compound.' },
  record_invalid: { status: 400, zh: '信用记录无效：{problem}', en: 'The credit record is not valid: {problem}' },
});

defineErrors({
  survey_household_required: { status: 409, zh: '请先在“我的房屋”中完成实名绑定，再参加满意度测评（每户每期一次）。', en: 'Bind your account to your household under "My home" first; the survey takes one answer per household per period.' },
  appeal_not_published: { status: 409, zh: '评价结果尚未公布，不能申诉。', en: 'The result is not published yet; there is nothing to appeal.' },
  appeal_window_closed: { status: 409, zh: '申诉期已于 {until} 结束。', en: 'The appeal window closed on {until}.' },
  appeal_already_filed: { status: 409, zh: '本期评价贵企业已提出过申诉，每期限一次。', en: 'Your company has already appealed this period\'s result (one appeal per period).' },
  appeal_reason_short: { status: 400, zh: '请写明申诉理由（至少 {min} 个字）。', en: 'State the grounds of the appeal (at least {min} characters).' },
  appeal_not_found: { status: 404, zh: '申诉 {id} 不存在。', en: 'Appeal {id} does not exist.' },
  appeal_decided: { status: 409, zh: '该申诉已处理。', en: 'This appeal has already been decided.' },
  appeal_reply_required: { status: 400, zh: '请写明复核意见（至少 5 个字）。', en: 'Write the review\'s reply (at least 5 characters).' },
  appeal_corrections_required: { status: 400, zh: '申诉成立须给出更正后的评分。', en: 'An upheld appeal needs the corrected scores.' },
  appeal_corrections_unexpected: { status: 400, zh: '驳回申诉时不能更正评分。', en: 'A rejected appeal cannot correct scores.' },
  appeals_pending: { status: 409, zh: '尚有 {count} 件申诉未处理，处理后才能确定结果。', en: '{count} appeal(s) are still pending; decide them before fixing the result.' },
  not_housing_bureau: { status: 403, zh: '信用评价由住房和城乡建设（房产管理）部门组织，您所在部门不参与。', en: 'Credit ratings are run by the housing department; your department takes no part in them.' },
});
