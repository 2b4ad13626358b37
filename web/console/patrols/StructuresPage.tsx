/**
 * 拆违台账 (/structures?region=): counts per child region (a street's communities, a community's grids)
 * and the register of the region, each structure's steps in its drawer.
 */
import { useState } from 'react';
import { Alert, Card, Col, Descriptions, Image, Row, Space, Statistic, Tag, Timeline } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { patrolsApi, type Structure, type StructureCounts } from '../../shared/patrols/api';
import { usePatrolText, type PatrolTextKey } from '../../shared/patrols/text';
import { useLoad } from '../../shared/useLoad';
import { clickableRow, serverPager, type PageAt } from '../components';
import { DataTable, DetailDrawer } from '../lists';
import { RegionPage, useRegionParam } from '../regions/RegionPage';
import { useI18n } from '../i18n';

const STATE_COLOR: Record<string, string> = { registered: 'orange', persuading: 'blue', self_removed: 'green', assisted_removed: 'cyan', enforcement: 'red' };
const COUNT_KEYS = ['total', 'open', 'selfRemoved', 'assistedRemoved', 'enforcement'] as const;
type Child = StructureCounts['byChild'][number];

function StructureDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { tx } = usePatrolText();
  const one = useLoad(id ? (s) => patrolsApi.structure(id, s) : null, [id]);
  const s = one.data;
  return (
    <DetailDrawer open={id !== null} onClose={onClose} width={520} icon={<HomeOutlined />} name={s?.address} testId="structure-drawer" error={one.error} ready={!!s}>
      {s && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={tx('structure.state')}><Tag color={STATE_COLOR[s.state]}>{tx(`structure.state.${s.state}`)}</Tag></Descriptions.Item>
            <Descriptions.Item label={tx('patrol.grid')}>{s.gridCode ?? s.communityCode}</Descriptions.Item>
            <Descriptions.Item label={tx('structure.area')}>{s.areaM2}</Descriptions.Item>
            <Descriptions.Item label={tx('structure.foundOn')}>{s.foundOn}</Descriptions.Item>
            {s.closedOn && <Descriptions.Item label={tx('structure.closedOn')}>{s.closedOn}</Descriptions.Item>}
            {s.householdId && <Descriptions.Item label={tx('structure.household')}>{s.householdId}</Descriptions.Item>}
            {s.description && <Descriptions.Item label={tx('structure.description')}>{s.description}</Descriptions.Item>}
          </Descriptions>
          {s.photos.length > 0 && (
            <Image.PreviewGroup>
              <Space wrap>{s.photos.map((p) => <Image key={p} width={96} src={patrolsApi.photoUrl(p)} />)}</Space>
            </Image.PreviewGroup>
          )}
          <Card size="small" title={tx('structure.steps')}>
            <Timeline
              items={s.events.map((e) => ({
                children: (
                  <div data-testid="structure-event">
                    <b>{e.on}</b> {tx(`structure.action.${e.action}` as PatrolTextKey)} · {e.actorName}
                    {e.note && <div className="gz-small gz-muted">{e.note}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Space>
      )}
    </DetailDrawer>
  );
}

export default function StructuresPage() {
  const { tx } = usePatrolText();
  const { t } = useI18n();
  const scope = useRegionParam();
  const { region, setRegion } = scope;
  const counts = useLoad(region ? (s) => patrolsApi.counts(region, s) : null, [region]);
  const [page, setPage] = useState<PageAt>({ current: 1, pageSize: 20 });
  const list = useLoad(region ? (s) => patrolsApi.structures({ region, limit: page.pageSize, offset: (page.current - 1) * page.pageSize }, s) : null, [region, page]);
  const [open, setOpen] = useState<number | null>(null);
  const c = counts.data;
  return (
    <RegionPage page={{ testId: 'structures-page', title: tx('structure.list'), desc: tx('structure.listDesc'), crumbs: [t('menu.grids')] }} picker={{ scope, testId: 'structures-region-picker', width: 240 }}>
      {(counts.error || list.error) && <Alert className="gz-mb16" type="warning" showIcon message={counts.error ?? list.error} />}
      {c && (
        <Row gutter={[16, 16]} className="gz-mb16">
          {COUNT_KEYS.map((k) => (
            <Col key={k} xs={12} md={4}>
              <Card className="gz-card" size="small">
                <Statistic title={tx(`structure.${k}`)} value={c[k]} valueRender={() => <span data-testid={`structure-count-${k}`}>{c[k]}</span>} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
      {c && c.byChild.length > 0 && (
        <Card className="gz-card gz-mb16" size="small" title={tx('structure.counts')}>
          <DataTable<Child>
            rowKey="code"
            size="small"
            testId="structure-counts-table"
            dataSource={c.byChild}
            pageSize={20}
            onRow={(r) => clickableRow({ 'data-testid': `structure-child-${r.code}` }, () => c.level !== 'community' && setRegion(r.code))}
            columns={[
              { title: tx('structure.region'), dataIndex: 'name' },
              ...COUNT_KEYS.map((k) => ({ title: tx(`structure.${k}`), dataIndex: k, align: 'right' as const })),
            ]}
          />
        </Card>
      )}
      <Card className="gz-card" size="small" title={tx('structure.list')}>
        <DataTable<Structure>
          testId="structures-table"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          empty={tx('structure.none')}
          onRow={(s) => clickableRow({ 'data-testid': `structure-row-${s.id}` }, () => setOpen(s.id))}
          pagination={serverPager(page, setPage, list.data?.total ?? 0, (n) => `${n}`)}
          columns={[
            { title: tx('structure.address'), dataIndex: 'address' },
            { title: tx('structure.area'), dataIndex: 'areaM2', align: 'right' },
            { title: tx('structure.foundOn'), dataIndex: 'foundOn' },
            { title: tx('structure.state'), dataIndex: 'state', render: (v: Structure['state']) => <Tag color={STATE_COLOR[v]}>{tx(`structure.state.${v}`)}</Tag> },
            { title: tx('structure.visitsHeader'), dataIndex: 'visits', align: 'right' },
            { title: tx('structure.closedOn'), dataIndex: 'closedOn', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <StructureDrawer id={open} onClose={() => setOpen(null)} />
    </RegionPage>
  );
}
