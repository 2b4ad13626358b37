/**
 * 我的居民 (grid workers): the residents of the worker's own grid(s), masked as the server sends
 * them, searchable by name; care groups and living alone 65+ stand out.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { CapsuleTabs, Empty, ErrorBlock, InfiniteScroll, List, NavBar, SearchBar, Skeleton, Tag } from 'antd-mobile';
import { api } from '../../shared/api';
import type { Grid, Resident } from '../../shared/types';
import { useI18n, type MessageKey } from '../i18n';
import { setSearchParam } from '../../shared/searchParams';

const PAGE = 20;

export function CareTags({ r }: { r: Pick<Resident, 'careGroups' | 'livingAlone65'> }) {
  const { t } = useI18n();
  return (
    <span className="m-care-tags">
      {r.livingAlone65 && (
        <Tag color="danger" fill="solid" className="m-la-tag" data-testid="m-la-tag">
          {t('people.livingAlone65')}
        </Tag>
      )}
      {r.careGroups.map((g) => (
        <Tag key={g.group} color="warning" fill="outline" data-testid={`m-care-${g.group}`}>
          {t(`people.careShort.${g.group}` as MessageKey)}
        </Tag>
      ))}
    </span>
  );
}

export default function MyResidentsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [grids, setGrids] = useState<Grid[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [items, setItems] = useState<Resident[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [q, setQ] = useState(params.get('q') ?? '');
  const gen = useRef(0);

  const gridCode = params.get('grid');
  const grid = grids?.find((g) => g.code === gridCode) ?? grids?.[0] ?? null;
  const applied = params.get('q') ?? '';

  useEffect(() => {
    const ac = new AbortController();
    api
      .myGrids(ac.signal)
      .then((r) => setGrids(r.items.filter((g) => g.kind === 'basic').concat(r.items.filter((g) => g.kind !== 'basic'))))
      .catch((e) => !ac.signal.aborted && setError(e as Error));
    return () => ac.abort();
  }, []);

  const fetchPage = useCallback(
    async (offset: number) => {
      if (!grid) return;
      const my = gen.current;
      const r = await api.residents({ region: grid.communityCode, grid: grid.code, q: applied || undefined }, { limit: PAGE, offset });
      if (my !== gen.current) return; // a newer search started meanwhile
      setItems((prev) => (offset === 0 ? r.items : [...prev, ...r.items]));
      setTotal(r.total);
      setHasMore(offset + r.items.length < r.total);
    },
    [grid, applied],
  );

  // A new grid or search starts from the first page.
  useEffect(() => {
    if (!grid) return;
    gen.current += 1;
    setItems([]);
    setTotal(null);
    setHasMore(false);
    setError(null);
    fetchPage(0).catch((e) => setError(e as Error));
  }, [grid, fetchPage]);

  const setParam = (k: string, v: string | null) => setSearchParam(setParams, k, v, true);

  return (
    <div className="m-page" data-testid="m-residents">
      <NavBar onBack={() => navigate('/')} className="m-navbar" backIcon>
        {t('m.residents')}
      </NavBar>
      <div className="m-search">
        <SearchBar
          placeholder={t('m.residentsSearch')}
          value={q}
          onChange={setQ}
          onSearch={(v) => setParam('q', v.trim() || null)}
          onClear={() => setParam('q', null)}
          data-testid="m-residents-search"
        />
      </div>
      {grids && grids.length > 1 && (
        <CapsuleTabs activeKey={grid?.code} onChange={(k) => setParam('grid', k)} className="m-grid-tabs">
          {grids.map((g) => (
            <CapsuleTabs.Tab key={g.code} title={`${g.number} ${g.name}`} />
          ))}
        </CapsuleTabs>
      )}
      {error ? (
        <ErrorBlock status="default" title={t('error.loadFailed')} description={error.message} />
      ) : grids === null || (grid && total === null) ? (
        <div className="m-section">
          <Skeleton.Paragraph lineCount={8} animated />
        </div>
      ) : !grid ? (
        <Empty className="m-empty" description={t('m.noGrid')} data-testid="m-no-grid" />
      ) : (
        <>
          <div className="m-list-meta" data-testid="m-residents-meta">
            <span>{grid.name}</span>
            <span data-testid="m-residents-total">{t('m.residentsTotal', { n: total ?? 0 })}</span>
          </div>
          {items.length === 0 ? (
            <Empty className="m-empty" description={t('m.residentsEmpty')} data-testid="m-residents-empty" />
          ) : (
            <List className="m-resident-list" data-testid="m-resident-list">
              {items.map((r) => (
                <List.Item
                  key={r.id}
                  onClick={() => navigate(`/residents/${r.id}`)}
                  className={r.livingAlone65 ? 'm-resident m-resident-la' : 'm-resident'}
                  data-testid={`m-resident-${r.id}`}
                  prefix={<div className={`m-resident-avatar m-resident-avatar-${r.gender}`}>{r.name.slice(0, 1)}</div>}
                  description={
                    <div className="m-resident-desc">
                      <div className="m-mono" data-testid="m-resident-id">
                        {r.idNumber}
                      </div>
                      <div className="m-mono" data-testid="m-resident-phone">
                        {r.phone ?? t('people.noPhone')}
                      </div>
                      {r.household?.address && <div className="m-resident-address">{r.household.address}</div>}
                      <CareTags r={r} />
                    </div>
                  }
                >
                  <span className="m-resident-name" data-testid="m-resident-name">
                    {r.name}
                  </span>
                  <span className="m-resident-meta">
                    {t(`people.gender.${r.gender}` as MessageKey)} · {t('people.ageYears', { age: r.age })}
                  </span>
                </List.Item>
              ))}
            </List>
          )}
          {items.length > 0 && (
            <InfiniteScroll loadMore={() => fetchPage(items.length).catch(() => setHasMore(false))} hasMore={hasMore}>
              {hasMore ? t('app.loading') : <span className="m-muted">{t('m.residentsNoMore')}</span>}
            </InfiniteScroll>
          )}
        </>
      )}
    </div>
  );
}
