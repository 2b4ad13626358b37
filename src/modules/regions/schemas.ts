import { Type } from '@sinclair/typebox';
import { named, ref } from '../../core/http/schemas.js';

export const RegionCode = Type.String({ pattern: '^\\d{2}(\\d{2}(\\d{2}(\\d{3}(\\d{3})?)?)?)?$', description: 'Division code: 2, 4, 6, 9 or 12 digits', examples: ['460107002'] });
export const Level = Type.Union(['province', 'city', 'district', 'street', 'community'].map((l) => Type.Literal(l)));
const Brief = { code: Type.String(), name: Type.String(), level: Level };

export const RegionRef = named('RegionRef', Type.Object(Brief));
export const RegionDetail = named('RegionDetail', Type.Object({
  ...Brief,
  parentCode: Type.Union([Type.String(), Type.Null()]),
  statCode: Type.String({ description: '12-digit statistical code' }),
  ancestors: Type.Array(ref(RegionRef), { description: 'Root first; excludes the region itself' }),
  childCount: Type.Integer(),
  hotline: Type.Union([Type.String(), Type.Null()], { description: 'service hotline of a street or community (public, printed on contact cards)' }),
}));
/** A service number: digits, spaces and dashes, an optional leading +. */
export const Hotline = Type.String({ pattern: '^[+]?[0-9][0-9 -]{3,18}[0-9]$', maxLength: 20, examples: ['0471-6912345'] });
export const RegionChild = named('RegionChild', Type.Object({ ...Brief, childCount: Type.Integer() }));
export const RegionHit = named('RegionHit', Type.Object({ ...Brief, parentCode: Type.Union([Type.String(), Type.Null()]), childCount: Type.Integer() }));
export const ScopeRoot = named('ScopeRoot', Type.Object({ ...Brief, childCount: Type.Integer(), ancestors: Type.Array(ref(RegionRef)) }));
