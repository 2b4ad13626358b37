/**
 * 网格党建 (/party/grid-chain?region=<community>): a community's grids, each with its grid party
 * branch, the branch's building or lane groups and their 党员中心户 (with the households each keeps
 * in touch with); totals, the checks (grids without a branch, groups without a central household,
 * households outside the configured range), 设为党员中心户 on a group and 撤销 on a central household.
 * Branches and groups themselves are set up on 党组织 (attached to a grid, a building or an area).
 */
import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Popconfirm, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { api, request } from '../../shared/api';
import { useI18n } from '../i18n';
import { RegionPage, useRegionParam } from '../regions/RegionPage';
import { dateOf, todayStr, type DateValue } from '../people/peopleCommon';
import { FindingTags, PostHolderSelect } from './partyCommon';
import { FormModal } from '../FormModal';
import { useLoad } from '../../shared/useLoad';
import type { ApiBody, ApiResult, ApiSchema } from '../../shared/apiTypes';

/** GET /api/party-grid-chain: a community's grids, their branches, groups and 党员中心户. */
type Chain = ApiSchema<'PartyGridChain'>;
type ChainGrid = Chain['grids'][number];
type Group = ChainGrid['groups'][number];
type Center = Group['centers'][number];
interface CenterValues { holderId: number; households: number; address?: string; from: DateValue; }

const chainApi = {
  chain: (community: string, signal?: AbortSignal) => request<Chain>('/api/party-grid-chain', { query: { community }, signal }),
  addCenter: (body: ApiBody<'/api/party-center-households', 'post'>) => request<ApiResult<'/api/party-center-households', 'post'>>('/api/party-center-households', { method: 'POST', body }),
  endCenter: (id: number, to: string) => request(`/api/party-center-households/${id}/end`, { method: 'POST', body: { to } }),
};

