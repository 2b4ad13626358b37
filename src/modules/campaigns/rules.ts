/**
 * The rules of a campaign, pure (table tests in test/unit/campaign-rules.test.ts): what a checklist may
 * hold, what an answer to it must be, when an item counts as a problem, which answer of an item wins
 * (first answer, a resend, a revision, a conflict), the deadline's state and the roll-up figures.
 */

export const TARGET_UNITS = ['household', 'dwelling', 'building', 'compound'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];
export const ITEM_TYPES = ['yesno', 'number', 'text', 'photo'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];
/** The usual kinds (free text is allowed too). */
export const CAMPAIGN_KINDS = ['door_to_door', 'fire_safety', 'epidemic_screening', 'elderly_census'] as const;

export interface ChecklistItem {
  key: string;
  label: string;
  type: ItemType;
  required: boolean;
  /** For a yes/no item: the answer that means a problem was found (e.g. 「通道堵塞？」 yes). */
  problemWhen?: boolean;
}

export const MAX_CHECKLIST = 30;
export const MAX_TEXT = 1000;
export const MAX_PHOTOS = 9;
export const MAX_NUMBER = 1e9;
const KEY = /^[a-z][a-z0-9_]{0,29}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RuleResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A checklist as given → the stored one (keys q1, q2 … where none was given; labels trimmed), or why not. */
export function checkChecklist(list: { key?: string; label: string; type: string; required?: boolean; problemWhen?: boolean }[]): RuleResult<ChecklistItem[]> {
  if (list.length === 0) return { ok: false, reason: 'no items / 没有检查项' };
  if (list.length > MAX_CHECKLIST) return { ok: false, reason: `more than ${MAX_CHECKLIST} items / 超过 ${MAX_CHECKLIST} 项` };
  const out: ChecklistItem[] = [];
  const keys = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const x = list[i];
    const key = x.key ?? `q${i + 1}`;
    if (!KEY.test(key)) return { ok: false, reason: `item ${i + 1}: key "${key}" must be a-z, 0-9, _ / 第 ${i + 1} 项编号不合法` };
    if (keys.has(key)) return { ok: false, reason: `item ${i + 1}: key "${key}" repeated / 第 ${i + 1} 项编号重复` };
    keys.add(key);
    const label = x.label.trim();
    if (!label) return { ok: false, reason: `item ${i + 1}: empty label / 第 ${i + 1} 项没有名称` };
    if (!(ITEM_TYPES as readonly string[]).includes(x.type)) return { ok: false, reason: `item ${i + 1}: unknown type / 第 ${i + 1} 项类型不合法` };
    if (x.problemWhen !== undefined && x.type !== 'yesno') return { ok: false, reason: `item ${i + 1}: problemWhen is for yes/no items / 第 ${i + 1} 项只有是否题可设问题答案` };
    out.push({ key, label, type: x.type as ItemType, required: x.required ?? true, ...(x.problemWhen !== undefined ? { problemWhen: x.problemWhen } : {}) });
  }
  return { ok: true, value: out };
}

export type AnswerValue = boolean | number | string | string[];

/** The answers to a checklist, checked: every key known, every required item answered, each value of its item's type. */
export function checkAnswers(checklist: ChecklistItem[], answers: Record<string, unknown>): RuleResult<Record<string, AnswerValue>> {
  const byKey = new Map(checklist.map((c) => [c.key, c]));
  const out: Record<string, AnswerValue> = {};
  for (const k of Object.keys(answers)) if (!byKey.has(k)) return { ok: false, reason: `unknown item "${k}" / 没有检查项 ${k}` };
  for (const c of checklist) {
    const v = answers[c.key];
    if (v === undefined || v === null || (typeof v === 'string' && !v.trim()) || (Array.isArray(v) && v.length === 0)) {
      if (c.required) return { ok: false, reason: `"${c.label}" is required / 「${c.label}」必填` };
      continue;
    }
    switch (c.type) {
      case 'yesno':
        if (typeof v !== 'boolean') return { ok: false, reason: `"${c.label}" must be yes or no / 「${c.label}」须为是或否` };
        out[c.key] = v; break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > MAX_NUMBER) return { ok: false, reason: `"${c.label}" must be a number / 「${c.label}」须为数字` };
        out[c.key] = v; break;
      case 'text':
        if (typeof v !== 'string' || v.trim().length > MAX_TEXT) return { ok: false, reason: `"${c.label}" must be text of at most ${MAX_TEXT} characters / 「${c.label}」须为不超过 ${MAX_TEXT} 字的文字` };
        out[c.key] = v.trim(); break;
      case 'photo': {
        const list = typeof v === 'string' ? [v] : v;
        if (!Array.isArray(list) || list.length > MAX_PHOTOS || !list.every((p) => typeof p === 'string' && UUID.test(p)) || new Set(list).size !== list.length)
          return { ok: false, reason: `"${c.label}" must be 1 to ${MAX_PHOTOS} uploaded photos / 「${c.label}」须为 1 至 ${MAX_PHOTOS} 张已上传的照片` };
        out[c.key] = (list as string[]).map((p) => p.toLowerCase()); break;
      }
    }
  }
  return { ok: true, value: out };
}

