/**
 * 党组织: the party organisations of a region (kind, attached unit, full and probationary
 * members, secretary, term, findings), 新建党组织 and the drawer of one organisation.
 */
import { useState } from 'react';
import { Button, Input, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { RegionPage, useRegionParam } from '../regions/RegionPage';
import { dash, FindingTags } from './partyCommon';
import { ListCard } from '../lists';
import { useLoad } from '../../shared/useLoad';
import { partyApi } from './partyApi';
import type { Org, OrgKind } from './partyApi';
import OrgModal from './OrgModal';
import OrgDrawer from './OrgDrawer';

const KIND_COLORS: Record<OrgKind, string> = {
  working_committee: 'magenta',
  committee: 'red',
  general_branch: 'volcano',
  branch: 'orange',
  group: 'gold',
};

export function OrgKindTag({ kind }: { kind: OrgKind }) {
  const { t } = useI18n();
  return (
    <Tag color={KIND_COLORS[kind] ?? 'default'} bordered={false} data-testid="org-kind">
      {t(`party.kind.${kind}`)}
    </Tag>
  );
}

export default function PartyOrgsPage() {
  const { t } = useI18n();
  const scope = useRegionParam();
  const { region, roots } = scope;
  const orgs = useLoad(region ? (s) => partyApi.orgs(region, s) : null, [region]);
  const [filter, setFilter] = useState('');
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);

  const q = filter.trim();

  const columns: TableColumnsType<Org> = [
    {
      title: t('party.org.name'),
      dataIndex: 'name',
      render: (name: string, o) => (
        <Space size={6} wrap>
          <Typography.Link onClick={() => setOpenId(o.id)} data-testid="org-name">
            {name}
          </Typography.Link>
          {o.joint && <Tag color="purple">{t('party.org.jointShort')}</Tag>}
        </Space>
      ),
    },
    { title: t('party.org.kind'), dataIndex: 'kind', width: 100, render: (k: OrgKind) => <OrgKindTag kind={k} /> },
    {
      title: t('party.org.attached'),
      key: 'attached',
      render: (_, o) => (
        <span>
          <span className="gz-muted gz-small">{t(`party.unit.${o.attached.kind}`)} · </span>
          {o.attached.name || o.attached.ref}
          {o.joint && o.units.length > 0 && <span className="gz-muted gz-small">{t('party.org.moreUnits', { n: o.units.length })}</span>}
        </span>
      ),
    },
    { title: t('party.org.fullShort'), dataIndex: 'fullMembers', width: 90, align: 'right' },
    { title: t('party.org.probShort'), dataIndex: 'probationaryMembers', width: 90, align: 'right' },
    { title: t('party.org.subShort'), dataIndex: 'membersWithSubOrgs', width: 90, align: 'right', render: (n: number | undefined, o) => <span data-testid="org-with-sub">{n ?? o.fullMembers + o.probationaryMembers}</span> },
    { title: t('party.org.secretary'), key: 'sec', width: 100, render: (_, o) => dash(o.secretary?.name) },
    { title: t('party.org.termEnd'), dataIndex: 'termEnd', width: 110, render: (v: string | null) => dash(v) },
    { title: t('party.findings'), dataIndex: 'findings', render: (f: Org['findings']) => <FindingTags findings={f} /> },
  ];

  return (
    <RegionPage
      page={{ testId: 'party-orgs-page', title: t('party.orgs.title'), desc: t('party.orgs.desc'), crumbs: [t('menu.party')] }}
      picker={{ scope, testId: 'orgs-region-picker', width: 240 }}
      actions={
        <>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="org-new">
            {t('party.org.new')}
          </Button>
        </>
      }
    >
      <ListCard<Org>
        summary={orgs.data && t('party.orgs.summary', { n: orgs.data.items.length })}
        extra={<Input allowClear prefix={<SearchOutlined />} placeholder={t('party.orgs.filter')} value={filter} onChange={(e) => setFilter(e.target.value)} style={{ width: 220 }} data-testid="orgs-filter" />}
        state={orgs}
        columns={columns}
        filter={(o) => !q || o.name.includes(q) || (o.attached.name ?? '').includes(q)}
        empty={t('party.orgs.none')}
        testId="orgs-table"
        rowAttrs={(o) => ({ 'data-testid': `org-row-${o.id}`, 'data-name': o.name })}
      />
      <OrgModal
        open={creating}
        prefill={null}
        region={region}
        roots={roots}
        onClose={() => setCreating(false)}
        onCreated={(o) => {
          orgs.reload();
          setOpenId(o.id);
        }}
      />
      <OrgDrawer orgId={openId} onClose={() => setOpenId(null)} onChanged={orgs.reload} />
    </RegionPage>
  );
}
