import { definePolicy } from '../../core/access/policy.js';

/**
 * Patrols (巡查) and illegal structures (拆违). A patrol is walked by a grid worker or community staff;
 * its precise track (PIPL art. 28) is seen only by the patroller and the community/street staff above it
 * (checked per patrol), never by residents. Structures are registered and followed by the same staff.
 */
export const policy = definePolicy('patrols', {
  patrol: ['grid_worker', 'community_staff'],
  read: ['admin', 'street_command', 'community_staff', 'grid_worker'],
  track: ['street_command', 'community_staff', 'grid_worker'],
  structures: ['admin', 'street_command', 'community_staff', 'grid_worker'],
  registerStructure: ['community_staff', 'grid_worker'],
  followStructure: ['street_command', 'community_staff', 'grid_worker'],
});
