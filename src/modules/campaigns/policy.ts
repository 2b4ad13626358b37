import { definePolicy } from '../../core/access/policy.js';

/**
 * Campaigns (专项行动) down the grids: a street (big grid) or community (medium grid) starts one over its
 * area; grid workers answer the items of their grids; everyone above sees the roll-up.
 */
export const policy = definePolicy('campaigns', {
  read: ['admin', 'street_command', 'community_staff', 'grid_worker'],
  create: ['admin', 'street_command', 'community_staff'],
  close: ['admin', 'street_command', 'community_staff'],
  export: ['admin', 'street_command', 'community_staff'],
  /** Answer an item of one's own grids (a community's staff may answer for its grids). */
  answer: ['grid_worker', 'community_staff'],
  /** Turn a problem found in an item into a case (cases' reportCase). */
  report: ['grid_worker', 'community_staff', 'street_command'],
});
