/** Request schemas every module uses. */
import { Type } from '@sinclair/typebox';

/** A row id in a path or body (ids are bigint; at most 2^53 − 1 so JavaScript holds them exactly). */
export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
/** A calendar date; the `date` format checks that it is a real one (2026-02-30 is refused with date_invalid). */
export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date', description: 'YYYY-MM-DD (China Standard Time)' });
