import { defineErrors } from '../../core/http/errors.js';

defineErrors({
  credit_code_format: { status: 400, zh: '统一社会信用代码 {code} 格式错误：应为 18 位，由数字和大写字母组成（不含 I、O、Z、S、V），第 3–8 位为行政区划码。', en: 'The unified social credit code {code} is malformed: 18 characters, digits and capital letters without I, O, Z, S, V; characters 3–8 are a division code.' },
  credit_code_check: { status: 400, zh: '统一社会信用代码 {code} 校验位错误（GB 32100），请核对。', en: 'The unified social credit code {code} has a wrong check character (GB 32100); check it.' },
  credit_code_duplicate: { status: 409, zh: '统一社会信用代码 {code} 已登记：{name}。', en: 'The credit code {code} is already registered: {name}.' },
  company_not_found: { status: 404, zh: '物业企业 {id} 不存在。', en: 'Property company {id} does not exist.' },
  outlet_not_found: { status: 404, zh: '该企业没有网点 {id}。', en: 'The company has no outlet {id}.' },
  outlet_duplicate: { status: 409, zh: '该企业已有名为 {name} 的网点。', en: 'The company already has an outlet named {name}.' },
  contract_overlap: { status: 409, zh: '该小区在此期间已由 {name} 服务（{from} 至 {to}）。', en: 'The compound is already served by {name} in that period ({from} to {to}).' },
  committee_not_found: { status: 404, zh: '业委会 {id} 不存在。', en: 'Owners\' committee {id} does not exist.' },
  committee_exists: { status: 409, zh: '该小区已有业委会（{id}），换届请使用“换届选举”。', en: 'The compound already has an owners\' committee ({id}); use a re-election.' },
  committee_size_range: { status: 400, zh: '业委会委员应为 {min}–{max} 人，现为 {members} 人。', en: 'An owners\' committee has {min}–{max} members; this one has {members}.' },
  committee_size_even: { status: 400, zh: '业委会委员人数应为单数，现为 {members} 人。', en: 'An owners\' committee has an odd number of members; this one has {members}.' },
  committee_term_too_long: { status: 400, zh: '业委会每届任期不超过 {max} 年。', en: 'An owners\' committee term is at most {max} years.' },
  committee_term_invalid: { status: 400, zh: '任期应为正整数年（不超过 {max} 年）。', en: 'The term is a whole number of years (at most {max}).' },
  committee_chair_count: { status: 400, zh: '业委会应有且只有一名主任。', en: 'An owners\' committee has exactly one chair.' },
  committee_member_twice: { status: 400, zh: '同一人不能重复列为委员。', en: 'A person is listed twice.' },
  document_not_found: { status: 404, zh: '文件 {id} 不存在。', en: 'Document {id} does not exist.' },
  // findings
  first_meeting_overdue: { status: 400, zh: '首次会议应在 {due} 前召开，已逾期。', en: 'The first meeting was due by {due}; it is overdue.' },
  first_meeting_late: { status: 400, zh: '首次会议于 {heldOn} 召开，晚于规定期限 {due}。', en: 'The first meeting was held on {heldOn}, after the deadline {due}.' },
  filing_overdue: { status: 400, zh: '应在 {due} 前向街道办事处备案，已逾期。', en: 'Filing with the street office was due by {due}; it is overdue.' },
  filing_late: { status: 400, zh: '于 {filedOn} 备案，晚于规定期限 {due}。', en: 'Filed on {filedOn}, after the deadline {due}.' },
});
