/**
 * Tables from uploaded spreadsheets: .xlsx (first worksheet, via exceljs) or
 * UTF-8 .csv. Every cell becomes a Cell keeping whether Excel held it as a number or a
 * date, so callers can say "format the ID column as text" instead of silently using a
 * rounded 18-digit number.
 */
import ExcelJS from 'exceljs';
import { parseCsv } from './csv.js';

export interface Cell { text: string; kind: 'string' | 'number' | 'date' | 'empty'; }

const pad = (n: number) => String(n).padStart(2, '0');

function cellOf(v: unknown): Cell {
  if (v === null || v === undefined || v === '') return { text: '', kind: 'empty' };
  if (v instanceof Date) return { text: `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`, kind: 'date' };
  if (typeof v === 'number') return { text: String(v), kind: 'number' };
  if (typeof v === 'boolean') return { text: v ? '是' : '否', kind: 'string' };
  if (typeof v === 'object') {
    const o = v as Record<string, any>;
    if (Array.isArray(o.richText)) return { text: o.richText.map((r: { text: string }) => r.text).join('').trim(), kind: 'string' };
    if ('result' in o) return cellOf(o.result);
    if ('text' in o) return cellOf(o.text);
    if ('error' in o) return { text: String(o.error), kind: 'string' };
  }
  return { text: String(v).trim(), kind: 'string' };
}

export class SheetError extends Error {}

export async function readTable(buf: Buffer, filename: string, maxRows: number): Promise<Cell[][]> {
  const lower = filename.toLowerCase();
  const isZip = buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b;
  if (lower.endsWith('.csv') || (!isZip && !lower.endsWith('.xlsx'))) {
    const text = buf.toString('utf8');
    if (text.includes('\uFFFD')) throw new SheetError('not utf-8');
    const rows = parseCsv(text);
    if (rows.length > maxRows + 1) throw new SheetError('too many rows');
    return rows.map((r) => r.map((t) => (t.trim() === '' ? { text: '', kind: 'empty' as const } : { text: t.trim(), kind: 'string' as const })));
  }
  if (!isZip) throw new SheetError('not xlsx');
  // Not exceljs's streaming reader: it splits multi-byte UTF-8 characters at chunk
  // boundaries (家庭成员 came back as 家庭成\uFFFD\uFFFD\uFFFD in a 10,000-row file).
  const out: Cell[][] = [];
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as any);
  } catch {
    throw new SheetError('unreadable');
  }
  const sheet = wb.worksheets[0];
  if (!sheet) throw new SheetError('unreadable');
  if (sheet.actualRowCount > maxRows + 1) throw new SheetError('too many rows');
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    const cells: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      // a merged range keeps its value in the top-left cell; the others are blanks, not copies
      cells.push(cell.isMerged && cell.master.address !== cell.address ? { text: '', kind: 'empty' } : cellOf(cell.value));
    }
    while (out.length < n - 1) out.push([]); // keep Excel row numbers
    out.push(cells);
  });
  return out;
}

/** Write one worksheet of plain values; the header row bold and frozen. */
/** `progress`: rows added so far (every 5,000, the event loop breathes between them), then `writing()` before the file is encoded. */
export async function writeTable(sheetName: string, header: string[], rows: (string | number | null)[][], widths: number[] = [],
  progress?: { rows(done: number, total: number): void; writing(): Promise<void> | void }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '共治 Gongzhi';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (let i = 0; i < rows.length; i++) {
    ws.addRow(rows[i]);
    if (progress && (i + 1) % 5000 === 0) { progress.rows(i + 1, rows.length); await new Promise((r) => setImmediate(r)); }
  }
  header.forEach((_, i) => { ws.getColumn(i + 1).width = widths[i] ?? 14; ws.getColumn(i + 1).numFmt = '@'; });
  if (progress) { progress.rows(rows.length, rows.length); await progress.writing(); }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
