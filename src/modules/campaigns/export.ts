/** A campaign's results as an .xlsx: one row per item; the door (room) masked, no resident names or phones. */
import type { Queryable } from '../../core/db/pool.js';
import { writeTable } from '../../core/files/sheet.js';
import { chinaMinute } from '../../core/time.js';
import { gridNames } from '../grids/api.js';
import { regionNames } from '../regions/api.js';
import { maskRoom, type AnswerValue, type ChecklistItem } from './rules.js';
import { listItems, type CampaignRow } from './store.js';

export const EXPORT_MAX_ROWS = 200_000;

/** An answer as a cell: 是/否, the number, the text, or how many photos. */
export function answerCell(c: ChecklistItem, v: AnswerValue | undefined): string | number | null {
  if (v === undefined || v === null) return null;
  if (c.type === 'yesno') return v === true ? '是' : '否';
  if (c.type === 'photo') return `${Array.isArray(v) ? v.length : 1} 张照片`;
  return v as string | number;
}

export async function exportCampaign(db: Queryable, c: CampaignRow, regionPath: string, scope: string[]): Promise<Buffer> {
  const { items } = await listItems(db, c.id, { path: regionPath, scope, limit: EXPORT_MAX_ROWS, offset: 0 });
  const communities = await regionNames(db, items.map((i) => i.communityCode));
  const grids = await gridNames(db, items.map((i) => i.gridCode));
  const header = ['社区', '网格', '位置', '门牌', '状态', '发现问题', ...c.checklist.map((x) => x.label), '备注', '填报人', '填报时间', '案件编号'];
  const rows = items.map((i) => [
    communities.get(i.communityCode) ?? i.communityCode, grids.get(i.gridCode)?.name ?? i.gridCode, i.place, maskRoom(i.room),
    i.version > 0 ? '已完成' : '待完成', i.problem ? '是' : '否', ...c.checklist.map((x) => answerCell(x, i.answers?.[x.key])),
    i.note, i.answeredBy, i.answeredAt ? chinaMinute(i.answeredAt) : null, i.caseNumber,
  ]);
  return writeTable(c.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '), header, rows, [14, 16, 28, 10, 8, 8, ...c.checklist.map(() => 14), 24, 14, 18, 18]);
}
