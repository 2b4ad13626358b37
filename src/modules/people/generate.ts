/**
 * Synthetic residents for demos and benchmarks: households of realistic sizes in compounds
 * in every basic grid of a region, people drawn from China's 2020 census age pyramid, ID
 * numbers with valid GB 11643 check characters, mainland mobile numbers, care groups at
 * plausible rates. Deterministic for a seed. Writes through the same path as an import.
 */
import type pg from 'pg';
import type { Keys } from '../../core/privacy/keys.js';
import { blindIndex } from '../../core/privacy/cipher.js';
import { idCheckChar } from '../../core/privacy/validate.js';
import { chineseName, prng } from '../../demo/names.js';
import type { CareGroup } from './care.js';
import { writeRows } from './import.js';

// Share of the population by 5-year band 0–4 … 85+ (7th national census, 2020, rounded).
const PYRAMID = [5.7, 6.6, 6.3, 5.4, 5.3, 6.5, 8.6, 8.2, 6.9, 7.4, 8.6, 8.2, 5.9, 5.6, 4.2, 2.6, 1.7, 1.4];
const HOUSEHOLD_SIZES = [[1, 0.18], [2, 0.3], [3, 0.27], [4, 0.15], [5, 0.1]] as const;
const COMPOUND_WORDS = ['花园', '小区', '新村', '家园', '公寓', '苑', '里'];
const ROADS = ['文庄路', '府城路', '忠介路', '龙昆南路', '北胜路', '鼓楼街', '中山路', '新华路', '胜利路', '和平路'];

function pick<T>(rand: () => number, table: readonly (readonly [T, number])[]): T {
  let x = rand() * table.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of table) { if ((x -= w) < 0) return v; }
  return table[table.length - 1][0];
}

export interface GenerateOptions { regionCode: string; residents: number; seed?: number; oldCompoundShare?: number; compounds?: number; today?: Date; }

