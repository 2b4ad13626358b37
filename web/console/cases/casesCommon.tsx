/** Pieces shared by the case pages: abilities, labels, tags, deadlines, categories, photos and errors. */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App as AntApp, Button, Form, Input, Tag, Tooltip, TreeSelect, Typography, Upload } from 'antd';
import type { TableColumnType, TreeSelectProps, UploadFile } from 'antd';
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError } from '../../shared/api';
import { useAuth, useCan } from '../../shared/auth';
import { FIELD_WORK } from '../../shared/abilities';
import {
  caseLabel,
  CASE_ACTION_LABELS,
  CASE_SOURCE_LABELS,
  CASE_STATE_COLORS,
  CASE_STATE_LABELS,
  casesApi,
  HANDLER_KIND_LABELS,
  LEVEL_LABELS,
  PRIORITY_COLORS,
  PRIORITY_LABELS,
  SATISFACTION_LABELS,
  TASK_ROLE_LABELS,
  WHISTLE_REASON_LABELS,
} from '../../shared/cases';
import type { CasePriority, CaseState, Category, CaseHandler, Department } from '../../shared/cases';
import { useI18n } from '../i18n';

/** The policy actions that open the case pages (App.tsx routes and the menu use the same). */
export const CASE_ACTIONS = { queue: 'cases.read', tasks: 'cases.departmentTask', metrics: 'cases.metrics', categories: 'cases.editCategories' } as const;

/** What the caller may do with cases, from the server's policy (GET /api/auth/me abilities). */
export function useCaseAbilities() {
  const can = useCan();
  return {
    canCases: can(CASE_ACTIONS.queue),
    canIntake: can('cases.create'),
    canTasks: can(CASE_ACTIONS.tasks),
    canMetrics: can(CASE_ACTIONS.metrics),
    canCategories: can(CASE_ACTIONS.categories),
    /** the street command (it rates departments): the unassigned queue — cases in no grid — is theirs to place */
    seesUnassigned: can('cases.rateDepartment'),
    /** works in the field on their own grids: reports as a grid worker, handles on the spot */
    inField: can(FIELD_WORK),
    /** has department tasks on cases */
    hasTasks: can(CASE_ACTIONS.tasks),
  };
}

/** The shared label maps in the console's language. */
export function useCaseLabels() {
  const { lang } = useI18n();
  return useMemo(
    () => ({
      state: (s: string | null | undefined) => caseLabel(CASE_STATE_LABELS, lang, s),
      action: (a: string | null | undefined) => caseLabel(CASE_ACTION_LABELS, lang, a),
      source: (s: string | null | undefined) => caseLabel(CASE_SOURCE_LABELS, lang, s),
      level: (s: string | null | undefined) => caseLabel(LEVEL_LABELS, lang, s),
      priority: (s: string | null | undefined) => caseLabel(PRIORITY_LABELS, lang, s),
      satisfaction: (s: string | null | undefined) => caseLabel(SATISFACTION_LABELS, lang, s),
      whistle: (s: string | null | undefined) => caseLabel(WHISTLE_REASON_LABELS, lang, s),
      taskRole: (s: string | null | undefined) => caseLabel(TASK_ROLE_LABELS, lang, s),
      handlerKind: (s: string | null | undefined) => caseLabel(HANDLER_KIND_LABELS, lang, s),
    }),
    [lang],
  );
}

export function StateTag({ state }: { state: CaseState }) {
  const L = useCaseLabels();
  return (
    <Tag color={CASE_STATE_COLORS[state]} data-testid="case-state" data-state={state}>
      {L.state(state)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: CasePriority }) {
  const L = useCaseLabels();
  if (priority === 'normal') return <Tag bordered={false}>{L.priority(priority)}</Tag>;
  return (
    <Tag color={PRIORITY_COLORS[priority]} data-testid="case-priority">
      {L.priority(priority)}
    </Tag>
  );
}

export function handlerText(L: ReturnType<typeof useCaseLabels>, h: CaseHandler | null | undefined): string {
  if (!h) return '—';
  const kind = L.handlerKind(h.kind);
  return h.name ? (kind && kind !== h.name ? `${h.name}（${kind}）` : h.name) : kind;
}

/** `YYYY-MM-DD HH:mm` in the browser's time zone. */
export function fmtTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
}

/** A clock that ticks every `ms` (for countdowns). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(h);
  }, [ms]);
  return now;
}

/** "2天3小时" / "3小时12分" / "12分" of a duration. */
export function durationText(t: ReturnType<typeof useI18n>['t'], msAbs: number): string {
  const min = Math.max(1, Math.floor(msAbs / 60_000));
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  if (d > 0) return t('cases.due.dh', { d, h });
  if (h > 0) return t('cases.due.hm', { h, m });
  return t('cases.due.m', { m });
}

/**
 * A deadline with its countdown: red when overdue (by the server's flag or the clock), orange when
 * near due, otherwise the time left. `done` shows the date only.
 */
