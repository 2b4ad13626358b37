import { defineErrors } from '../../core/http/errors.js';

defineErrors({
  id_format: { status: 400, zh: '身份证号应为 18 位（最后一位可为 X）。', en: 'An ID number has 18 characters (the last may be X).' },
  id_birth_date: { status: 400, zh: '身份证号中的出生日期无效。', en: 'The birth date inside the ID number is not a real date.' },
  id_check_digit: { status: 400, zh: '身份证号校验位错误（GB 11643），请核对。', en: 'The ID number\'s check character is wrong (GB 11643); check it.' },
  phone_invalid: { status: 400, zh: '手机号应为 11 位大陆手机号码。', en: 'A phone number is an 11-digit mainland mobile number.' },
  moved_in_in_future: { status: 400, zh: '入住日期不能晚于今天。', en: 'The move-in date cannot be after today.' },
  moved_in_before_birth: { status: 400, zh: '入住日期不能早于出生日期。', en: 'The move-in date cannot be before the birth date.' },
  moved_out_before_moved_in: { status: 400, zh: '迁出日期不能早于入住日期。', en: 'The move-out date cannot be before the move-in date.' },
  event_date_in_future: { status: 400, zh: '日期不能晚于今天。', en: 'The date cannot be after today.' },
  resident_duplicate: { status: 409, zh: '身份证号已登记：{name}（居民编号 {id}，{place}）。', en: 'This ID number is already registered: {name} (resident {id}, {place}).' },
  resident_duplicate_elsewhere: { status: 409, zh: '该身份证号已在其他社区登记，请联系对方社区核实。', en: 'This ID number is registered in another community; contact that community.' },
  resident_not_found: { status: 404, zh: '居民 {id} 不存在。', en: 'Resident {id} does not exist.' },
  household_not_found: { status: 404, zh: '户 {id} 不存在。', en: 'Household {id} does not exist.' },
  compound_not_found: { status: 404, zh: '小区 {id} 不存在。', en: 'Compound {id} does not exist.' },
  compound_duplicate: { status: 409, zh: '本社区已有名为 {name} 的小区。', en: 'This community already has a compound named {name}.' },
  building_duplicate: { status: 409, zh: '该小区已有楼栋 {name}。', en: 'This compound already has a building {name}.' },
  dwelling_not_found: { status: 404, zh: '房屋 {id} 不存在。', en: 'Dwelling {id} does not exist.' },
  dwelling_taken: { status: 409, zh: '该房屋已建户（户 {id}）。', en: 'This dwelling already has a household ({id}).' },
  grid_not_basic: { status: 400, zh: '户只能归属基础网格，{code} 是专属网格。', en: 'A household belongs to a basic grid; {code} is dedicated.' },
  grid_outside_community: { status: 400, zh: '网格 {grid} 不属于小区所在社区。', en: 'Grid {grid} is not in the compound\'s community.' },
  reveal_reason_required: { status: 400, zh: '查看完整信息须填写用途（至少 4 个字）。', en: 'Say why you need the full value (at least 4 characters).' },
  field_not_set: { status: 404, zh: '该居民未登记此项信息。', en: 'This resident has no such value on record.' },
  care_group_unknown: { status: 400, zh: '未知关爱类别 {group}。', en: 'Unknown care group {group}.' },
  care_group_active: { status: 409, zh: '该居民已属于{group}。', en: 'The resident is already in the care group {group}.' },
  care_group_not_active: { status: 404, zh: '该居民当前不属于{group}。', en: 'The resident is not in the care group {group}.' },
  resident_moved_out: { status: 409, zh: '该居民已迁出或已故，不能再修改住户关系。', en: 'This resident has moved out or died; the household cannot change.' },
  import_file_unreadable: { status: 400, zh: '无法读取文件：请上传 .xlsx 或 .csv（UTF-8）。', en: 'The file cannot be read: upload .xlsx or UTF-8 .csv.' },
  import_header_invalid: { status: 400, zh: '表头不符合模板：{problem}。请下载模板后填写。', en: 'The header row does not match the template: {problem}. Download the template and use it.' },
  import_too_many_rows: { status: 400, zh: '一次最多导入 {max} 行。', en: 'At most {max} rows per import.' },
  import_empty: { status: 400, zh: '文件中没有数据行。', en: 'The file has no data rows.' },
  import_file_missing: { status: 400, zh: '请上传文件（字段名 file）。', en: 'Upload a file (field name "file").' },
  import_has_errors: { status: 400, zh: '有 {count} 行存在错误：请只确认导入无误的行，或修改文件后重新上传。', en: '{count} row(s) have errors: confirm only the good rows, or fix the file and upload it again.' },
  cell_required: { status: 400, zh: '必填。', en: 'Required.' },
  cell_invalid: { status: 400, zh: '无法识别的值“{value}”。', en: 'Unrecognised value "{value}".' },
  grid_unknown: { status: 400, zh: '网格 {code} 不存在或不在您的范围内。', en: 'Grid {code} does not exist or is outside your scope.' },
  row_duplicate_in_file: { status: 400, zh: '与第 {row} 行身份证号重复。', en: 'Same ID number as row {row}.' },
});

defineErrors({
  id_not_text: { status: 400, zh: '身份证号被 Excel 存成了数字（末尾数字会丢失），请将该列设为文本格式后重新填写。', en: 'Excel stored the ID number as a number (its last digits are lost); format the column as text and enter it again.' },
});

defineErrors({
  resident_not_matched: { status: 404, zh: '未找到与该姓名和身份证号相符的本社区居民登记，请核对，或请社区先为您登记。', en: 'No resident registered in your community matches this name and ID number; check them, or ask the community to register you first.' },
  resident_no_household: { status: 409, zh: '您的登记尚未归属任何住户，请联系社区。', en: 'Your record is not in a household yet; contact the community.' },
  resident_already_bound: { status: 409, zh: '该居民已绑定其他账号；如非本人操作，请联系社区。', en: 'This resident is already bound to another account; if that was not you, contact the community.' },
  bind_too_many_attempts: { status: 429, zh: '今日核验失败已达 {max} 次，请明天再试或联系社区。', en: 'Verification failed {max} times today; try again tomorrow or contact the community.' },
  household_not_bound: { status: 404, zh: '您的账号尚未绑定房屋。', en: 'Your account is not bound to a household.' },
});
