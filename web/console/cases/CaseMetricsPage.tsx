/**
 * 案件统计 /cases/metrics: the six rates of a region over a date range (percentages with two
 * decimals), counts, and the breakdowns by category, department and sub-region; the definitions of
 * the rates are shown as help text.
 */
import { useState, type ReactNode } from 'react';
import { Alert, App as AntApp, Card, Col, Collapse, DatePicker, Empty, Row, Space, Statistic, Table, Tabs, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { casesApi, percent, RATE_NAMES } from '../../shared/cases';
import { useLoad } from '../../shared/useLoad';
import type { Metrics, RateName, Rates } from '../../shared/cases';
import { useI18n, type MessageKey } from '../i18n';
import { RegionPage, useRegionParam } from '../regions/RegionPage';
import { CaseExportButton, useCaseLabels } from './casesCommon';

/** A figure's name with its definition on hover: every figure on this page says what it counts. */
function Defined(props: { label: ReactNode; definition: ReactNode }) {
  return (
    <Space size={4}>
      {props.label}
      <Tooltip title={props.definition}>
        <QuestionCircleOutlined className="gz-muted" />
      </Tooltip>
    </Space>
  );
}

/** A count with its definition, in a small card of its own column; in red when `alert` and not zero. */
function CountCol(props: { label: string; definition: string; value: number | undefined; alert?: boolean; testId: string }) {
  return (
    <Col xs={12} md={6}>
      <Card className="gz-card" size="small">
        <Statistic
          title={<Defined label={props.label} definition={props.definition} />}
          value={props.value ?? '—'}
          valueStyle={props.alert ? { color: props.value ? '#cf1322' : undefined } : undefined}
          data-testid={props.testId}
        />
      </Card>
    </Col>
  );
}

const GOOD_HIGH: Record<RateName, boolean> = {
  responseRate: true,
  resolutionRate: true,
  satisfactionRate: true,
  closedRate: true,
  onTimeRate: true,
  reworkRate: false,
};

function rateColor(name: RateName, v: number | null): string | undefined {
  if (v === null) return undefined;
  const good = GOOD_HIGH[name] ? v >= 0.9 : v <= 0.05;
  const bad = GOOD_HIGH[name] ? v < 0.7 : v > 0.15;
  return good ? '#389e0d' : bad ? '#cf1322' : '#d48806';
}

export default function CaseMetricsPage() {
  const { t } = useI18n();
  const {  } = AntApp.useApp();
  const L = useCaseLabels();
  const scope = useRegionParam();
  const { region } = scope;
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  const rateLabel = (r: RateName) => t(`cases.rate.${r}` as MessageKey);
  const { data, loading, error } = useLoad(
    region ? (signal) => casesApi.metrics({ region, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') }, signal) : null,
    [region, range],
  );

  const rateColumns = <T extends Rates>(): TableColumnsType<T> =>
    RATE_NAMES.map((r) => ({
      title: rateLabel(r),
      dataIndex: r,
      width: 110,
      align: 'right' as const,
      render: (v: number | null) => <span style={{ color: rateColor(r, v) }}>{percent(v)}</span>,
    }));

  const overdueColumn = <T extends object>(): TableColumnsType<T>[number] => ({
    title: t('cases.metrics.overdue'),
    dataIndex: 'overdue',
    width: 90,
    align: 'right' as const,
    render: (v: number | undefined) => (v === undefined ? '—' : <span style={{ color: v ? '#cf1322' : undefined }}>{v}</span>),
  });

  type CatRow = Metrics['byCategory'][number];
  type DeptRow = Metrics['byDepartment'][number];
  type RegRow = Metrics['byRegion'][number];
  const catColumns: TableColumnsType<CatRow> = [
    { title: t('cases.category'), dataIndex: 'name', fixed: 'left', width: 160, render: (n: string, r) => `${r.code} ${n}` },
    { title: t('cases.metrics.total'), dataIndex: 'total', width: 80, align: 'right' },
    ...rateColumns<CatRow>(),
    overdueColumn<CatRow>(),
  ];
  const deptColumns: TableColumnsType<DeptRow> = [
    { title: t('cases.task.department'), dataIndex: 'name', fixed: 'left', width: 200 },
    { title: t('cases.metrics.total'), dataIndex: 'total', width: 80, align: 'right' },
    ...rateColumns<DeptRow>(),
    { title: t('cases.metrics.reportInLate'), dataIndex: 'reportInLate', width: 100, align: 'right' },
    { title: t('cases.metrics.tasksLate'), dataIndex: 'tasksLate', width: 100, align: 'right' },
    {
      title: t('cases.metrics.averageRating'),
      dataIndex: 'averageRating',
      width: 100,
      align: 'right',
      render: (v: number | null) => (v === null || v === undefined ? '—' : v.toFixed(2)),
    },
  ];
  const regColumns: TableColumnsType<RegRow> = [
    { title: t('cases.metrics.region'), dataIndex: 'name', fixed: 'left', width: 160 },
    { title: t('cases.metrics.total'), dataIndex: 'total', width: 80, align: 'right' },
    ...rateColumns<RegRow>(),
    overdueColumn<RegRow>(),
  ];
  const empty = { emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> };

  return (
    <RegionPage
      page={{ testId: 'case-metrics-page', title: t('cases.metrics.title'), desc: t('cases.metrics.desc'), crumbs: [t('menu.cases')] }}
      picker={{ scope, testId: 'metrics-region-picker', width: 220 }}
      actions={
        <>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            presets={[
              { label: t('cases.metrics.thisMonth'), value: [dayjs().startOf('month'), dayjs()] },
              { label: t('cases.metrics.lastMonth'), value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')] },
              { label: t('cases.metrics.thisYear'), value: [dayjs().startOf('year'), dayjs()] },
            ]}
            data-testid="metrics-range"
          />
          <CaseExportButton region={region} testId="metrics-export" download={(r) => casesApi.exportMetrics({ region: r, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') })} />
        </>
      }
    >
      {error && <Alert type="error" showIcon message={t('error.loadFailed')} description={error} data-testid="metrics-error" />}
      <Row gutter={[16, 16]} className="gz-mb16">
        {RATE_NAMES.map((r) => (
          <Col key={r} xs={12} md={8} xl={4}>
            <Card className="gz-card gz-stat-card" size="small" loading={loading && !data}>
              <Statistic
                title={<Defined label={rateLabel(r)} definition={t(`cases.rate.${r}.def` as MessageKey)} />}
                value={data ? percent(data[r]) : '—'}
                valueStyle={{ color: rateColor(r, data?.[r] ?? null), fontVariantNumeric: 'tabular-nums' }}
                data-testid={`metric-${r}`}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} className="gz-mb16">
        <CountCol label={t('cases.metrics.totalPeriod')} definition={t('cases.metrics.totalPeriod.def')} value={data?.total} testId="metric-total" />
        <CountCol label={t('cases.metrics.overdue')} definition={t('cases.metrics.overdue.def')} value={data?.overdue} alert testId="metric-overdue" />
        <CountCol label={t('cases.metrics.openOverdue')} definition={t('cases.metrics.openOverdue.def')} value={data?.openOverdue} alert testId="metric-open-overdue" />
        <Col xs={24} md={6}>
          <Card className="gz-card" size="small" title={t('cases.metrics.counts')}>
            <div className="gz-counts" data-testid="metric-counts">
              {data && Object.keys(data.counts ?? {}).length ? (
                Object.entries(data.counts)
                  .filter(([k]) => k !== 'total' && k !== 'overdue')
                  .map(([k, v]) => (
                  <span key={k} className="gz-count">
                    <span className="gz-muted">{countLabel(k)}</span> <b>{v}</b>
                  </span>
                ))
              ) : (
                <span className="gz-muted">—</span>
              )}
            </div>
          </Card>
        </Col>
      </Row>
      <Card className="gz-card" size="small">
        <Tabs
          items={[
            {
              key: 'category',
              label: t('cases.metrics.byCategory'),
              children: <Table<CatRow> rowKey="code" size="small" columns={catColumns} dataSource={data?.byCategory ?? []} loading={loading} scroll={{ x: 1000 }} pagination={false} locale={empty} data-testid="metrics-by-category" />,
            },
            {
              key: 'department',
              label: t('cases.metrics.byDepartment'),
              children: <Table<DeptRow> rowKey="id" size="small" columns={deptColumns} dataSource={data?.byDepartment ?? []} loading={loading} scroll={{ x: 1300 }} pagination={false} locale={empty} data-testid="metrics-by-department" />,
            },
            {
              key: 'region',
              label: t('cases.metrics.byRegion'),
              children: <Table<RegRow> rowKey="code" size="small" columns={regColumns} dataSource={data?.byRegion ?? []} loading={loading} scroll={{ x: 1000 }} pagination={false} locale={empty} data-testid="metrics-by-region" />,
            },
          ]}
        />
      </Card>
      <Collapse
        className="gz-mt16"
        items={[
          {
            key: 'defs',
            label: t('cases.metrics.definitions'),
            children: (
              <dl className="gz-defs" data-testid="metrics-definitions">
                {RATE_NAMES.map((r) => (
                  <div key={r}>
                    <dt>{rateLabel(r)}</dt>
                    <dd>{t(`cases.rate.${r}.def` as MessageKey)}</dd>
                  </div>
                ))}
                <div>
                  <dt>{t('cases.metrics.overdue')}</dt>
                  <dd>{t('cases.metrics.overdue.def')}</dd>
                </div>
                <div>
                  <dt>{t('cases.metrics.openOverdue')}</dt>
                  <dd>{t('cases.metrics.openOverdue.def')}</dd>
                </div>
                <Typography.Paragraph className="gz-small" data-testid="metrics-rater-rule">
                  {t('cases.metrics.raterRule')}
                </Typography.Paragraph>
                <Typography.Paragraph type="secondary" className="gz-small">
                  {t('cases.metrics.nullHint')}
                </Typography.Paragraph>
              </dl>
            ),
          },
        ]}
      />
    </RegionPage>
  );

  function countLabel(k: string): string {
    const key = `cases.count.${k}` as MessageKey;
    const s = t(key);
    if (s !== key) return s;
    return L.state(k) || k;
  }
}