export function DueTag(props: { due: string | null | undefined; overdue?: boolean; nearDue?: boolean; done?: boolean; testId?: string }) {
  const { t } = useI18n();
  const now = useNow();
  if (!props.due) return <span className="gz-muted">—</span>;
  const left = new Date(props.due).getTime() - now;
  const overdue = props.overdue || (!props.done && left < 0);
  const title = fmtTime(props.due);
  if (props.done) return <span className="gz-nowrap">{title}</span>;
  if (overdue)
    return (
      <Tooltip title={title}>
        <Tag color="red" data-testid={props.testId ?? 'due-overdue'}>
          {left < 0 ? t('cases.due.overdueBy', { d: durationText(t, -left) }) : t('cases.due.overdue')}
        </Tag>
      </Tooltip>
    );
  return (
    <Tooltip title={title}>
      <Tag color={props.nearDue ? 'orange' : 'blue'} bordered={!props.nearDue ? false : true} data-testid={props.testId ?? (props.nearDue ? 'due-near' : 'due-left')}>
        {props.nearDue ? t('cases.due.near', { d: durationText(t, left) }) : t('cases.due.left', { d: durationText(t, left) })}
      </Tag>
    </Tooltip>
  );
}

// ---------------------------------------------------------------- categories

let categoryCache: Promise<Category[]> | null = null;

/** The category list (loaded once per page load; `reload` after an edit). */
export function useCategories(): { items: Category[] | null; error: string | null; reload: () => void } {
  const [items, setItems] = useState<Category[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let cancelled = false;
    if (!categoryCache) categoryCache = casesApi.categories().then((r) => r.items);
    const p = categoryCache;
    p.then((list) => !cancelled && setItems(list)).catch((e) => {
      if (categoryCache === p) categoryCache = null;
      if (!cancelled) {
        setItems([]);
        setError((e as Error).message);
      }
    });
    return () => {
      cancelled = true;
    };
  }, [nonce]);
  const reload = useCallback(() => {
    categoryCache = null;
    setNonce((n) => n + 1);
  }, []);
  return { items, error, reload };
}

export function categoryName(c: Pick<Category, 'name' | 'nameEn'>, lang: string): string {
  return lang === 'en' && c.nameEn ? c.nameEn : c.name;
}

interface TreeNode {
  value: string;
  title: string;
  selectable: boolean;
  disabled?: boolean;
  children: TreeNode[];
}

/** TreeSelect data: `leavesOnly` makes parents unselectable (a case takes a leaf). */
export function categoryTreeData(items: Category[], lang: string, leavesOnly: boolean, activeOnly = leavesOnly): TreeNode[] {
  const byParent = new Map<string | null, Category[]>();
  for (const c of items) {
    if (activeOnly && !c.active) continue;
    const k = c.parent && items.some((p) => p.code === c.parent) ? c.parent : null;
    byParent.set(k, [...(byParent.get(k) ?? []), c]);
  }
  const build = (parent: string | null): TreeNode[] =>
    (byParent.get(parent) ?? [])
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((c) => {
        const children = build(c.code);
        return {
          value: c.code,
          title: `${c.code} ${categoryName(c, lang)}`,
          selectable: !leavesOnly || children.length === 0,
          children,
        };
      })
      .filter((n) => !leavesOnly || n.selectable || n.children.length > 0);
  return build(null);
}

export function CategoryTreeSelect(
  props: { leavesOnly?: boolean; testId?: string } & Omit<TreeSelectProps<string>, 'treeData'>,
) {
  const { lang, t } = useI18n();
  const { items } = useCategories();
  const { leavesOnly, testId, ...rest } = props;
  const data = useMemo(() => categoryTreeData(items ?? [], lang, !!leavesOnly), [items, lang, leavesOnly]);
  return (
    <TreeSelect<string>
      showSearch
      allowClear
      treeNodeFilterProp="title"
      treeDefaultExpandAll={!!leavesOnly}
      loading={items === null}
      placeholder={t('cases.filter.all')}
      popupMatchSelectWidth={false}
      treeData={data}
      data-testid={testId}
      {...rest}
    />
  );
}

// ---------------------------------------------------------------- photos

/**
 * Photo ids as a form control: each file is uploaded to POST /api/case-photos at once; the value is
 * the list of ids of the finished uploads.
 */
export function PhotoUploader(props: { value?: string[]; onChange?: (ids: string[]) => void; max?: number; testId?: string }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const { onChange } = props;
  // Reset when the form is reset.
  useEffect(() => {
    if (!props.value || props.value.length === 0) setFiles((f) => (f.some((x) => x.status === 'done') ? [] : f));
  }, [props.value]);
  const emit = (list: UploadFile[]) => onChange?.(list.filter((f) => f.status === 'done' && f.response?.id).map((f) => f.response.id as string));
  return (
    <Upload
      accept="image/jpeg,image/png,image/webp"
      listType="picture-card"
      multiple
      fileList={files}
      maxCount={props.max ?? 9}
      data-testid={props.testId ?? 'photo-upload'}
      customRequest={(opts) => {
        casesApi
          .uploadPhoto(opts.file as File)
          .then((r) => opts.onSuccess?.(r))
          .catch((e: Error) => {
            message.error(e.message);
            opts.onError?.(e);
          });
      }}
      onChange={({ fileList }) => {
        const list = fileList.filter((f) => f.status !== 'error');
        setFiles(list);
        emit(list);
      }}
    >
      {files.length >= (props.max ?? 9) ? null : (
        <div>
          <PlusOutlined />
          <div className="gz-upload-text">{t('cases.photos.add')}</div>
        </div>
      )}
    </Upload>
  );
}

