import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HTMLAttributes, ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Result,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import {
  DeleteOutlined,
  EditOutlined,
  ImportOutlined,
  PieChartOutlined,
  PlusOutlined,
  ReloadOutlined,
  SaveOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { api, ApiError } from '../../shared/api';
import type {
  Grid,
  GridGeometry,
  GridIssue,
  GridKind,
  GridPost,
  GridUnitKind,
  MapSettings,
  RegionRef,
} from '../../shared/types';
import { DEFAULT_MAP_SETTINGS, GRID_COLORS, formatArea, labelPoint } from '../../shared/gridmap';
import { useI18n, type MessageKey } from '../i18n';
import { PageHeader } from '../components';
import { RegionPicker } from '../RegionPicker';
import { GridMapController } from '../map/GridMapController';
import { ApiErrorContent, GridKindTag, issueText, staffNames, useGridAbilities, useRegionParam } from '../gridsCommon';
import GridImportModal from './GridImportModal';

const UNIT_KINDS: GridUnitKind[] = ['school', 'hospital', 'market', 'company', 'other'];
const PAGE_SIZE = 15;

interface NewGridForm {
  communityCode: string;
  name: string;
  kind: GridKind;
  unitKind?: GridUnitKind;
}

interface StaffForm {
  post: GridPost;
  name?: string;
  username?: string;
  employment?: 'full_time' | 'part_time';
}

export default function GridMapPage() {
  const { t, lang } = useI18n();
  const { message, modal, notification } = AntApp.useApp();
  const navigate = useNavigate();
  const { canEdit } = useGridAbilities();
  const { region, setRegion, roots, rootsError } = useRegionParam();
  const [regionRef, setRegionRef] = useState<RegionRef | null>(null);

  // ---- map settings ----
  const [settings, setSettings] = useState<MapSettings | null>(null);
  const [settingsError, setSettingsError] = useState<string | null>(null);
  useEffect(() => {
    const ac = new AbortController();
    api
      .mapSettings(ac.signal)
      .then(setSettings)
      .catch((e) => {
        if (ac.signal.aborted) return;
        setSettingsError((e as Error).message);
        setSettings(DEFAULT_MAP_SETTINGS);
      });
    return () => ac.abort();
  }, []);

  // ---- the region's name and level (for the header and the new-grid form) ----
  useEffect(() => {
    if (!region) return;
    const ac = new AbortController();
    api
      .region(region, ac.signal)
      .then((d) => setRegionRef({ code: d.code, name: d.name, level: d.level }))
      .catch(() => !ac.signal.aborted && setRegionRef(null));
    return () => ac.abort();
  }, [region]);

  // ---- grids ----
  const [grids, setGrids] = useState<Grid[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<ApiError | Error | null>(null);
  const [reloadNonce, setReloadNonce] = useState(0);
  const fitFor = useRef<string | null>(null);

  useEffect(() => {
    if (!region) return;
    const ac = new AbortController();
    setLoading(true);
    setLoadError(null);
    api
      .grids(region, undefined, ac.signal)
      .then((r) => setGrids([...r.items].sort((a, b) => a.code.localeCompare(b.code))))
      .catch((e) => {
        if (ac.signal.aborted) return;
        setGrids([]);
        setLoadError(e as Error);
      })
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [region, reloadNonce]);

  const reload = useCallback((refit = false) => {
    if (refit) fitFor.current = null;
    setReloadNonce((n) => n + 1);
  }, []);

  const replaceGrid = useCallback((g: Grid) => {
    setGrids((prev) => (prev ? prev.map((x) => (x.code === g.code ? g : x)) : prev));
  }, []);

  // ---- selection, editing, drawing ----
  const [selectedCode, setSelectedCode] = useState<string | null>(null);
  const [editingCode, setEditingCode] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [drawing, setDrawing] = useState(false);
  const [drawn, setDrawn] = useState<GridGeometry | null>(null);
  const [importOpen, setImportOpen] = useState(false);

  const selected = useMemo(() => grids?.find((g) => g.code === selectedCode) ?? null, [grids, selectedCode]);

  // ?grid=<code> (e.g. from the staffing view) selects that grid once the list is there.
  const [params] = useSearchParams();
  const gridParam = params.get('grid');
  const gridParamApplied = useRef<string | null>(null);
  useEffect(() => {
    if (!gridParam || gridParamApplied.current === gridParam) return;
    if (grids?.some((g) => g.code === gridParam)) {
      gridParamApplied.current = gridParam;
      setSelectedCode(gridParam);
    }
  }, [gridParam, grids]);

  useEffect(() => {
    setSelectedCode(null);
    setEditingCode(null);
    setDrawing(false);
  }, [region]);

  // ---- the Leaflet map ----
  const mapEl = useRef<HTMLDivElement>(null);
  const ctl = useRef<GridMapController | null>(null);
  const [mapReady, setMapReady] = useState(false);
  const handlers = useRef({
    onSelect: (code: string) => setSelectedCode(code),
    onDrawn: (g: GridGeometry) => {
      setDrawing(false);
      setDrawn(g);
    },
  });

  useEffect(() => {
    if (!settings || !mapEl.current) return;
    const c = new GridMapController(mapEl.current, settings, handlers.current, lang);
    ctl.current = c;
    setMapReady(true);
    return () => {
      c.destroy();
      ctl.current = null;
      setMapReady(false);
    };
    // The map is created once; a language switch only affects Geoman's hints.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings]);

  useEffect(() => {
    const c = ctl.current;
    if (!mapReady || !c || !grids || !region) return;
    const fit = fitFor.current !== region;
    c.setGrids(grids, fit, settings ?? undefined);
    if (fit) fitFor.current = region;
  }, [mapReady, grids, region, settings]);

  useEffect(() => {
    if (mapReady) ctl.current?.select(selectedCode, true);
  }, [mapReady, selectedCode, grids]);

  useEffect(() => {
    const c = ctl.current;
    if (!mapReady || !c) return;
    if (editingCode) {
      if (!c.startEdit(editingCode)) setEditingCode(null);
    } else c.stopEdit();
  }, [mapReady, editingCode]);

  useEffect(() => {
    const c = ctl.current;
    if (!mapReady || !c) return;
    if (drawing) c.startDraw();
    else c.stopDraw();
  }, [mapReady, drawing]);

  // The drawn shape stays on the map while its form is open.
  useEffect(() => {
    if (mapReady && !drawn) ctl.current?.clearDraft();
  }, [mapReady, drawn]);

  // ---- list ----
  const [filter, setFilter] = useState('');
  const filtered = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!grids) return [];
    if (!q) return grids;
    return grids.filter(
      (g) =>
        String(g.number) === q ||
        g.name.toLowerCase().includes(q) ||
        g.code.includes(q) ||
        g.communityName.toLowerCase().includes(q) ||
        g.workers.some((w) => w.name.toLowerCase().includes(q)) ||
        (g.leader?.name.toLowerCase().includes(q) ?? false),
    );
  }, [grids, filter]);
  const [page, setPage] = useState(1);
  useEffect(() => {
    if (!selectedCode) return;
    const i = filtered.findIndex((g) => g.code === selectedCode);
    if (i >= 0) setPage(Math.floor(i / PAGE_SIZE) + 1);
  }, [selectedCode, filtered]);

  const counts = useMemo(() => {
    const c = { basic: 0, dedicated: 0, unstaffed: 0 };
    for (const g of grids ?? []) {
      c[g.kind] += 1;
      if (g.kind === 'basic' && !g.workers.some((w) => w.employment === 'full_time')) c.unstaffed += 1;
    }
    return c;
  }, [grids]);

  const columns: TableColumnsType<Grid> = [
    {
      title: t('grids.number'),
      dataIndex: 'number',
      width: 64,
      sorter: (a, b) => a.number - b.number || a.code.localeCompare(b.code),
      render: (n: number, g) => (
        <span className={`gz-grid-num gz-grid-num-${g.kind}`} data-testid={`grid-number-${g.code}`}>
          {n}
        </span>
      ),
    },
    {
      title: t('grids.name'),
      dataIndex: 'name',
      render: (name: string, g) => (
        <div className="gz-grid-cell">
          <span className="gz-grid-name">{name}</span>
          <span className="gz-grid-sub">
            <GridKindTag grid={g} />
            <span className="gz-muted gz-small" title={t('grids.community')}>
              {g.communityName}
            </span>
          </span>
        </div>
      ),
    },
    {
      title: t('grids.fullTimeWorkers'),
      key: 'workers',
      width: 120,
      render: (_, g) => {
        if (g.kind === 'dedicated')
          return g.administrators.length ? (
            <span className="gz-muted">{t('grids.adminNames', { names: staffNames(g.administrators) })}</span>
          ) : (
            <span className="gz-muted">—</span>
          );
        const ft = g.workers.filter((w) => w.employment === 'full_time');
        if (g.kind === 'basic' && ft.length === 0)
          return (
            <Tag color="error" bordered={false}>
              {t('grids.noWorker')}
            </Tag>
          );
        return staffNames(ft) || <span className="gz-muted">—</span>;
      },
    },
    {
      title: t('grids.leader'),
      key: 'leader',
      width: 90,
      responsive: ['xl'],
      render: (_, g) => g.leader?.name ?? <span className="gz-muted">—</span>,
    },
  ];

  // ---- actions ----
  const showError = useCallback(
    (title: string, e: unknown) => {
      modal.error({ title, content: <ApiErrorContent error={e} />, width: 520, okText: t('m.confirm') });
    },
    [modal, t],
  );

  const showWarnings = useCallback(
    (warnings: GridIssue[]) => {
      if (!warnings?.length) return;
      notification.warning({
        message: t('grids.warnings'),
        description: (
          <ul className="gz-api-error-details" data-testid="grid-warnings">
            {warnings.map((w, i) => (
              <li key={i}>{issueText(t, lang, w, false)}</li>
            ))}
          </ul>
        ),
        duration: 8,
      });
    },
    [notification, t, lang],
  );

  const onSaveBoundary = async () => {
    const c = ctl.current;
    const g = grids?.find((x) => x.code === editingCode);
    if (!c || !g) return;
    const geometry = c.editedGeometry();
    if (!geometry) return;
    setSaving(true);
    try {
      const r = await api.updateGrid(g.code, { version: g.version, geometry, crs: 'wgs84' });
      setEditingCode(null);
      replaceGrid(r.grid);
      message.success(t('grids.boundarySaved'));
      showWarnings(r.warnings);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'version_conflict') {
        modal.confirm({
          title: t('grids.conflictTitle'),
          content: <ApiErrorContent error={e} />,
          okText: t('grids.reloadGrid'),
          cancelText: t('grids.keepEditing'),
          width: 520,
          onOk: () => {
            setEditingCode(null);
            reload();
          },
        });
      } else {
        showError(t('grids.saveFailed'), e);
      }
    } finally {
      setSaving(false);
    }
  };

  const onDelete = async (g: Grid) => {
    try {
      await api.deleteGrid(g.code, g.version);
      message.success(t('grids.deleted'));
      setSelectedCode(null);
      setGrids((prev) => prev?.filter((x) => x.code !== g.code) ?? prev);
    } catch (e) {
      showError(t('grids.deleteFailed'), e);
    }
  };

  const onCreated = (g: Grid, warnings: GridIssue[]) => {
    setDrawn(null);
    setGrids((prev) => [...(prev ?? []), g].sort((x, y) => x.code.localeCompare(y.code)));
    setSelectedCode(g.code);
    message.success(t('grids.created', { name: g.name }));
    showWarnings(warnings);
  };

  const onRemoveStaff = async (staffId: string | number) => {
    if (!selected) return;
    try {
      const g = await api.removeGridStaff(selected.code, staffId);
      replaceGrid(g);
      message.success(t('grids.staff.removed'));
    } catch (e) {
      showError(t('grids.staff.removeFailed'), e);
    }
  };

  // ---- render ----
  const busyMode = !!editingCode || drawing;
  const editingGrid = grids?.find((g) => g.code === editingCode) ?? null;

  const header = (
    <PageHeader
      title={t('grids.map.title')}
      desc={t('grids.map.desc')}
      crumbs={[t('menu.grids')]}
      extra={
        <Space wrap>
          <RegionPicker
            value={region}
            roots={roots}
            onChange={(code) => setRegion(code)}
            testId="grid-region-picker"
            style={{ minWidth: 260 }}
            disabled={busyMode}
          />
          <Button icon={<PieChartOutlined />} onClick={() => navigate(`/grids/coverage${region ? `?region=${region}` : ''}`)}>
            {t('menu.gridCoverage')}
          </Button>
          {canEdit && (
            <>
              <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)} disabled={busyMode} data-testid="grid-import-open">
                {t('grids.import.open')}
              </Button>
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => {
                  setSelectedCode(null);
                  setDrawing(true);
                }}
                disabled={busyMode || !settings}
                data-testid="grid-new"
              >
                {t('grids.new')}
              </Button>
            </>
          )}
        </Space>
      }
    />
  );

  if (rootsError || (roots && roots.length === 0)) {
    return (
      <div className="gz-page" data-testid="grid-map-page">
        {header}
        <Card className="gz-card">
          <Result status="warning" title={t('error.loadFailed')} subTitle={rootsError ?? t('regions.noScope')} />
        </Card>
      </div>
    );
  }

  return (
    <div className="gz-page" data-testid="grid-map-page">
      {header}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card
            className="gz-card gz-map-card"
            title={
              <Space size={12} wrap>
                <span data-testid="grid-map-region">{regionRef?.name ?? region}</span>
                <span className="gz-map-legend">
                  <span className="gz-legend-swatch" style={{ borderColor: GRID_COLORS.basic, background: `${GRID_COLORS.basic}2e` }} />
                  {t('grids.kind.basic')} {counts.basic}
                  <span className="gz-legend-swatch" style={{ borderColor: GRID_COLORS.dedicated, background: `${GRID_COLORS.dedicated}2e` }} />
                  {t('grids.kind.dedicated')} {counts.dedicated}
                  <span className="gz-legend-swatch gz-legend-dashed" />
                  {t('grids.legend.unstaffed')} {counts.unstaffed}
                </span>
              </Space>
            }
            extra={
              <Button size="small" type="text" icon={<ReloadOutlined />} onClick={() => reload(true)} aria-label={t('audit.refresh')} />
            }
          >
            {settingsError && <Alert type="warning" showIcon banner message={t('grids.settingsFailed', { msg: settingsError })} />}
            <div className="gz-map-wrap">
              <div ref={mapEl} className="gz-map" data-testid="grid-map" />
              {editingGrid && (
                <Alert
                  type="info"
                  showIcon
                  className="gz-map-bar"
                  data-testid="grid-edit-bar"
                  message={t('grids.editing', { name: editingGrid.name })}
                  description={t('grids.editingHint')}
                  action={
                    <Space direction="vertical">
                      <Button type="primary" size="small" icon={<SaveOutlined />} loading={saving} onClick={onSaveBoundary} data-testid="grid-edit-save">
                        {t('grids.save')}
                      </Button>
                      <Button size="small" onClick={() => setEditingCode(null)} disabled={saving}>
                        {t('m.cancel')}
                      </Button>
                    </Space>
                  }
                />
              )}
              {drawing && (
                <Alert
                  type="info"
                  showIcon
                  className="gz-map-bar"
                  data-testid="grid-draw-bar"
                  message={t('grids.drawing')}
                  description={t('grids.drawingHint')}
                  action={
                    <Button size="small" onClick={() => setDrawing(false)}>
                      {t('m.cancel')}
                    </Button>
                  }
                />
              )}

              {loading && <div className="gz-map-loading">{t('app.loading')}</div>}
              {!loading && grids && grids.length === 0 && !loadError && (
                <div className="gz-map-empty" data-testid="grid-map-empty">
                  {t('grids.empty')}
                </div>
              )}
            </div>
            {loadError && <Alert type="error" showIcon message={loadError.message} className="gz-mt8" />}
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card
            className="gz-card gz-grid-list-card"
            title={
              <Space>
                {t('grids.list')}
                <Typography.Text type="secondary" data-testid="grid-count">
                  ({grids?.length ?? 0})
                </Typography.Text>
              </Space>
            }
          >
            <Input.Search
              allowClear
              placeholder={t('grids.filter')}
              value={filter}
              onChange={(e) => {
                setFilter(e.target.value);
                setPage(1);
              }}
              className="gz-mb8"
            />
            <Table<Grid>
              rowKey="code"
              size="small"
              columns={columns}
              dataSource={filtered}
              loading={loading}
              pagination={
                filtered.length > PAGE_SIZE
                  ? { pageSize: PAGE_SIZE, current: page, onChange: setPage, showSizeChanger: false, size: 'small' }
                  : false
              }
              rowClassName={(g) => `gz-clickable${g.code === selectedCode ? ' gz-row-selected' : ''}`}
              onRow={(g) =>
                ({
                  onClick: () => !busyMode && setSelectedCode(g.code),
                  'data-testid': `grid-row-${g.code}`,
                }) as HTMLAttributes<HTMLElement>
              }
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('grids.empty')} /> }}
              data-testid="grid-table"
            />
          </Card>
        </Col>
      </Row>

      <Drawer
        open={!!selected}
        onClose={() => {
          if (!editingCode) setSelectedCode(null);
        }}
        mask={false}
        width={440}
        title={
          selected && (
            <Space>
              <span className={`gz-grid-num gz-grid-num-${selected.kind}`}>{selected.number}</span>
              <span data-testid="grid-detail-name">{selected.name}</span>
            </Space>
          )
        }
        rootClassName="gz-grid-drawer"
        destroyOnHidden
      >
        {selected && (
          <div data-testid="grid-detail">
            <Descriptions
              size="small"
              column={1}
              bordered
              className="gz-detail-desc"
              items={[
                { key: 'code', label: t('grids.code'), children: <span className="gz-mono" data-testid="grid-detail-code">{selected.code}</span> },
                { key: 'kind', label: t('grids.kind'), children: <GridKindTag grid={selected} /> },
                { key: 'community', label: t('grids.community'), children: `${selected.streetName} / ${selected.communityName}` },
                { key: 'area', label: t('grids.area'), children: <span data-testid="grid-detail-area">{formatArea(selected.areaM2, lang)}</span> },
              ]}
            />
            {canEdit && (
              <Space className="gz-mt12" wrap>
                <Button
                  icon={<EditOutlined />}
                  onClick={() => setEditingCode(selected.code)}
                  disabled={!selected.geometry || busyMode}
                  data-testid="grid-edit-boundary"
                >
                  {t('grids.editBoundary')}
                </Button>
                <Popconfirm
                  title={t('grids.deleteConfirm', { name: selected.name })}
                  okText={t('m.confirm')}
                  cancelText={t('m.cancel')}
                  onConfirm={() => onDelete(selected)}
                >
                  <Button danger icon={<DeleteOutlined />} disabled={busyMode}>
                    {t('grids.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            )}

            <Divider orientation="left" plain>
              {t('grids.staff')}
            </Divider>
            <StaffSection grid={selected} canEdit={canEdit} onRemove={onRemoveStaff} />

            {canEdit && (
              <StaffAddForm
                key={selected.code}
                grid={selected}
                onAdded={(g) => {
                  replaceGrid(g);
                  message.success(t('grids.staff.added'));
                }}
                onError={(e) => showError(t('grids.staff.addFailed'), e)}
              />
            )}
          </div>
        )}
      </Drawer>

      {drawn && regionRef && (
        <NewGridModal
          geometry={drawn}
          region={regionRef}
          onCancel={() => setDrawn(null)}
          onCreated={onCreated}
          onError={(e) => showError(t('grids.createFailed'), e)}
        />
      )}

      {canEdit && (
        <GridImportModal
          open={importOpen}
          onClose={() => setImportOpen(false)}
          defaultRegion={regionRef}
          roots={roots}
          onImported={() => {
            setImportOpen(false);
            reload(true);
          }}
        />
      )}
    </div>
  );
}

function StaffSection(props: { grid: Grid; canEdit: boolean; onRemove: (staffId: string | number) => void }) {
  const { t } = useI18n();
  const { grid, canEdit, onRemove } = props;
  const row = (
    key: string,
    post: GridPost,
    s: { staffId: string | number; name: string; username: string | null; since: string },
    extra?: ReactNode,
  ) => (
    <div className="gz-staff-row" key={key} data-testid={`staff-${post}-${s.staffId}`}>
      <div className="gz-staff-main">
        <span className="gz-staff-name">{s.name}</span>
        {extra}
        {s.username && <span className="gz-mono gz-muted">@{s.username}</span>}
      </div>
      <div className="gz-staff-side">
        <span className="gz-muted">{t('grids.staff.since', { date: s.since })}</span>
        {canEdit && (
          <Popconfirm
            title={t('grids.staff.removeConfirm', { name: s.name })}
            okText={t('m.confirm')}
            cancelText={t('m.cancel')}
            onConfirm={() => onRemove(s.staffId)}
          >
            <Button size="small" type="link" danger data-testid={`staff-remove-${s.staffId}`}>
              {t('grids.staff.remove')}
            </Button>
          </Popconfirm>
        )}
      </div>
    </div>
  );
  return (
    <div className="gz-staff" data-testid="grid-staff">
      <div className="gz-staff-group">
        <div className="gz-staff-title">{t('grids.post.worker')}</div>
        {grid.workers.length === 0 ? (
          <div className="gz-muted gz-staff-none">{grid.kind === 'basic' ? t('grids.noWorkerLong') : t('regions.none')}</div>
        ) : (
          grid.workers.map((w) =>
            row(`w${w.staffId}`, 'worker', w, (
              <Tag color={w.employment === 'full_time' ? 'red' : 'default'} bordered={false}>
                {t(`grids.employment.${w.employment}` as MessageKey)}
              </Tag>
            )),
          )
        )}
      </div>
      <div className="gz-staff-group">
        <div className="gz-staff-title">{t('grids.post.leader')}</div>
        {grid.leader ? row(`l${grid.leader.staffId}`, 'leader', grid.leader) : <div className="gz-muted gz-staff-none">{t('regions.none')}</div>}
      </div>
      <div className="gz-staff-group">
        <div className="gz-staff-title">{t('grids.post.administrator')}</div>
        {grid.administrators.length === 0 ? (
          <div className="gz-muted gz-staff-none">{t('regions.none')}</div>
        ) : (
          grid.administrators.map((a) => row(`a${a.staffId}`, 'administrator', a))
        )}
      </div>
    </div>
  );
}

function StaffAddForm(props: { grid: Grid; onAdded: (g: Grid) => void; onError: (e: unknown) => void }) {
  const { t } = useI18n();
  const { grid, onAdded, onError } = props;
  const [form] = Form.useForm<StaffForm>();
  const post = Form.useWatch('post', form);
  const initialPost: GridPost = grid.kind === 'dedicated' ? 'administrator' : 'worker';
  const [busy, setBusy] = useState(false);

  const onAdd = async () => {
    let v;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    const name = v.name?.trim() || undefined;
    const username = v.username?.trim() || undefined;
    if (!name && !username) {
      form.setFields([{ name: 'name', errors: [t('grids.staff.nameOrUsername')] }]);
      return;
    }
    setBusy(true);
    try {
      const g = await api.addGridStaff(grid.code, {
        post: v.post,
        name,
        username,
        employment: v.post === 'worker' ? (v.employment ?? 'full_time') : undefined,
      });
      form.resetFields();
      onAdded(g);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gz-staff-form" data-testid="grid-staff-form">
      <Typography.Text strong>
        <UserAddOutlined /> {t('grids.staff.add')}
      </Typography.Text>
      <Form<StaffForm>
        form={form}
        layout="vertical"
        size="small"
        initialValues={{ post: initialPost, employment: 'full_time' }}
        className="gz-mt8"
      >
        <Form.Item name="post" label={t('grids.staff.post')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="staff-post">
            <Radio.Button value="worker">{t('grids.post.worker')}</Radio.Button>
            <Radio.Button value="leader">{t('grids.post.leader')}</Radio.Button>
            <Radio.Button value="administrator">{t('grids.post.administrator')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {(post ?? initialPost) === 'worker' && (
          <Form.Item name="employment" label={t('grids.staff.employment')}>
            <Radio.Group data-testid="staff-employment">
              <Radio value="full_time">{t('grids.employment.full_time')}</Radio>
              <Radio value="part_time">{t('grids.employment.part_time')}</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="name" label={t('grids.staff.name')}>
              <Input maxLength={40} data-testid="staff-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="username" label={t('grids.staff.username')} tooltip={t('grids.staff.usernameHint')}>
              <Input maxLength={64} data-testid="staff-username" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" icon={<PlusOutlined />} loading={busy} onClick={onAdd} data-testid="staff-add">
          {t('grids.staff.addButton')}
        </Button>
      </Form>
    </div>
  );
}

function NewGridModal(props: {
  geometry: GridGeometry;
  region: RegionRef;
  onCancel: () => void;
  onCreated: (g: Grid, warnings: GridIssue[]) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useI18n();
  const { geometry, region, onCancel, onCreated, onError } = props;
  const [form] = Form.useForm<NewGridForm>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);

  // Outside a community, propose the community under the drawn shape.
  useEffect(() => {
    if (region.level === 'community') return;
    const at = labelPoint(geometry);
    if (!at) return;
    let cancelled = false;
    api
      .locateGrid(at[0], at[1], 'wgs84')
      .then((r) => {
        if (!cancelled && r.community && !form.getFieldValue('communityCode')) form.setFieldsValue({ communityCode: r.community.code });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [geometry, region, form]);

  const onOk = async () => {
    let v;
    try {
      v = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setBusy(true);
    try {
      const r = await api.createGrid({
        communityCode: v.communityCode,
        name: v.name.trim(),
        kind: v.kind,
        unitKind: v.kind === 'dedicated' ? (v.unitKind ?? 'other') : undefined,
        geometry,
        crs: 'wgs84',
      });
      onCreated(r.grid, r.warnings ?? []);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('grids.newTitle')}
      onCancel={onCancel}
      onOk={onOk}
      confirmLoading={busy}
      okText={t('grids.create')}
      cancelText={t('m.cancel')}
      okButtonProps={{ 'data-testid': 'grid-new-submit' } as Record<string, string>}
    >
      <Typography.Paragraph type="secondary">{t('grids.newHint')}</Typography.Paragraph>
      <Form<NewGridForm>
        form={form}
        layout="vertical"
        data-testid="grid-new-form"
        initialValues={{ kind: 'basic', communityCode: region.level === 'community' ? region.code : undefined }}
      >
        <Form.Item name="communityCode" label={t('grids.community')} rules={[{ required: true, message: t('grids.communityRequired') }]}>
          <RegionPicker roots={[region]} levels={['community']} style={{ width: '100%' }} testId="grid-new-community" />
        </Form.Item>
        <Form.Item name="name" label={t('grids.name')} rules={[{ required: true, whitespace: true, message: t('grids.nameRequired') }]}>
          <Input maxLength={60} placeholder={t('grids.namePlaceholder')} data-testid="grid-new-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('grids.kind')}>
          <Radio.Group optionType="button" buttonStyle="solid">
            <Radio.Button value="basic">{t('grids.kind.basic')}</Radio.Button>
            <Radio.Button value="dedicated">{t('grids.kind.dedicated')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {kind === 'dedicated' && (
          <Form.Item name="unitKind" label={t('grids.unitKind')} rules={[{ required: true, message: t('grids.unitKindRequired') }]}>
            <Select options={UNIT_KINDS.map((u) => ({ value: u, label: t(`grids.unit.${u}` as MessageKey) }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
