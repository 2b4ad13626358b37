/**
 * People benchmarks, in process against a prepared database:
 *  - resident search by name prefix and by exact ID number in a registry of BENCH_RESIDENTS
 *    (default 1,000,000) generated residents: p50 / p99 (ms) of the list query;
 *  - import throughput of a 100,000-row .xlsx (check + write), rows/s and peak memory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Db } from '../src/core/db/pool.js';
import type { Keys } from '../src/core/privacy/keys.js';
import { idCheckChar } from '../src/core/privacy/validate.js';
import { readTable } from '../src/core/files/sheet.js';
import { generateResidents } from '../src/modules/people/generate.js';
import { checkRows, COLUMNS, writeRows } from '../src/modules/people/import.js';
import { listResidents } from '../src/modules/people/queries.js';

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };

export async function benchResidentSearch(db: Db, keys: Keys, line: (name: string, value: string) => void, total: number) {
  const t0 = performance.now();
  for (let done = 0, seed = 1; done < total; seed++) {
    const n = Math.min(100_000, total - done);
    const r = await db.tx((tx) => generateResidents(tx, keys, { regionCode: '150102', residents: n, seed }, null));
    done += r.residents;
    if (!r.residents) break;
  }
  await db.query('ANALYZE');
  const count = (await db.query('SELECT count(*)::int n FROM resident')).rows[0].n;
  line(`generate ${count} residents (s)`, ((performance.now() - t0) / 1000).toFixed(0));
  const { rows: sample } = await db.query(`SELECT id_enc, name FROM resident TABLESAMPLE SYSTEM (1) LIMIT 300`);
  const { decrypt } = await import('../src/core/privacy/cipher.js');
  const ids = sample.map((r) => decrypt(keys, r.id_enc));
  const names = sample.map((r) => r.name.slice(0, 2));
  const scope = ['/'];
  const time = async (f: (i: number) => Promise<unknown>, n: number) => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) { const s = performance.now(); await f(i); ms.push(performance.now() - s); }
    return ms;
  };
  const base = { regionPath: '/15/1501/150102/', limit: 20, offset: 0 };
  const byId = await time((i) => listResidents(db, keys, { ...base, idNumber: ids[i % ids.length] }, scope), 300);
  line(`resident search, exact ID in ${count} (ms p50 / p99)`, `${pct(byId, 50).toFixed(1)} / ${pct(byId, 99).toFixed(1)}`);
  const byName = await time((i) => listResidents(db, keys, { ...base, q: names[i % names.length] }, scope), 300);
  line(`resident search, name prefix (2 chars) in ${count} (ms p50 / p99)`, `${pct(byName, 50).toFixed(1)} / ${pct(byName, 99).toFixed(1)}`);
}

/** A template-shaped .xlsx of n rows into 新城区's basic grids. */
async function makeXlsx(file: string, n: number, grids: string[]) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('居民');
  ws.addRow(COLUMNS.map((c) => c.header)).commit();
  for (let i = 0; i < n; i++) {
    // a different person on every row: one birth date per 1,000 rows, the sequence number within it
    const birth = new Date(Date.UTC(1940, 0, 1) + Math.floor(i / 1000) * 3 * 86400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const f = `150102${birth}${String(i % 1000).padStart(3, '0')}`;
    const id = f + idCheckChar(f);
    ws.addRow(['导入' + i, id, `139${String(i).padStart(8, '0')}`, grids[i % grids.length], `基准小区${i % 50}`, `${1 + (i % 20)}栋`, `${1 + (i % 3)}单元`, String(100 + (i % 400)), '', i % 3 ? '家庭成员' : '业主', '2015-06-01', i % 15 ? '否' : '是', i % 40 ? '' : '独居老人']).commit();
  }
  ws.commit();
  await wb.commit();
}

export async function benchImport(db: Db, keys: Keys, line: (name: string, value: string) => void, rows = 100_000) {
  const grids = (await db.query(`SELECT code FROM grid WHERE kind = 'basic' AND path LIKE '/15/1501/150102/%' ORDER BY code`)).rows.map((r) => r.code);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gz-xlsx-')), 'import.xlsx');
  await makeXlsx(file, rows, grids);
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
  const base = process.memoryUsage().rss;
  const t0 = performance.now();
  const table = await readTable(fs.readFileSync(file), 'import.xlsx', rows);
  const t1 = performance.now();
  const result = await db.tx(async (tx) => {
    const { good } = await checkRows(tx, keys, table, ['/'], 'zh-CN');
    await writeRows(tx, keys, good, null);
    return good.length;
  });
  const secs = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  line(`import ${rows}-row .xlsx: read (s)`, ((t1 - t0) / 1000).toFixed(1));
  line(`import ${rows}-row .xlsx: rows per second (read + check + write, ${result} written)`, (rows / secs).toFixed(0));
  line(`import ${rows}-row .xlsx: peak resident memory (MB, ${(base / 1e6).toFixed(0)} before)`, (peak / 1e6).toFixed(0));
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
