/**
 * Cases (issue #4): the types of docs/cases-api.md, the calls the console and the mobile
 * pages make, and the labels (zh-CN and en) of states, actions, sources, satisfaction and
 * whistle reasons. No UI library here: both front ends import it.
 */
import { ApiError, download, request, upload } from './api';
import type { ApiLanguage } from './api';
import type { ApiSchema } from './apiTypes';

// ---------------------------------------------------------------- types

export type CaseState =
  | 'reported'
  | 'registered'
  | 'rejected'
  | 'dispatched'
  | 'accepted'
  | 'returned'
  | 'suspended'
  | 'handled'
  | 'verified'
  | 'closed'
  | 'merged';

export const CASE_STATES: readonly CaseState[] = [
  'reported',
  'registered',
  'rejected',
  'dispatched',
  'accepted',
  'returned',
  'suspended',
  'handled',
  'verified',
  'closed',
  'merged',
];
export const FINAL_CASE_STATES: readonly CaseState[] = ['closed', 'rejected', 'merged'];
export const OPEN_CASE_STATES: readonly CaseState[] = CASE_STATES.filter((s) => !FINAL_CASE_STATES.includes(s));

export type CaseLevel = 'grid' | 'community' | 'street';
export type CasePriority = 'urgent' | 'high' | 'normal';
export type LimitUnit = 'working_hours' | 'working_days';
export type CaseSource = 'grid_worker' | 'resident' | 'patrol' | 'staff' | 'hotline' | 'open311' | string;
export type Satisfaction = 'satisfied' | 'basic' | 'dissatisfied';
export type WhistleReason = 'residents_unresolved' | 'joint_enforcement' | 'emergency';
export type TaskRole = 'lead' | 'assist';

export type CaseActionName =
  | 'register'
  | 'reject'
  | 'dispatch'
  | 'accept'
  | 'return'
  | 'suspend'
  | 'resume'
  | 'handle'
  | 'verify_pass'
  | 'verify_fail'
  | 'close'
  | 'escalate'
  | 'supervise'
  | 'urge'
  | 'reassign'
  | 'merge'
  | 'whistle'
  | 'report_in'
  | 'task_done'
  | 'rate_department'
  | 'rate'
  | 'reopen'
  | 'callback'
  | 'on_the_spot'
  | 'report'
  | 'overdue'
  | 'warn';

export interface Category {
  code: string;
  parent: string | null;
  name: string;
  nameEn: string;
  level: CaseLevel;
  departmentKind: string | null;
  departmentName: string | null;
  departmentMatter: boolean;
  priority: CasePriority;
  responseHours: number;
  resolveValue: number;
  resolveUnit: LimitUnit;
  registration: string | null;
  closing: string | null;
  escalateOverdue: boolean;
  /** never shown to outside clients (Open311), like every 举报 */
  sensitive: boolean;
  active: boolean;
}

export type CategoryPatch = Partial<Omit<Category, 'code'>>;

export interface Department {
  id: number;
  regionCode: string;
  regionName: string;
  kind: string;
  name: string;
}

export interface Photo {
  id: string;
  url: string;
  width: number;
  height: number;
}

/** POST /api/case-photos: the stored photo, before a report attaches it. */
export type UploadedPhoto = ApiSchema<'UploadedPhoto'>;

export interface CaseHandler {
  kind: 'grid_worker' | 'community' | 'property' | 'department' | 'street' | string;
  name: string;
  accountId?: number | string;
  departmentId?: number;
}

export interface CaseSummary {
  id: number;
  number: string;
  state: CaseState;
  categoryCode: string;
  categoryName: string;
  source: CaseSource;
  description: string;
  address: string | null;
  lon: number | null;
  lat: number | null;
  gridCode: string | null;
  gridName: string | null;
  communityCode: string | null;
  communityName: string | null;
  streetCode: string | null;
  streetName: string | null;
  level: CaseLevel;
  priority: CasePriority;
  handler: CaseHandler | null;
  responseDue: string | null;
  resolveDue: string | null;
  overdue: boolean;
  nearDue: boolean;
  createdAt: string;
  version: number;
}

export interface CaseEvent {
  id: number | string;
  at: string;
  actor: string;
  role: string;
  action: string;
  fromState: CaseState | null;
  toState: CaseState | null;
  note: string | null;
  photos: Photo[];
  detail: unknown;
}
/** The contract calls it `Event`; `CaseEvent` avoids the DOM's Event. */
export type Event = CaseEvent;

