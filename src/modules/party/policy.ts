import { definePolicy } from '../../core/access/policy.js';

/**
 * The party-org registry is kept by the street's working committee and the communities;
 * names and posts are personal data, so property and owners' accounts do not read it.
 */
export const policy = definePolicy('party', {
  read: ['admin', 'street_command', 'community_staff'],
  edit: ['admin', 'street_command', 'community_staff'],
  reveal: ['street_command', 'community_staff'],
  coverage: ['admin', 'street_command', 'community_staff'],
});
