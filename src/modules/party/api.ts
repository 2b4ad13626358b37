/**
 * What the party module offers other modules. Other modules change party's tables only through
 * these commands and read them only through these functions and party's exported views
 * (migration 1131: party_active_post_v, party_unit_org_v, party_unit_instructor_v); they import
 * nothing else from party.
 */
export {
  addMember, assignInstructor, checkDate, createHolder, createOrg, createPost, endPostsOnBody, holderInScope, localiseFindings,
  ruleToApp, setRecordedPartyStatus, type BodyKind, type Unit,
} from './store.js';
export { seedInstructors, seedOrganisations, type SeedOrg } from './seed.js';
export { addDays, addMonths, dayNumber, RuleError, termEnd, type Finding } from './rules.js';
export { byRef, isIdRef, labelOf, registerUnitKind, unitKind, type ListedUnit, type UnitInfo, type UnitKindDef } from './units.js';