export interface Task {
  id: number;
  departmentId: number;
  departmentName: string;
  role: TaskRole;
  reportInDue: string | null;
  reportedInAt: string | null;
  reportInLate: boolean;
  handlerName: string | null;
  result: string | null;
  doneAt: string | null;
  due: string | null;
  late: boolean;
  rating: number | null;
  ratingNote: string | null;
}

export interface Whistle {
  id: number;
  at: string;
  by: string;
  reason: WhistleReason;
  reportInDue: string | null;
}

export interface Rating {
  satisfaction: Satisfaction;
  resolved: boolean;
  note: string | null;
  at: string;
  by: string;
  /** false: recorded by staff as a callback (回访) on the resident's behalf */
  byReporter?: boolean;
}

export interface DispatchTargets {
  gridWorkers: { accountId: number | string; name: string; gridCode: string; gridName?: string }[];
  departments: { id: number; name: string; kind: string }[];
}

export interface CaseDetail extends CaseSummary {
  photos: Photo[];
  reporter: { name: string | null; phoneMasked: string | null; anonymous: boolean } | null;
  reporters: number;
  hotline: { ticket: string; type: string } | null;
  mergedInto: number | null;
  rating: Rating | null;
  /** A 12345 callback: when it was made, or why the caller could not be reached. */
  callback?: { at: string | null; by?: string | null; noCallbackReason?: string } | null;
  /** Whether the case has a resident reporter to ask (staff-discovered cases have no satisfaction rating). */
  rateable?: boolean;
  /** 我的待办: the actions the case waits on the caller for; mine: whether it is in the caller's mine=true queue. */
  todo?: string[];
  mine?: boolean;
  reworkCount: number;
  reopened: boolean;
  supervised: boolean;
  suspended: boolean;
  timeline: CaseEvent[];
  tasks: Task[];
  whistles: Whistle[];
  actions: CaseActionName[] | string[];
  duplicates: CaseSummary[];
  dispatchTargets?: DispatchTargets;
}

export interface CasePage {
  items: CaseSummary[];
  /** counted up to 1,000: beyond, totalCapped is true (show "1000+") */
  total: number;
  totalCapped: boolean;
  /** the next page's position (cursor), null on the last page */
  nextCursor: string | null;
}

export interface CaseFilters {
  region?: string;
  /** One state, a comma list, or 'open'. */
  state?: string;
  category?: string;
  source?: string;
  grid?: string;
  department?: number | string;
  overdue?: boolean;
  from?: string;
  to?: string;
  q?: string;
  mine?: boolean;
  unassigned?: boolean;
}

export interface NewCaseInput {
  categoryCode: string;
  description: string;
  lon?: number;
  lat?: number;
  crs?: 'wgs84' | 'gcj02';
  address?: string;
  /** A basic grid (from its contact card's QR code, the report page's ?grid=). */
  grid?: string;
  photos?: string[];
  source?: 'grid_worker' | 'resident' | 'patrol' | 'staff';
  patrolMembers?: string;
  anonymous?: boolean;
  contactName?: string;
  contactPhone?: string;
  clientRef?: string;
  onTheSpot?: { result: string; photos?: string[] };
}

export type DispatchTo =
  | { kind: 'grid_worker'; accountId: number | string }
  | { kind: 'community' }
  | { kind: 'property'; name: string }
  | { kind: 'department'; departmentId: number };

export interface CaseActionInput {
  action: CaseActionName | string;
  version: number;
  note?: string;
  photos?: string[];
  reason?: string;
  dispatchTo?: DispatchTo;
  result?: string;
  into?: number;
}

export interface WhistleInput {
  version: number;
  reason: WhistleReason;
  leadDepartmentId: number;
  assistDepartmentIds: number[];
  reportInMinutes?: number;
  note?: string;
}

export interface RatingInput {
  /** Optional optimistic-lock check. */
  version?: number;
  satisfaction: Satisfaction;
  resolved?: boolean;
  note?: string;
  reopen?: boolean;
  reason?: string;
  /** A 12345 callback that could not reach the caller (instead of a rating). */
  noCallbackReason?: string;
  /** 回访: when the resident was called (ISO); the caller is the signed-in account. */
  calledAt?: string;
}

/** GET /api/departments/mine/tasks: a department's task with its case. */
export type DepartmentTask = ApiSchema<'DepartmentTask'>;

export interface Notification {
  id: number;
  caseId: number;
  caseNumber: string;
  kind: string;
  text: string;
  at: string;
  readAt: string | null;
}

