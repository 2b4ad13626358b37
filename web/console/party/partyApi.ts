/**
 * Party organisations and red property (issue #5): the types of docs/party-api.md and the calls
 * the console makes, over the shared fetch helper (CSRF, language, ApiError).
 */
import type { BodyAccount } from '../property/BodyAccounts';
import { request } from '../../shared/api';
import type { ApiSchema } from '../../shared/apiTypes';
import type { Disclosure, DisclosureCategory, FundStatement } from '../../shared/property/api';

export type { Disclosure, DisclosureCategory, FundLine, FundStatement } from '../../shared/property/api';

// ---------------------------------------------------------------- types

export type OrgKind = 'working_committee' | 'committee' | 'general_branch' | 'branch' | 'group';
export const ORG_KINDS: readonly OrgKind[] = ['working_committee', 'committee', 'general_branch', 'branch', 'group'];

export type UnitKind =
  | 'street'
  | 'community'
  | 'grid'
  | 'building'
  | 'area'
  | 'owners_committee'
  | 'property_company'
  | 'property_outlet'
  | 'resident_unit'
  | 'project';
export const UNIT_KINDS: readonly UnitKind[] = [
  'owners_committee',
  'property_company',
  'property_outlet',
  'community',
  'grid',
  'building',
  'area',
  'street',
  'resident_unit',
  'project',
];
/** The bodies that may have an instructor instead of an organisation. */
export type BodyKind = 'owners_committee' | 'property_company' | 'property_outlet';

export interface Unit {
  kind: UnitKind;
  ref: string;
}

export type Severity = 'error' | 'warning' | 'advice';
export interface Finding {
  code: string;
  severity: Severity;
  params: Record<string, unknown>;
  message: string;
}

export type PartyStatus = 'full' | 'probationary';

/** A person who holds posts or party membership (phone masked). */
export type PostHolder = ApiSchema<'PostHolder'>;

export interface NewPostHolder {
  name: string;
  gender?: 'male' | 'female';
  phone?: string;
  regionCode: string;
  /** A party member whose membership sits in an organisation not registered here. */
  partyStatus?: PartyStatus;
}

export interface OrgRef {
  id: number;
  name: string;
  kind?: OrgKind;
  joint?: boolean;
}

export interface InstructorRef {
  id: number;
  name: string;
  holderId?: number;
  from?: string;
}

export interface Org {
  id: number;
  name: string;
  kind: OrgKind;
  parentId: number | null;
  parentName: string | null;
  regionCode: string;
  regionName: string;
  attached: Unit & { name: string };
  joint: boolean;
  units: (Unit & { id: number; name: string })[];
  fullMembers: number;
  probationaryMembers: number;
  /** members of this organisation and of every organisation below it */
  membersWithSubOrgs?: number;
  /** organisations of a street or community: residents there marked as party members (resident registry) */
  residentPartyMembers?: number | null;
  committeeSize: number;
  secretary: { holderId: number; name: string } | null;
  termStart: string | null;
  termEnd: string | null;
  approvalRef: string | null;
  version: number;
  findings: Finding[];
}

export type OfficerTitle = 'secretary' | 'deputy_secretary' | 'committee_member';
export const OFFICER_TITLES: readonly OfficerTitle[] = ['secretary', 'deputy_secretary', 'committee_member'];

export interface OrgDetail extends Org {
  members: { id: number; holderId: number; name: string; status: PartyStatus; joinedOn: string }[];
  officers: { postId: number; holderId: number; name: string; title: OfficerTitle; from: string }[];
  children: { id: number; name: string; kind: OrgKind }[];
}

export interface NewOrg {
  name: string;
  kind: OrgKind;
  parentId?: number;
  regionCode: string;
  attached: Unit;
  joint?: boolean;
  units?: Unit[];
  termStart?: string;
  approvalRef?: string;
}

export type CommitteeTitle = 'chair' | 'vice_chair' | 'member';
export const COMMITTEE_TITLES: readonly CommitteeTitle[] = ['chair', 'vice_chair', 'member'];
export type StaffTitle = 'manager' | 'staff';
export const STAFF_TITLES: readonly StaffTitle[] = ['manager', 'staff'];

export interface BodyMember {
  postId: number;
  holderId: number;
  name: string;
  title: string;
  partyStatus: PartyStatus | null;
}

export type DocumentKind = 'statute' | 'rules_of_procedure';
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['statute', 'rules_of_procedure'];

