import { definePolicy } from '../../core/access/policy.js';

/** Who may list departments: the staff who whistle, dispatch to or work in them, and administrators. */
export const policy = definePolicy('departments', {
  read: ['admin', 'street_command', 'community_staff', 'grid_worker', 'department_staff'],
});
