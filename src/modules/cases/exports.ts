/** Excel out: the queue as staff filtered it, and the rates as a workbook to report upward. */
import ExcelJS from 'exceljs';
import { percent } from './rates.js';
import { LEVEL_NAMES, STATE_NAMES } from './labels.js';
import type { caseMetrics } from './metrics.js';
import type { toSummary } from './queries.js';
import { chinaMinute } from '../../core/time.js';

const SOURCE_NAMES: Record<string, string> = { grid_worker: '网格员上报', resident: '居民随手拍', hotline: '12345热线', patrol: '联合巡查', staff: '工作人员登记', open311: 'Open311' };
const PRIORITY_NAMES: Record<string, string> = { urgent: '紧急', high: '较急', normal: '一般' };
const local = (d: Date | string | null) => (d ? chinaMinute(d) : '');

function sheet(wb: ExcelJS.Workbook, name: string, header: string[], rows: (string | number | null)[][], widths: number[]) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  widths.forEach((w, i) => { ws.getColumn(i + 1).width = w; });
  return ws;
}

export async function exportQueue(items: ReturnType<typeof toSummary>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  sheet(wb, '案件', ['案件编号', '状态', '类别', '来源', '问题描述', '地址', '街道', '社区', '网格', '层级', '紧急程度', '处置单位', '响应时限', '办结时限', '是否超期', '上报时间'],
    items.map((c) => [c.number, STATE_NAMES[c.state]?.zh ?? c.state, c.categoryName, SOURCE_NAMES[c.source] ?? c.source, c.description, c.address, c.streetName, c.communityName, c.gridName,
      LEVEL_NAMES[c.level as keyof typeof LEVEL_NAMES] ?? c.level, PRIORITY_NAMES[c.priority] ?? c.priority, c.handler?.name ?? '', local(c.responseDue), local(c.resolveDue), c.overdue ? '超期' : '', local(c.createdAt)]),
    [18, 10, 14, 12, 40, 24, 12, 14, 18, 8, 8, 20, 17, 17, 8, 17]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Metrics = Awaited<ReturnType<typeof caseMetrics>>;
const RATE_HEAD = ['案件总数', '响应率', '解决率', '满意率', '结案率', '按期结案率', '返工率', '超期未结'];
const rateCells = (r: { total: number; responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null; closedRate: number | null; onTimeRate: number | null; reworkRate: number | null; overdue: number }) =>
  [r.total, percent(r.responseRate), percent(r.resolutionRate), percent(r.satisfactionRate), percent(r.closedRate), percent(r.onTimeRate), percent(r.reworkRate), r.overdue];

export async function exportMetrics(regionName: string, m: Metrics, definitions: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const c = m.counts;
  sheet(wb, '总体', ['区域', '起', '止', ...RATE_HEAD, '应结案', '已结案', '按期结案', '已处置', '有返工', '应响应', '按时响应', '已回访', '回访已解决', '回访满意'],
    [[regionName, m.from, m.to, ...rateCells(m), c.dueToClose, c.closed, c.closedOnTime, c.handled, c.withRework, c.dueToRespond, c.respondedInTime, c.calledBack, c.ratedResolved, c.ratedSatisfied]],
    [16, 11, 11, 9, 9, 9, 9, 9, 11, 9, 9, 8, 8, 9, 8, 8, 8, 9, 8, 10, 8]);
  sheet(wb, '按区域', ['代码', '名称', ...RATE_HEAD], m.byRegion.map((r) => [r.code, r.name, ...rateCells(r)]), [16, 18, 9, 9, 9, 9, 9, 11, 9, 9]);
  sheet(wb, '按类别', ['代码', '类别', ...RATE_HEAD], m.byCategory.map((r) => [r.code, r.name, ...rateCells(r)]), [8, 16, 9, 9, 9, 9, 9, 11, 9, 9]);
  sheet(wb, '按部门', ['部门', ...RATE_HEAD, '吹哨任务', '报到超时', '任务超期', '街道评价（均分）'],
    m.byDepartment.map((r) => [r.name, ...rateCells(r), r.tasks, r.reportInLate, r.tasksLate, r.averageRating === null ? '' : Math.round(r.averageRating * 100) / 100]), [24, 9, 9, 9, 9, 9, 11, 9, 9, 9, 9, 9, 14]);
  sheet(wb, '口径说明', ['指标口径'], definitions.map((d) => [d]), [120]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
