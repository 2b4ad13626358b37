/** Who opens the 党建引领 pages (the server checks each call again). Kept apart so the menu and routes load no page code. */
import { useAuth } from '../../../shared/auth';

export const PARTY_ROLES = ['admin', 'street_command', 'community_staff'];

export function usePartyRoles(): { canView: boolean } {
  const { hasRole } = useAuth();
  return { canView: PARTY_ROLES.some((r) => hasRole(r)) };
}
