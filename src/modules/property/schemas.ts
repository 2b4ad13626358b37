/** The named response schemas of property: companies, owners' committees, their documents and accounts, disclosures. */
import { Type } from '@sinclair/typebox';
import { Instant, Literals, named, Nullable, ref } from '../../core/http/schemas.js';
import { CommitteeTitle, InstructorRef as Instructor, OrgRef as Org, PartyFinding, PartyStatus, StaffTitle } from '../party/schemas.js';
import { CATEGORIES } from './disclosure-rules.js';

const Category = Literals(CATEGORIES);
const DocumentKind = Literals(['statute', 'rules_of_procedure']);

/** An account linked to a company or an owners' committee. */
export const BodyAccount = named('BodyAccount', Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Nullable(Type.String()), linkedAt: Instant }));
export const BodyAccounts = named('BodyAccounts', Type.Object({ items: Type.Array(ref(BodyAccount)) }));

const companyFields = {
  id: Type.Integer(), name: Type.String(), creditCode: Type.String(), regionCode: Type.String(), regionName: Type.String(), address: Nullable(Type.String()),
  compounds: Type.Integer({ description: 'compounds served now' }), staff: Type.Integer(), partyMembers: Type.Integer(),
  org: Org, instructor: Instructor,
};
export const PropertyCompany = named('PropertyCompany', Type.Object({ ...companyFields, outlets: Type.Integer({ description: 'how many outlets' }) }));
/** One company (as POST answers it): the list's fields with its outlets themselves, its contracts and staff. */
export const PropertyCompanyDetail = named('PropertyCompanyDetail', Type.Object({
  ...companyFields,
  outlets: Type.Array(Type.Object({
    id: Type.Integer(), name: Type.String(), regionCode: Type.String(), regionName: Type.String(), address: Nullable(Type.String()), org: Org, instructor: Instructor,
  })),
  contracts: Type.Array(Type.Object({
    id: Type.Integer(), compoundId: Type.Integer(), compoundName: Type.String(), outletId: Nullable(Type.Integer()), startsOn: Type.String(), endsOn: Nullable(Type.String()),
  })),
  staff: Type.Array(Type.Object({
    postId: Type.Integer(), holderId: Type.Integer(), name: Type.String(), title: StaffTitle, bodyKind: Literals(['property_company', 'property_outlet']), bodyRef: Type.String(), from: Type.String(),
    partyStatus: Nullable(PartyStatus),
  })),
}));

export const OwnersCommittee = named('OwnersCommittee', Type.Object({
  id: Type.Integer(), compoundId: Type.Integer(), compoundName: Type.String(), communityCode: Type.String(), communityName: Type.String(), demonstration: Type.Boolean(),
  electedOn: Type.String(), termYears: Type.Integer(), households: Nullable(Type.Integer()), firstMeetingOn: Nullable(Type.String()), filedOn: Nullable(Type.String()), version: Type.Integer(),
  members: Type.Array(Type.Object({ postId: Type.Integer(), holderId: Type.Integer(), name: Type.String(), title: CommitteeTitle, partyStatus: Nullable(PartyStatus) })),
  org: Org, instructor: Instructor,
  documents: Type.Array(Type.Object({ id: Type.Integer(), kind: DocumentKind, title: Type.String(), version: Type.Integer(), adoptedOn: Type.String() })),
  companyId: Nullable(Type.Integer({ description: 'the company serving the compound now' })),
  termEnd: Type.String(),
  findings: Type.Array(ref(PartyFinding)),
}));
/** One committee (as the writes answer it), with its earlier terms. */
export const OwnersCommitteeDetail = named('OwnersCommitteeDetail', Type.Intersect([ref(OwnersCommittee), Type.Object({
  previousTerms: Type.Array(Type.Object({ electedOn: Type.String(), termYears: Type.Integer(), endedOn: Type.String() })),
})]));
export const CompoundDocument = named('CompoundDocument', Type.Object({
  id: Type.Integer(), kind: DocumentKind, title: Type.String(), version: Type.Integer(), adoptedOn: Type.String(), content: Type.String(),
}));

const Line = Type.Object({ item: Type.String(), amount: Type.Number() });
export const DisclosureFile = named('DisclosureFile', Type.Object({
  id: Type.String({ format: 'uuid' }), name: Type.String(), mime: Type.String(), size: Type.Integer(), sha256: Type.String(), width: Nullable(Type.Integer()), height: Nullable(Type.Integer()),
}));
export const Disclosure = named('Disclosure', Type.Object({
  id: Type.Integer(), compoundId: Type.Integer(), compoundName: Type.String(), category: Category, period: Type.String(), periodStart: Type.String(), periodEnd: Type.String(),
  title: Type.String(), content: Type.String(),
  figures: Nullable(Type.Object({ opening: Type.Number(), income: Type.Array(Line), spending: Type.Array(Line), closing: Type.Number() }, { description: 'a fund statement, in 分' })),
  publishedAt: Instant,
  attachments: Type.Array(ref(DisclosureFile)),
  publisher: Type.Object({ kind: Literals(['property_company', 'owners_committee']), ref: Type.String(), name: Nullable(Type.String()) }),
}));
export const DisclosureCompliance = named('DisclosureCompliance', Type.Object({
  items: Type.Array(Type.Object({
    compoundId: Type.Integer(), compoundName: Type.String(), communityCode: Type.String(), communityName: Type.String(),
    company: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    due: Type.Array(Type.Object({
      category: Category, period: Type.String(), dueBy: Type.String(), disclosed: Type.Boolean(), lastPublishedAt: Nullable(Type.String()), overdue: Type.Boolean(),
    })),
    overdue: Type.Integer({ description: 'categories overdue' }),
  })),
  compounds: Type.Integer(), overdueCompounds: Type.Integer(),
}));
export const DisclosureOverdueSweep = named('DisclosureOverdueSweep', Type.Object({
  ran: Type.Boolean(), asOf: Type.String(), flagged: Type.Integer(), compounds: Type.Integer(), notices: Type.Integer(),
  items: Type.Array(Type.Object({ compoundId: Type.Integer(), compoundName: Type.String(), category: Category, period: Type.String(), dueBy: Type.String() }), { description: 'the first 200' }),
}));
