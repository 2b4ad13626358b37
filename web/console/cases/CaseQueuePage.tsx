/**
 * 事件处置 · 案件: the case queue of the signed-in scope (or of a region under it), filtered and paged by
 * the server; 我的待办, the street's 未落格, saved views, and 登记案件.
 */
import { useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, DatePicker, Form, Input, Modal, Select, Switch, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { CASE_SOURCES, CASE_STATES, casesApi } from '../../shared/cases';
import type { CaseFilters, CasePage, CasePriority, CaseState, CaseSummary } from '../../shared/cases';
import { useI18n } from '../i18n';
import { clickableRow, FilterSelect, SearchCard, serverPager } from '../components';
import { RegionPage, useRegionParam } from '../regions/RegionPage';
import { gridOptions, useRegionGrids } from '../people/peopleCommon';
import {
  CaseExportButton,
  caseNumberColumn,
  CategoryTreeSelect,
  DueTag,
  fmtTime,
  handlerText,
  PriorityTag,
  StateTag,
  useCaseLabels,
  useCaseAbilities,
  useDepartments,
  useSavedViews,
} from './casesCommon';
import NewCaseModal from './NewCaseModal';
import { useLoad } from '../../shared/useLoad';
import { setSearchParam } from '../../shared/searchParams';
import { DataTable } from '../lists';

type Tab = 'all' | 'mine' | 'unassigned';
type Filters = Omit<CaseFilters, 'region' | 'mine' | 'unassigned'>;

interface SearchForm {
  state?: string[];
  category?: string;
  source?: string;
  grid?: string;
  department?: number;
  overdue?: boolean;
  dates?: [Dayjs | null, Dayjs | null] | null;
  q?: string;
}

const toFilters = (v: SearchForm): Filters => ({
  state: v.state?.length ? v.state.join(',') : undefined,
  category: v.category || undefined,
  source: v.source || undefined,
  grid: v.grid || undefined,
  department: v.department ?? undefined,
  overdue: v.overdue || undefined,
  from: v.dates?.[0] ? v.dates[0].format('YYYY-MM-DD') : undefined,
  to: v.dates?.[1] ? v.dates[1].format('YYYY-MM-DD') : undefined,
  q: v.q?.trim() || undefined,
});

const toForm = (f: Filters): SearchForm => ({
  state: f.state ? f.state.split(',') : undefined,
  category: f.category,
  source: f.source,
  grid: f.grid,
  department: f.department === undefined ? undefined : Number(f.department),
  overdue: f.overdue,
  dates: f.from || f.to ? [f.from ? dayjs(f.from) : null, f.to ? dayjs(f.to) : null] : null,
  q: f.q,
});

interface View {
  tab: Tab;
  filters: Filters;
}

export default function CaseQueuePage() {
  const { t } = useI18n();
  const L = useCaseLabels();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { canIntake, seesUnassigned } = useCaseAbilities();
  const scope = useRegionParam();
  const { region } = scope;
  const { grids } = useRegionGrids(region, { basicOnly: true });
  const departments = useDepartments(region);
  const [form] = Form.useForm<SearchForm>();
  const tab: Tab = (['mine', 'unassigned'].includes(params.get('tab') ?? '') ? params.get('tab') : 'all') as Tab;
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const { views, save, remove } = useSavedViews<View>('cases.views');
  const [viewName, setViewName] = useState<string | null>(null);
  const [naming, setNaming] = useState<string | null>(null);

  const setTab = (next: Tab) => {
    setSearchParam(setParams, 'tab', next === 'all' ? null : next, true);
    setPage((p) => ({ ...p, current: 1 }));
  };

  const list = useLoad<CasePage>(
    region
      ? (signal) =>
          casesApi.list(
            { region, ...filters, mine: tab === 'mine' || undefined, unassigned: tab === 'unassigned' || undefined },
            { limit: page.pageSize, offset: (page.current - 1) * page.pageSize },
            signal,
          )
      : null,
    [region, filters, page, tab],
  );
  const { data, loading, error } = list;

  const search = () => {
    setFilters(toFilters(form.getFieldsValue()));
    setPage((p) => ({ ...p, current: 1 }));
  };
  const reset = () => {
    form.resetFields();
    setFilters({});
    setViewName(null);
    setPage((p) => ({ ...p, current: 1 }));
  };
  const applyView = (name: string | null) => {
    setViewName(name);
    const v = views.find((x) => x.name === name)?.filters;
    if (!v) return;
    form.resetFields();
    form.setFieldsValue(toForm(v.filters) as Parameters<typeof form.setFieldsValue>[0]);
    setFilters(v.filters);
    setTab(v.tab === 'unassigned' && !seesUnassigned ? 'all' : v.tab);
    setPage((p) => ({ ...p, current: 1 }));
  };
  const saveView = () => {
    const name = naming?.trim();
    if (!name) return;
    save(name, { tab, filters: toFilters(form.getFieldsValue()) });
    setViewName(name);
    setNaming(null);
    message.success(t('cases.views.saved', { name }));
  };

  const stateOptions = useMemo(
    () => [{ value: 'open', label: t('cases.state.open') }, ...CASE_STATES.map((s) => ({ value: s, label: L.state(s) }))],
    [t, L],
  );

  const columns: TableColumnsType<CaseSummary> = [
    caseNumberColumn<CaseSummary>(t('cases.number'), 'number', (r) => navigate(`/cases/${r.id}`), 'case-number'),
    { title: t('cases.state'), dataIndex: 'state', width: 96, render: (s: CaseState) => <StateTag state={s} /> },
    { title: t('cases.category'), dataIndex: 'categoryName', width: 130, ellipsis: true },
    {
      title: t('cases.description'),
      dataIndex: 'description',
      ellipsis: { showTitle: false },
      render: (d: string) => (
        <Tooltip title={d} placement="topLeft">
          <span data-testid="case-description">{d}</span>
        </Tooltip>
      ),
    },
    { title: t('cases.priority'), dataIndex: 'priority', width: 76, render: (p: CasePriority) => <PriorityTag priority={p} /> },
    {
      title: t('cases.place'),
      key: 'place',
      width: 190,
      ellipsis: true,
      render: (_, r) => (
        <span>
          {r.gridName ?? <Tag color="warning">{t('cases.unassigned')}</Tag>}
          {r.communityName && <span className="gz-muted gz-small"> · {r.communityName}</span>}
        </span>
      ),
    },
    { title: t('cases.handler'), key: 'handler', width: 150, ellipsis: true, render: (_, r) => handlerText(L, r.handler) },
    {
      title: t('cases.resolveDue'),
      dataIndex: 'resolveDue',
      width: 150,
      render: (_: string, r) => <DueTag due={r.resolveDue} overdue={r.overdue} nearDue={r.nearDue} done={['closed', 'rejected', 'merged', 'verified'].includes(r.state)} />,
    },
    { title: t('cases.source'), dataIndex: 'source', width: 110, render: (s: string) => L.source(s) },
    { title: t('cases.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => <span className="gz-nowrap">{fmtTime(v)}</span> },
  ];

  const tabs = [
    { key: 'all', label: t('cases.tab.all') },
    { key: 'mine', label: t('cases.tab.mine') },
    ...(seesUnassigned ? [{ key: 'unassigned', label: t('cases.tab.unassigned') }] : []),
  ];

  return (
    <RegionPage
      page={{ testId: 'cases-page', className: 'gz-cases-page', title: t('cases.queue.title'), desc: t('cases.queue.desc'), crumbs: [t('menu.cases')] }}
      picker={{ scope, testId: 'cases-region-picker', width: 220 }}
      actions={
        <>
          <CaseExportButton
            region={region}
            testId="cases-export"
            download={(r) => casesApi.exportList({ region: r, ...filters, mine: tab === 'mine' || undefined, unassigned: tab === 'unassigned' || undefined })}
          />
          {canIntake && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} disabled={!region} data-testid="cases-new">
              {t('cases.new.title')}
            </Button>
          )}
        </>
      }
    >
      <SearchCard<SearchForm>
        form={form}
        testId="cases-search"
        onSearch={search}
        onValuesChange={(changed) => {
          setViewName(null);
          if (!('q' in changed)) search();
        }}
        submit={{ label: t('cases.filter.submit'), testId: 'cases-search-submit' }}
        reset={{ label: t('cases.filter.reset'), onClick: reset }}
        below={
          <div className="gz-views-bar">
            <Typography.Text type="secondary">{t('cases.views.title')}</Typography.Text>
            <Select
              allowClear
              style={{ width: 200 }}
              placeholder={views.length ? t('cases.views.choose') : t('cases.views.none')}
              value={viewName}
              onChange={(v) => applyView(v ?? null)}
              options={views.map((v) => ({ value: v.name, label: v.name }))}
              data-testid="views-select"
            />
            <Button icon={<SaveOutlined />} onClick={() => setNaming(viewName ?? '')} data-testid="views-save">
              {t('cases.views.save')}
            </Button>
            <Button
              icon={<DeleteOutlined />}
              disabled={!viewName}
              onClick={() => {
                if (!viewName) return;
                remove(viewName);
                message.success(t('cases.views.deleted', { name: viewName }));
                setViewName(null);
              }}
              data-testid="views-delete"
            >
              {t('cases.views.delete')}
            </Button>
          </div>
        }
      >
        <Form.Item name="state" label={t('cases.state')}>
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('cases.filter.all')}
            style={{ width: 200 }}
            options={stateOptions}
            data-testid="filter-state"
          />
        </Form.Item>
        <Form.Item name="category" label={t('cases.category')}>
          <CategoryTreeSelect style={{ width: 180 }} testId="filter-category" />
        </Form.Item>
        <Form.Item name="source" label={t('cases.source')}>
          <FilterSelect width={130} placeholder={t('cases.filter.all')} options={CASE_SOURCES.map((s) => ({ value: s, label: L.source(s) }))} testId="filter-source" />
        </Form.Item>
        <Form.Item name="grid" label={t('cases.grid')}>
          <FilterSelect search width={180} placeholder={t('cases.filter.all')} loading={grids === null} options={gridOptions(grids)} testId="filter-grid" />
        </Form.Item>
        <Form.Item name="department" label={t('cases.department')}>
          <FilterSelect
            search
            width={200}
            placeholder={t('cases.filter.all')}
            loading={departments === null}
            options={(departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
            testId="filter-department"
          />
        </Form.Item>
        <Form.Item name="dates" label={t('cases.filter.dates')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} data-testid="filter-dates" />
        </Form.Item>
        <Form.Item name="overdue" label={t('cases.filter.overdue')} tooltip={t('cases.filter.overdue.def')} valuePropName="checked">
          <Switch size="small" data-testid="filter-overdue" />
        </Form.Item>
        <Form.Item name="q" label={t('cases.filter.q')}>
          <Input allowClear placeholder={t('cases.filter.qPlaceholder')} style={{ width: 200 }} data-testid="filter-q" onPressEnter={search} />
        </Form.Item>
      </SearchCard>
      {error && <Alert type="error" showIcon message={t('error.loadFailed')} description={error} data-testid="cases-error" />}
      <Card className="gz-card gz-cases-table-card" size="small">
        <Tabs activeKey={tab} onChange={(k) => setTab(k as Tab)} items={tabs} data-testid="cases-tabs" />
        <DataTable<CaseSummary>
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          scroll={{ x: 1400 }}
          rowClassName={(r) => (r.overdue ? 'gz-row-overdue' : '')}
          onRow={(r) => clickableRow({ 'data-testid': `case-row-${r.id}`, 'data-number': r.number }, () => navigate(`/cases/${r.id}`))}
          pagination={serverPager(
            page,
            setPage,
            // the count stops at 1,000 ("1000+"); past it, offset paging goes on one page at a time while there is a next page
            data?.totalCapped ? Math.max(data.total + 1, page.current * page.pageSize + (data.nextCursor ? 1 : 0)) : (data?.total ?? 0),
            (n) => <span data-testid="cases-total">{t('cases.total', { n: data?.totalCapped ? `${data.total}+` : n })}</span>,
          )}
          empty={t('cases.empty')}
          testId="cases-table"
        />
      </Card>
      <Modal
        open={naming !== null}
        title={t('cases.views.saveTitle')}
        onOk={saveView}
        onCancel={() => setNaming(null)}
        okButtonProps={{ disabled: !naming?.trim(), 'data-testid': 'views-save-ok' }}
      >
        <Typography.Paragraph type="secondary">{t('cases.views.saveHint')}</Typography.Paragraph>
        <Input autoFocus maxLength={30} value={naming ?? ''} onChange={(e) => setNaming(e.target.value)} onPressEnter={saveView} placeholder={t('cases.views.namePlaceholder')} data-testid="views-name" />
      </Modal>
      <NewCaseModal
        open={creating}
        region={region}
        onClose={() => setCreating(false)}
        onCreated={() => {
          setCreating(false);
          setTab('all');
          list.reload();
        }}
      />
    </RegionPage>
  );
}
