import { forwardRef, useState } from 'react';
import type { HTMLAttributes, ReactNode } from 'react';
import { Alert, App as AntApp, Breadcrumb, Button, Card, Empty, Form, Select, Skeleton, Space, Spin, Tag, Typography } from 'antd';
import type { ButtonProps, FormInstance, SelectProps, TablePaginationConfig } from 'antd';
import { GlobalOutlined, HomeOutlined, ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { useI18n } from './i18n';
import { ROLE_COLORS } from '../shared/roleLabels';
import { Logo as SharedLogo } from '../shared/Logo';

export function PageHeader(props: { title: string; desc?: string; extra?: ReactNode; crumbs?: string[] }) {
  const { t } = useI18n();
  return (
    <div className="gz-page-header">
      <Breadcrumb
        items={[
          { title: <HomeOutlined /> },
          ...(props.crumbs ?? []).map((c) => ({ title: c })),
          { title: props.title },
        ]}
        aria-label={t('app.name')}
      />
      <div className="gz-page-header-row">
        <div>
          <Typography.Title level={4} className="gz-page-title" data-testid="page-title">
            {props.title}
          </Typography.Title>
          {props.desc && <Typography.Text type="secondary">{props.desc}</Typography.Text>}
        </div>
        {props.extra && <div className="gz-page-header-extra">{props.extra}</div>}
      </div>
    </div>
  );
}

/** What a console page says of itself: the header's title, description and breadcrumb; its data-testid and class. */
export interface PageInfo {
  title: string;
  desc?: string;
  crumbs: string[];
  testId?: string;
  className?: string;
}

/** A console page: its header (with `extra` on the right), then the body. */
export function Page(props: { page: PageInfo; extra?: ReactNode; children?: ReactNode }) {
  const { page } = props;
  return (
    <div className={page.className ? `gz-page ${page.className}` : 'gz-page'} data-testid={page.testId}>
      <PageHeader title={page.title} desc={page.desc} crumbs={page.crumbs} extra={props.extra} />
      {props.children}
    </div>
  );
}

const LEVEL_COLORS: Record<string, string> = {
  province: 'red',
  city: 'volcano',
  district: 'orange',
  street: 'gold',
  community: 'green',
  grid: 'blue',
};

export function LevelTag({ level }: { level: string }) {
  const { levelName } = useI18n();
  return (
    <Tag color={LEVEL_COLORS[level] ?? 'default'} className="gz-level-tag" bordered={false}>
      {levelName(level)}
    </Tag>
  );
}

export function RoleTag({ role }: { role: string }) {
  const { roleName } = useI18n();
  return (
    <Tag color={ROLE_COLORS[role] ?? 'default'} data-testid={`role-${role}`}>
      {roleName(role)}
    </Tag>
  );
}

/** A table cell's name in bold (with its data-testid) over a small muted line, if any (in monospace when `mono`). */
export function NameCell(props: { name: ReactNode; sub?: ReactNode; mono?: boolean; testId: string }) {
  return (
    <div>
      <b data-testid={props.testId}>{props.name}</b>
      {props.sub && <div className={props.mono ? 'gz-mono gz-small gz-muted' : 'gz-muted gz-small'}>{props.sub}</div>}
    </div>
  );
}

/** A code or a number in monospace (with its data-testid), or a muted dash when there is none. */
export function Mono(props: { value: string | null | undefined; testId?: string; nowrap?: boolean }) {
  if (!props.value) return <span className="gz-muted">—</span>;
  return (
    <span className={props.nowrap ? 'gz-mono gz-nowrap' : 'gz-mono'} data-testid={props.testId}>
      {props.value}
    </span>
  );
}

/** The console's logo: the shared mark with the console's class. */
export function Logo({ size = 32 }: { size?: number }) {
  return <SharedLogo size={size} className="gz-logo" />;
}

/** The platform's name beside its logo, with the slogan under it (the console's header, the sign-in page). */
export function Brand({ logoSize, testId }: { logoSize: number; testId?: string }) {
  const { t } = useI18n();
  return (
    <div className="gz-brand" data-testid={testId}>
      <Logo size={logoSize} />
      <div className="gz-brand-text">
        <span className="gz-brand-name">{t('app.name')}</span>
        <span className="gz-brand-slogan">{t('app.slogan')}</span>
      </div>
    </div>
  );
}

/** The account's scope roots once loaded: the load error, a skeleton while loading, "no scope", else `children(roots)`. */
export function ScopeRootsState<R>(props: { roots: R[] | null; error: string | null; rows: number; children: (roots: R[]) => ReactNode }) {
  const { t } = useI18n();
  const { roots, error } = props;
  if (error) return <Alert type="error" showIcon message={error} />;
  if (roots === null) return <Skeleton active paragraph={{ rows: props.rows }} />;
  if (roots.length === 0) return <Empty description={t('regions.noScope')} />;
  return <>{props.children(roots)}</>;
}

/** A card's place while its report loads. */
export function LoadingCard() {
  return (
    <Card className="gz-card">
      <Skeleton active paragraph={{ rows: 6 }} />
    </Card>
  );
}

export function PageSpin() {
  const { t } = useI18n();
  return (
    <div className="gz-page-spin" data-testid="page-loading">
      <Spin size="large" tip={t('app.loading')}>
        <div style={{ width: 200, height: 80 }} />
      </Spin>
    </div>
  );
}

/** The console's 中文 / English switch (takes a Tooltip's props and ref). */
export const LangButton = forwardRef<HTMLButtonElement, ButtonProps>(function LangButton(props, ref) {
  const { t, lang, setLang } = useI18n();
  return (
    <Button
      ref={ref}
      type="text"
      className="gz-header-btn"
      icon={<GlobalOutlined />}
      data-testid="lang-toggle"
      onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
      {...props}
    >
      {t('lang.switch')}
    </Button>
  );
});

/** A search form's select: clearable, a placeholder for "all", searchable by label when `search`. */
export function FilterSelect(props: Omit<SelectProps, 'style'> & { width: number; search?: boolean; testId: string }) {
  const { width, search, testId, ...rest } = props;
  return (
    <Select
      allowClear
      {...(search ? { showSearch: true, optionFilterProp: 'label' } : {})}
      style={{ width }}
      data-testid={testId}
      {...rest}
    />
  );
}

/**
 * A list's search form in a small card: the fields (`children`) in a row, then the search and reset buttons; `below`
 * goes under the form. The form is named by its test id.
 */
export function SearchCard<V>(props: {
  form: FormInstance<V>;
  testId: string;
  onSearch: () => void;
  onValuesChange?: (changed: Partial<V>) => void;
  submit: { label: string; testId: string };
  reset: { label: string; onClick: () => void };
  below?: ReactNode;
  children: ReactNode;
}) {
  const { submit, reset } = props;
  return (
    <Card className="gz-card" size="small">
      <Form<V>
        form={props.form}
        name={props.testId}
        layout="inline"
        className="gz-search-form"
        onFinish={props.onSearch}
        onValuesChange={props.onValuesChange}
        data-testid={props.testId}
      >
        {props.children}
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid={submit.testId}>
              {submit.label}
            </Button>
            <Button onClick={reset.onClick} icon={<ReloadOutlined />}>
              {reset.label}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {props.below}
    </Card>
  );
}

/**
 * An action that may fail: `run(fn, key)` sets `running` to `key` (default true) while `fn` runs, and says its failure
 * in an error message.
 */
export function useAction<K = true>() {
  const { message } = AntApp.useApp();
  const [running, setRunning] = useState<K | null>(null);
  const run = async (fn: () => Promise<void>, key: K = true as K) => {
    setRunning(key);
    try {
      await fn();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setRunning(null);
    }
  };
  return { running, run };
}

/** A row's attributes (its data-testid …) and a click anywhere but on its links and buttons that opens its record. */
export function clickableRow(attrs: Record<string, string | number>, open: () => void): HTMLAttributes<HTMLElement> {
  return {
    ...attrs,
    className: 'gz-clickable-row',
    onClick: (e: React.MouseEvent) => {
      if (!(e.target as HTMLElement).closest('a,button')) open();
    },
  } as HTMLAttributes<HTMLElement>;
}

/** Which page of a list the server is asked for. */
export interface PageAt {
  current: number;
  pageSize: number;
}

/** The pager of a list paged on the server: 10 to 100 rows a page; a new page size goes back to the first page. */
export function serverPager(page: PageAt, setPage: (p: PageAt) => void, total: number, showTotal: (n: number) => ReactNode): TablePaginationConfig {
  return {
    current: page.current,
    pageSize: page.pageSize,
    total,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal,
    onChange: (current, pageSize) => setPage({ current: pageSize !== page.pageSize ? 1 : current, pageSize }),
  };
}

/** A table's `onRow` that gives each row a data-testid. */
export function rowTestId<R>(id: (r: R) => string): (r: R) => HTMLAttributes<HTMLElement> {
  return (r) => ({ 'data-testid': id(r) }) as HTMLAttributes<HTMLElement>;
}
