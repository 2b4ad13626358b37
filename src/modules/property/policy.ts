import { definePolicy } from '../../core/access/policy.js';

/**
 * The community and street keep the register of companies and owners' committees; property
 * staff and owners' committee members read what concerns their own place.
 */
export const policy = definePolicy('property', {
  read: ['admin', 'street_command', 'community_staff', 'property_staff', 'owners_committee'],
  edit: ['admin', 'street_command', 'community_staff'],
  /** 公示 is published to the compound's residents; the street, community and housing bureau supervise it */
  readDisclosures: ['admin', 'street_command', 'community_staff', 'department_staff', 'property_staff', 'owners_committee', 'resident'],
  publishDisclosure: ['admin', 'community_staff', 'property_staff', 'owners_committee'],
  disclosureCompliance: ['admin', 'street_command', 'community_staff', 'department_staff'],
  ask: ['resident'],
  compoundsMine: ['resident'],
  feeMeasure: ['community_staff', 'property_staff'],
});