export default function GridChainPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const scope = useRegionParam();
  const { region, setRegion } = scope;
  const [nonce, setNonce] = useState(0);
  // the chain is a community's: a street or district in the picker asks for one of its communities instead of calling the API
  const isCommunity = !!region && region.length === 12;
  const chain = useLoad(isCommunity ? (s) => chainApi.chain(region, s) : null, [region, nonce]);
  const communities = useLoad(region && !isCommunity && region.length === 9 ? (s) => api.regionChildren(region, s) : null, [region]);
  const [target, setTarget] = useState<Group | null>(null);
  const data = chain.data;
  const reload = () => setNonce((n) => n + 1);

  const end = async (c: Center) => {
    try {
      await chainApi.endCenter(c.id, todayStr());
      message.success(t('chain.center.ended', { name: c.name }));
      reload();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const columns: TableColumnsType<ChainGrid> = [
    { title: t('chain.grid'), dataIndex: 'name', width: 220, render: (n: string, g) => <span>{n}{g.kind === 'dedicated' && <Tag className="gz-ml8">{t('chain.dedicated')}</Tag>}</span> },
    {
      title: t('chain.branch'),
      key: 'branch',
      width: 240,
      render: (_, g) =>
        g.branch ? (
          <span data-testid="chain-branch">
            {g.branch.name}
            <div className="gz-small gz-muted">{t('chain.members', { n: g.branch.members })}</div>
          </span>
        ) : (
          <Tag color={g.kind === 'basic' ? 'orange' : 'default'} data-testid="chain-no-branch">
            {t('chain.noBranch')}
          </Tag>
        ),
    },
    {
      title: t('chain.groups'),
      key: 'groups',
      render: (_, g) =>
        g.groups.length === 0 ? (
          <span className="gz-muted">—</span>
        ) : (
          <Space direction="vertical" size={8} style={{ width: '100%' }}>
            {g.groups.map((grp) => (
              <div key={grp.id} data-testid="chain-group" data-name={grp.name}>
                <Space wrap size={6}>
                  <b>{grp.name}</b>
                  <span className="gz-small gz-muted">
                    {t(`party.unit.${grp.attached.kind}`)} · {grp.attached.name} · {t('chain.members', { n: grp.members })}
                  </span>
                  <Button size="small" type="link" onClick={() => setTarget(grp)} data-testid="chain-center-add">
                    {t('chain.center.add')}
                  </Button>
                </Space>
                {grp.centers.map((c) => (
                  <div key={c.id} className="gz-small" data-testid="chain-center" data-name={c.name}>
                    <Tag color="red" bordered={false}>{t('chain.center')}</Tag>
                    {c.name}
                    {c.address ? `（${c.address}）` : ''} · {t('chain.center.households', { n: c.households })} · {t('chain.center.since', { date: c.from })}
                    <Popconfirm title={t('chain.center.endConfirm', { name: c.name })} onConfirm={() => end(c)}>
                      <Button size="small" type="link" danger data-testid="chain-center-end">
                        {t('chain.center.end')}
                      </Button>
                    </Popconfirm>
                  </div>
                ))}
              </div>
            ))}
          </Space>
        ),
    },
  ];

  return (
    <RegionPage
      page={{ testId: 'grid-chain-page', title: t('chain.title'), desc: t('chain.desc'), crumbs: [t('menu.party')] }}
      picker={{ scope, testId: 'chain-region-picker', width: 240 }}
    >
      {chain.error && <Alert className="gz-mb16" type="warning" showIcon message={chain.error} data-testid="chain-error" />}
      {!region && <Empty description={t('chain.pick')} />}
      {region && !isCommunity && (
        <Card className="gz-card" data-testid="chain-pick-community">
          <Empty description={t('chain.pickCommunity')}>
            {communities.data && communities.data.items.length > 0 && (
              <Space wrap>
                {communities.data.items.map((c) => (
                  <Button key={c.code} onClick={() => setRegion(c.code)} data-testid={`chain-community-${c.code}`}>
                    {c.name}
                  </Button>
                ))}
              </Space>
            )}
          </Empty>
        </Card>
      )}
      {isCommunity && data && (
        <>
          <Row gutter={[16, 16]} className="gz-mb16">
            {([
              ['gridsWithBranch', `${data.totals.gridsWithBranch} / ${data.totals.basicGrids}`],
              ['groups', data.totals.groups],
              ['centers', data.totals.centers],
              ['householdsReached', `${data.totals.householdsReached} / ${data.totals.households}`],
            ] as const).map(([k, v]) => (
              <Col key={k} xs={12} md={6}>
                <Card className="gz-card" size="small">
                  <Statistic title={t(`chain.total.${k}`)} value={v} valueRender={() => <span data-testid={`chain-total-${k}`}>{v}</span>} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card className="gz-card gz-mb16" size="small" title={t('party.findings')}>
            <Typography.Paragraph type="secondary" className="gz-small">
              {t('chain.rule', { min: data.rules.centerHouseholdsMin, max: data.rules.centerHouseholdsMax })} <Link to={`/party/orgs?region=${data.community.code}`}>{t('chain.toOrgs')}</Link>
            </Typography.Paragraph>
            <FindingTags findings={data.findings} testId="chain-findings" />
          </Card>
          <Card className="gz-card" size="small" title={data.community.name}>
            <Table<ChainGrid>
              rowKey="code"
              size="small"
              columns={columns}
              dataSource={data.grids}
              loading={chain.loading}
              pagination={false}
              onRow={(g) => ({ 'data-testid': `chain-row-${g.code}` }) as HTMLAttributes<HTMLElement>}
              data-testid="chain-table"
            />
          </Card>
        </>
      )}
      <FormModal<CenterValues>
        open={!!target}
        title={target && t('chain.center.addTitle', { group: target.name })}
        onClose={() => setTarget(null)}
        testId="center-new"
        okText={t('party.save')}
        hint={t('chain.center.hint')}
        initialValues={{ households: 10, from: dayjs() }}
        codes={{ center_not_member: 'holderId', center_already: 'holderId', center_households_invalid: 'households', date_invalid: 'from' }}
        onSubmit={async (v) => {
          if (!target) return;
          await chainApi.addCenter({ orgId: target.id, holderId: v.holderId, households: v.households, address: v.address?.trim() || undefined, from: dateOf(v.from)! });
          reload();
          return t('chain.center.added');
        }}
      >
        <Form.Item name="holderId" label={t('chain.center.holder')} rules={[{ required: true, message: t('chain.center.holderRequired') }]}>
          <PostHolderSelect region={region} testId="center-holder" />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="households" label={t('chain.center.householdsLabel')} rules={[{ required: true }]}>
            <InputNumber min={1} max={200} precision={0} addonAfter={t('chain.center.hu')} data-testid="center-households" />
          </Form.Item>
          <Form.Item name="from" label={t('chain.center.from')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="address" label={t('chain.center.address')}>
          <Input maxLength={200} placeholder={t('chain.center.addressPlaceholder')} />
        </Form.Item>
      </FormModal>
    </RegionPage>
  );
}