export interface Rates {
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  closedRate: number | null;
  onTimeRate: number | null;
  reworkRate: number | null;
}
export type RateName = keyof Rates;
export const RATE_NAMES: readonly RateName[] = [
  'responseRate',
  'resolutionRate',
  'satisfactionRate',
  'closedRate',
  'onTimeRate',
  'reworkRate',
];

/** GET /api/metrics/cases: the rates of a region and period, by category, department and child region. */
export type Metrics = ApiSchema<'CaseMetrics'>;

// ---------------------------------------------------------------- calls

function caseQuery(f: CaseFilters): Record<string, string | number | boolean | undefined> {
  return {
    region: f.region || undefined,
    state: f.state || undefined,
    category: f.category || undefined,
    source: f.source || undefined,
    grid: f.grid || undefined,
    department: f.department ?? undefined,
    overdue: f.overdue ? true : undefined,
    from: f.from || undefined,
    to: f.to || undefined,
    q: f.q?.trim() || undefined,
    mine: f.mine ? true : undefined,
    unassigned: f.unassigned ? true : undefined,
  };
}

export const casesApi = {
  categories: (signal?: AbortSignal) => request<{ items: Category[] }>('/api/case-categories', { signal }),
  createCategory: (body: Category) => request<Category>('/api/case-categories', { method: 'POST', body }),
  updateCategory: (code: string, body: CategoryPatch) =>
    request<Category>(`/api/case-categories/${encodeURIComponent(code)}`, { method: 'PUT', body }),
  departments: (region: string, signal?: AbortSignal) =>
    request<{ items: Department[] }>('/api/departments', { query: { region }, signal }),

  uploadPhoto: (file: File | Blob, fileName?: string) => upload<UploadedPhoto>('/api/case-photos', {}, file, fileName),
  photoUrl: (id: string) => `/api/case-photos/${encodeURIComponent(id)}`,

  create: (body: NewCaseInput) => request<CaseDetail>('/api/cases', { method: 'POST', body, headers: { Prefer: 'return=representation' } }), // the full case, not just {id, number, state}
  list: (filters: CaseFilters, page: { limit: number; offset?: number; cursor?: string } = { limit: 50, offset: 0 }, signal?: AbortSignal) =>
    request<CasePage>('/api/cases', { query: { ...caseQuery(filters), ...page }, signal }),
  /** The queue with the same filters as .xlsx (at most 10,000 rows), made by a server job that is followed to its file. */
  exportList: async (filters: CaseFilters) => {
    type Job = { id: number; state: 'running' | 'done' | 'failed'; error: { code: string; message: string } | null; file: { name: string; url: string } | null };
    let { job } = await request<{ job: Job }>('/api/cases/export', { method: 'POST', body: caseQuery(filters) });
    while (job.state === 'running') {
      await new Promise((r) => setTimeout(r, 400));
      job = await request<Job>(`/api/jobs/${job.id}`);
    }
    if (job.state === 'failed' || !job.file) throw new ApiError(400, job.error?.code ?? 'job_failed', job.error?.message ?? 'export failed');
    return download(job.file.url, undefined, job.file.name);
  },
  /** The rates as a workbook to report upward. */
  exportMetrics: (params: { region: string; from: string; to: string }) => download('/api/metrics/cases/export', params, 'case-metrics.xlsx'),
  get: (id: number | string, signal?: AbortSignal) => request<CaseDetail>(`/api/cases/${id}`, { signal }),

  act: (id: number | string, body: CaseActionInput) =>
    request<CaseDetail>(`/api/cases/${id}/actions`, { method: 'POST', body }),
  whistle: (id: number | string, body: WhistleInput) =>
    request<CaseDetail>(`/api/cases/${id}/whistle`, { method: 'POST', body }),
  reportIn: (id: number | string, taskId: number, body: { handlerName: string; note?: string }) =>
    request<CaseDetail>(`/api/cases/${id}/tasks/${taskId}/report-in`, { method: 'POST', body }),
  taskDone: (id: number | string, taskId: number, body: { result: string; photos?: string[] }) =>
    request<CaseDetail>(`/api/cases/${id}/tasks/${taskId}/done`, { method: 'POST', body }),
  rateTask: (id: number | string, taskId: number, body: { score: number; note?: string }) =>
    request<CaseDetail>(`/api/cases/${id}/tasks/${taskId}/rating`, { method: 'POST', body }),
  rate: (id: number | string, body: RatingInput) =>
    request<CaseDetail>(`/api/cases/${id}/rating`, { method: 'POST', body }),

  myTasks: (state: 'open' | 'all' = 'open', signal?: AbortSignal) =>
    request<{ items: DepartmentTask[] }>('/api/departments/mine/tasks', { query: { state }, signal }),

  notifications: (unread = false, signal?: AbortSignal) =>
    request<{ items: Notification[]; unread: number }>('/api/notifications', {
      query: { unread: unread ? true : undefined },
      signal,
    }),
  readNotification: (id: number) => request<unknown>(`/api/notifications/${id}/read`, { method: 'POST', body: {} }),
  readAllNotifications: () => request<unknown>('/api/notifications/read-all', { method: 'POST', body: {} }),

  metrics: (params: { region: string; from?: string; to?: string }, signal?: AbortSignal) =>
    request<Metrics>('/api/metrics/cases', { query: params, signal }),

  sweep: (asOf?: string) => request<unknown>('/api/cases/sweep', { method: 'POST', body: asOf ? { asOf } : {} }),
};

