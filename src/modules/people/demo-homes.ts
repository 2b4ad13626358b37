/**
 * Demo homes for resident accounts outside the generated registry (南昌's 昌九社区 and 五坊社区):
 * a basic grid for the community where it has none, a building in the compound, a household in
 * one of its dwellings and a registered resident — optionally already bound to the account, as if
 * the resident had verified their name and ID number on the phone.
 */
import type pg from 'pg';
import type { Keys } from '../../core/privacy/keys.js';
import { idCheckChar } from '../../core/privacy/validate.js';
import { insertLaidGrids, layoutGrids } from '../grids/demo.js';
import { createBuilding, createHousehold } from './places.js';
import { createResident } from './residents.js';

const ALL = ['/'];

/** A valid 18-character ID number (GB 11643) for a made-up person born on that date. */
export function demoIdNumber(division6: string, birth: string, seq: number): string {
  const first17 = `${division6}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

export async function demoHome(tx: pg.PoolClient, keys: Keys, h: {
  compoundId: number; building: string; room: string; name: string; idNumber: string; phone?: string; bindUsername?: string; center: [number, number];
}): Promise<{ residentId: number; householdId: number }> {
  const { rows: [cp] } = await tx.query(
    `SELECT cp.community_code, cp.path, r.name, st.code AS street FROM compound cp JOIN region r ON r.code = cp.community_code JOIN region st ON st.code = r.parent_code WHERE cp.id = $1`, [h.compoundId]);
  let { rows: [grid] } = await tx.query(`SELECT code FROM grid WHERE community_code = $1 AND kind = 'basic' ORDER BY code LIMIT 1`, [cp.community_code]);
  if (!grid) {
    const laid = layoutGrids([{ code: cp.community_code, name: cp.name, streetCode: cp.street, path: cp.path }], { center: h.center, basic: 1, dedicated: 0 });
    await insertLaidGrids(tx, laid, Number(cp.community_code.slice(-6)));
    grid = { code: laid[0].code };
  }
  let { rows: [b] } = await tx.query('SELECT id FROM building WHERE compound_id = $1 AND name = $2', [h.compoundId, h.building]);
  if (!b) b = { id: await createBuilding(tx, h.compoundId, { name: h.building, floors: 6, units: 2, roomsPerFloor: 2, areaM2: 89 }, ALL) };
  const { rows: [d] } = await tx.query(
    `SELECT d.id FROM dwelling d JOIN building_unit u ON u.id = d.unit_id WHERE u.building_id = $1 AND u.name = '1单元' AND d.room = $2`, [b.id, h.room]);
  const householdId = await createHousehold(tx, { gridCode: grid.code, dwellingId: d.id }, ALL);
  const residentId = await createResident(tx, keys, { name: h.name, idNumber: h.idNumber, phone: h.phone ?? null, householdId, relation: 'owner', movedIn: '2015-06-01' }, ALL, 0);
  if (h.bindUsername) {
    await tx.query(`INSERT INTO resident_account (account_id, resident_id) SELECT id, $2 FROM account WHERE username = $1`, [h.bindUsername, residentId]);
  }
  return { residentId, householdId };
}

/**
 * Demo residents aged 65+ living alone in a basic grid (the care plan's people): one household each,
 * addressed on a made-up lane, born `minAge`…`minAge + 20` years before `today`. Returns their ids.
 */
export async function demoLivingAlone(tx: pg.PoolClient, keys: Keys, p: { gridCode: string; count: number; street: string; division6: string; today: string; names: string[] }): Promise<{ residentId: number; householdId: number; name: string }[]> {
  const out: { residentId: number; householdId: number; name: string }[] = [];
  const year = Number(p.today.slice(0, 4));
  for (let i = 0; i < p.count; i++) {
    const householdId = await createHousehold(tx, { gridCode: p.gridCode, address: `${p.street}${i + 1}号` }, ALL);
    const birth = `${year - 66 - ((i * 7) % 20)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 5) % 28)).padStart(2, '0')}`;
    const name = p.names[i % p.names.length];
    const residentId = await createResident(tx, keys, { name, idNumber: demoIdNumber(p.division6, birth, 500 + i), phone: null, householdId, relation: 'owner', movedIn: '2008-05-01' }, ALL, 0);
    out.push({ residentId, householdId, name });
  }
  return out;
}
