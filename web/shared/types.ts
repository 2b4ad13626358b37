/** Types mirroring the Gongzhi HTTP API contract (see the backend's OpenAPI). */

export type RoleName =
  | 'admin'
  | 'street_command'
  | 'community_staff'
  | 'grid_worker'
  | 'department_staff'
  | 'property_staff'
  | 'owners_committee'
  | 'mediator'
  | 'resident';

export type RegionLevel = 'province' | 'city' | 'district' | 'street' | 'community';

export interface RoleBinding {
  role: RoleName | string;
  /** null for roles not bound to one region (e.g. a system administrator: 全国). */
  regionCode: string | null;
  regionName: string;
  /** Localised role name, when the server sends one. */
  roleName?: string;
}

export interface User {
  id: string | number;
  username: string;
  displayName: string;
  roles: RoleBinding[];
}

export interface Session {
  user: User;
  csrfToken: string;
}

export interface RegionRef {
  code: string;
  name: string;
  level: RegionLevel | string;
}

export interface RegionSummary extends RegionRef {
  childCount: number;
  parentCode?: string | null;
}

export interface RegionDetail extends RegionRef {
  parentCode: string | null;
  ancestors: RegionRef[];
  childCount: number;
}

export interface ScopeRoot extends RegionRef {
  childCount: number;
  ancestors: RegionRef[];
}

export interface AuditItem {
  id: string | number;
  at: string;
  actorUsername: string | null;
  role: string | null;
  scopeCode: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  /** Free-form extra data recorded with the event, if any. */
  detail?: unknown;
  hash: string;
}

export interface AuditPage {
  items: AuditItem[];
  nextBefore: string | number | null;
}

export interface AuditVerify {
  ok: boolean;
  checked: number;
  firstBroken: null | { id: string | number; reason: string };
}
