/**
 * 人口概况: aggregates of the resident registry for a region — what street and district roles
 * see (no names, no numbers of anyone).
 */
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, Progress, Row, Space, Statistic, Typography } from 'antd';
import { HeartOutlined, HomeOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import type { ResidentStats } from '../../shared/types';
import { useI18n } from '../i18n';
import { RegionPage, useRegionParam, withRegion } from '../regions/RegionPage';
import { CARE_GROUPS, careGroupName, usePeopleAbilities } from './peopleCommon';
import { LoadingCard } from '../components';

function pct(n: number, total: number): number {
  return total > 0 ? Math.round((n / total) * 1000) / 10 : 0;
}

export default function PeopleStatsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { canResidents } = usePeopleAbilities();
  const scope = useRegionParam();
  const { region } = scope;
  const loaded = useLoad(region ? async (signal): Promise<{ region: string; stats: ResidentStats }> => ({ region, stats: await api.residentStats(region, signal) }) : null, [region]);
  const error = loaded.error;
  // the region's name is a heading only: without it the page still shows
  const regionName = useLoad(region ? (signal) => api.region(region, signal).then((r) => r.name).catch(() => null) : null, [region]).data;
  const data = loaded.data;

  const s = data && data.region === region ? data.stats : null;

  const card = (key: string, title: string, value: number, opts: { icon?: React.ReactNode; sub?: string; color?: string } = {}) => (
    <Col xs={12} md={8} xl={6} key={key}>
      <Card className="gz-card gz-stat-card" size="small" data-testid={`stat-${key}`}>
        <Statistic
          title={
            <Space size={6}>
              {opts.icon}
              {title}
            </Space>
          }
          value={value}
          valueStyle={opts.color ? { color: opts.color } : undefined}
          valueRender={() => <span data-testid={`stat-${key}-value`}>{value.toLocaleString()}</span>}
        />
        {opts.sub && <div className="gz-muted gz-small gz-mt4">{opts.sub}</div>}
      </Card>
    </Col>
  );

  return (
    <RegionPage
      page={{ testId: 'people-stats-page', className: 'gz-people-page', title: t('people.stats.title'), desc: t('people.stats.desc'), crumbs: [t('menu.people')] }}
      picker={{ scope, testId: 'stats-region-picker', width: 240 }}
      actions={
        canResidents && (
          <Button icon={<TeamOutlined />} onClick={() => navigate(withRegion('/people/residents', region))}>
            {t('people.residents.title')}
          </Button>
        )
      }
    >
      {error && <Alert type="error" showIcon message={t('error.loadFailed')} description={error} data-testid="stats-error" />}
      {!s && !error && <LoadingCard />}
      {s && (
        <div className="gz-stack" data-testid="people-stats">
          <Typography.Title level={5} className="gz-section-title" data-testid="stats-region-name">
            {regionName ?? region}
          </Typography.Title>
          <Row gutter={[16, 16]}>
            {card('residents', t('people.stats.residents'), s.residents, { icon: <UserOutlined /> })}
            {card('households', t('people.stats.households'), s.households, {
              icon: <HomeOutlined />,
              sub: s.households ? t('people.stats.perHousehold', { n: (s.residents / s.households).toFixed(2) }) : undefined,
            })}
            {card('partyMembers', t('people.stats.partyMembers'), s.partyMembers, {
              color: '#c8161d',
              sub: `${t('people.stats.share', { pct: pct(s.partyMembers, s.residents) })} · ${t('people.stats.partyMembersHint')}`,
            })}
            {card('livingAlone65', t('people.stats.livingAlone65'), s.livingAlone65, {
              icon: <HeartOutlined />,
              color: '#d4380d',
              sub: t('people.stats.livingAloneHint'),
            })}
          </Row>
          <Card className="gz-card" title={t('people.stats.ages')} size="small">
            <Row gutter={[16, 16]}>
              {(
                [
                  ['aged60', s.aged60, '60'],
                  ['aged65', s.aged65, '65'],
                  ['aged80', s.aged80, '80'],
                ] as const
              ).map(([key, n, age]) => (
                <Col xs={24} md={8} key={key}>
                  <div className="gz-stat-box" data-testid={`stat-${key}`}>
                    <Statistic
                      title={t('people.stats.agedN', { n: age })}
                      value={n}
                      valueRender={() => <span data-testid={`stat-${key}-value`}>{n.toLocaleString()}</span>}
                    />
                    <Progress percent={pct(n, s.residents)} size="small" />
                  </div>
                </Col>
              ))}
            </Row>
          </Card>
          <Card className="gz-card" title={t('people.care.title')} size="small" data-testid="stat-care-groups">
            <Row gutter={[16, 16]}>
              {CARE_GROUPS.map((g) => (
                <Col xs={12} md={8} xl={4} key={g}>
                  <Statistic
                    title={careGroupName(t, g)}
                    value={s.careGroups[g] ?? 0}
                    valueRender={() => <span data-testid={`stat-care-${g}`}>{(s.careGroups[g] ?? 0).toLocaleString()}</span>}
                  />
                </Col>
              ))}
            </Row>
            <Typography.Text type="secondary" className="gz-small gz-mt8" style={{ display: 'block' }} data-testid="stat-care-hint">
              {t('people.stats.careHint')}
            </Typography.Text>
          </Card>
          <Typography.Text type="secondary" className="gz-small">
            {t('people.stats.privacy')}
          </Typography.Text>
        </div>
      )}
    </RegionPage>
  );
}
