/** Request schemas every module uses. */
import { Type } from '@sinclair/typebox';

/** A row id in a path or body. */
export const Id = Type.Integer({ minimum: 1 });
/** A calendar date; modules check that it is a real date (2026-02-30 is refused with date_invalid). */
export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (China Standard Time)' });
