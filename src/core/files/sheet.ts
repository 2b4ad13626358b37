/**
 * Tables from uploaded spreadsheets: .xlsx (first worksheet, streamed with exceljs) or
 * UTF-8 .csv. Every cell becomes a Cell keeping whether Excel held it as a number or a
 * date, so callers can say "format the ID column as text" instead of silently using a
 * rounded 18-digit number.
 */
import { Readable } from 'node:stream';
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
  const out: Cell[][] = [];
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(buf), { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1); // exceljs rows are 1-based
        const cells = Array.from(values, cellOf); // rows are sparse: keep empty cells in place
        while (out.length < row.number - 1) out.push([]); // keep Excel row numbers
        out.push(cells);
        if (out.length > maxRows + 1) throw new SheetError('too many rows');
      }
      break; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof SheetError) throw e;
    throw new SheetError('unreadable');
  }
  return out;
}

/** Write one worksheet of plain values; the header row bold and frozen. */
export async function writeTable(sheetName: string, header: string[], rows: (string | number | null)[][], widths: number[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '共治 Gongzhi';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  header.forEach((_, i) => { ws.getColumn(i + 1).width = widths[i] ?? 14; ws.getColumn(i + 1).numFmt = '@'; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
