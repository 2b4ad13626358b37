import { forwardRef } from 'react';
import type { HTMLAttributes, ReactNode } from 'react';
import { Alert, Breadcrumb, Button, Empty, Select, Skeleton, Spin, Tag, Typography } from 'antd';
import type { ButtonProps, SelectProps } from 'antd';
import { GlobalOutlined, HomeOutlined } from '@ant-design/icons';
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

/** A table's `onRow` that gives each row a data-testid. */
export function rowTestId<R>(id: (r: R) => string): (r: R) => HTMLAttributes<HTMLElement> {
  return (r) => ({ 'data-testid': id(r) }) as HTMLAttributes<HTMLElement>;
}
