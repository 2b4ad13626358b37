import { definePolicy } from '../../core/access/policy.js';

/**
 * Ratings are run by the street or the housing bureau; each appraiser scores only its own
 * dimension (checked against the scheme); residents answer the survey; the published lists are public.
 */
export const policy = definePolicy('credit', {
  readSchemes: ['admin', 'street_command', 'community_staff', 'department_staff', 'property_staff'],
  editSchemes: ['admin'],
  read: ['admin', 'street_command', 'community_staff', 'department_staff', 'property_staff'],
  manage: ['admin', 'street_command', 'department_staff'],
  appraise: ['admin', 'street_command', 'community_staff', 'department_staff'],
  record: ['admin', 'street_command', 'community_staff', 'department_staff'],
  survey: ['resident'],
  /** a company's own staff appeal its published result */
  appeal: ['property_staff'],
  public: 'public',
});
