/**
 * How one company's score was reached: total, grade, list and consequence; each dimension with its
 * weight, score and weighted part and the evidence behind it (an appraiser's score and note, the
 * owners' survey, the compounds' cases, disclosure compliance, credit records — or "无数据"); the
 * records counted and the notes on the computation.
 */
import type { HTMLAttributes } from 'react';
import { Descriptions, Empty, List, Table, Tag, Typography } from 'antd';
import { TrophyOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { evidenceLabel } from '../../shared/property/text';
import { fmtPct } from '../party/partyCommon';
import { DataTable, DetailDrawer } from '../lists';
import type { Breakdown, Evidence, SchemeKind } from './creditApi';
import { Grade, ListTag } from './creditCommon';

type Dimension = Breakdown['dimensions'][number];

function EvidenceList({ evidence }: { evidence: Evidence[] }) {
  const { t, lang } = useI18n();
  if (!evidence.length) return <span className="gz-muted gz-small">{t('credit.noEvidence')}</span>;
  return (
    <List<Evidence>
      size="small"
      dataSource={evidence}
      renderItem={(e) => {
        const none = e.value === null || e.value === undefined || e.value === '';
        return (
          <List.Item data-testid="evidence" data-kind={e.kind} data-empty={none ? 'true' : 'false'}>
            <div>
              <Tag color={none ? 'default' : 'geekblue'} bordered={false}>
                {evidenceLabel(e.kind, lang)}
              </Tag>
              <span data-testid="evidence-label">{e.label}</span>
              {!none && (
                <b className="gz-mono" style={{ marginLeft: 8 }} data-testid="evidence-value">
                  {e.value}
                </b>
              )}
              {e.detail && <div className="gz-muted gz-small gz-mt4">{e.detail}</div>}
            </div>
          </List.Item>
        );
      }}
    />
  );
}

export default function BreakdownDrawer(props: { company: string | null; breakdown: Breakdown | null; kind: SchemeKind; onClose: () => void }) {
  const { t } = useI18n();
  const { breakdown: b, kind } = props;
  return (
    <DetailDrawer open={!!props.company} onClose={props.onClose} width={820} icon={<TrophyOutlined />} name={props.company} testId="breakdown-drawer" error={null} ready={!!b}>
      {b && (
        <>
          <Descriptions size="small" bordered column={2} className="gz-mb16">
            <Descriptions.Item label={t('credit.total')}>
              <b data-testid="breakdown-total">{b.total}</b>
            </Descriptions.Item>
            <Descriptions.Item label={t('credit.grade')}>
              <Grade grade={b.grade} kind={kind} /> {b.list && <ListTag list={b.list} />}
            </Descriptions.Item>
            <Descriptions.Item label={t('credit.consequence')} span={2}>
              <span data-testid="breakdown-consequence">{b.consequence ?? '—'}</span>
            </Descriptions.Item>
          </Descriptions>
          <DataTable<Dimension>
            rowKey="key"
            size="small"
            dataSource={b.dimensions}
            testId="breakdown-dimensions"
            onRow={(d) => ({ 'data-testid': 'breakdown-dimension', 'data-key': d.key }) as HTMLAttributes<HTMLElement>}
            expandable={{ defaultExpandAllRows: true, expandedRowRender: (d) => <EvidenceList evidence={d.evidence} />, rowExpandable: () => true }}
            columns={[
              { title: t('credit.dimension'), dataIndex: 'name' },
              // points schemes add (+1) or take off (−1) a whole part: no weight to show
              { title: t('credit.weight'), dataIndex: 'weight', width: 90, align: 'right', render: (w: number) => (Math.abs(w) === 1 ? '—' : fmtPct(w)) },
              { title: t('credit.dimScore'), dataIndex: 'score', width: 90, align: 'right' },
              { title: t('credit.weighted'), dataIndex: 'weighted', width: 90, align: 'right', render: (v: number) => <b>{v}</b> },
            ]}
          />
          {b.records?.length > 0 && (
            <>
              <Typography.Title level={5} className="gz-mt16">
                {t('credit.records')}
              </Typography.Title>
              <Table
                rowKey={(_, i) => String(i)}
                size="small"
                pagination={false}
                dataSource={b.records}
                data-testid="breakdown-records"
                columns={[
                  { title: t('credit.record.occurredOn'), dataIndex: 'occurredOn', width: 110 },
                  {
                    title: t('credit.record.kind'),
                    dataIndex: 'kind',
                    width: 110,
                    render: (k: 'good' | 'bad', r) => (
                      <>
                        <Tag color={k === 'good' ? 'green' : 'red'}>{t(`credit.record.${k}`)}</Tag>
                        {r.serious && <Tag color="magenta">{t('credit.record.serious')}</Tag>}
                      </>
                    ),
                  },
                  { title: t('credit.record.reason'), dataIndex: 'reason' },
                  { title: t('credit.record.points'), dataIndex: 'points', width: 70, align: 'right', render: (p: number, r) => (r.kind === 'bad' ? `−${p}` : `+${p}`) },
                  { title: t('credit.record.counted'), dataIndex: 'counted', width: 90, render: (c: boolean | undefined) => (c === false ? <span className="gz-muted">{t('credit.record.expired')}</span> : '✓') },
                ]}
              />
            </>
          )}
          <Typography.Title level={5} className="gz-mt16">
            {t('credit.reasons')}
          </Typography.Title>
          {b.reasons?.length ? (
            <ul data-testid="breakdown-reasons">
              {b.reasons.map((r, i) => (
                <li key={i} data-testid="breakdown-reason">
                  {r}
                </li>
              ))}
            </ul>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('credit.noReasons')} />
          )}
        </>
      )}
    </DetailDrawer>
  );
}