export interface Committee {
  id: number;
  compoundId: number;
  compoundName: string;
  communityCode: string;
  communityName?: string;
  demonstration?: boolean;
  households?: number | null;
  electedOn: string;
  termYears: number;
  termEnd: string;
  firstMeetingOn: string | null;
  filedOn: string | null;
  members: BodyMember[];
  org: OrgRef | null;
  instructor: InstructorRef | null;
  documents: { id: number; kind: DocumentKind; title: string; version: number; adoptedOn: string }[];
  version: number;
  findings: Finding[];
}

export interface NewCommittee {
  compoundId: number;
  electedOn: string;
  termYears: number;
  households?: number;
  firstMeetingOn?: string;
  filedOn?: string;
  members: { holderId: number; title: CommitteeTitle }[];
}

export interface Company {
  id: number;
  name: string;
  creditCode: string;
  regionCode: string;
  regionName: string;
  outlets: number;
  compounds: number;
  staff: number;
  partyMembers: number;
  org: OrgRef | null;
  instructor: InstructorRef | null;
}

export interface Outlet {
  id: number;
  name: string;
  regionCode: string;
  regionName?: string;
  address?: string | null;
  org?: OrgRef | null;
  instructor?: InstructorRef | null;
}

export interface CompanyDetail extends Omit<Company, 'outlets' | 'staff'> {
  outlets: Outlet[];
  contracts: { id: number; compoundId: number; compoundName: string; outletId: number | null; startsOn: string; endsOn: string | null }[];
  staff: BodyMember[];
  /** The property-staff accounts working for the company (see BodyAccounts). */
  accounts: BodyAccount[];
}

export interface PartyUnit {
  kind: BodyKind;
  /** The contract says `id`; the server sends the id as `ref` (a string). Read it with {@link unitIdOf}. */
  id?: number;
  ref?: string;
  name: string;
  regionCode: string;
  regionName: string;
  partyMembers: number;
  fullMembers: number;
  org: OrgRef | null;
  instructor: InstructorRef | null;
  findings: Finding[];
}

/** One group's coverage (两个覆盖) figures. */
export type CoverageFigures = ApiSchema<'PartyCoverageFigures'>;

/** GET /api/coverage/party: the two coverages of a region and of each child region. */
export type PartyCoverage = ApiSchema<'PartyCoverage'>;

/** GET /api/cross-appointments (交叉任职). */
export type CrossAppointments = ApiSchema<'CrossAppointments'>;

export type PostBodyKind = 'party_org' | 'residents_committee' | 'owners_committee' | 'property_company' | 'property_outlet';

// ---------------------------------------------------------------- disclosures (公示)

export const DISCLOSURE_CATEGORIES: readonly DisclosureCategory[] = ['service', 'fees', 'maintenance_fund', 'common_income', 'committee_decision', 'committee_accounts'];
/** Who publishes a category: the company serving the compound, or its owners' committee. */
export const PROPERTY_CATEGORIES: readonly DisclosureCategory[] = ['service', 'fees', 'maintenance_fund', 'common_income'];
/** Categories whose content is a fund statement with figures. */
export const FUND_CATEGORIES: readonly DisclosureCategory[] = ['maintenance_fund', 'common_income', 'committee_accounts'];

/** GET /api/disclosures/compliance: per compound and category, the last period due and whether it was disclosed. */
export type Compliance = ApiSchema<'DisclosureCompliance'>;
export type CompoundCompliance = Compliance['items'][number];
export type DueDisclosure = CompoundCompliance['due'][number];

export interface NewDisclosure {
  compoundId: number;
  category: DisclosureCategory;
  period: string;
  title: string;
  content: string;
  figures?: FundStatement;
}

export const unitIdOf = (u: Pick<PartyUnit, 'id' | 'ref'>): number => Number(u.id ?? u.ref);

// ---------------------------------------------------------------- calls

type Items<T> = { items: T[] };
const id = (n: number) => encodeURIComponent(String(n));

