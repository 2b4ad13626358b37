/**
 * 物业公示 (民法典 art. 943) of a region: 公示监管 — per compound the categories now due, their
 * period and due date, disclosed ✓ / 逾期 / 待公示, with the totals; 公示记录 — what was published,
 * a drawer with the content and, for fund statements, the figures in yuan; 发布公示 for those who
 * publish (community staff, property staff, owners' committee members).
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Input, Row, Segmented, Select, Space, Statistic, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckOutlined, FileProtectOutlined, SendOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { todayStr } from '../people/peopleCommon';
import { categoryLabel, chinaDate, formatFen, periodLabel } from '../../shared/property/text';
import { AttachmentList } from './disclosureFiles';
import { DetailDrawer, ListCard } from '../lists';
import { useLoad } from '../../shared/useLoad';
import { DISCLOSURE_CATEGORIES, partyApi } from '../party/partyApi';
import type { CompoundCompliance, Disclosure, DisclosureCategory, DueDisclosure, FundStatement } from '../party/partyApi';
import DisclosureModal, { type DisclosurePrefill } from './DisclosureModal';
import { usePropertyAbilities } from '../credit/abilities';
import { NameCell, rowTestId } from '../components';

type View = 'compliance' | 'records';
/** The categories with a fixed period (committee decisions are published when taken). */
const DUE_CATEGORIES = DISCLOSURE_CATEGORIES.filter((c) => c !== 'committee_decision');

const isOverdue = (d: DueDisclosure, today: string) => d.overdue ?? (!d.disclosed && today > d.dueBy);

// ---------------------------------------------------------------- 公示监管

function DueCell({ due, onPublish }: { due: DueDisclosure | undefined; onPublish?: () => void }) {
  const { t, lang } = useI18n();
  if (!due) return <span className="gz-muted">—</span>;
  const state = due.disclosed ? 'disclosed' : isOverdue(due, todayStr()) ? 'overdue' : 'pending';
  return (
    <div data-testid={`due-${due.category}`} data-state={state} data-period={due.period}>
      <div className="gz-small">{periodLabel(due.period, lang)}</div>
      {state === 'disclosed' ? (
        <Tooltip title={due.lastPublishedAt ? t('disc.publishedOn', { date: chinaDate(due.lastPublishedAt) }) : undefined}>
          <Tag color="green" icon={<CheckOutlined />}>
            {t('disc.state.disclosed')}
          </Tag>
        </Tooltip>
      ) : (
        <Tooltip title={t('disc.dueBy', { date: due.dueBy })}>
          <Tag color={state === 'overdue' ? 'red' : 'orange'}>{t(`disc.state.${state}`)}</Tag>
        </Tooltip>
      )}
      {state !== 'disclosed' && (
        <div className="gz-small gz-muted">
          {t('disc.dueBy', { date: due.dueBy })}
          {onPublish && (
            <Typography.Link className="gz-small" style={{ marginLeft: 6 }} onClick={onPublish} data-testid="due-publish">
              {t('disc.publishShort')}
            </Typography.Link>
          )}
        </div>
      )}
    </div>
  );
}

