/**
 * What the visits module offers other modules: the contacts with residents in a period (the care
 * plans count them), and the visit or sentiment record a case came from. Read-only.
 */
export { contactCounts, contactOfCase, contactsOf, type Contact } from './queries.js';
export { CONTACT_KINDS, type ContactKind } from './commands.js';
