import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/files/csv.js';
import { readTable } from '../../src/core/files/sheet.js';

describe('readTable', () => {
  it('reads every multi-byte character of a large sheet intact (exceljs\'s stream reader did not)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    const words = ['家庭成员', '业主', '独居老人、低保', '是', '否', '龙昆南社区'];
    for (let i = 0; i < 8000; i++) ws.addRow([`居民${i}`, words[i % words.length], words[(i + 1) % words.length]]);
    const rows = await readTable(Buffer.from(await wb.xlsx.writeBuffer()), 'a.xlsx', 10000);
    expect(rows).toHaveLength(8000);
    const bad = rows.filter((r, i) => r[0].text !== `居民${i}` || r[1].text !== words[i % words.length] || r[2].text !== words[(i + 1) % words.length]);
    expect(bad).toEqual([]);
  });
  it('keeps empty cells in place and tells numbers and dates apart', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['a', null, 'c']);
    ws.addRow([460107198001011234, new Date(Date.UTC(2015, 5, 1)), { richText: [{ text: '富' }, { text: '文本' }] }]);
    const rows = await readTable(Buffer.from(await wb.xlsx.writeBuffer()), 'a.xlsx', 10);
    expect(rows[0].map((c) => c.kind)).toEqual(['string', 'empty', 'string']);
    expect(rows[1].map((c) => c.kind)).toEqual(['number', 'date', 'string']);
    // the very reason an ID column must be text: the float has lost the last digits
    expect(rows[1][0].text).not.toBe('460107198001011234');
    expect(rows[1].slice(1).map((c) => c.text)).toEqual(['2015-06-01', '富文本']);
  });
  it('CSV: quotes, embedded commas and newlines, BOM, CRLF', () => {
    expect(parseCsv('\uFEFF姓名,地址\r\n"张三","文庄路,20号"\r\n"李四","两\n行"\r\n')).toEqual([['姓名', '地址'], ['张三', '文庄路,20号'], ['李四', '两\n行']]);
  });
  it('refuses what is neither', async () => {
    await expect(readTable(Buffer.from([0x50, 0x4b, 3, 4, 0, 0]), 'a.xlsx', 10)).rejects.toThrow();
  });
});
