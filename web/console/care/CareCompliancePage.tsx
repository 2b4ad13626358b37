/** 关爱计划完成情况: compliance of the care plans for a region over a date range, by child region or grid. */
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Card, Col, DatePicker, Row, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { get } from '../../shared/api';
import type { ApiSchema } from '../../shared/apiTypes';
import { useLoad } from '../../shared/useLoad';
import { useI18n } from '../i18n';
import { RegionPage, useRegionParam } from '../regions/RegionPage';

type Compliance = ApiSchema<'CareCompliance'>;
type ChildRow = Compliance['byChild'][number];
const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);

export default function CareCompliancePage() {
  const { t, levelName } = useI18n();
  const scope = useRegionParam();
  const { region } = scope;
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  const from = range[0].format('YYYY-MM-DD'), to = range[1].format('YYYY-MM-DD');
  const rules = useLoad((signal) => get('/api/care/rules', { signal }), []);
  const { data, loading, error } = useLoad(region ? (signal) => get('/api/care/compliance', { query: { region, from, to }, signal }) : null, [region, from, to]);
  const columns: TableColumnsType<ChildRow> = [
    { title: t('care.region'), dataIndex: 'name', render: (n: string, r) => <>{n} <Tag>{levelName(r.level)}</Tag></> },
    { title: t('care.due'), dataIndex: 'due', align: 'right', width: 100 },
    { title: t('care.done'), dataIndex: 'done', align: 'right', width: 100 },
    { title: t('care.overdue'), dataIndex: 'overdue', align: 'right', width: 100, render: (v: number) => <span style={{ color: v ? '#cf1322' : undefined }}>{v}</span> },
    { title: t('care.open'), dataIndex: 'open', align: 'right', width: 100 },
    { title: t('care.rate'), dataIndex: 'rate', align: 'right', width: 100, render: (v: number | null) => percent(v) },
  ];
  const stat = (label: string, value: string | number | undefined, testId: string, color?: string) => (
    <Col xs={12} md={6} key={testId}>
      <Card className="gz-card gz-stat-card" size="small" loading={loading && !data}>
        <Statistic title={label} value={value ?? '—'} valueStyle={{ color, fontVariantNumeric: 'tabular-nums' }} data-testid={testId} />
      </Card>
    </Col>
  );
  return (
    <RegionPage
      page={{ testId: 'care-compliance-page', title: t('care.compliance.title'), desc: t('care.compliance.desc'), crumbs: [t('menu.people')] }}
      picker={{ scope, testId: 'care-region-picker', width: 220 }}
      actions={<DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} data-testid="care-range" />}
    >
      {error && <Alert type="error" showIcon message={t('error.loadFailed')} description={error} />}
      <Row gutter={[16, 16]} className="gz-mb16">
        {stat(t('care.due'), data?.due, 'care-due')}
        {stat(t('care.done'), data?.done, 'care-done')}
        {stat(t('care.overdue'), data?.overdue, 'care-overdue', data?.overdue ? '#cf1322' : undefined)}
        {stat(t('care.rate'), percent(data?.rate), 'care-rate')}
      </Row>
      <Card className="gz-card" size="small">
        <Table<ChildRow> rowKey="code" size="small" columns={columns} dataSource={data?.byChild ?? []} loading={loading} pagination={false} data-testid="care-by-child" />
      </Card>
      <Card className="gz-card gz-mt16" size="small" title={t('care.rules')}>
        <ul data-testid="care-rules">{(rules.data?.items ?? []).filter((r) => r.active).map((r) => <li key={r.id}>{r.label}</li>)}</ul>
        <Typography.Paragraph type="secondary" className="gz-small">{t('care.def')}</Typography.Paragraph>
      </Card>
    </RegionPage>
  );
}
