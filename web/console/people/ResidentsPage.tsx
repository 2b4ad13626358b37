/**
 * 居民: the resident registry of a region, searched and paged by the server. ID numbers and
 * phones are shown exactly as the server sends them (masked); a full value is only ever shown in
 * the reveal dialog of the drawer.
 */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Form, Input, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, ImportOutlined, UserAddOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import type { CareGroupName, Resident, ResidentFilters } from '../../shared/types';
import { useI18n, type MessageKey } from '../i18n';
import { clickableRow, FilterSelect, Mono, SearchCard, serverPager, useAction } from '../components';
import { JobProgress, useJob } from '../jobs/JobProgress';
import { RegionPage, useRegionParam, withRegion } from '../regions/RegionPage';
import { CARE_GROUPS, CareGroupTags, careGroupName, gridOptions, LivingAloneTag, relationName, usePeopleAbilities, useRegionGrids } from './peopleCommon';
import ResidentDrawer, { residentStatus } from './ResidentDrawer';
import NewResidentModal from './NewResidentModal';
import { useLoad } from '../../shared/useLoad';
import { setSearchParam } from '../../shared/searchParams';
import { DataTable } from '../lists';

type Filters = Omit<ResidentFilters, 'region'>;

interface SearchForm {
  q?: string;
  idNumber?: string;
  phone?: string;
  careGroup?: CareGroupName;
  grid?: string;
  livingAlone65?: boolean;
  includeGone?: boolean;
}

const clean = (v: SearchForm): Filters => ({
  q: v.q?.trim() || undefined,
  idNumber: v.idNumber?.trim().toUpperCase() || undefined,
  phone: v.phone?.replace(/[\s-]/g, '') || undefined,
  careGroup: v.careGroup || undefined,
  grid: v.grid || undefined,
  livingAlone65: v.livingAlone65 || undefined,
  includeGone: v.includeGone || undefined,
});