// ---------------------------------------------------------------- helpers

/** Categories as a tree (children sorted by code); leaves are what a case takes. */
export interface CategoryNode extends Category {
  children: CategoryNode[];
}

export function categoryTree(items: Category[]): CategoryNode[] {
  const nodes = new Map<string, CategoryNode>();
  for (const c of items) nodes.set(c.code, { ...c, children: [] });
  const roots: CategoryNode[] = [];
  for (const n of [...nodes.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const p = n.parent ? nodes.get(n.parent) : undefined;
    if (p) p.children.push(n);
    else roots.push(n);
  }
  return roots;
}

export function isLeaf(items: Category[], code: string): boolean {
  return !items.some((c) => c.parent === code);
}

/** A rate as a report shows it: a percentage with two decimals (93.72%), '—' when null. */
export function percent(r: number | null | undefined): string {
  return r === null || r === undefined ? '—' : `${(Math.round(r * 10000) / 100).toFixed(2)}%`;
}

export function isOpenState(s: CaseState): boolean {
  return !FINAL_CASE_STATES.includes(s);
}

// ---------------------------------------------------------------- labels

type Labels<K extends string> = Record<ApiLanguage, Record<K, string>>;

export const CASE_STATE_LABELS: Labels<CaseState> = {
  'zh-CN': {
    reported: '待立案',
    registered: '已立案',
    rejected: '不予立案',
    dispatched: '已派遣',
    accepted: '处置中',
    returned: '已退回',
    suspended: '已挂起',
    handled: '待核查',
    verified: '待结案',
    closed: '已结案',
    merged: '已合并',
  },
  en: {
    reported: 'Reported',
    registered: 'Registered',
    rejected: 'Rejected',
    dispatched: 'Dispatched',
    accepted: 'In progress',
    returned: 'Returned',
    suspended: 'Suspended',
    handled: 'Handled',
    verified: 'Verified',
    closed: 'Closed',
    merged: 'Merged',
  },
};

/** antd Tag / antd-mobile Tag colours per state. */
export const CASE_STATE_COLORS: Record<CaseState, string> = {
  reported: 'orange',
  registered: 'gold',
  rejected: 'default',
  dispatched: 'blue',
  accepted: 'processing',
  returned: 'magenta',
  suspended: 'purple',
  handled: 'cyan',
  verified: 'geekblue',
  closed: 'green',
  merged: 'default',
};

export const CASE_ACTION_LABELS: Labels<CaseActionName> = {
  'zh-CN': {
    register: '立案',
    reject: '不予立案',
    dispatch: '派遣',
    accept: '签收',
    return: '退回',
    suspend: '挂起',
    resume: '恢复',
    handle: '处置反馈',
    verify_pass: '核查通过',
    verify_fail: '核查不通过',
    close: '结案',
    escalate: '上报上级',
    supervise: '督办',
    urge: '催办',
    reassign: '改派',
    merge: '合并',
    whistle: '吹哨',
    report_in: '报到',
    task_done: '反馈处置结果',
    rate_department: '评价部门',
    rate: '评价',
    reopen: '重办',
    callback: '回访',
    on_the_spot: '现场处置',
    report: '上报',
    overdue: '超期',
    warn: '临期提醒',
  },
  en: {
    register: 'Register',
    reject: 'Reject',
    dispatch: 'Dispatch',
    accept: 'Accept',
    return: 'Return',
    suspend: 'Suspend',
    resume: 'Resume',
    handle: 'Report handling',
    verify_pass: 'Verify: pass',
    verify_fail: 'Verify: fail',
    close: 'Close',
    escalate: 'Escalate',
    supervise: 'Supervise',
    urge: 'Hurry',
    reassign: 'Reassign',
    merge: 'Merge',
    whistle: 'Whistle',
    report_in: 'Report in',
    task_done: 'Report back',
    rate_department: 'Rate department',
    rate: 'Rate',
    reopen: 'Reopen',
    callback: 'Callback',
    on_the_spot: 'Handled on the spot',
    report: 'Reported',
    overdue: 'Overdue',
    warn: 'Deadline warning',
  },
};

export const CASE_SOURCE_LABELS: Labels<string> = {
  'zh-CN': {
    grid_worker: '网格员上报',
    resident: '群众上报',
    patrol: '联合巡查',
    staff: '工作人员登记',
    hotline: '12345热线',
    open311: 'Open311',
  },
  en: {
    grid_worker: 'Grid worker',
    resident: 'Resident',
    patrol: 'Joint patrol',
    staff: 'Staff',
    hotline: '12345 hotline',
    open311: 'Open311',
  },
};
export const CASE_SOURCES = ['grid_worker', 'resident', 'patrol', 'staff', 'hotline', 'open311'] as const;

/** 12345 ticket types as the API names them, in the reader's words. */
export const HOTLINE_TYPE_LABELS: Record<'zh-CN' | 'en', Record<string, string>> = {
  'zh-CN': { consult: '咨询', help: '求助', complaint: '投诉', report: '举报', suggestion: '建议' },
  en: { consult: 'Enquiry', help: 'Request for help', complaint: 'Complaint', report: 'Report', suggestion: 'Suggestion' },
};

export const SATISFACTION_LABELS: Labels<Satisfaction> = {
  'zh-CN': { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意' },
  en: { satisfied: 'Satisfied', basic: 'Basically satisfied', dissatisfied: 'Dissatisfied' },
};

export const WHISTLE_REASON_LABELS: Labels<WhistleReason> = {
  'zh-CN': {
    residents_unresolved: '群众反映突出街道难以解决',
    joint_enforcement: '综合执法',
    emergency: '应急处置',
  },
  en: {
    residents_unresolved: 'Residents’ pressing problem the street cannot solve alone',
    joint_enforcement: 'Joint enforcement',
    emergency: 'Emergency response',
  },
};
export const WHISTLE_REASONS: readonly WhistleReason[] = ['residents_unresolved', 'joint_enforcement', 'emergency'];

export const LEVEL_LABELS: Labels<CaseLevel> = {
  'zh-CN': { grid: '网格', community: '社区', street: '街道' },
  en: { grid: 'Grid', community: 'Community', street: 'Street' },
};

export const PRIORITY_LABELS: Labels<CasePriority> = {
  'zh-CN': { urgent: '紧急', high: '较急', normal: '一般' },
  en: { urgent: 'Urgent', high: 'High', normal: 'Normal' },
};
export const PRIORITY_COLORS: Record<CasePriority, string> = { urgent: 'red', high: 'orange', normal: 'default' };

export const TASK_ROLE_LABELS: Labels<TaskRole> = {
  'zh-CN': { lead: '牵头', assist: '协办' },
  en: { lead: 'Lead', assist: 'Assisting' },
};

export const LIMIT_UNIT_LABELS: Labels<LimitUnit> = {
  'zh-CN': { working_hours: '工作小时', working_days: '工作日' },
  en: { working_hours: 'working hours', working_days: 'working days' },
};

export const HANDLER_KIND_LABELS: Labels<string> = {
  'zh-CN': { grid_worker: '网格员', community: '社区', property: '物业', department: '职能部门', street: '街道' },
  en: { grid_worker: 'Grid worker', community: 'Community', property: 'Property', department: 'Department', street: 'Street' },
};

export const RATE_LABELS: Labels<RateName> = {
  'zh-CN': {
    responseRate: '响应率',
    resolutionRate: '解决率',
    satisfactionRate: '满意率',
    closedRate: '结案率',
    onTimeRate: '按期结案率',
    reworkRate: '返工率',
  },
  en: {
    responseRate: 'Response rate',
    resolutionRate: 'Resolution rate',
    satisfactionRate: 'Satisfaction rate',
    closedRate: 'Closure rate',
    onTimeRate: 'On-time closure rate',
    reworkRate: 'Rework rate',
  },
};

/** A label from one of the maps above, falling back to the key itself. */
export function caseLabel<K extends string>(labels: Labels<K>, lang: ApiLanguage, key: K | string | null | undefined): string {
  if (!key) return '';
  return (labels[lang] as Record<string, string>)[key] ?? (labels['zh-CN'] as Record<string, string>)[key] ?? key;
}
