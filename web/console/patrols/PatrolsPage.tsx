/**
 * 巡查记录 (/patrols?region=): the patrols of a region in the caller's area; a patrol's drawer shows its
 * members, summary and the cases reported from it, and — only to the patroller and community and
 * street staff (the server says: `trackVisible`) — the precise track, each viewing audited.
 */
import { lazy, Suspense, useState } from 'react';
import { Alert, Button, Descriptions, Empty, Space, Tag } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { patrolsApi, type Patrol } from '../../shared/patrols/api';
import { chinaTime, usePatrolText } from '../../shared/patrols/text';
import { useLoad } from '../../shared/useLoad';
import { clickableRow, serverPager, type PageAt } from '../components';
import { DataTable, DetailDrawer } from '../lists';
import { RegionPage, useRegionParam } from '../regions/RegionPage';
import { useI18n } from '../i18n';

const TrackMap = lazy(() => import('./TrackMap'));

function PatrolDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { tx } = usePatrolText();
  const one = useLoad(id ? (s) => patrolsApi.one(id, s) : null, [id]);
  const [showTrack, setShowTrack] = useState(false);
  const track = useLoad(id && showTrack ? (s) => patrolsApi.track(id, s) : null, [id, showTrack]);
  const p = one.data;
  return (
    <DetailDrawer open={id !== null} onClose={onClose} width={560} icon={<EnvironmentOutlined />} name={p && `${p.patroller} · ${chinaTime(p.startedAt)}`} testId="patrol-drawer" error={one.error} ready={!!p}>
      {p && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={tx('patrol.kind')}>{tx(`patrol.kind.${p.kind}`)}</Descriptions.Item>
            <Descriptions.Item label={tx('patrol.grid')}>{p.gridCode ?? p.communityCode}</Descriptions.Item>
            <Descriptions.Item label={tx('patrol.startedAt')}>{chinaTime(p.startedAt)}</Descriptions.Item>
            <Descriptions.Item label={tx('patrol.endedAt')}>{p.endedAt ? chinaTime(p.endedAt) : <Tag color="processing">{tx('patrol.open')}</Tag>}</Descriptions.Item>
            {p.members.length > 0 && <Descriptions.Item label={tx('patrol.members')}>{p.members.map((m) => m.name).join('、')}</Descriptions.Item>}
            {p.note && <Descriptions.Item label={tx('patrol.note')}>{p.note}</Descriptions.Item>}
            {p.summary && <Descriptions.Item label={tx('patrol.summary')}>{p.summary}</Descriptions.Item>}
            <Descriptions.Item label={tx('patrol.report')}>
              {p.cases.length ? p.cases.map((c) => <Link key={c.id} to={`/cases/${c.id}`} style={{ marginRight: 8 }}>{c.number}</Link>) : '—'}
            </Descriptions.Item>
          </Descriptions>
          {!p.trackVisible ? (
            <Alert type="info" showIcon message={tx('patrol.trackHidden')} data-testid="patrol-track-hidden" />
          ) : !showTrack ? (
            <Button icon={<EnvironmentOutlined />} onClick={() => setShowTrack(true)} data-testid="patrol-track-show">
              {tx('patrol.viewTrack')} · {tx('patrol.points', { n: p.points })}
            </Button>
          ) : track.error ? (
            <Alert type="warning" showIcon message={track.error} />
          ) : track.data && track.data.points.length === 0 ? (
            <Empty description={tx('patrol.trackEmpty')} />
          ) : track.data ? (
            <Suspense fallback={null}>
              <TrackMap points={track.data.points} />
              <div className="gz-small gz-muted">{tx('patrol.trackHint', { days: track.data.retentionDays })}</div>
            </Suspense>
          ) : null}
        </Space>
      )}
    </DetailDrawer>
  );
}

export default function PatrolsPage() {
  const { tx } = usePatrolText();
  const { t } = useI18n();
  const scope = useRegionParam();
  const { region } = scope;
  const [page, setPage] = useState<PageAt>({ current: 1, pageSize: 20 });
  const list = useLoad(region ? (s) => patrolsApi.list({ region, limit: page.pageSize, offset: (page.current - 1) * page.pageSize }, s) : null, [region, page]);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <RegionPage page={{ testId: 'patrols-page', title: tx('patrol.list'), desc: tx('patrol.listDesc'), crumbs: [t('menu.grids')] }} picker={{ scope, testId: 'patrols-region-picker', width: 240 }}>
      {list.error && <Alert className="gz-mb16" type="warning" showIcon message={list.error} />}
      <DataTable<Patrol>
        testId="patrols-table"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        empty={tx('patrol.none')}
        onRow={(p) => clickableRow({ 'data-testid': `patrol-row-${p.id}` }, () => setOpen(p.id))}
        pagination={serverPager(page, setPage, list.data?.total ?? 0, (n) => `${n}`)}
        columns={[
          { title: tx('patrol.patroller'), dataIndex: 'patroller' },
          { title: tx('patrol.kind'), dataIndex: 'kind', render: (k: Patrol['kind']) => <Tag color={k === 'joint' ? 'purple' : 'blue'}>{tx(`patrol.kind.${k}`)}</Tag> },
          { title: tx('patrol.grid'), key: 'grid', render: (_, p) => p.gridCode ?? p.communityCode },
          { title: tx('patrol.startedAt'), dataIndex: 'startedAt', render: (v: string) => chinaTime(v) },
          { title: tx('patrol.endedAt'), dataIndex: 'endedAt', render: (v: string | null) => (v ? chinaTime(v) : <Tag color="processing">{tx('patrol.open')}</Tag>) },
          { title: tx('patrol.report'), key: 'cases', render: (_, p) => p.cases.length || '—' },
          { title: tx('patrol.members'), key: 'members', render: (_, p) => p.members.map((m) => m.name).join('、') || '—' },
        ]}
      />
      <PatrolDrawer id={open} onClose={() => setOpen(null)} />
    </RegionPage>
  );
}
