/**
 * The party module's value sets (its tables' CHECKs, the post titles it accepts) and the shapes the
 * property module's replies share with it: a body's organisation, its instructor, a rule's finding.
 */
import { Type } from '@sinclair/typebox';
import { Literals, named, Nullable } from '../../core/http/schemas.js';

export const OrgKind = Literals(['working_committee', 'committee', 'general_branch', 'branch', 'group']);
export const UnitKind = Literals(['street', 'community', 'grid', 'building', 'area', 'owners_committee', 'property_company', 'property_outlet', 'resident_unit', 'project']);
export const BodyKind = Literals(['party_org', 'residents_committee', 'owners_committee', 'property_company', 'property_outlet']);
/** The bodies that may have an instructor instead of an organisation (the party units of the checklist). */
export const InstructedKind = Literals(['owners_committee', 'property_company', 'property_outlet']);
export const PartyStatus = Literals(['full', 'probationary']);
export const Gender = Literals(['male', 'female']);
/** The titles store.ts POST_TITLES accepts, per body. */
export const OfficerTitle = Literals(['secretary', 'deputy_secretary', 'committee_member']);
export const CommitteeTitle = Literals(['chair', 'vice_chair', 'member']);
export const StaffTitle = Literals(['manager', 'staff']);

/** A rule check's finding (rules.ts), with its message in the caller's language. */
export const PartyFinding = named('PartyFinding', Type.Object({
  code: Type.String(), severity: Literals(['error', 'warning', 'advice']),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])), message: Type.String(),
}));

/** The party organisation that covers a body, and the body's party-building instructor. */
export const OrgRef = Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), kind: OrgKind, joint: Type.Boolean() }, { description: 'the party organisation that covers it' }));
export const InstructorRef = Nullable(Type.Object({ id: Type.Integer(), holderId: Type.Integer(), name: Type.String() }, { description: 'its party-building instructor' }));
