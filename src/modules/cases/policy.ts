import { definePolicy } from '../../core/access/policy.js';

/**
 * Who may touch cases. The route rule is the coarse gate; each case action is then checked
 * against the case itself (its level, grid, handler and the caller's scope) in rules.ts.
 */
export const policy = definePolicy('cases', {
  readCategories: 'authenticated',
  editCategories: ['admin'],
  uploadPhoto: ['street_command', 'community_staff', 'grid_worker', 'department_staff', 'property_staff', 'resident'],
  readPhoto: 'authenticated',
  create: ['street_command', 'community_staff', 'grid_worker', 'resident'],
  hotline: 'public',
  read: ['admin', 'street_command', 'community_staff', 'grid_worker', 'department_staff', 'property_staff', 'resident'],
  act: ['street_command', 'community_staff', 'grid_worker', 'department_staff', 'property_staff'],
  /** the street whistles; community staff too where a city configures cases.whistleLevels (checked per case) */
  whistle: ['street_command', 'community_staff'],
  departmentTask: ['department_staff'],
  rateDepartment: ['street_command'],
  rate: ['street_command', 'community_staff', 'grid_worker', 'resident'],
  metrics: ['admin', 'street_command', 'community_staff', 'grid_worker', 'department_staff'],
  sweep: ['admin'],
  integrations: ['admin'],
});
