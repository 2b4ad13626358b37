/**
 * People's buildings as units a party organisation can attach to (a building group, 楼栋党小组;
 * party/units.ts). Loaded by the people module (index.ts).
 */
import { byRef, isIdRef, registerUnitKind } from '../party/api.js';

registerUnitKind({
  kind: 'building',
  label: { zh: '楼栋', en: 'Building' },
  async resolve(db, refs) {
    const { rows } = await db.query(
      `SELECT b.id::text AS ref, cp.name AS compound, b.name, cp.path FROM building b JOIN compound cp ON cp.id = b.compound_id WHERE b.id = ANY($1::bigint[])`, [refs.filter(isIdRef)]);
    return byRef(rows.map((r) => ({ ref: r.ref, name: `${r.compound}${r.name}`, path: r.path })));
  },
});