export default function ResidentsPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { canImport } = usePeopleAbilities();
  const scope = useRegionParam();
  const { region } = scope;
  const { grids } = useRegionGrids(region);
  const [form] = Form.useForm<SearchForm>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const exporting = useAction();
  const [creating, setCreating] = useState(false);
  const openId = params.get('resident') ? Number(params.get('resident')) : null;

  const setOpenId = useCallback(
    (id: number | null) => setSearchParam(setParams, 'resident', id ? String(id) : null, true),
    [setParams],
  );

  // A new region starts a new search (its grids differ).
  useEffect(() => {
    form.setFieldsValue({ grid: undefined });
    setFilters((f) => (f.grid ? { ...f, grid: undefined } : f));
    setPage((p) => (p.current === 1 ? p : { ...p, current: 1 }));
  }, [region, form]);

  const list = useLoad(
    region ? (signal) => api.residents({ region, ...filters }, { limit: page.pageSize, offset: (page.current - 1) * page.pageSize }, signal) : null,
    [region, filters, page],
  );
  const { data, loading, error } = list;

  const search = async () => {
    try {
      const v = await form.validateFields();
      setFilters(clean(v));
      setPage((p) => ({ ...p, current: 1 }));
    } catch {
      /* the form shows what is wrong */
    }
  };

  const reset = () => {
    form.resetFields();
    setFilters({});
    setPage((p) => ({ ...p, current: 1 }));
  };

  const exportJob = useJob();
  // the export runs as a server job: its progress shows under the header, then the file downloads
  const doExport = () =>
    exporting.run(async () => {
      if (!region) return;
      const job = await exportJob.follow(api.startResidentExport({ region, ...filters }));
      const f = await api.jobFile(job);
      message.success(t('people.exported', { name: f.name }));
      exportJob.clear();
    });

  const columns: TableColumnsType<Resident> = [
    {
      title: t('people.name'),
      dataIndex: 'name',
      fixed: 'left',
      width: 120,
      render: (name: string, r) => {
        const s = residentStatus(r);
        return (
          <Space size={4}>
            <Typography.Link onClick={() => setOpenId(r.id)} data-testid="resident-name">
              {name}
            </Typography.Link>
            {s !== 'active' && <Tag bordered={false}>{t(`people.status.${s}` as MessageKey)}</Tag>}
          </Space>
        );
      },
    },
    { title: t('people.gender'), dataIndex: 'gender', width: 80, render: (g: string) => t(`people.gender.${g}` as MessageKey) },
    { title: t('people.age'), dataIndex: 'age', width: 64, align: 'right' },
    {
      title: t('people.idNumber'),
      dataIndex: 'idNumber',
      width: 190,
      render: (v: string) => <Mono value={v} testId="resident-id" nowrap />,
    },
    {
      title: t('people.phone'),
      dataIndex: 'phone',
      width: 130,
      render: (v: string | null) => <Mono value={v} testId="resident-phone" nowrap />,
    },
    { title: t('people.grid'), key: 'grid', width: 150, render: (_, r) => r.household?.gridName ?? '—' },
    { title: t('people.address'), key: 'address', ellipsis: true, render: (_, r) => r.household?.address ?? '—' },
    { title: t('people.relation'), dataIndex: 'relation', width: 90, render: (v: string | null) => relationName(t, v) },
    {
      title: t('people.partyMember'),
      dataIndex: 'partyMember',
      width: 64,
      align: 'center',
      render: (v: boolean) => (v ? <Tag color="red">{t('people.partyShort')}</Tag> : null),
    },
    { title: t('people.livingAlone65'), key: 'la', width: 96, render: (_, r) => <LivingAloneTag resident={r} /> },
    { title: t('people.care.title'), key: 'care', width: 200, render: (_, r) => <CareGroupTags groups={r.careGroups} short /> },
  ];

  return (
    <RegionPage
      page={{ testId: 'residents-page', className: 'gz-people-page', title: t('people.residents.title'), desc: t('people.residents.desc'), crumbs: [t('menu.people')] }}
      picker={{ scope, testId: 'residents-region-picker', width: 220 }}
      actions={
        <>
          <Tooltip title={t('people.exportHint')}>
            <Button icon={<DownloadOutlined />} loading={!!exporting.running} onClick={doExport} disabled={!region} data-testid="residents-export">
              {t('people.export')}
            </Button>
          </Tooltip>
          {canImport && (
            <Button icon={<ImportOutlined />} onClick={() => navigate(withRegion('/people/import', region))} data-testid="residents-import">
              {t('people.import')}
            </Button>
          )}
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setCreating(true)} disabled={!region} data-testid="residents-new">
            {t('people.new')}
          </Button>
        </>
      }
    >
      {exportJob.job && <JobProgress job={exportJob.job} testId="export-progress" />}
      <SearchCard<SearchForm>
        form={form}
        testId="residents-search"
        onSearch={search}
        onValuesChange={(changed) => {
          // Choices apply at once; typed text on Enter or 查询.
          if (['careGroup', 'grid', 'livingAlone65', 'includeGone'].some((k) => k in changed)) void search();
        }}
        submit={{ label: t('people.search.submit'), testId: 'search-submit' }}
        reset={{ label: t('people.search.reset'), onClick: reset }}
      >
        <Form.Item name="q" label={t('people.name')}>
          <Input allowClear placeholder={t('people.search.namePrefix')} style={{ width: 130 }} data-testid="search-name" />
        </Form.Item>
        <Form.Item
          name="idNumber"
          label={t('people.idNumber')}
          rules={[{ pattern: /^(\d{15}|\d{17}[\dXx])$/, message: t('people.search.idFormat') }]}
        >
          <Input allowClear placeholder={t('people.search.exact')} style={{ width: 200 }} className="gz-mono" autoComplete="off" data-testid="search-id" />
        </Form.Item>
        <Form.Item name="phone" label={t('people.phone')} rules={[{ pattern: /^[\d\s+-]{11,20}$/, message: t('people.search.phoneFormat') }]}>
          <Input allowClear placeholder={t('people.search.exact')} style={{ width: 140 }} autoComplete="off" data-testid="search-phone" />
        </Form.Item>
        <Form.Item name="careGroup" label={t('people.care.title')}>
          <FilterSelect width={170} placeholder={t('people.search.all')} options={CARE_GROUPS.map((g) => ({ value: g, label: careGroupName(t, g) }))} testId="search-care" />
        </Form.Item>
        <Form.Item name="grid" label={t('people.grid')}>
          <FilterSelect search width={200} placeholder={t('people.search.all')} loading={grids === null} options={gridOptions(grids)} testId="search-grid" />
        </Form.Item>
        <Form.Item name="livingAlone65" label={t('people.livingAlone65')} valuePropName="checked">
          <Switch size="small" data-testid="search-la" />
        </Form.Item>
        <Form.Item name="includeGone" label={t('people.search.includeGone')} valuePropName="checked">
          <Switch size="small" data-testid="search-gone" />
        </Form.Item>
      </SearchCard>
      {error && <Alert type="error" showIcon message={t('error.loadFailed')} description={error} data-testid="residents-error" />}
      <Card
        className="gz-card"
        size="small"
        title={
          <span className="gz-small" data-testid="residents-total">
            {data ? t('people.total', { n: data.total }) : t('app.loading')}
          </span>
        }
      >
        <DataTable<Resident>
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          scroll={{ x: 1300 }}
          onRow={(r) => clickableRow({ 'data-testid': `resident-row-${r.id}` }, () => setOpenId(r.id))}
          pagination={serverPager(page, setPage, data?.total ?? 0, (n) => t('people.total', { n }))}
          empty={t('people.empty')}
          testId="residents-table"
        />
      </Card>
      <ResidentDrawer id={openId} onClose={() => setOpenId(null)} onChanged={list.reload} />
      <NewResidentModal
        open={creating}
        region={region}
        onClose={() => setCreating(false)}
        onCreated={(r) => {
          setCreating(false);
          list.reload();
          setOpenId(r.id);
        }}
      />
    </RegionPage>
  );
}
