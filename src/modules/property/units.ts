/**
 * Property's bodies as units a party organisation can attach to (party/units.ts): owners'
 * committees, property companies and their outlets. Loaded by the property module (store.ts).
 */
import { likePrefix } from '../../core/access/policy.js';
import { byRef, isIdRef, labelOf, registerUnitKind } from '../party/api.js';

const OWNERS_COMMITTEE = { zh: '业主委员会', en: 'owners\' committee' };
const committeeName = (compound: string, lang: 'zh-CN' | 'en') => (lang === 'en' ? `${compound} ${labelOf(OWNERS_COMMITTEE, lang)}` : `${compound}${OWNERS_COMMITTEE.zh}`);
const outletName = (company: string, outlet: string) => `${company}（${outlet}）`;

registerUnitKind({
  kind: 'owners_committee',
  label: { zh: '业主委员会', en: 'Owners\' committee' },
  async resolve(db, refs, lang) {
    const { rows } = await db.query(`SELECT oc.id::text AS ref, cp.name AS compound, oc.path FROM owners_committee oc JOIN people_compound_v cp ON cp.id = oc.compound_id WHERE oc.id = ANY($1::bigint[])`, [refs.filter(isIdRef)]);
    return byRef(rows.map((r) => ({ ref: r.ref, name: committeeName(r.compound, lang), path: r.path })));
  },
  async list(db, regionPath, lang) {
    const { rows } = await db.query(
      `SELECT oc.id::text AS ref, cp.name AS compound, oc.path, cp.community_code AS "regionCode" FROM owners_committee oc JOIN people_compound_v cp ON cp.id = oc.compound_id WHERE oc.path LIKE $1`, [likePrefix(regionPath)]);
    return rows.map((r) => ({ ref: r.ref, name: committeeName(r.compound, lang), path: r.path, regionCode: r.regionCode }));
  },
});

registerUnitKind({
  kind: 'property_company',
  label: { zh: '物业服务企业', en: 'Property company' },
  async resolve(db, refs) {
    const { rows } = await db.query(`SELECT id::text AS ref, name, path FROM property_company WHERE id = ANY($1::bigint[])`, [refs.filter(isIdRef)]);
    return byRef(rows);
  },
  async list(db, regionPath) {
    const { rows } = await db.query(`SELECT id::text AS ref, name, path, region_code AS "regionCode" FROM property_company WHERE path LIKE $1`, [likePrefix(regionPath)]);
    return rows;
  },
});

registerUnitKind({
  kind: 'property_outlet',
  label: { zh: '物业服务网点', en: 'Property outlet' },
  async resolve(db, refs) {
    const { rows } = await db.query(
      `SELECT o.id::text AS ref, c.name AS company, o.name, o.path FROM property_outlet o JOIN property_company c ON c.id = o.company_id WHERE o.id = ANY($1::bigint[])`, [refs.filter(isIdRef)]);
    return byRef(rows.map((r) => ({ ref: r.ref, name: outletName(r.company, r.name), path: r.path })));
  },
  async list(db, regionPath) {
    const { rows } = await db.query(
      `SELECT o.id::text AS ref, c.name AS company, o.name, o.path, o.region_code AS "regionCode" FROM property_outlet o JOIN property_company c ON c.id = o.company_id WHERE o.path LIKE $1`, [likePrefix(regionPath)]);
    return rows.map((r) => ({ ref: r.ref, name: outletName(r.company, r.name), path: r.path, regionCode: r.regionCode }));
  },
});
