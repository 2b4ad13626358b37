import type { ReactNode } from 'react';
import { Breadcrumb, Spin, Tag, Typography } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { useI18n } from './i18n';
import { ROLE_COLORS } from '../shared/roleLabels';

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

export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" className="gz-logo">
      <rect width="64" height="64" rx="14" fill="#ffd666" />
      <rect x="4" y="4" width="56" height="56" rx="11" fill="#c8161d" />
      <text
        x="32"
        y="44"
        fontSize="34"
        textAnchor="middle"
        fill="#ffd666"
        fontWeight="700"
        fontFamily="'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif"
      >
        共
      </text>
    </svg>
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
