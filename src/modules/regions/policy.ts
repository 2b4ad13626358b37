import { definePolicy } from '../../core/access/policy.js';

export const policy = definePolicy('regions', {
  /** Any signed-in account reads the region tree inside its own subtree. */
  read: 'authenticated',
  /** Importing national division data changes the tree everyone stands on. */
  import: ['admin'],
});
