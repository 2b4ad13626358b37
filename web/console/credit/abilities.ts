/**
 * What the caller may do on the property supervision pages (物业公示, 信用评价), from the server's
 * policy (GET /api/auth/me abilities); the server checks each call again. Kept apart so the menu
 * and routes load no page code.
 */
import { useCan } from '../../shared/auth';

/** The policy actions that open the pages. */
export const PROPERTY_ACTIONS = { disclosures: 'property.readDisclosures', credit: 'credit.read' } as const;

export function usePropertyAbilities() {
  const can = useCan();
  return {
    canDisclosures: can(PROPERTY_ACTIONS.disclosures),
    canCompliance: can('property.disclosureCompliance'),
    canPublish: can('property.publishDisclosure'),
    canCredit: can(PROPERTY_ACTIONS.credit),
    canManageCredit: can('credit.manage'),
    canRecord: can('credit.record'),
  };
}
