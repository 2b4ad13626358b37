/**
 * The shapes of a scheme definition, one per kind (the 南昌 stars and 烟台 points presets are
 * instances). A definition is checked against its kind's shape first (field paths in the details),
 * then for consistency by rules.ts schemeProblems().
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { Instant, Literals, named, Nullable, ref } from '../../core/http/schemas.js';

export const Scorer = Literals(['housing_bureau', 'street', 'community_party_org', 'owners', 'cases', 'disclosure']);

const Band = Type.Object({
  grade: Type.String({ minLength: 1, maxLength: 20 }),
  min: Type.Number({ minimum: 0, maximum: 1000 }),
  list: Type.Optional(Nullable(Literals(['red', 'black']))),
  consequence: Type.Optional(Type.String({ maxLength: 500 })),
  consequenceEn: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
const Bands = Type.Array(Band, { minItems: 1, maxItems: 20 });

/** The definitions are named schemas too: what a scheme's `definition` holds, in the generated web types. */
export const StarsDefinitionSchema = named('CreditStarsDefinition', Type.Object({
  dimensions: Type.Array(Type.Object({
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    name: Type.String({ minLength: 1, maxLength: 40 }),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    weight: Type.Number({ minimum: 0, maximum: 1 }),
    sources: Type.Array(Type.Object({ scorer: Scorer, share: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 6 }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
  bands: Bands,
}, { additionalProperties: false }));

export const PointsDefinitionSchema = named('CreditPointsDefinition', Type.Object({
  baseMax: Type.Number({ minimum: 0, maximum: 1000 }),
  goodMax: Type.Number({ minimum: 0, maximum: 1000 }),
  recordValidityDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  seriousBlacklists: Type.Boolean(),
  noBadRecordGrade: Type.Union([Type.String({ minLength: 1, maxLength: 20 }), Type.Null()]),
  bands: Bands,
}, { additionalProperties: false }));

export const DEFINITION_SCHEMAS: Record<'stars' | 'points', TSchema> = { stars: StarsDefinitionSchema, points: PointsDefinitionSchema };

export interface FieldProblem { field: string; message: string; rule: string; }

/** Where a definition departs from its kind's shape: `definition.dimensions.0.weight` and what is wrong there. */
export function definitionShapeProblems(kind: 'stars' | 'points', definition: unknown): FieldProblem[] {
  const schema = DEFINITION_SCHEMAS[kind];
  if (!schema) return [{ field: 'kind', message: 'stars or points', rule: 'enum' }];
  const out: FieldProblem[] = [];
  for (const e of Value.Errors(schema, definition)) {
    out.push({ field: ['definition', ...e.path.split('/').filter(Boolean)].join('.'), message: e.message, rule: String(e.type) });
    if (out.length >= 50) break;
  }
  return out;
}

// ---- response schemas (named: OpenAPI components that web/shared/api.gen.ts names) ----

const PeriodState = Literals(['open', 'computed', 'published', 'fixed']);
const AppealState = Literals(['pending', 'upheld', 'rejected']);
const ListName = Nullable(Literals(['red', 'black']));
const SchemeKind = Literals(['stars', 'points']);
const Definition = Type.Union([ref(StarsDefinitionSchema), ref(PointsDefinitionSchema)], { description: 'the kind\'s definition' });

export const CreditScheme = named('CreditScheme', Type.Object({
  id: Type.Integer(), code: Type.String(), version: Type.Integer(), name: Type.String(), kind: SchemeKind,
  definition: Definition,
}));
export const CreditPeriod = named('CreditPeriod', Type.Object({
  id: Type.Integer(), name: Type.String(), regionCode: Type.String(), regionName: Type.String(),
  scheme: Type.Object({ id: Type.Integer(), code: Type.String(), version: Type.Integer(), name: Type.String(), kind: SchemeKind }),
  startsOn: Type.String(), endsOn: Type.String(), state: PeriodState,
  computedAt: Nullable(Instant), publishedAt: Nullable(Instant), appealUntil: Nullable(Type.String()), fixedAt: Nullable(Instant), version: Type.Integer(),
}));
/** How a score was reached (rules.ts Breakdown), in the caller's language. */
export const CreditBreakdown = named('CreditBreakdown', Type.Object({
  total: Type.Number(), grade: Type.String(), list: ListName, consequence: Nullable(Type.String()),
  dimensions: Type.Array(Type.Object({
    key: Type.String(), name: Type.String(), weight: Type.Number(), score: Type.Number(), weighted: Type.Number(),
    evidence: Type.Array(Type.Object({ kind: Type.String(), label: Type.String(), value: Nullable(Type.Union([Type.String(), Type.Number()])), detail: Type.Optional(Type.String()) })),
  })),
  records: Type.Array(Type.Object({ kind: Literals(['good', 'bad']), points: Type.Number(), serious: Type.Boolean(), reason: Type.String(), occurredOn: Type.String(), counted: Type.Boolean() })),
  reasons: Type.Array(Type.String()),
}));
const rate = Nullable(Type.Number());
export const CreditFigures = named('CreditFigures', Type.Object({
  cases: Nullable(Type.Object({
    total: Type.Integer(), overdue: Type.Integer(), overdueRate: rate,
    closedRate: rate, onTimeRate: rate, reworkRate: rate, responseRate: rate, resolutionRate: rate, satisfactionRate: rate,
  }, { description: 'the cases of the compounds served, with the six rates of cases/rates.ts' })),
  disclosure: Nullable(Type.Object({ required: Type.Integer(), met: Type.Integer(), missing: Type.Integer() })),
  survey: Nullable(Type.Object({ households: Type.Integer(), compounds: Type.Integer(), average: Type.Number() })),
}));
/** A period with each company's appraisals, survey figures, score, grade and breakdown. */
export const CreditPeriodDetail = named('CreditPeriodDetail', Type.Intersect([ref(CreditPeriod), Type.Object({
  definition: Definition,
  companies: Type.Array(Type.Object({
    companyId: Type.Integer(), name: Type.String(), creditCode: Type.String(),
    appraisals: Type.Array(Type.Object({ dimension: Type.String(), scorer: Scorer, score: Type.Number(), note: Nullable(Type.String()), by: Nullable(Type.String()), at: Instant })),
    surveys: Type.Object({ count: Type.Integer(), average: Nullable(Type.Number()) }),
    score: Nullable(Type.Number()), grade: Nullable(Type.String()), list: ListName,
    breakdown: Nullable(ref(CreditBreakdown)), figures: Nullable(ref(CreditFigures)), appeal: Nullable(AppealState),
  })),
})]));
export const CreditOpenSurveys = named('CreditOpenSurveys', Type.Object({
  household: Type.Object({ bound: Type.Boolean({ description: 'the account is bound to a household (实名绑定)' }), compound: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })) }),
  items: Type.Array(Type.Object({
    periodId: Type.Integer(), periodName: Type.String(), companyId: Type.Integer(), companyName: Type.String(), compoundId: Type.Integer(), compoundName: Type.String(), answered: Type.Boolean(),
  })),
}));
export const CreditAppeal = named('CreditAppeal', Type.Object({
  id: Type.Integer(), periodId: Type.Integer(), companyId: Type.Integer(), company: Type.String(), dimension: Nullable(Type.String()), reason: Type.String(), state: AppealState,
  filedAt: Instant, filedBy: Nullable(Type.String()), decidedAt: Nullable(Instant), decidedBy: Nullable(Type.String()), reply: Nullable(Type.String()),
  scoreBefore: Nullable(Type.Number()), gradeBefore: Nullable(Type.String()), scoreAfter: Nullable(Type.Number()), gradeAfter: Nullable(Type.String()),
  corrections: Nullable(Type.Array(Type.Object({ dimension: Type.String(), scorer: Scorer, score: Type.Number(), note: Type.Optional(Nullable(Type.String())) }))),
}));
export const CreditAppeals = named('CreditAppeals', Type.Object({
  items: Type.Array(ref(CreditAppeal)),
  myCompany: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() }, { description: 'property staff: their company' })),
  canFile: Type.Boolean(), appealUntil: Nullable(Type.String()),
}));
const ListedCompany = Type.Object({ companyId: Type.Integer(), company: Type.String(), creditCode: Type.String(), grade: Type.String(), score: Type.Number(), appeal: Nullable(AppealState) });
export const CreditPublicLists = named('CreditPublicLists', Type.Object({
  periods: Type.Array(Type.Object({
    periodId: Type.Integer(), period: Type.String(), region: Type.String(), publishedAt: Instant, state: PeriodState, appealUntil: Nullable(Type.String()),
    scheme: Type.String({ description: 'the scheme\'s name' }), kind: SchemeKind, red: Type.Array(ListedCompany), black: Type.Array(ListedCompany),
  })),
}));
export const CreditPublicBreakdown = named('CreditPublicBreakdown', Type.Object({
  period: Type.String(), state: PeriodState, scheme: Type.String({ description: 'the scheme\'s name' }), kind: SchemeKind,
  company: Type.String(), creditCode: Type.String(), score: Type.Number(), grade: Type.String(), list: ListName,
  breakdown: ref(CreditBreakdown),
  appeal: Nullable(Type.Object({
    state: AppealState, filedAt: Type.String(), decidedAt: Nullable(Type.String()), reply: Nullable(Type.String()), scoreBefore: Nullable(Type.Number()), gradeBefore: Nullable(Type.String()),
  })),
}));
