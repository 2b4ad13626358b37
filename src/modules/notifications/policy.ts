import { definePolicy } from '../../core/access/policy.js';

/** Who may read notifications: everyone signed in, their own only (each query is bound to the caller's account). */
export const policy = definePolicy('notifications', {
  mine: 'authenticated',
});
