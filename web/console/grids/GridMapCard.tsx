/** The map card: legend with counts, the Leaflet map, and the bars shown while a boundary is edited or a grid drawn. */
import { useMemo } from 'react';
import type { RefObject } from 'react';
import { Alert, Button, Card, Space } from 'antd';
import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import type { Grid } from '../../shared/types';
import { GRID_COLORS } from '../../shared/gridmap';
import { useI18n } from '../i18n';

function useCounts(grids: Grid[] | null) {
  return useMemo(() => {
    const c = { basic: 0, dedicated: 0, unstaffed: 0 };
    for (const g of grids ?? []) {
      c[g.kind] += 1;
      if (g.kind === 'basic' && !g.workers.some((w) => w.employment === 'full_time')) c.unstaffed += 1;
    }
    return c;
  }, [grids]);
}

export function GridMapCard(props: {
  mapEl: RefObject<HTMLDivElement>;
  regionName: string | null;
  grids: Grid[] | null;
  loading: boolean;
  loadError: Error | null;
  settingsError: string | null;
  editingGrid: Grid | null;
  saving: boolean;
  onSaveBoundary: () => void;
  onCancelEdit: () => void;
  drawing: boolean;
  onCancelDraw: () => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const { grids, loading, loadError, settingsError, editingGrid, saving, drawing } = props;
  const counts = useCounts(grids);
  return (
    <Card
      className="gz-card gz-map-card"
      title={
        <Space size={12} wrap>
          <span data-testid="grid-map-region">{props.regionName}</span>
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
      extra={<Button size="small" type="text" icon={<ReloadOutlined />} onClick={props.onReload} aria-label={t('audit.refresh')} />}
    >
      {settingsError && <Alert type="warning" showIcon banner message={t('grids.settingsFailed', { msg: settingsError })} />}
      <div className="gz-map-wrap">
        <div ref={props.mapEl} className="gz-map" data-testid="grid-map" />
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
                <Button type="primary" size="small" icon={<SaveOutlined />} loading={saving} onClick={props.onSaveBoundary} data-testid="grid-edit-save">
                  {t('grids.save')}
                </Button>
                <Button size="small" onClick={props.onCancelEdit} disabled={saving}>
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
              <Button size="small" onClick={props.onCancelDraw}>
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
  );
}
