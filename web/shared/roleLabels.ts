/**
 * The one place in web/ that names role codes: for display only (names come from the i18n tables
 * as `role.<code>`, colours from here). No page decides anything from a role: what an account may
 * do comes from GET /api/auth/me `abilities` (useAuth().can). test/unit/web-no-roles.test.ts holds
 * every other web file to that.
 */
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

/** Tag colour per role. */
export const ROLE_COLORS: Record<string, string> = {
  admin: 'magenta',
  street_command: 'red',
  community_staff: 'volcano',
  grid_worker: 'orange',
  department_staff: 'blue',
  property_staff: 'cyan',
  owners_committee: 'geekblue',
  mediator: 'purple',
  resident: 'green',
};
