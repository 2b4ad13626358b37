/**
 * 交叉任职: people with current posts in two or more of the community's two committees, an
 * owners' committee and a property company or outlet; counted per community, listed with posts.
 */
import type { HTMLAttributes } from 'react';
import { Alert, Card, Col, Empty, Row, Statistic, Table, Tag } from 'antd';
import { useI18n } from '../i18n';
import { label, PartyStatusTag } from '../party/partyCommon';
import { useLoad } from '../../shared/useLoad';
import { partyApi } from '../party/partyApi';
import type { CrossAppointments } from '../party/partyApi';
import type { PropertyCtx } from './bodyActions';

type Person = CrossAppointments['items'][number];

export default function CrossTab({ ctx }: { ctx: PropertyCtx }) {
  const { t } = useI18n();
  const { region } = ctx;
  const list = useLoad(region ? (s) => partyApi.crossAppointments(region, s) : null, [region, ctx.nonce]);
  if (list.error) return <Alert type="error" showIcon message={t('error.loadFailed')} description={list.error} />;
  const d = list.data;
  return (
    <Row gutter={[16, 16]} data-testid="party-cross">
      <Col xs={24} lg={8}>
        <Card className="gz-card" size="small" title={t('party.cross.byCommunity')} loading={!d}>
          <div data-testid="cross-total" data-value={d?.total ?? ''} className="gz-mb16">
            <Statistic title={t('party.cross.total')} value={d?.total ?? 0} suffix={t('party.cross.people')} />
          </div>
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={d?.byCommunity ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('party.cross.none')} /> }}
            columns={[
              { title: t('people.community'), dataIndex: 'name' },
              { title: t('party.cross.count'), dataIndex: 'count', align: 'right' },
            ]}
            data-testid="cross-by-community"
          />
        </Card>
      </Col>
      <Col xs={24} lg={16}>
        <Card className="gz-card" size="small" title={t('party.cross.people')}>
          <Table<Person>
            rowKey="holderId"
            size="small"
            loading={list.loading}
            dataSource={d?.items ?? []}
            pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
            onRow={(p) => ({ 'data-testid': `cross-row-${p.holderId}` }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('party.cross.none')} /> }}
            columns={[
              {
                title: t('people.name'),
                dataIndex: 'name',
                render: (n: string, p) => (
                  <span>
                    {n} <PartyStatusTag status={p.partyStatus} />
                  </span>
                ),
              },
              { title: t('people.community'), dataIndex: 'communityName', width: 120 },
              {
                title: t('party.cross.posts'),
                key: 'posts',
                render: (_, p) => (
                  <span className="gz-tags">
                    {p.posts.map((x, i) => (
                      <Tag key={i} color={x.bodyKind === 'party_org' ? 'red' : 'default'} bordered={false} title={x.from}>
                        {label(t, 'party.body', x.bodyKind)} · {x.bodyName} · {label(t, 'party.title', x.title)}
                      </Tag>
                    ))}
                  </span>
                ),
              },
            ]}
            data-testid="cross-people"
          />
        </Card>
      </Col>
    </Row>
  );
}
