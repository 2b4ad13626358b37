import { definePolicy } from '../../core/access/policy.js';

/**
 * Personal data (PIPL): the community's staff and its grid workers (for their own grids)
 * work with named residents; street, district and system roles see aggregates only.
 */
export const RESIDENT_ROLES = ['community_staff', 'grid_worker'] as const;

export const policy = definePolicy('people', {
  readPlaces: ['admin', 'street_command', 'community_staff', 'grid_worker'],
  editPlaces: ['admin', 'street_command', 'community_staff'],
  readResidents: RESIDENT_ROLES,
  editResidents: RESIDENT_ROLES,
  reveal: RESIDENT_ROLES,
  importResidents: ['community_staff'],
  exportResidents: RESIDENT_ROLES,
  stats: ['admin', 'street_command', 'community_staff', 'grid_worker'],
  /** Retention is the data controller's duty: a system administrator may run it ahead of the daily sweep. */
  anonymise: ['admin'],
  /** A resident ties their own account to their registry record (实名绑定). */
  myHousehold: ['resident'],
});