// ---------------------------------------------------------------- errors

/**
 * Shows an API error; a 409 case_version_conflict (someone else changed the case) says so and
 * calls `reload`. Returns true for the conflict.
 */
export function useCaseErrors() {
  const { message } = AntApp.useApp();
  const { t } = useI18n();
  return useCallback(
    (e: unknown, reload?: () => void): boolean => {
      if (e instanceof ApiError && e.status === 409 && e.code === 'case_version_conflict') {
        message.warning({ content: t('cases.conflict'), key: 'case-conflict' });
        reload?.();
        return true;
      }
      message.error((e as Error).message);
      return false;
    },
    [message, t],
  );
}

// ---------------------------------------------------------------- saved views

export interface SavedView<F> {
  name: string;
  filters: F;
}

/** Named filter sets kept in localStorage (per account). */
export function useSavedViews<F>(key: string): {
  views: SavedView<F>[];
  save: (name: string, filters: F) => void;
  remove: (name: string) => void;
} {
  const { user } = useAuth();
  const storageKey = `gongzhi.${key}.${user?.username ?? 'anon'}`;
  const read = useCallback((): SavedView<F>[] => {
    try {
      const v = JSON.parse(localStorage.getItem(storageKey) ?? '[]') as unknown;
      return Array.isArray(v) ? (v as SavedView<F>[]).filter((x) => x && typeof x.name === 'string') : [];
    } catch {
      return [];
    }
  }, [storageKey]);
  const [views, setViews] = useState<SavedView<F>[]>(read);
  useEffect(() => setViews(read()), [read]);
  const write = useCallback(
    (next: SavedView<F>[]) => {
      setViews(next);
      try {
        localStorage.setItem(storageKey, JSON.stringify(next));
      } catch {
        /* storage full or unavailable: the view lasts for this page only */
      }
    },
    [storageKey],
  );
  return {
    views,
    save: (name, filters) => write([...views.filter((v) => v.name !== name), { name, filters }]),
    remove: (name) => write(views.filter((v) => v.name !== name)),
  };
}

/** A list's case-number column (field `dataIndex`), pinned on the left: the number, in monospace, opens the case. */
export function caseNumberColumn<R>(title: string, dataIndex: keyof R & string, open: (r: R) => void, testId: string): TableColumnType<R> {
  return {
    title,
    dataIndex,
    width: 160,
    fixed: 'left',
    render: (n: string, r: R) => (
      <Typography.Link className="gz-mono" onClick={() => open(r)} data-testid={testId}>
        {n}
      </Typography.Link>
    ),
  };
}

/** A department task's 办结时限 column (late while not done). */
export function taskDueColumn<R extends { due: string | null; late: boolean; doneAt: string | null }>(title: string): TableColumnType<R> {
  return { title, dataIndex: 'due', width: 150, render: (_: string, r: R) => <DueTag due={r.due} overdue={r.late && !r.doneAt} done={!!r.doneAt} /> };
}

/** The departments a region's cases can go to (null while loading, [] when they could not be read); waits while `region` is empty. */
export function useDepartments(region: string | null | undefined): Department[] | null {
  const [departments, setDepartments] = useState<Department[] | null>(null);
  useEffect(() => {
    if (!region) return;
    const ac = new AbortController();
    casesApi
      .departments(region, ac.signal)
      .then((r) => setDepartments(r.items))
      .catch(() => !ac.signal.aborted && setDepartments([]));
    return () => ac.abort();
  }, [region]);
  return departments;
}

/** A handling result and its photos (the handle action, a department's report-back). */
export function ResultFields({ testId }: { testId: string }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="result" label={t('cases.act.result')} rules={[{ required: true, whitespace: true, message: t('cases.act.resultRequired') }]}>
        <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('cases.act.resultPlaceholder')} data-testid={`${testId}-result`} />
      </Form.Item>
      <Form.Item name="photos" label={t('cases.act.resultPhotos')}>
        <PhotoUploader testId={`${testId}-photos`} />
      </Form.Item>
    </>
  );
}

/** 导出 Excel of a region's cases (the list, the metrics): the download starts, a failure is shown. */
export function CaseExportButton(props: { region: string | null; testId: string; download: (region: string) => Promise<unknown> }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { region, download } = props;
  return (
    <Button icon={<DownloadOutlined />} disabled={!region} data-testid={props.testId} onClick={() => download(region!).catch((e) => message.error((e as Error).message))}>
      {t('cases.export')}
    </Button>
  );
}
