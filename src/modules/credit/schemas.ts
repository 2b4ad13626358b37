/**
 * The shapes of a scheme definition, one per kind (the 南昌 stars and 烟台 points presets are
 * instances). A definition is checked against its kind's shape first (field paths in the details),
 * then for consistency by rules.ts schemeProblems().
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const Scorer = Type.Union(['housing_bureau', 'street', 'community_party_org', 'owners', 'cases', 'disclosure'].map((s) => Type.Literal(s)));

const Band = Type.Object({
  grade: Type.String({ minLength: 1, maxLength: 20 }),
  min: Type.Number({ minimum: 0, maximum: 1000 }),
  list: Type.Optional(Type.Union([Type.Literal('red'), Type.Literal('black'), Type.Null()])),
  consequence: Type.Optional(Type.String({ maxLength: 500 })),
  consequenceEn: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
const Bands = Type.Array(Band, { minItems: 1, maxItems: 20 });

export const StarsDefinitionSchema = Type.Object({
  dimensions: Type.Array(Type.Object({
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
    name: Type.String({ minLength: 1, maxLength: 40 }),
    nameEn: Type.Optional(Type.String({ maxLength: 100 })),
    weight: Type.Number({ minimum: 0, maximum: 1 }),
    sources: Type.Array(Type.Object({ scorer: Scorer, share: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false }), { minItems: 1, maxItems: 6 }),
  }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
  bands: Bands,
}, { additionalProperties: false });

export const PointsDefinitionSchema = Type.Object({
  baseMax: Type.Number({ minimum: 0, maximum: 1000 }),
  goodMax: Type.Number({ minimum: 0, maximum: 1000 }),
  recordValidityDays: Type.Integer({ minimum: 1, maximum: 3650 }),
  seriousBlacklists: Type.Boolean(),
  noBadRecordGrade: Type.Union([Type.String({ minLength: 1, maxLength: 20 }), Type.Null()]),
  bands: Bands,
}, { additionalProperties: false });

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
