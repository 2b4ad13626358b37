/**
 * 小区: the compounds of a region with their buildings, units and dwellings; staff with the right
 * register compounds and add buildings (rooms numbered floor by floor by the server).
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Collapse,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Result,
  Skeleton,
  Space,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { BankOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import type { Compound, CompoundDetail, NewBuildingInput, NewCompoundInput } from '../../shared/types';
import { useI18n } from '../i18n';
import { RegionPicker } from '../regions/RegionPicker';
import { RegionPage, useRegionParam } from '../regions/RegionPage';
import { usePeopleAbilities } from './peopleCommon';
import { useLoad } from '../../shared/useLoad';
import { DataTable } from '../lists';
import { clickableRow } from '../components';
import { FormModal } from '../FormModal';

function OldTag({ old }: { old: boolean }) {
  const { t } = useI18n();
  return old ? (
    <Tag color="orange" bordered={false} data-testid="old-compound-tag">
      {t('people.compound.old')}
    </Tag>
  ) : null;
}

function CompoundDrawer(props: { compound: Compound | null; canEdit: boolean; onClose: () => void; onChanged: () => void }) {
  const { compound, canEdit, onClose, onChanged } = props;
  const { t } = useI18n();
  const [detail, setDetail] = useState<CompoundDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    if (!compound) return;
    const ac = new AbortController();
    setError(null);
    api
      .compound(compound.id, ac.signal)
      .then(setDetail)
      .catch((e) => !ac.signal.aborted && setError((e as Error).message));
    return () => ac.abort();
  }, [compound, nonce]);

  useEffect(() => {
    setDetail(null);
  }, [compound]);

  const occupied = (detail?.buildings ?? []).reduce(
    (n, b) => n + b.units.reduce((m, u) => m + (u.dwellings ?? []).filter((d) => d.householdId !== null).length, 0),
    0,
  );

  return (
    <Drawer
      open={!!compound}
      onClose={onClose}
      width={760}
      destroyOnHidden
      title={
        compound && (
          <Space>
            <BankOutlined />
            <span data-testid="compound-drawer-name">{compound.name}</span>
            <OldTag old={compound.oldCompound} />
          </Space>
        )
      }
      extra={
        canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="building-new">
            {t('people.compound.addBuilding')}
          </Button>
        )
      }
      data-testid="compound-drawer"
    >
      {compound && (
        <Descriptions size="small" bordered column={2} className="gz-mb16">
          <Descriptions.Item label={t('people.community')}>{compound.communityName}</Descriptions.Item>
          <Descriptions.Item label={t('people.compound.builtYear')}>{compound.builtYear ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('people.address')} span={2}>
            {compound.address || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.compound.dwellings')}>{compound.dwellings}</Descriptions.Item>
          <Descriptions.Item label={t('people.compound.households')}>{compound.households}</Descriptions.Item>
        </Descriptions>
      )}
      {error ? (
        <Result status="warning" title={t('error.loadFailed')} subTitle={error} />
      ) : !detail ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : detail.buildings.length === 0 ? (
        <Empty description={t('people.compound.noBuildings')} data-testid="compound-no-buildings" />
      ) : (
        <div data-testid="compound-detail">
          <div className="gz-muted gz-small gz-mb16">
            {t('people.compound.legend', { occupied })}
            <span className="gz-room gz-room-occupied gz-room-legend">101</span>
            <span className="gz-room gz-room-legend">102</span>
          </div>
          <Collapse
            defaultActiveKey={detail.buildings.slice(0, 2).map((b) => String(b.id))}
            data-testid="compound-buildings"
            items={detail.buildings.map((b) => ({
              key: String(b.id),
              label: (
                <Space data-testid={`building-${b.name}`}>
                  <b>{b.name}</b>
                  <span className="gz-muted gz-small">
                    {b.floors ? t('people.compound.floorsN', { n: b.floors }) + ' · ' : ''}
                    {t('people.compound.unitsN', { n: b.units.length })} ·{' '}
                    {t('people.compound.roomsN', { n: b.units.reduce((n, u) => n + (u.dwellings?.length ?? 0), 0) })}
                  </span>
                </Space>
              ),
              children: b.units.length ? (
                b.units.map((u) => (
                  <div key={u.id} className="gz-unit">
                    <div className="gz-unit-name">{u.name}</div>
                    <div className="gz-rooms">
                      {(u.dwellings ?? []).map((d) => (
                        <Tooltip
                          key={d.id}
                          title={[
                            d.areaM2 ? t('people.compound.area', { area: d.areaM2 }) : null,
                            d.householdId ? t('people.compound.household', { id: d.householdId }) : t('people.compound.empty'),
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        >
                          <span className={`gz-room${d.householdId ? ' gz-room-occupied' : ''}`} data-testid="dwelling">
                            {d.room}
                            {d.areaM2 ? <small>{Math.round(d.areaM2)}㎡</small> : null}
                          </span>
                        </Tooltip>
                      ))}
                      {!u.dwellings?.length && <span className="gz-muted gz-small">{t('people.compound.noRooms')}</span>}
                    </div>
                  </div>
                ))
              ) : (
                <span className="gz-muted">{t('people.compound.noRooms')}</span>
              ),
            }))}
          />
        </div>
      )}

      <FormModal<NewBuildingInput>
        open={adding}
        title={t('people.compound.addBuildingTitle', { name: compound?.name ?? '' })}
        onClose={() => setAdding(false)}
        testId="building"
        okText={t('people.compound.create')}
        initialValues={{ floors: 6, units: 2, roomsPerFloor: 2 }}
        codes={{ building_duplicate: 'name' }}
        onSubmit={async (v) => {
          if (!compound) return;
          await api.createBuilding(compound.id, { ...v, name: v.name.trim(), areaM2: v.areaM2 || undefined });
          setNonce((n) => n + 1);
          onChanged();
          return t('people.compound.buildingAdded', { name: v.name.trim() });
        }}
      >
        <Form.Item name="name" label={t('people.compound.buildingName')} rules={[{ required: true, whitespace: true, message: t('people.compound.buildingNameRequired') }]}>
          <Input maxLength={30} placeholder={t('people.compound.buildingNamePlaceholder')} data-testid="building-name" />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="floors" label={t('people.compound.floors')} rules={[{ required: true }]}>
            <InputNumber min={1} max={60} precision={0} data-testid="building-floors" />
          </Form.Item>
          <Form.Item name="units" label={t('people.compound.units')} rules={[{ required: true }]}>
            <InputNumber min={1} max={20} precision={0} data-testid="building-units" />
          </Form.Item>
          <Form.Item name="roomsPerFloor" label={t('people.compound.roomsPerFloor')} rules={[{ required: true }]}>
            <InputNumber min={1} max={20} precision={0} data-testid="building-rooms" />
          </Form.Item>
          <Form.Item name="areaM2" label={t('people.compound.areaM2')}>
            <InputNumber min={1} max={10000} suffix="㎡" style={{ width: 130 }} data-testid="building-area" />
          </Form.Item>
        </Space>
        <Typography.Text type="secondary" className="gz-small">
          {t('people.compound.roomsHint')}
        </Typography.Text>
      </FormModal>
    </Drawer>
  );
}

export default function CompoundsPage() {
  const { t } = useI18n();
  const { canEditPlaces } = usePeopleAbilities();
  const scope = useRegionParam();
  const { region, roots } = scope;
  const list = useLoad(region ? (signal) => api.compounds(region, signal).then((r) => r.items) : null, [region]);
  const { data: items, error, loading } = list;
  const [filter, setFilter] = useState('');
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);

  const shown = useMemo(() => {
    const q = filter.trim();
    return (items ?? []).filter((c) => !q || c.name.includes(q) || (c.address ?? '').includes(q) || c.communityName.includes(q));
  }, [items, filter]);
  const open = items?.find((c) => c.id === openId) ?? null;
  const totals = useMemo(
    () => ({ n: items?.length ?? 0, old: items?.filter((c) => c.oldCompound).length ?? 0, households: items?.reduce((n, c) => n + c.households, 0) ?? 0 }),
    [items],
  );

  const columns: TableColumnsType<Compound> = [
    {
      title: t('people.compound.name'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Space size={6}>
          <Typography.Link onClick={() => setOpenId(c.id)} data-testid="compound-name">
            {name}
          </Typography.Link>
          <OldTag old={c.oldCompound} />
        </Space>
      ),
    },
    { title: t('people.community'), dataIndex: 'communityName', width: 130 },
    { title: t('people.address'), dataIndex: 'address', ellipsis: true, render: (v: string | null) => v || <span className="gz-muted">—</span> },
    { title: t('people.compound.builtYear'), dataIndex: 'builtYear', width: 100, align: 'right', render: (v: number | null) => v ?? '—' },
    { title: t('people.compound.buildings'), dataIndex: 'buildings', width: 80, align: 'right' },
    { title: t('people.compound.dwellings'), dataIndex: 'dwellings', width: 80, align: 'right' },
    { title: t('people.compound.households'), dataIndex: 'households', width: 80, align: 'right' },
  ];

  return (
    <RegionPage
      page={{ testId: 'compounds-page', className: 'gz-people-page', title: t('people.compounds.title'), desc: t('people.compounds.desc'), crumbs: [t('menu.people')] }}
      picker={{ scope, testId: 'compounds-region-picker', width: 220 }}
      actions={
        canEditPlaces && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="compound-new">
            {t('people.compound.new')}
          </Button>
        )
      }
    >
      {error && <Alert type="error" showIcon message={t('error.loadFailed')} description={error} />}
      <Card
        className="gz-card"
        size="small"
        title={
          items && (
            <span className="gz-small" data-testid="compounds-summary">
              {t('people.compound.summary', totals)}
            </span>
          )
        }
        extra={
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('people.compound.filter')}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            style={{ width: 220 }}
            data-testid="compounds-filter"
          />
        }
      >
        <DataTable<Compound>
          columns={columns}
          dataSource={shown}
          loading={loading}
          pageSize={20}
          onRow={(c) => clickableRow({ 'data-testid': `compound-row-${c.id}` }, () => setOpenId(c.id))}
          empty={t('people.compound.none')}
          testId="compounds-table"
        />
      </Card>
      <CompoundDrawer compound={open} canEdit={canEditPlaces} onClose={() => setOpenId(null)} onChanged={list.reload} />
      <FormModal<NewCompoundInput>
        open={creating}
        title={t('people.compound.new')}
        onClose={() => setCreating(false)}
        testId="compound"
        okText={t('people.compound.create')}
        initialValues={{ oldCompound: false }}
        codes={{ compound_duplicate: 'name', region_not_community: 'communityCode', region_not_found: 'communityCode', out_of_scope: 'communityCode' }}
        onSubmit={async (v) => {
          const r = await api.createCompound({
            communityCode: v.communityCode,
            name: v.name.trim(),
            address: v.address?.trim() || undefined,
            builtYear: v.builtYear || undefined,
            oldCompound: !!v.oldCompound,
          });
          list.reload();
          setOpenId(r.id);
          return t('people.compound.created', { name: v.name.trim() });
        }}
      >
        <Form.Item name="communityCode" label={t('people.community')} rules={[{ required: true, message: t('people.compound.communityRequired') }]}>
          <RegionPicker roots={roots} levels={['community']} style={{ width: '100%' }} placeholder={t('people.compound.communityPlaceholder')} testId="compound-community" />
        </Form.Item>
        <Form.Item name="name" label={t('people.compound.name')} rules={[{ required: true, whitespace: true, message: t('people.compound.nameRequired') }]}>
          <Input maxLength={100} placeholder={t('people.compound.namePlaceholder')} data-testid="compound-name-input" />
        </Form.Item>
        <Form.Item name="address" label={t('people.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space size={24}>
          <Form.Item name="builtYear" label={t('people.compound.builtYear')}>
            <InputNumber min={1900} max={2100} precision={0} />
          </Form.Item>
          <Form.Item name="oldCompound" label={t('people.compound.old')} valuePropName="checked" extra={t('people.compound.oldHint')}>
            <Switch />
          </Form.Item>
        </Space>
      </FormModal>
    </RegionPage>
  );
}