function ComplianceView({ region, nonce, onPublish }: { region: string; nonce: number; onPublish?: (p: DisclosurePrefill) => void }) {
  const { t, lang } = useI18n();
  const data = useLoad((s) => partyApi.compliance(region, s), [region, nonce]);
  const [onlyOverdue, setOnlyOverdue] = useState(false);
  const [q, setQ] = useState('');
  const items = useMemo(
    () => (data.data?.items ?? []).filter((c) => (!onlyOverdue || c.overdue > 0) && (!q.trim() || c.compoundName.includes(q.trim()) || (c.company?.name ?? '').includes(q.trim()))),
    [data.data, onlyOverdue, q],
  );
  const overdueItems = (data.data?.items ?? []).reduce((a, c) => a + c.overdue, 0);

  const columns: TableColumnsType<CompoundCompliance> = [
    {
      title: t('party.committee.compound'),
      dataIndex: 'compoundName',
      width: 180,
      render: (n: string, c) => <NameCell name={n} sub={c.communityName} testId="compliance-compound" />,
    },
    { title: t('disc.company'), key: 'company', width: 200, render: (_, c) => c.company?.name ?? <span className="gz-muted">{t('disc.noCompany')}</span> },
    ...DUE_CATEGORIES.map((cat) => ({
      title: categoryLabel(cat, lang),
      key: cat,
      width: 130,
      render: (_: unknown, c: CompoundCompliance) => {
        const due = c.due.find((d) => d.category === cat);
        return <DueCell due={due} onPublish={due && onPublish ? () => onPublish({ compoundId: c.compoundId, category: cat, period: due.period }) : undefined} />;
      },
    })),
    {
      title: t('disc.overdueCount'),
      dataIndex: 'overdue',
      width: 80,
      align: 'right',
      render: (n: number) => (n > 0 ? <Typography.Text type="danger">{n}</Typography.Text> : <span className="gz-muted">0</span>),
    },
  ];

  if (data.error) return <Alert type="error" showIcon message={t('error.loadFailed')} description={data.error} />;
  return (
    <div className="gz-stack" data-testid="disclosure-compliance">
      <Row gutter={[16, 16]} className="gz-mb16">
        <Col xs={12} md={6}>
          <Card className="gz-card" size="small">
            <div data-testid="compliance-compounds" data-value={data.data?.compounds ?? ''}>
              <Statistic title={t('disc.compounds')} value={data.data?.compounds ?? '—'} loading={!data.data} />
            </div>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card className="gz-card" size="small">
            <div data-testid="compliance-overdue-compounds" data-value={data.data?.overdueCompounds ?? ''}>
              <Statistic
                title={t('disc.overdueCompounds')}
                value={data.data?.overdueCompounds ?? '—'}
                loading={!data.data}
                valueStyle={data.data?.overdueCompounds ? { color: '#c8161d' } : undefined}
              />
            </div>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card className="gz-card" size="small">
            <Statistic title={t('disc.overdueItems')} value={data.data ? overdueItems : '—'} loading={!data.data} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card className="gz-card" size="small">
            <Typography.Text type="secondary" className="gz-small">
              {t('disc.rule')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <ListCard<CompoundCompliance>
        summary={t('disc.complianceSummary', { n: items.length })}
        extra={
          <>
            <Input.Search allowClear placeholder={t('disc.filterCompound')} onChange={(e) => setQ(e.target.value)} style={{ width: 220 }} />
            <Space size={6}>
              <Switch size="small" checked={onlyOverdue} onChange={setOnlyOverdue} data-testid="compliance-only-overdue" />
              <span className="gz-small">{t('disc.onlyOverdue')}</span>
            </Space>
          </>
        }
        state={{ error: null, loading: data.loading }}
        rowKey="compoundId"
        columns={columns}
        dataSource={items}
        empty={t(onlyOverdue ? 'disc.noOverdue' : 'disc.noCompounds')}
        testId="compliance-table"
        rowAttrs={(c) => ({ 'data-testid': `compliance-row-${c.compoundId}`, 'data-compound': c.compoundName })}
      />
    </div>
  );
}

// ---------------------------------------------------------------- 公示记录

/** A fund statement in yuan: opening, each income and spending line with their totals, closing. */
export function FundTable({ figures }: { figures: FundStatement }) {
  const { t } = useI18n();
  const income = figures.income.reduce((a, l) => a + l.amount, 0);
  const spending = figures.spending.reduce((a, l) => a + l.amount, 0);
  const diff = figures.opening + income - spending - figures.closing;
  type Row = { key: string; label: string; amount: string; testId: string; strong?: boolean; indent?: boolean };
  const line = (kind: 'income' | 'spending', sign: string) => (l: FundStatement['income'][number], i: number): Row => ({
    key: `${kind}-${i}`,
    label: l.item,
    amount: `${sign}${formatFen(l.amount)}`,
    testId: `fund-${kind}`,
    indent: true,
  });
  const rows: Row[] = [
    { key: 'opening', label: t('disc.fund.opening'), amount: formatFen(figures.opening), testId: 'fund-opening', strong: true },
    ...figures.income.map(line('income', '+')),
    { key: 'income', label: t('disc.fund.incomeTotal'), amount: `+${formatFen(income)}`, testId: 'fund-income-total', strong: true },
    ...figures.spending.map(line('spending', '−')),
    { key: 'spending', label: t('disc.fund.spendingTotal'), amount: `−${formatFen(spending)}`, testId: 'fund-spending-total', strong: true },
    { key: 'closing', label: t('disc.fund.closing'), amount: formatFen(figures.closing), testId: 'fund-closing', strong: true },
  ];
  return (
    <>
      <Table<Row>
        rowKey="key"
        size="small"
        bordered
        pagination={false}
        dataSource={rows}
        data-testid="fund-table"
        onRow={rowTestId((r) => r.testId)}
        columns={[
          { title: t('disc.fund.item'), dataIndex: 'label', render: (v: string, r) => (r.strong ? <b>{v}</b> : <span style={{ paddingLeft: r.indent ? 16 : 0 }}>{v}</span>) },
          { title: t('disc.fund.amountYuan'), dataIndex: 'amount', align: 'right', width: 200, render: (v: string, r) => <span className="gz-mono" data-testid={`${r.testId}-amount`}>{r.strong ? <b>{v}</b> : v}</span> },
        ]}
      />
      {diff !== 0 && <Alert className="gz-mt8" type="warning" showIcon message={t('disc.fund.unbalanced', { v: formatFen(diff) })} />}
    </>
  );
}

function DisclosureDrawer({ disclosure, onClose }: { disclosure: Disclosure | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const d = disclosure;
  return (
    <DetailDrawer open={!!d} onClose={onClose} width={720} icon={<FileProtectOutlined />} name={d?.title} testId="disclosure-drawer" error={null} ready={!!d}>
      {d && (
        <>
          <Descriptions size="small" bordered column={2} className="gz-mb16">
            <Descriptions.Item label={t('party.committee.compound')}>{d.compoundName}</Descriptions.Item>
            <Descriptions.Item label={t('disc.category')}>
              <Tag bordered={false} color="blue" data-testid="disclosure-drawer-category">
                {categoryLabel(d.category, lang)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('disc.period')}>
              <span data-testid="disclosure-drawer-period">{periodLabel(d.period, lang)}</span>
              <div className="gz-muted gz-small">
                {d.periodStart} ~ {d.periodEnd}
              </div>
            </Descriptions.Item>
            <Descriptions.Item label={t('disc.publishedAt')}>{chinaDate(d.publishedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('disc.publisher')} span={2}>
              {d.publisher.name ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('disc.content')}</Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="disclosure-drawer-content">
            {d.content}
          </Typography.Paragraph>
          {d.figures && (
            <>
              <Typography.Title level={5}>
                {t('disc.fund.title')} <span className="gz-muted gz-small">{t('disc.fund.unit')}</span>
              </Typography.Title>
              <FundTable figures={d.figures} />
            </>
          )}
          <AttachmentList files={d.attachments ?? []} />
        </>
      )}
    </DetailDrawer>
  );
}

function RecordsView({ region, nonce, onNew }: { region: string; nonce: number; onNew?: () => void }) {
  const { t, lang } = useI18n();
  const list = useLoad((s) => partyApi.disclosures(region, s), [region, nonce]);
  const [category, setCategory] = useState<DisclosureCategory | undefined>();
  const [q, setQ] = useState('');
  const [openId, setOpenId] = useState<number | null>(null);
  const words = q.trim();

  const columns: TableColumnsType<Disclosure> = [
    { title: t('disc.publishedAt'), dataIndex: 'publishedAt', width: 110, render: (v: string) => chinaDate(v) },
    { title: t('party.committee.compound'), dataIndex: 'compoundName', width: 160 },
    { title: t('disc.category'), dataIndex: 'category', width: 150, render: (c: DisclosureCategory) => <Tag bordered={false} color="blue">{categoryLabel(c, lang)}</Tag> },
    { title: t('disc.period'), dataIndex: 'period', width: 140, render: (p: string) => periodLabel(p, lang) },
    {
      title: t('disc.title'),
      dataIndex: 'title',
      render: (v: string, d) => (
        <Typography.Link onClick={() => setOpenId(d.id)} data-testid="disclosure-title">
          {v}
        </Typography.Link>
      ),
    },
    { title: t('disc.publisher'), key: 'publisher', width: 200, render: (_, d) => d.publisher.name ?? '—' },
  ];

  return (
    <ListCard<Disclosure>
      summary={(n) => t('disc.recordsSummary', { n })}
      create={onNew && { label: t('disc.new'), onClick: onNew, testId: 'disclosure-publish' }}
      extra={
        <>
          <Select<DisclosureCategory>
            allowClear
            placeholder={t('disc.category')}
            style={{ width: 170 }}
            value={category}
            onChange={setCategory}
            options={DISCLOSURE_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c, lang) }))}
            data-testid="disclosure-filter-category"
          />
          <Input.Search allowClear placeholder={t('disc.filterRecords')} onChange={(e) => setQ(e.target.value)} style={{ width: 220 }} />
        </>
      }
      state={list}
      columns={columns}
      filter={(d) => (!category || d.category === category) && (!words || d.compoundName.includes(words) || d.title.includes(words))}
      empty={t('disc.noRecords')}
      testId="disclosures-table"
      rowAttrs={(d) => ({ 'data-testid': `disclosure-row-${d.id}`, 'data-category': d.category })}
    >
      <DisclosureDrawer disclosure={list.data?.items.find((d) => d.id === openId) ?? null} onClose={() => setOpenId(null)} />
    </ListCard>
  );
}

