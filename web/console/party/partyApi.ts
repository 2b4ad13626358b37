/**
 * Party organisations and red property (issue #5): the types of docs/party-api.md and the calls
 * the console makes, over the shared fetch helper (CSRF, language, ApiError).
 */
import { request } from '../../shared/api';
import type { ApiBody, ApiResult, ApiSchema } from '../../shared/apiTypes';
import type { Disclosure, DisclosureCategory, FundStatement } from '../../shared/property/api';

export type { Disclosure, DisclosureCategory, FundLine, FundStatement } from '../../shared/property/api';

// ---------------------------------------------------------------- types

/** A party organisation in a region's list (with its findings). */
export type Org = ApiSchema<'PartyOrg'>;
export type OrgKind = Org['kind'];
export const ORG_KINDS: readonly OrgKind[] = ['working_committee', 'committee', 'general_branch', 'branch', 'group'];

export type UnitKind = Org['units'][number]['kind'];
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
export type BodyKind = PartyUnit['kind'];

/** What an organisation covers: its attached unit, or another (POST /api/party-orgs/:id/units). */
export type Unit = ApiBody<'/api/party-orgs/{id}/units', 'post'>;

export type Finding = ApiSchema<'PartyFinding'>;
export type Severity = Finding['severity'];

export type PartyStatus = OrgDetail['members'][number]['status'];

/** A person who holds posts or party membership (phone masked). */
export type PostHolder = ApiSchema<'PostHolder'>;

export type NewPostHolder = ApiBody<'/api/post-holders', 'post'>;

/** The organisation that covers a body, and the body's instructor. */
export type OrgRef = NonNullable<PartyUnit['org']>;
export type InstructorRef = NonNullable<PartyUnit['instructor']>;

export type OfficerTitle = Org['officers'][number]['title'];
export const OFFICER_TITLES: readonly OfficerTitle[] = ['secretary', 'deputy_secretary', 'committee_member'];

/** One organisation with its members and the organisations below it. */
export type OrgDetail = ApiSchema<'PartyOrgDetail'>;

export type NewOrg = ApiBody<'/api/party-orgs', 'post'>;

/** An owners' committee in a region's list (with its findings). */
export type Committee = ApiSchema<'OwnersCommittee'>;
export type CommitteeTitle = Committee['members'][number]['title'];
/** A member of a committee or of a company's staff. */
export type BodyMember = Committee['members'][number] | CompanyDetail['staff'][number];
export const COMMITTEE_TITLES: readonly CommitteeTitle[] = ['chair', 'vice_chair', 'member'];
export type StaffTitle = CompanyDetail['staff'][number]['title'];
export const STAFF_TITLES: readonly StaffTitle[] = ['manager', 'staff'];

export type DocumentKind = Committee['documents'][number]['kind'];
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['statute', 'rules_of_procedure'];

export type NewCommittee = ApiBody<'/api/owners-committees', 'post'>;
/** One committee with its earlier terms (what the writes answer). */
export type CommitteeTerms = ApiSchema<'OwnersCommitteeDetail'>;
/** GET /api/owners-committees/:id: the committee, its earlier terms and the accounts working for it. */
export type CommitteeDetail = ApiResult<'/api/owners-committees/{id}'>;

/** A property company in a region's list. */
export type Company = ApiSchema<'PropertyCompany'>;

/** One company: its outlets, contracts and staff, and the accounts working for it (GET /api/property-companies/:id). */
export type CompanyDetail = ApiResult<'/api/property-companies/{id}'>;
export type Outlet = CompanyDetail['outlets'][number];

/** An owners' committee or a property company/outlet with its party members, organisation, instructor and findings. */
export type PartyUnit = ApiSchema<'PartyUnit'>;

/** One group's coverage (两个覆盖) figures. */
export type CoverageFigures = ApiSchema<'PartyCoverageFigures'>;

/** GET /api/coverage/party: the two coverages of a region and of each child region. */
export type PartyCoverage = ApiSchema<'PartyCoverage'>;

/** GET /api/cross-appointments (交叉任职). */
export type CrossAppointments = ApiSchema<'CrossAppointments'>;

export type PostBodyKind = PostHolder['posts'][number]['bodyKind'];

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

export type NewDisclosure = ApiBody<'/api/disclosures', 'post'>;

/** A unit's id: the server names a body by `ref` (its id as text). */
export const unitIdOf = (u: Pick<PartyUnit, 'ref'>): number => Number(u.ref);

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
    request<ApiSchema<'PropertyCompanyDetail'>>('/api/property-companies', { method: 'POST', body }),
  createOutlet: (companyId: number, body: { name: string; regionCode: string; address?: string }) =>
    request<ApiResult<'/api/property-companies/{id}/outlets', 'post'>>(`/api/property-companies/${id(companyId)}/outlets`, { method: 'POST', body }),
  createContract: (body: { compoundId: number; companyId: number; outletId?: number; startsOn: string; endsOn?: string }) =>
    request<unknown>('/api/property-contracts', { method: 'POST', body }),

  // owners' committees
  committees: (region: string, signal?: AbortSignal) => request<Items<Committee>>('/api/owners-committees', { query: { region }, signal }),
  createCommittee: (body: NewCommittee) => request<CommitteeTerms>('/api/owners-committees', { method: 'POST', body }),
  reelectCommittee: (committeeId: number, body: Omit<NewCommittee, 'compoundId'> & { version: number }) =>
    request<CommitteeTerms>(`/api/owners-committees/${id(committeeId)}/elections`, { method: 'POST', body }),
  committee: (committeeId: number, signal?: AbortSignal) => request<CommitteeDetail>(`/api/owners-committees/${id(committeeId)}`, { signal }),
  addDocument: (committeeId: number, body: { kind: DocumentKind; title: string; content: string; adoptedOn: string }) =>
    request<unknown>(`/api/owners-committees/${id(committeeId)}/documents`, { method: 'POST', body }),
  setDemonstration: (compoundId: number, demonstration: boolean) =>
    request<ApiResult<'/api/compounds/{id}/demonstration', 'put'>>(`/api/compounds/${id(compoundId)}/demonstration`, { method: 'PUT', body: { demonstration } }),

  // disclosures
  disclosures: (region: string, signal?: AbortSignal) => request<Items<Disclosure>>('/api/disclosures', { query: { region }, signal }),
  compliance: (region: string, signal?: AbortSignal) => request<Compliance>('/api/disclosures/compliance', { query: { region }, signal }),
  publishDisclosure: (body: NewDisclosure) => request<Disclosure>('/api/disclosures', { method: 'POST', body }),
};
