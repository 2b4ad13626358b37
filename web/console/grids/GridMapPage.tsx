/**
 * 网格地图: the region's grids on a map and in a list; draw, edit, delete and staff them.
 * Data: `useGridMapData`; the map: `useGridMapController`; pieces: GridMapCard, GridList,
 * GridDetailDrawer (with GridStaff), NewGridModal, GridImportModal.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { App as AntApp, Button, Card, Col, Result, Row } from 'antd';
import { ImportOutlined, PieChartOutlined, PlusOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../shared/api';
import type { Grid, GridGeometry, GridIssue } from '../../shared/types';
import { useI18n } from '../i18n';
import { ApiErrorContent, issueText, useGridAbilities } from './gridsCommon';
import { RegionPageHeader, useRegionParam, withRegion } from '../regions/RegionPage';
import { CommunityCardsButton } from './GridCards';
import GridImportModal from './GridImportModal';
import { useGridMapData } from './useGridMapData';
import { useGridMapController } from './useGridMapController';
import { GridMapCard } from './GridMapCard';
import { GridList } from './GridList';
import { GridDetailDrawer } from './GridDetailDrawer';
import { NewGridModal } from './NewGridModal';

export default function GridMapPage() {
  const { t, lang } = useI18n();
  const { message, modal, notification } = AntApp.useApp();
  const navigate = useNavigate();
  const { canEdit } = useGridAbilities();
  const scope = useRegionParam();
  const { region, roots, rootsError } = scope;
  const { settings, settingsError, regionRef, grids, setGrids, loading, loadError, reload, replaceGrid, fitFor } = useGridMapData(region);

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

  const { mapEl, ctl } = useGridMapController({
    settings,
    lang,
    grids,
    region,
    fitFor,
    selectedCode,
    editingCode,
    stopEditing: () => setEditingCode(null),
    drawing,
    drawn,
    onSelect: (code) => setSelectedCode(code),
    onDrawn: (g) => {
      setDrawing(false);
      setDrawn(g);
    },
  });

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

  // ---- render ----
  const busyMode = !!editingCode || drawing;
  const editingGrid = grids?.find((g) => g.code === editingCode) ?? null;

  const header = (
    <RegionPageHeader
      page={{ title: t('grids.map.title'), desc: t('grids.map.desc'), crumbs: [t('menu.grids')] }}
      picker={{ scope, testId: 'grid-region-picker', width: 260, disabled: busyMode }}
      actions={
        <>
          <Button icon={<PieChartOutlined />} onClick={() => navigate(withRegion('/grids/coverage', region))}>
            {t('menu.gridCoverage')}
          </Button>
          {regionRef?.level === 'community' && <CommunityCardsButton code={regionRef.code} />}
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
        </>
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
          <GridMapCard
            mapEl={mapEl}
            regionName={regionRef?.name ?? region}
            grids={grids}
            loading={loading}
            loadError={loadError}
            settingsError={settingsError}
            editingGrid={editingGrid}
            saving={saving}
            onSaveBoundary={onSaveBoundary}
            onCancelEdit={() => setEditingCode(null)}
            drawing={drawing}
            onCancelDraw={() => setDrawing(false)}
            onReload={() => reload(true)}
          />
        </Col>
        <Col xs={24} lg={9}>
          <GridList grids={grids} loading={loading} selectedCode={selectedCode} busy={busyMode} onSelect={setSelectedCode} />
        </Col>
      </Row>

      <GridDetailDrawer
        selected={selected}
        canEdit={canEdit}
        busy={busyMode}
        editing={!!editingCode}
        onClose={() => setSelectedCode(null)}
        onEditBoundary={setEditingCode}
        onDelete={onDelete}
        onChanged={replaceGrid}
        showError={showError}
      />

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
