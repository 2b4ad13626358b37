/**
 * 待覆盖: the units checklist — owners' committees, or property companies and outlets — with their
 * party members, organisation or instructor and findings; by default only those with neither.
 */
import { useState } from 'react';
import { Segmented, Space, Switch, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useI18n } from '../i18n';
import { CoverCell, FindingTags } from '../party/partyCommon';
import { ListCard } from '../lists';
import { useLoad } from '../../shared/useLoad';
import { partyApi, unitIdOf } from '../party/partyApi';
import type { PartyUnit } from '../party/partyApi';
import { BodyActions, type PropertyCtx } from './bodyActions';

export default function UnitsTab({ ctx }: { ctx: PropertyCtx }) {
  const { t } = useI18n();
  const { region } = ctx;
  const [kind, setKind] = useState<'owners_committee' | 'property'>('owners_committee');
  const [onlyOpen, setOnlyOpen] = useState(true);
  const list = useLoad(region ? (s) => partyApi.units(region, kind, s) : null, [region, kind, ctx.nonce]);

  const columns: TableColumnsType<PartyUnit> = [
    {
      title: t('party.unit.name'),
      dataIndex: 'name',
      render: (n: string, u) => (
        <Space size={4}>
          <Tag bordered={false}>{t(`party.unit.${u.kind}`)}</Tag>
          <b>{n}</b>
        </Space>
      ),
    },
    { title: t('people.community'), dataIndex: 'regionName', width: 120 },
    {
      title: t('party.units.members'),
      key: 'm',
      width: 110,
      align: 'right',
      render: (_, u) => t('party.units.memberCounts', { all: u.partyMembers, full: u.fullMembers }),
    },
    { title: t('party.cover.column'), key: 'cover', render: (_, u) => <CoverCell org={u.org} instructor={u.instructor} onOpen={ctx.openOrg} /> },
    { title: t('party.findings'), dataIndex: 'findings', render: (f: PartyUnit['findings']) => <FindingTags findings={f} /> },
    {
      title: t('regions.actions'),
      key: 'a',
      width: 170,
      render: (_, u) => <BodyActions ctx={ctx} kind={u.kind} id={unitIdOf(u)} name={u.name} region={u.regionCode} org={u.org} instructor={u.instructor} />,
    },
  ];

  return (
    <ListCard<PartyUnit>
      summary={
        <Segmented
          value={kind}
          onChange={(v) => setKind(v as typeof kind)}
          options={[
            { value: 'owners_committee', label: t('party.cov.owners') },
            { value: 'property', label: t('party.cov.property') },
          ]}
          data-testid="units-kind"
        />
      }
      extra={
        <Space>
          <span className="gz-small">{t('party.units.onlyOpen')}</span>
          <Switch checked={onlyOpen} onChange={setOnlyOpen} data-testid="units-only-open" />
        </Space>
      }
      state={list}
      rowKey={(u) => `${u.kind}-${unitIdOf(u)}`}
      columns={columns}
      filter={(u) => !onlyOpen || (!u.org && !u.instructor)}
      empty={onlyOpen ? t('party.units.allCovered') : t('party.units.none')}
      testId="units-table"
      rowAttrs={(u) => ({ 'data-testid': `unit-row-${u.kind}-${unitIdOf(u)}` })}
    />
  );
}
