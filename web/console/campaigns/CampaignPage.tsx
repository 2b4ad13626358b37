/**
 * 专项行动详情 /campaigns/:id: the live roll-up by child region (a street's communities, a community's
 * grids; click a community to go down, ?region= keeps the place), the items with a status filter, the
 * Excel export (doors masked) and closing the campaign.
 */
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Descriptions, Popconfirm, Segmented, Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { useAuth } from '../../shared/auth';
import { useLoad } from '../../shared/useLoad';
import { campaignsApi, type CampaignItem, type CampaignRollup, type ItemStatus } from '../../shared/campaigns/api';
import { kindLabel, useCampaignText } from '../../shared/campaigns/text';
import { Page, clickableRow } from '../components';
import { DataTable } from '../lists';
import { fmtTime } from '../cases/casesCommon';
import { CAMPAIGN_ACTIONS, ProgressCell, StatusTag } from './CampaignsPage';

type Child = CampaignRollup['children'][number];

function answerText(t: (k: 'yes' | 'no') => string, v: unknown): string {
  if (v === true) return t('yes');
  if (v === false) return t('no');
  if (Array.isArray(v)) return `📷×${v.length}`;
  return v === null || v === undefined ? '' : String(v);
}

export default function CampaignPage() {
  const { t } = useCampaignText();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const id = Number(useParams().id);
  const [params, setParams] = useSearchParams();
  const region = params.get('region') ?? undefined;
  const [status, setStatus] = useState<ItemStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const roll = useLoad((signal) => campaignsApi.rollup(id, region, signal), [id, region]);
  const items = useLoad((signal) => campaignsApi.items(id, { region, status: status === 'all' ? undefined : status, limit: 50, offset: (page - 1) * 50 }, signal), [id, region, status, page]);
  const c = roll.data?.campaign;

  const goDown = (r: Child) => {
    if (roll.data?.by === 'community') {
      setParams({ region: r.code });
      setPage(1);
    }
  };
  const childColumns: TableColumnsType<Child> = [
    { title: t('col.child'), dataIndex: 'name', render: (v: string, r) => <span data-testid={`rollup-${r.code}`}>{v}</span> },
    { title: t('col.done'), dataIndex: 'done', width: 90 },
    { title: t('col.todo'), dataIndex: 'todo', width: 90 },
    { title: t('col.problems'), dataIndex: 'problems', width: 90, render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
    { title: t('col.progress'), key: 'p', width: 220, render: (_, r) => <ProgressCell c={r} /> },
  ];
  const itemColumns: TableColumnsType<CampaignItem> = [
    { title: t('col.grid'), dataIndex: 'gridName', width: 120 },
    { title: t('col.place'), key: 'place', render: (_, i) => `${i.place}${i.room ? ` ${i.room}` : ''}` },
    {
      title: t('col.status'), key: 'status', width: 110,
      render: (_, i) => (i.version === 0 ? <Tag>{t('filter.todo')}</Tag> : i.problem ? <Tag color="red">{t('filter.problem')}</Tag> : <Tag color="green">{t('filter.done')}</Tag>),
    },
    ...(c?.checklist ?? []).map((x) => ({ title: x.label, key: x.key, width: 110, render: (_: unknown, i: CampaignItem) => answerText(t, i.answers?.[x.key]) })),
    { title: t('col.note'), dataIndex: 'note', ellipsis: true },
    { title: t('col.answeredBy'), key: 'by', width: 170, render: (_, i) => (i.answeredAt ? `${i.answeredBy ?? ''} ${fmtTime(i.answeredAt)}` : '—') },
    { title: t('col.case'), dataIndex: 'caseNumber', width: 150, render: (v: string | null, i) => (v ? <a href={`/cases/${i.caseId}`}>{v}</a> : '—') },
  ];

  const exportXlsx = async () => {
    try {
      await campaignsApi.exportXlsx(id, region);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const close = async () => {
    try {
      await campaignsApi.close(id);
      message.success(t('detail.closed'));
      roll.reload();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <Page
      page={{ testId: 'campaign-page', title: c?.title ?? '…', crumbs: [t('menu')] }}
      extra={
        <Space>
          {region && (
            <Button onClick={() => setParams({})} data-testid="campaign-up">
              {t('detail.up')}
            </Button>
          )}
          <Button icon={<ReloadOutlined />} onClick={() => { roll.reload(); items.reload(); }}>
            {t('common.reload')}
          </Button>
          {can(CAMPAIGN_ACTIONS.export) && (
            <Button icon={<DownloadOutlined />} onClick={exportXlsx} data-testid="campaign-export">
              {t('detail.export')}
            </Button>
          )}
          {can(CAMPAIGN_ACTIONS.close) && c?.state === 'running' && (
            <Popconfirm title={t('detail.closeConfirm')} onConfirm={close}>
              <Button danger data-testid="campaign-close">
                {t('detail.close')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      }
    >
      {roll.error && <Alert type="error" showIcon message={roll.error} className="gz-mb16" />}
      {c && (
        <Card className="gz-mb16">
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('col.kind')}>{kindLabel(t, c.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('col.region')}>{c.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('col.unit')}>{t(`unit.${c.targetUnit}`)}</Descriptions.Item>
            <Descriptions.Item label={t('col.deadline')}>{c.deadline}</Descriptions.Item>
            <Descriptions.Item label={t('col.status')}><StatusTag c={c} /></Descriptions.Item>
            <Descriptions.Item label={t('col.progress')}>{roll.data && <ProgressCell c={roll.data.totals} />}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card title={`${t('detail.rollup')}${roll.data ? ` · ${roll.data.region.name}` : ''}`} className="gz-mb16">
        <DataTable<Child>
          testId="campaign-rollup"
          rowKey="code"
          loading={roll.loading}
          dataSource={roll.data?.children ?? []}
          columns={childColumns}
          onRow={(r) => clickableRow({ 'data-testid': `rollup-row-${r.code}` }, () => goDown(r))}
        />
      </Card>
      <Card
        title={t('detail.items')}
        extra={
          <Segmented
            data-testid="campaign-items-filter"
            value={status}
            onChange={(v) => { setStatus(v as ItemStatus | 'all'); setPage(1); }}
            options={(['all', 'todo', 'done', 'problem'] as const).map((s) => ({ value: s, label: t(`filter.${s}`) }))}
          />
        }
      >
        <DataTable<CampaignItem>
          testId="campaign-items"
          loading={items.loading}
          dataSource={items.data?.items ?? []}
          columns={itemColumns}
          scroll={{ x: 'max-content' }}
          pagination={{ current: page, pageSize: 50, total: items.data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        />
      </Card>
    </Page>
  );
}