/** `onProgress(done, total)`: residents written so far, called between the write batches. */
export async function generateResidents(tx: pg.PoolClient, keys: Keys, opts: GenerateOptions, actorId: number | null, onProgress?: (done: number, total: number) => void): Promise<{ residents: number; households: number; compounds: number }> {
  const rand = prng(opts.seed ?? 1);
  const today = opts.today ?? new Date();
  const { rows: grids } = await tx.query(
    `SELECT g.code, g.path, g.community_code, c.name AS community_name FROM grid g JOIN region c ON c.code = g.community_code JOIN region r ON r.code = $1
      WHERE g.kind = 'basic' AND g.path LIKE r.path || '%' ORDER BY g.code`,
    [opts.regionCode],
  );
  if (!grids.length) return { residents: 0, households: 0, compounds: 0 };
  const ages = PYRAMID.map((w, i) => [i, w] as const);
  const usedIds = new Set<string>();
  const usedPhones = new Set<string>();
  const rows: Parameters<typeof writeRows>[2] = [];
  const compoundsMade = new Set<string>();
  let households = 0;
  const perGrid = Math.ceil(opts.residents / grids.length);
  const totalCompounds = Math.max(grids.length, opts.compounds ?? grids.length);
  let gi = 0;
  for (const g of grids) {
    let left = Math.min(perGrid, opts.residents - rows.length);
    const nCompounds = Math.floor(totalCompounds / grids.length) + (gi++ < totalCompounds % grids.length ? 1 : 0);
    const names = Array.from({ length: nCompounds }, (_, k) => `${ROADS[Math.floor(rand() * ROADS.length)]}${Number(g.code.slice(-3)) * 10 + k}号${COMPOUND_WORDS[Math.floor(rand() * COMPOUND_WORDS.length)]}`);
    for (const n of names) compoundsMade.add(`${g.community_code}|${n}`);
    const perCompound = new Array(nCompounds).fill(0);
    let h = 0;
    while (left > 0) {
      const size = Math.min(left, pick(rand, HOUSEHOLD_SIZES));
      const ci = h % nCompounds;
      const compound = names[ci];
      const k = perCompound[ci]++;
      h++;
      households++;
      const building = `${Math.floor(k / 24) + 1}栋`, unit = `${Math.floor((k % 24) / 12) + 1}单元`;
      const room = `${Math.floor((k % 12) / 2) + 1}0${(k % 2) + 1}`;
      const movedIn = `${2000 + Math.floor(rand() * 24)}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-15`;
      const headAge = 25 + Math.floor(rand() * 60);
      for (let m = 0; m < size; m++) {
        // the first member is an adult; others follow the pyramid
        const age = m === 0 ? headAge : Math.min(100, pick(rand, ages) * 5 + Math.floor(rand() * 5));
        const birth = new Date(Date.UTC(today.getUTCFullYear() - age - 1, Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)));
        const birthDate = birth.toISOString().slice(0, 10);
        let id = '';
        do {
          const seq = String(Math.floor(rand() * 1000)).padStart(3, '0');
          const first17 = `${g.code.slice(0, 6)}${birthDate.replaceAll('-', '')}${seq}`;
          id = first17 + idCheckChar(first17);
        } while (usedIds.has(id));
        usedIds.add(id);
        const gender = Number(id[16]) % 2 === 1 ? 'male' : 'female';
        let phone: string | null = null;
        if (age >= 16 && rand() < 0.92) {
          do phone = `1${[3, 5, 7, 8, 9][Math.floor(rand() * 5)]}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`; while (usedPhones.has(phone));
          usedPhones.add(phone);
        }
        const careGroups: CareGroup[] = [];
        if (age >= 80) careGroups.push('very_old');
        if (age >= 60 && size === 1) careGroups.push('living_alone');
        if (age >= 60 && size === 2 && headAge >= 60) careGroups.push('empty_nest');
        if (rand() < 0.02) careGroups.push('disabled');
        if (rand() < 0.015) careGroups.push('subsistence_allowance');
        if (age >= 60 && rand() < 0.004) careGroups.push('destitute');
        rows.push({
          row: rows.length + 2, name: chineseName(rand), idNumber: id, gender, birthDate, phone,
          gridCode: g.code, gridPath: g.path, communityCode: g.community_code, householdKey: `${g.code}|d|${compound}|${building}|${unit}|${room}`,
          compound, building, unit, room, address: '', relation: m === 0 ? (rand() < 0.8 ? 'owner' : 'tenant') : 'member',
          movedIn: movedIn < birthDate ? birthDate : movedIn, partyMember: age >= 18 && rand() < 0.07, careGroups, existingId: null, existingHousehold: null,
        });
        left--;
      }
    }
    if (rows.length >= opts.residents) break;
  }
  // a second run with the same seed makes the same people: keep those already registered
  const hashes = rows.map((r) => blindIndex(keys, 'id', r.idNumber));
  const taken = new Set((await tx.query('SELECT id_hash FROM resident WHERE id_hash = ANY($1::text[])', [hashes])).rows.map((r) => r.id_hash));
  const fresh = rows.filter((_, i) => !taken.has(hashes[i]));
  await writeRows(tx, keys, fresh, actorId, onProgress);
  // compounds: built year and the old-compound share (府城街道: 63.5% old, built before 2000)
  const share = opts.oldCompoundShare ?? 0.5;
  const { rows: made } = await tx.query(`SELECT id FROM compound WHERE community_code || '|' || name = ANY($1::text[]) ORDER BY id`, [[...compoundsMade]]);
  const oldCount = Math.round(made.length * share);
  const ids: number[] = [], olds: boolean[] = [], years: number[] = [];
  for (let i = 0; i < made.length; i++) {
    const old = i < oldCount;
    ids.push(made[i].id); olds.push(old); years.push(old ? 1980 + Math.floor(rand() * 20) : 2000 + Math.floor(rand() * 22));
  }
  // one statement for every compound (it was one round trip per compound)
  await tx.query(
    `UPDATE compound c SET old_compound = u.old, built_year = u.year
       FROM unnest($1::bigint[], $2::boolean[], $3::int[]) AS u(id, old, year) WHERE c.id = u.id`, [ids, olds, years]);
  return { residents: fresh.length, households, compounds: made.length };
}
