import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import type { TableColumnsType, TableColumnType } from 'antd';
import { CheckCircleFilled, EnvironmentOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { api } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import type { CoverageRow } from '../../shared/types';
import { useI18n } from '../i18n';
import { LevelTag, LoadingCard, rowTestId } from '../components';
import { RegionPage, useRegionParam, withRegion } from '../regions/RegionPage';
import { DataTable } from '../lists';

function pct(part: number, total: number): number {
  return total > 0 ? Math.round((part / total) * 1000) / 10 : 100;
}

export function CompleteBadge({ complete, testId }: { complete: boolean; testId?: string }) {
  const { t } = useI18n();
  return complete ? (
    <Tag color="success" icon={<CheckCircleFilled />} data-testid={testId} className="gz-complete-tag">
      {t('coverage.complete')}
    </Tag>
  ) : (
    <Tag color="warning" icon={<ExclamationCircleFilled />} data-testid={testId} className="gz-complete-tag">
      {t('coverage.incomplete')}
    </Tag>
  );
}

/** A right-aligned column of the coverage table. */
function right(title: string, key: string, render: (r: CoverageRow) => ReactNode): TableColumnType<CoverageRow> {
  return { title, key, align: 'right', render: (_, r) => render(r) };
}

/** "n / total", the total muted. */
function OfTotal({ n, total }: { n: number; total: number }) {
  return (
    <span>
      {n}
      <span className="gz-muted"> / {total}</span>
    </span>
  );
}

/** The titles of the two kinds of grid's boxes: how many grids, and how many of them are covered. */
const SHARE_TITLES = {
  basic: ['coverage.basicTotal', 'coverage.withFullTime'],
  dedicated: ['coverage.dedicatedTotal', 'coverage.staffed'],
} as const;

/** A kind of grid's total, how many of it are covered, and a bar of the share. */
function ShareBox(props: { kind: keyof typeof SHARE_TITLES; total: number; part: number; partTestId?: string }) {
  const { t } = useI18n();
  const [title, partLabel] = SHARE_TITLES[props.kind];
  return (
    <div className="gz-stat-box" data-testid={`coverage-${props.kind}`}>
      <Statistic title={t(title)} value={props.total} />
      <div className="gz-stat-line">
        <span>{t(partLabel)}</span>
        <b data-testid={props.partTestId}>{props.part}</b>
      </div>
      <Progress percent={pct(props.part, props.total)} size="small" status={props.part === props.total ? 'success' : 'active'} />
    </div>
  );
}

export default function GridCoveragePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const scope = useRegionParam();
  const { region, setRegion } = scope;
  const coverage = useLoad(region ? (signal) => api.gridCoverage(region, signal) : null, [region]);
  const { data, failure: error, loading } = coverage;

  // Below a community the rows are its grids: those open on the map instead of drilling down.
  const openMap = (r: CoverageRow) =>
    navigate(r.level === 'grid' && region ? `/grids?region=${region}&grid=${r.code}` : `/grids?region=${r.code}`);
  const open = (r: CoverageRow) => (r.level === 'grid' ? openMap(r) : setRegion(r.code));

  const columns: TableColumnsType<CoverageRow> = [
    {
      title: t('regions.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Space size={6}>
          <Typography.Link onClick={() => open(r)} data-testid={`coverage-drill-${r.code}`}>
            {name}
          </Typography.Link>
          <LevelTag level={r.level} />
        </Space>
      ),
    },
    right(t('coverage.basicTotal'), 'bt', (r) => r.basic.total),
    right(t('coverage.withFullTime'), 'bw', (r) => <OfTotal n={r.basic.withFullTimeWorker} total={r.basic.total} />),
    right(t('coverage.withoutWorker'), 'bn', (r) => (r.basic.withoutWorker > 0 ? <Typography.Text type="danger">{r.basic.withoutWorker}</Typography.Text> : 0)),
    right(t('coverage.dedicatedTotal'), 'dt', (r) => r.dedicated.total),
    right(t('coverage.staffed'), 'ds', (r) => <OfTotal n={r.dedicated.staffed} total={r.dedicated.total} />),
    {
      title: t('coverage.status'),
      key: 'complete',
      width: 110,
      render: (_, r) => <CompleteBadge complete={r.complete} testId={`coverage-row-complete-${r.code}`} />,
    },
    {
      title: t('regions.actions'),
      key: 'actions',
      width: 150,
      render: (_, r) => (
        <Space size={0}>
          {r.level !== 'grid' && (
            <Button size="small" type="link" onClick={() => setRegion(r.code)}>
              {t('coverage.drill')}
            </Button>
          )}
          <Button size="small" type="link" icon={<EnvironmentOutlined />} onClick={() => openMap(r)}>
            {t('coverage.map')}
          </Button>
        </Space>
      ),
    },
  ];

  const d = data && data.region.code === region ? data : null;

  return (
    <RegionPage
      page={{ testId: 'grid-coverage-page', title: t('coverage.title'), desc: t('coverage.desc'), crumbs: [t('menu.grids')] }}
      picker={{ scope, testId: 'coverage-region-picker', width: 260 }}
      actions={
        <>
          <Button icon={<EnvironmentOutlined />} onClick={() => navigate(withRegion('/grids', region))}>
            {t('menu.gridMap')}
          </Button>
        </>
      }
    >
      {error && <Alert type="error" showIcon message={t('error.loadFailed')} description={error.message} />}
      {!d && !error && <LoadingCard />}
      {d && (
        <div className="gz-stack" data-testid="coverage">
          <Card
            className="gz-card"
            loading={loading && !d}
            title={
              <Space size={10}>
                <span data-testid="coverage-region-name">{d.region.name}</span>
                <LevelTag level={d.region.level} />
                <span className="gz-muted gz-small">{t('coverage.rule')}</span>
                <CompleteBadge complete={d.complete} testId="coverage-complete" />
              </Space>
            }
          >
            <Row gutter={[16, 16]}>
              <Col xs={24} md={12} xl={6}>
                <ShareBox kind="basic" total={d.basic.total} part={d.basic.withFullTimeWorker} partTestId="coverage-basic-with" />
              </Col>
              <Col xs={24} md={12} xl={6}>
                <div className="gz-stat-box">
                  <Statistic
                    title={t('coverage.withoutWorker')}
                    value={d.basic.withoutWorker}
                    valueStyle={d.basic.withoutWorker > 0 ? { color: '#cf1322' } : { color: '#389e0d' }}
                  />
                  <div className="gz-muted gz-small gz-mt4">{t('coverage.withoutWorkerHint')}</div>
                  {d.householdAdvice && typeof d.basic.householdsBelow === 'number' && typeof d.basic.householdsAbove === 'number' && (
                    <div className="gz-small gz-mt4" data-testid="coverage-households">
                      {t('coverage.households', {
                        min: d.householdAdvice.min,
                        max: d.householdAdvice.max,
                        below: d.basic.householdsBelow,
                        above: d.basic.householdsAbove,
                      })}
                    </div>
                  )}
                </div>
              </Col>
              <Col xs={24} md={12} xl={6}>
                <ShareBox kind="dedicated" total={d.dedicated.total} part={d.dedicated.staffed} />
              </Col>
              <Col xs={24} md={12} xl={6}>
                <div className="gz-stat-box">
                  <Row gutter={8}>
                    <Col span={12}>
                      <Statistic
                        title={t('coverage.severalGrids')}
                        value={d.workersWithSeveralGrids}
                        valueStyle={d.workersWithSeveralGrids > 0 ? { color: '#d48806' } : undefined}
                      />
                    </Col>
                    <Col span={12}>
                      <Statistic title={t('coverage.gaps')} value={d.gaps} valueStyle={d.gaps > 0 ? { color: '#d48806' } : undefined} />
                    </Col>
                  </Row>
                  <div className="gz-muted gz-small gz-mt4">{t('coverage.severalGridsHint')}</div>
                </div>
              </Col>
            </Row>
          </Card>
          <Card className="gz-card" title={d.rows.length > 0 && d.rows.every((r) => r.level === 'grid') ? t('coverage.rowsGrids') : t('coverage.rows')}>
            <DataTable<CoverageRow>
              rowKey="code"
              columns={columns}
              dataSource={d.rows}
              loading={loading}
              pageSize={20}
              rowTestId={(r) => `coverage-row-${r.code}`}
              empty={t('coverage.noRows')}
              testId="coverage-rows"
            />
          </Card>
        </div>
      )}
    </RegionPage>
  );
}
