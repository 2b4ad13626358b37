import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { Card, Empty, ErrorBlock, List, NavBar, Tag } from 'antd-mobile';
import { api } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import type { Grid, MapSettings } from '../../shared/types';
import {
  DEFAULT_MAP_SETTINGS,
  L,
  createMap,
  formatArea,
  geometryToLatLngs,
  gridLabelIcon,
  gridStyle,
  labelPoint,
} from '../../shared/gridmap';
import { useAuth } from '../../shared/auth';
import { useI18n, type MessageKey } from '../i18n';
import { SectionSkeleton } from '../SectionSkeleton';

/** A small, non-interactive map of one grid's polygon with its number. */
function GridMiniMap({ grid, settings }: { grid: Grid; settings: MapSettings }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current || !grid.geometry) return;
    const map = createMap(el.current, settings, {
      zoomControl: false,
      dragging: true,
      scrollWheelZoom: false,
      doubleClickZoom: false,
      boxZoom: false,
      keyboard: false,
    });
    const poly = L.polygon(geometryToLatLngs(grid.geometry) as L.LatLngExpression[][], {
      ...gridStyle(grid, false),
      dashArray: undefined,
      className: `gz-grid-poly gz-grid-poly-${grid.kind}`,
      interactive: false,
    }).addTo(map);
    const at = labelPoint(grid.geometry);
    if (at) L.marker([at[1], at[0]], { icon: gridLabelIcon(grid, false), interactive: false, keyboard: false }).addTo(map);
    map.fitBounds(poly.getBounds(), { padding: [16, 16], maxZoom: 18, animate: false });
    return () => {
      map.remove();
    };
  }, [grid, settings]);
  if (!grid.geometry) return null;
  return <div ref={el} className="m-grid-map" data-testid={`m-grid-map-${grid.code}`} />;
}

export default function MyGridPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { user } = useAuth();
  const mine = useLoad((signal) => api.myGrids(signal), []);
  const grids = mine.data?.items ?? null;
  const error = mine.failure;
  // without the map settings the map still shows, on the defaults
  const map = useLoad((signal) => api.mapSettings(signal).catch(() => DEFAULT_MAP_SETTINGS), []);
  const settings: MapSettings | null = map.data;

  const me = user?.username;

  return (
    <div className="m-page" data-testid="m-my-grid">
      <NavBar onBack={() => navigate('/')} className="m-navbar" backIcon>
        {t('m.myGrid')}
      </NavBar>
      {error ? (
        <ErrorBlock status="default" title={t('error.loadFailed')} description={error.message} />
      ) : grids === null ? (
        <SectionSkeleton lines={5} />
      ) : grids.length === 0 ? (
        <Empty className="m-empty" description={t('m.noGrid')} data-testid="m-no-grid" />
      ) : (
        grids.map((g) => {
          const others = g.workers.filter((w) => !me || w.username !== me);
          return (
            <div className="m-section" key={g.code}>
              <Card
                className="m-grid-card"
                data-testid={`m-grid-${g.code}`}
                title={
                  <div className="m-grid-title">
                    <span className={`m-grid-num m-grid-num-${g.kind}`}>{g.number}</span>
                    <span data-testid="m-grid-name">{g.name}</span>
                  </div>
                }
                extra={
                  <Tag color={g.kind === 'basic' ? 'primary' : 'warning'} fill="outline">
                    {t(`grids.kind.${g.kind}` as MessageKey)}
                  </Tag>
                }
              >
                {settings && <GridMiniMap grid={g} settings={settings} />}
                <List className="m-grid-facts">
                  <List.Item extra={<span className="m-code">{g.code}</span>}>{t('grids.code')}</List.Item>
                  <List.Item extra={g.number}>{t('grids.number')}</List.Item>
                  <List.Item extra={`${g.streetName} · ${g.communityName}`}>{t('grids.community')}</List.Item>
                  {g.unitKind && <List.Item extra={t(`grids.unit.${g.unitKind}` as MessageKey)}>{t('grids.unitKind')}</List.Item>}
                  <List.Item extra={formatArea(g.areaM2, lang)}>{t('grids.area')}</List.Item>
                  <List.Item extra={g.leader?.name ?? '—'}>{t('grids.post.leader')}</List.Item>
                  <List.Item
                    description={
                      others.length
                        ? others.map((w) => `${w.name}（${t(`grids.employment.${w.employment}` as MessageKey)}）`).join('、')
                        : '—'
                    }
                  >
                    {t('m.coWorkers')}
                  </List.Item>
                  {g.administrators.length > 0 && (
                    <List.Item description={g.administrators.map((a) => a.name).join('、')}>{t('grids.post.administrator')}</List.Item>
                  )}
                </List>
              </Card>
            </div>
          );
        })
      )}
    </div>
  );
}