/** A problem was found: the worker said so, or a yes/no item got the answer that means one. */
export function isProblem(checklist: ChecklistItem[], answers: Record<string, AnswerValue>, flagged: boolean): boolean {
  return flagged || checklist.some((c) => c.type === 'yesno' && c.problemWhen !== undefined && answers[c.key] === c.problemWhen);
}

/** The photos named in the answers (to attach to a case made of the item). */
export function photosOf(checklist: ChecklistItem[], answers: Record<string, unknown> | null): string[] {
  if (!answers) return [];
  return checklist.filter((c) => c.type === 'photo').flatMap((c) => (Array.isArray(answers[c.key]) ? (answers[c.key] as string[]) : []));
}

export interface ItemNow { version: number; answeredBy: string | null; answeredAt: string | null; }
export type AnswerDecision =
  | { kind: 'repeat'; version: number }
  | { kind: 'first' }
  | { kind: 'revise'; version: number }
  | { kind: 'refuse'; code: 'campaign_item_answered' | 'campaign_item_version_conflict' | 'campaign_item_not_answered'; params: Record<string, string | number> };

/**
 * Which answer wins. A resend (same clientRef for the item) is the answer already stored; the first
 * answer of an item is taken; a later one from another phone is refused (409 naming the first),
 * unless it is an explicit revision (`revise` with the version it saw), which a newer version refuses.
 */
export function decideAnswer(item: ItemNow, sameRef: { version: number } | null, req: { revise?: boolean; version?: number }): AnswerDecision {
  if (sameRef) return { kind: 'repeat', version: sameRef.version };
  if (item.version === 0) {
    if (req.revise) return { kind: 'refuse', code: 'campaign_item_not_answered', params: {} };
    return { kind: 'first' };
  }
  if (!req.revise) return { kind: 'refuse', code: 'campaign_item_answered', params: { by: item.answeredBy ?? '', at: item.answeredAt ?? '', version: item.version } };
  if (req.version !== item.version) return { kind: 'refuse', code: 'campaign_item_version_conflict', params: { version: item.version } };
  return { kind: 'revise', version: item.version + 1 };
}

/** A deadline given at the start: from today to a year ahead (dates YYYY-MM-DD in China). */
export function deadlineAllowed(deadline: string, today: string): boolean {
  if (deadline < today) return false;
  const [y, m, d] = today.split('-').map(Number);
  const limit = new Date(Date.UTC(y + 1, m - 1, d));
  return deadline <= limit.toISOString().slice(0, 10);
}

export type CampaignStatus = 'closed' | 'overdue' | 'due_today' | 'running';

/** Where a campaign stands on a day: closed, past its deadline (the day after it), due today, or running. */
export function campaignStatus(state: 'running' | 'closed', deadline: string, today: string): CampaignStatus {
  if (state === 'closed') return 'closed';
  if (today > deadline) return 'overdue';
  if (today === deadline) return 'due_today';
  return 'running';
}

export interface Progress { total: number; done: number; todo: number; problems: number; rate: number; }

/** Roll-up figures: to do = total − done; rate = done ÷ total cut (not rounded) to 4 places, so 100% means all done (0 for no items). */
export function progress(total: number, done: number, problems: number): Progress {
  return { total, done, todo: total - done, problems, rate: total ? Math.floor((done * 10000) / total) / 10000 : 0 };
}

/** A room number masked for exports (the place stays, the door does not): 301 → 3**, A-1203 → A-1***. */
export function maskRoom(room: string | null): string {
  if (!room) return '';
  const chars = [...room];
  const keep = Math.max(1, Math.ceil(chars.length / 3));
  return chars.slice(0, keep).join('') + '*'.repeat(chars.length - keep);
}
