import { definePolicy } from '../../core/access/policy.js';

/**
 * Care plans: the due list for a grid (names only to those who may see residents: community staff
 * and the grid's workers; others get masked names), compliance figures for staff of every level,
 * the rules edited by administrators.
 */
export const policy = definePolicy('care', {
  due: ['admin', 'street_command', 'community_staff', 'grid_worker'],
  compliance: ['admin', 'street_command', 'community_staff', 'grid_worker'],
  rules: ['admin', 'street_command', 'community_staff', 'grid_worker'],
  editRules: ['admin'],
});
