/** Roles a person may hold; every staff role assignment is bound to a node of the region tree. */
export const ROLES = [
  'admin',
  'street_command',
  'community_staff',
  'grid_worker',
  'department_staff',
  'property_staff',
  'owners_committee',
  'mediator',
  'resident',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'System administrator' },
  street_command: { zh: '街道指挥中心', en: 'Street command centre' },
  community_staff: { zh: '社区工作人员', en: 'Community staff' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  department_staff: { zh: '职能部门', en: 'Department staff' },
  property_staff: { zh: '物业企业', en: 'Property company staff' },
  owners_committee: { zh: '业委会成员', en: "Owners' committee member" },
  mediator: { zh: '调解员', en: 'Mediator' },
  resident: { zh: '居民', en: 'Resident' },
};

export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'resident');

export function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}

/** Region path of the whole country: an assignment with no region covers everything. */
export const ROOT_PATH = '/';
