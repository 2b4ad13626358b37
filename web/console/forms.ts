/** Small helpers for the console's antd forms. */
import type { FormInstance } from 'antd';
import { ApiError } from '../shared/api';

/** The form's values, or null when a field is wrong (the form then shows which). */
export async function validated<V>(form: FormInstance<V>): Promise<V | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}

/** One of an error's details (`{ error: { code, message, details } }`): error bodies have no response schema, so no generated type. */
interface Detail {
  field?: string;
  code?: string;
  message?: string;
}

/**
 * Puts the server's error details on the form's fields (details[].field, e.g. "body.idNumber" or
 * "idNumber"; renamed through `rename`; only the listed `fields`). A detail without a message gets the
 * error's own message.
 * Returns true when at least one field took a message.
 */
export function applyFieldErrors(form: FormInstance, e: unknown, fields: string[], rename: Record<string, string> = {}): boolean {
  if (!(e instanceof ApiError)) return false;
  const known = new Set(fields);
  const byField = new Map<string, string[]>();
  for (const d of e.details as Detail[]) {
    if (!d || typeof d !== 'object' || typeof d.field !== 'string') continue;
    let f = d.field.replace(/^(body|query|params)\./, '');
    f = rename[f] ?? f;
    const msg = d.message || e.message;
    if (!known.has(f)) continue;
    byField.set(f, [...(byField.get(f) ?? []), msg]);
  }
  if (!byField.size) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name, errors: Array.from(new Set(errors)) })));
  return true;
}
