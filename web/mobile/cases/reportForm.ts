/** The report form's rules: field errors (the phone's own and the server's), categories as a picker tree. */
import type { CascaderOption } from 'antd-mobile/es/components/cascader-view';
import type { Category, CategoryNode } from '../../shared/cases';
import type { OutboxError } from './outbox';

export type FieldErrors = Partial<Record<'category' | 'description' | 'address' | 'contactPhone' | 'spotResult' | 'photos', string>>;

/** A mainland mobile number, as the server accepts it (spaces, dashes and +86 allowed). */
export const mobileOk = (raw: string) => /^1[3-9]\d{9}$/.test(raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, ''));

export function pickerOptions(nodes: CategoryNode[], lang: string): CascaderOption[] {
  const out: CascaderOption[] = [];
  for (const n of nodes) {
    if (!n.active) continue;
    const label = lang === 'en' ? n.nameEn || n.name : n.name;
    if (n.children.length === 0) out.push({ label, value: n.code });
    else {
      const children = pickerOptions(n.children, lang);
      if (children.length) out.push({ label, value: n.code, children });
    }
  }
  return out;
}

/** The path of codes from a root to `code` (the Cascader's value). */
export function pathTo(items: Category[], code: string): string[] {
  const byCode = new Map(items.map((c) => [c.code, c]));
  const path: string[] = [];
  let c = byCode.get(code);
  while (c) {
    path.unshift(c.code);
    c = c.parent ? byCode.get(c.parent) : undefined;
  }
  return path;
}

/** A category's name in the UI language. */
export const categoryName = (c: Pick<Category, 'name' | 'nameEn'>, lang: string) => (lang === 'en' ? c.nameEn || c.name : c.name);

/** "parent / child / leaf" for the picked category. */
export function categoryPathLabel(items: Category[], code: string, lang: string): string {
  return pathTo(items, code)
    .map((x) => categoryName(items.find((c) => c.code === x)!, lang))
    .join(' / ');
}

/** The server's validation details ({ field, message }) mapped onto the form's fields. */
export function fieldErrorsOf(err: OutboxError | null, details: unknown[]): FieldErrors {
  const out: FieldErrors = {};
  if (!err) return out;
  for (const d of details as { field?: string; message?: string }[]) {
    const f = (d.field ?? '').replace(/^\/?(body\/)?/, '');
    const msg = d.message ?? err.message;
    if (f.startsWith('categoryCode')) out.category = msg;
    else if (f.startsWith('description')) out.description = msg;
    else if (f.startsWith('address') || f === 'lon' || f === 'lat') out.address = msg;
    else if (f.startsWith('contactPhone')) out.contactPhone = msg;
    else if (f.startsWith('onTheSpot')) out.spotResult = msg;
  }
  if (err.code === 'case_location_required' || err.code === 'point_outside_china') out.address = err.message;
  if (err.stage === 'photo') out.photos = err.message;
  return out;
}
