import { definePolicy } from '../../core/access/policy.js';

/**
 * Field work with named residents (PIPL): community staff and grid workers, grid workers for their
 * own grids only (grids/scope.ts). The topic list is read by all staff and edited by administrators.
 */
export const policy = definePolicy('visits', {
  log: ['community_staff', 'grid_worker'],
  read: ['community_staff', 'grid_worker'],
  toCase: ['community_staff', 'grid_worker'],
  proxy: ['community_staff', 'grid_worker'],
  topics: ['admin', 'street_command', 'community_staff', 'grid_worker'],
  editTopics: ['admin'],
});
