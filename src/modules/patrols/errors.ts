import { defineErrors } from '../../core/http/errors.js';

defineErrors({
  patrol_not_found: { status: 404, zh: '巡查记录 {id} 不存在。', en: 'Patrol {id} does not exist.' },
  patrol_already_open: { status: 409, zh: '您已有一次进行中的巡查（{id}），请先结束它。', en: 'You already have a patrol under way ({id}); end it first.' },
  patrol_already_ended: { status: 409, zh: '巡查 {id} 已于 {at} 结束。', en: 'Patrol {id} already ended at {at}.' },
  patrol_point_outside_china: { status: 400, zh: '轨迹点（{lon}, {lat}）不在中国境内，请检查经纬度是否颠倒。', en: 'The track point ({lon}, {lat}) is outside China; check that longitude and latitude are not swapped.' },
  patrol_point_time: { status: 400, zh: '轨迹点的时间 {at} 不在巡查时段内（{from} 至 {to}）。', en: 'The track point time {at} is outside the patrol ({from} to {to}).' },
  patrol_grid_required: { status: 400, zh: '请选择巡查的网格或社区。', en: 'Choose the grid or community of the patrol.' },
  patrol_region_level: { status: 400, zh: '巡查区域须为社区或网格。', en: 'A patrol covers a community or a grid.' },
  patrol_member_unknown: { status: 400, zh: '联动巡查成员 {member} 不存在或不在本辖区。', en: 'Joint patrol member {member} does not exist or is outside this area.' },
  patrol_members_joint_only: { status: 400, zh: '只有联动巡查才登记成员。', en: 'Only a joint patrol records members.' },
  structure_not_found: { status: 404, zh: '违建 {id} 不存在。', en: 'Illegal structure {id} does not exist.' },
  structure_transition_invalid: { status: 409, zh: '违建当前为“{from}”，不能再“{action}”。', en: 'The structure is "{from}"; "{action}" is not possible now.' },
  structure_date_future: { status: 400, zh: '日期 {on} 晚于今天（{today}）。', en: 'The date {on} is after today ({today}).' },
  structure_date_before: { status: 400, zh: '日期 {on} 早于上一步（{since}）。', en: 'The date {on} is before the previous step ({since}).' },
  structure_version_conflict: { status: 409, zh: '违建记录已被他人更新（当前版本 {version}），请刷新后重试。', en: 'Someone else changed this structure (now version {version}); reload and try again.' },
  structure_household_unknown: { status: 400, zh: '户 {id} 不存在或不在本网格辖区。', en: 'Household {id} does not exist or is outside your area.' },
  structure_photo_unknown: { status: 400, zh: '照片 {id} 不存在或已使用。', en: 'Photo {id} does not exist or is already used.' },
  structure_photo_invalid: { status: 400, zh: '请上传 JPEG、PNG 或 WebP 图片。', en: 'Upload a JPEG, PNG or WebP image.' },
  structure_photo_too_large: { status: 413, zh: '照片超过 {mb} MB。', en: 'The photo is larger than {mb} MB.' },
  structure_photo_not_found: { status: 404, zh: '照片 {id} 不存在。', en: 'Photo {id} does not exist.' },
});
