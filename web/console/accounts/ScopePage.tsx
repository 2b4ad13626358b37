import { useNavigate } from 'react-router-dom';
import { Avatar, Breadcrumb, Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ApartmentOutlined, UserOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import type { RoleBinding } from '../../shared/types';
import { useAuth } from '../../shared/auth';
import { useLoad } from '../../shared/useLoad';
import { useRegionDetails } from '../../shared/useRegionDetails';
import { useI18n } from '../i18n';
import { LevelTag, Page, RoleTag, ScopeRootsState } from '../components';

type RoleRow = RoleBinding & { key: string };

export default function ScopePage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const scope = useLoad((signal) => api.scope(signal), []);
  const roots = scope.data?.roots ?? null;
  const rootsError = scope.error;

  const roles = user?.roles ?? [];
  const regionCodes = Array.from(new Set(roles.map((r) => r.regionCode).filter((c): c is string => !!c)));
  const details = useRegionDetails(regionCodes);

  const rows: RoleRow[] = roles.map((r, i) => ({ ...r, key: `${r.role}-${r.regionCode}-${i}` }));

  const columns: TableColumnsType<RoleRow> = [
    { title: t('scope.role'), dataIndex: 'role', width: 150, render: (role: string) => <RoleTag role={role} /> },
    {
      title: t('scope.region'),
      dataIndex: 'regionName',
      render: (name: string, r) => {
        const d = r.regionCode ? details[r.regionCode] : undefined;
        return (
          <Space size={6} className="gz-nowrap">
            <span data-testid={`scope-region-${r.regionCode}`}>{name}</span>
            {d && !(d instanceof Error) && <LevelTag level={d.level} />}
            {r.regionCode && <span className="gz-mono gz-muted">{r.regionCode}</span>}
          </Space>
        );
      },
    },
    {
      title: t('scope.path'),
      key: 'path',
      render: (_, r) => {
        if (!r.regionCode) return <span className="gz-muted">—</span>;
        const d = details[r.regionCode];
        if (!d) return <Skeleton.Input active size="small" />;
        if (d instanceof Error) return <Typography.Text type="danger">{d.message}</Typography.Text>;
        return (
          <Breadcrumb
            items={[...d.ancestors, d].map((a) => ({ key: a.code, title: a.name }))}
            data-testid={`scope-path-${r.regionCode}`}
          />
        );
      },
    },
    {
      title: '',
      key: 'open',
      width: 170,
      align: 'right',
      render: (_, r) =>
        r.regionCode ? (
          <Button type="link" size="small" icon={<ApartmentOutlined />} onClick={() => navigate(`/regions/${r.regionCode}`)}>
            {t('scope.openInTree')}
          </Button>
        ) : null,
    },
  ];

  return (
    <Page page={{ testId: 'scope-page', title: t('scope.title'), desc: t('scope.desc'), crumbs: [t('menu.basic')] }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <Card className="gz-card" title={t('scope.account')}>
            <div className="gz-account">
              <Avatar size={56} icon={<UserOutlined />} className="gz-account-avatar" />
              <div>
                <div className="gz-account-name" data-testid="scope-display-name">
                  {user?.displayName}
                </div>
                <Space size={[4, 4]} wrap>
                  {Array.from(new Set(roles.map((r) => r.role))).map((role) => (
                    <RoleTag key={role} role={role} />
                  ))}
                </Space>
              </div>
            </div>
            <Descriptions
              column={1}
              size="small"
              className="gz-mt16"
              items={[
                { key: 'u', label: t('scope.username'), children: <span className="gz-mono">{user?.username}</span> },
                { key: 'd', label: t('scope.displayName'), children: user?.displayName },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card className="gz-card" title={t('scope.roles')}>
            <Table<RoleRow>
              rowKey="key"
              columns={columns}
              dataSource={rows}
              pagination={false}
              locale={{ emptyText: <Empty description={t('scope.noRoles')} /> }}
              data-testid="scope-roles"
            />
          </Card>
          <Card className="gz-card gz-mt16" title={t('scope.roots')}>
            <Typography.Paragraph type="secondary">{t('scope.rootsDesc')}</Typography.Paragraph>
            <ScopeRootsState roots={roots} error={rootsError} rows={2}>
              {(roots) => (
                <Space direction="vertical" style={{ width: '100%' }}>
                  {roots.map((r) => (
                    <div key={r.code} className="gz-scope-root" data-testid={`scope-root-${r.code}`}>
                      <Space size={8} wrap>
                        <Typography.Link onClick={() => navigate(`/regions/${r.code}`)} strong>
                          {r.name}
                        </Typography.Link>
                        <LevelTag level={r.level} />
                        <span className="gz-mono gz-muted">{r.code}</span>
                      </Space>
                      <div className="gz-muted gz-small">
                        {[...r.ancestors.map((a) => a.name), r.name].join(' / ')} · {t('regions.childCount')}{' '}
                        {r.childCount}
                      </div>
                    </div>
                  ))}
                </Space>
              )}
            </ScopeRootsState>
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