// ---------------------------------------------------------------- the tab

export default function DisclosuresTab({ region }: { region: string | null }) {
  const { t } = useI18n();
  const roles = usePropertyAbilities();
  const [view, setView] = useState<View>(roles.canCompliance ? 'compliance' : 'records');
  const [nonce, setNonce] = useState(0);
  const [prefill, setPrefill] = useState<DisclosurePrefill | null>(null);
  const publish = roles.canPublish ? (p: DisclosurePrefill) => setPrefill(p) : undefined;
  if (!region) return null;
  return (
    <div data-testid="disclosures-tab">
      <Space className="gz-mb16" wrap>
        {roles.canCompliance && (
          <Segmented<View>
            value={view}
            onChange={setView}
            options={[
              { value: 'compliance', label: <span data-testid="disc-view-compliance">{t('disc.view.compliance')}</span> },
              { value: 'records', label: <span data-testid="disc-view-records">{t('disc.view.records')}</span> },
            ]}
          />
        )}
        {roles.canPublish && view === 'compliance' && (
          <Button type="primary" icon={<SendOutlined />} onClick={() => setPrefill({})} data-testid="disclosure-publish">
            {t('disc.new')}
          </Button>
        )}
      </Space>
      {view === 'compliance' ? (
        <ComplianceView region={region} nonce={nonce} onPublish={publish} />
      ) : (
        <RecordsView region={region} nonce={nonce} onNew={publish && (() => publish({}))} />
      )}
      <DisclosureModal open={!!prefill} region={region} prefill={prefill} onClose={() => setPrefill(null)} onPublished={() => setNonce((n) => n + 1)} />
    </div>
  );
}