export const partyApi = {
  // people who hold posts
  postHolders: (region: string, q: string, signal?: AbortSignal) =>
    request<Items<PostHolder>>('/api/post-holders', { query: { region, q: q.trim() || undefined }, signal }),
  createPostHolder: (body: NewPostHolder) => request<PostHolder>('/api/post-holders', { method: 'POST', body }),

  // organisations
  orgs: (region: string, signal?: AbortSignal) => request<Items<Org>>('/api/party-orgs', { query: { region }, signal }),
  org: (orgId: number, signal?: AbortSignal) => request<OrgDetail>(`/api/party-orgs/${id(orgId)}`, { signal }),
  createOrg: (body: NewOrg) => request<Org>('/api/party-orgs', { method: 'POST', body }),
  addOrgUnit: (orgId: number, body: Unit) => request<Org>(`/api/party-orgs/${id(orgId)}/units`, { method: 'POST', body }),
  addMember: (orgId: number, body: { holderId: number; status: PartyStatus; joinedOn: string }) =>
    request<unknown>(`/api/party-orgs/${id(orgId)}/members`, { method: 'POST', body }),
  endMember: (orgId: number, memberId: number, body: { on: string; reason: string }) =>
    request<unknown>(`/api/party-orgs/${id(orgId)}/members/${id(memberId)}/end`, { method: 'POST', body }),
  setMemberStatus: (orgId: number, memberId: number, status: PartyStatus) =>
    request<unknown>(`/api/party-orgs/${id(orgId)}/members/${id(memberId)}/status`, { method: 'PUT', body: { status } }),
  updateOrg: (orgId: number, body: { version: number; name?: string; termStart?: string | null; approvalRef?: string | null }) =>
    request<OrgDetail>(`/api/party-orgs/${id(orgId)}`, { method: 'PATCH', body }),
  addOfficer: (orgId: number, body: { holderId: number; title: OfficerTitle; from: string }) =>
    request<unknown>(`/api/party-orgs/${id(orgId)}/officers`, { method: 'POST', body }),

  // posts and instructors
  createPost: (body: { holderId: number; body: { kind: PostBodyKind; ref: string }; title: string; from: string }) =>
    request<unknown>('/api/posts', { method: 'POST', body }),
  endPost: (postId: number, on: string) => request<unknown>(`/api/posts/${id(postId)}/end`, { method: 'POST', body: { on } }),
  crossAppointments: (region: string, signal?: AbortSignal) => request<CrossAppointments>('/api/cross-appointments', { query: { region }, signal }),
  createInstructor: (body: { holderId: number; unit: { kind: BodyKind; ref: string }; from: string }) =>
    request<unknown>('/api/party-instructors', { method: 'POST', body }),
  endInstructor: (instructorId: number, on: string) =>
    request<unknown>(`/api/party-instructors/${id(instructorId)}/end`, { method: 'POST', body: { on } }),

  // checklist and coverage
  units: (region: string, kind: 'owners_committee' | 'property', signal?: AbortSignal) =>
    request<Items<PartyUnit>>('/api/party-units', { query: { region, kind }, signal }),
  coverage: (region: string, signal?: AbortSignal) => request<PartyCoverage>('/api/coverage/party', { query: { region }, signal }),

  // property
  companies: (region: string, signal?: AbortSignal) => request<Items<Company>>('/api/property-companies', { query: { region }, signal }),
  company: (companyId: number, signal?: AbortSignal) => request<CompanyDetail>(`/api/property-companies/${id(companyId)}`, { signal }),
  createCompany: (body: { name: string; creditCode: string; regionCode: string; address?: string }) =>
    request<Company>('/api/property-companies', { method: 'POST', body }),
  createOutlet: (companyId: number, body: { name: string; regionCode: string; address?: string }) =>
    request<{ id: number }>(`/api/property-companies/${id(companyId)}/outlets`, { method: 'POST', body }),
  createContract: (body: { compoundId: number; companyId: number; outletId?: number; startsOn: string; endsOn?: string }) =>
    request<unknown>('/api/property-contracts', { method: 'POST', body }),

  // owners' committees
  committees: (region: string, signal?: AbortSignal) => request<Items<Committee>>('/api/owners-committees', { query: { region }, signal }),
  createCommittee: (body: NewCommittee) => request<Committee>('/api/owners-committees', { method: 'POST', body }),
  reelectCommittee: (committeeId: number, body: Omit<NewCommittee, 'compoundId'> & { version: number }) =>
    request<Committee>(`/api/owners-committees/${id(committeeId)}/elections`, { method: 'POST', body }),
  committee: (committeeId: number, signal?: AbortSignal) => request<Committee & { accounts: BodyAccount[] }>(`/api/owners-committees/${id(committeeId)}`, { signal }),
  addDocument: (committeeId: number, body: { kind: DocumentKind; title: string; content: string; adoptedOn: string }) =>
    request<unknown>(`/api/owners-committees/${id(committeeId)}/documents`, { method: 'POST', body }),
  setDemonstration: (compoundId: number, demonstration: boolean) =>
    request<{ id: number; demonstration: boolean }>(`/api/compounds/${id(compoundId)}/demonstration`, { method: 'PUT', body: { demonstration } }),

  // disclosures
  disclosures: (region: string, signal?: AbortSignal) => request<Items<Disclosure>>('/api/disclosures', { query: { region }, signal }),
  compliance: (region: string, signal?: AbortSignal) => request<Compliance>('/api/disclosures/compliance', { query: { region }, signal }),
  publishDisclosure: (body: NewDisclosure) => request<Disclosure>('/api/disclosures', { method: 'POST', body }),
};
