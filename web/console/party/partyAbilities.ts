/** Who opens the 党建引领 pages, from the server's policy (the server checks each call again). Kept apart so the menu and routes load no page code. */
import { useCan } from '../../shared/auth';

export const PARTY_ACTION = 'party.read';

export function usePartyAbilities(): { canView: boolean } {
  return { canView: useCan()(PARTY_ACTION) };
}
