import { definePolicy } from '../../core/access/policy.js';

export const policy = definePolicy('regions', {
  /** Any signed-in account reads the region tree inside its own subtree. */
  read: 'authenticated',
  /** Importing national division data changes the tree everyone stands on. */
  import: ['admin'],
  /** A street's or community's service hotline (printed on its grids' contact cards): the offices that run it. */
  editHotline: ['admin', 'street_command', 'community_staff'],
});
