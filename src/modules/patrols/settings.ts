import { Type } from '@sinclair/typebox';
import { defineSetting } from '../settings/index.js';

/** 轨迹保留天数: precise patrol tracks are sensitive (PIPL art. 28) and kept only this many days. */
export const trackRetentionDays = defineSetting({
  key: 'patrols.trackRetentionDays',
  description: '巡查轨迹保留天数 Days a patrol\'s precise track points are kept before the job deletes them',
  schema: Type.Integer({ minimum: 1, maximum: 365 }),
  default: 30,
});
