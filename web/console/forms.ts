/** Small helpers for the console's antd forms. */
import type { FormInstance } from 'antd';

/** The form's values, or null when a field is wrong (the form then shows which). */
export async function validated<V>(form: FormInstance<V>): Promise<V | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
