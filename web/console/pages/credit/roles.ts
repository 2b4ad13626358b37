/**
 * Who opens the property supervision pages (物业公示, 信用评价) and what they may do there; the
 * server checks each call again. Kept apart so the menu and routes load no page code.
 */
import { useAuth } from '../../../shared/auth';

export const DISCLOSURE_ROLES = ['admin', 'street_command', 'community_staff', 'department_staff', 'property_staff', 'owners_committee'];
export const DISCLOSURE_COMPLIANCE_ROLES = ['admin', 'street_command', 'community_staff', 'department_staff'];
export const DISCLOSURE_PUBLISH_ROLES = ['admin', 'community_staff', 'property_staff', 'owners_committee'];

export const CREDIT_ROLES = ['admin', 'street_command', 'community_staff', 'department_staff', 'property_staff'];
export const CREDIT_MANAGE_ROLES = ['admin', 'street_command', 'department_staff'];
export const CREDIT_RECORD_ROLES = ['admin', 'street_command', 'community_staff', 'department_staff'];

export function usePropertyRoles() {
  const { hasRole } = useAuth();
  const any = (roles: string[]) => roles.some((r) => hasRole(r));
  return {
    canDisclosures: any(DISCLOSURE_ROLES),
    canCompliance: any(DISCLOSURE_COMPLIANCE_ROLES),
    canPublish: any(DISCLOSURE_PUBLISH_ROLES),
    canCredit: any(CREDIT_ROLES),
    canManageCredit: any(CREDIT_MANAGE_ROLES),
    canRecord: any(CREDIT_RECORD_ROLES),
  };
}
