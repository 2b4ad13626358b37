/**
 * 我的上报 (residents: the cases they reported) / 我的案件 (grid workers: their queue, and the open
 * cases in their grids). Reports still on the phone (待发送 / 发送中 / 发送失败) are listed first;
 * a failed one can be fixed or discarded.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  Button,
  Dialog,
  Empty,
  ErrorBlock,
  FloatingBubble,
  InfiniteScroll,
  List,
  NavBar,
  NoticeBar,
  PullToRefresh,
  Skeleton,
  Tabs,
  Tag,
  Toast,
} from 'antd-mobile';
import { ApiError } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { FIELD_WORK } from '../../shared/abilities';
import { casesApi, type CaseFilters, type CaseSummary } from '../../shared/cases';
import { CaseStateTag, DueTags, formatTime, isNetworkError, useOnline } from './common';
import { discardReport, flushOutbox, type OutboxItem } from './outbox';
import { useCaseText } from './text';
import { useI18n } from '../i18n';
import { useOutbox } from './useOutbox';
import { setSearchParam } from '../../shared/searchParams';

const PAGE = 20;
type TabKey = 'mine' | 'grid';

function cacheKey(accountId: string, tab: TabKey) {
  return `gongzhi.cases.${accountId}.${tab}`;
}

function OutboxCard({ item }: { item: OutboxItem }) {
  const { ct, lang } = useCaseText();
  const navigate = useNavigate();
  const online = useOnline();
  const { user } = useAuth();
  const status = item.status;
  const discard = async () => {
    const ok = await Dialog.confirm({ content: ct('outbox.discardConfirm'), cancelText: ct('act.cancel'), confirmText: ct('act.confirm') });
    if (!ok) return;
    await discardReport(item.clientRef);
    Toast.show({ content: ct('outbox.discarded') });
  };
  const photoCount = item.photos.length + item.spotPhotos.length;
  return (
    <div className={`m-outbox-card m-outbox-${status}`} data-testid="m-outbox-item" data-client-ref={item.clientRef} data-status={status}>
      <div className="m-outbox-head">
        <span className="m-outbox-cat">{item.categoryName}</span>
        <Tag
          color={status === 'failed' ? 'danger' : status === 'sending' ? 'primary' : 'warning'}
          fill="solid"
          data-testid="m-outbox-status"
        >
          {status === 'failed' ? ct('outbox.failed') : status === 'sending' ? ct('outbox.sending') : ct('outbox.pending')}
        </Tag>
      </div>
      <div className="m-outbox-desc" data-testid="m-outbox-desc">
        {item.input.description}
      </div>
      <div className="m-outbox-meta">
        <span>{formatTime(item.createdAt, lang)}</span>
        {photoCount > 0 && <span>{ct('outbox.photos', { n: photoCount })}</span>}
        <span>{item.input.address || (item.input.lon === undefined ? ct('outbox.noPosition') : `${item.input.lat?.toFixed(5)}, ${item.input.lon?.toFixed(5)}`)}</span>
        {item.attempts > 0 && status !== 'failed' && <span>{ct('outbox.attempts', { n: item.attempts })}</span>}
      </div>
      {item.error && status === 'failed' && (
        <div className="m-outbox-error" data-testid="m-outbox-error">
          {item.error.message}
        </div>
      )}
      <div className="m-outbox-actions">
        {status === 'failed' ? (
          <>
            <Button size="small" color="primary" onClick={() => navigate(`/report?draft=${encodeURIComponent(item.clientRef)}`)} data-testid="m-outbox-edit">
              {ct('outbox.edit')}
            </Button>
            <Button size="small" color="danger" fill="outline" onClick={() => void discard()} data-testid="m-outbox-discard">
              {ct('outbox.discard')}
            </Button>
          </>
        ) : (
          <Button
            size="small"
            color="primary"
            fill="outline"
            disabled={!online || status === 'sending'}
            onClick={() => {
              if (user) void flushOutbox(String(user.id), { force: true });
            }}
            data-testid="m-outbox-send"
          >
            {ct('outbox.sendNow')}
          </Button>
        )}
      </div>
    </div>
  );
}

export default function MyCasesPage() {
  const { ct, lang } = useCaseText();
  const { t } = useI18n();
  const navigate = useNavigate();
  const { user, can, scopeOf } = useAuth();
  const isWorker = can(FIELD_WORK);
  // the community whose grids the worker works (where the policy grants grids.mine)
  const community = scopeOf(FIELD_WORK)[0] ?? null;
  const [params, setParams] = useSearchParams();
  const tab: TabKey = isWorker && params.get('tab') === 'grid' ? 'grid' : 'mine';
  const accountId = user ? String(user.id) : '';

  const [items, setItems] = useState<CaseSummary[] | null>(null);
  const [total, setTotal] = useState('0');
  const [hasMore, setHasMore] = useState(false);
  const next = useRef<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [fromCache, setFromCache] = useState(false);
  const gen = useRef(0);

  const filters = useCallback((): CaseFilters => {
    if (tab === 'grid' && community) return { region: community, state: 'open' };
    return { mine: true };
  }, [tab, community]);

  const fetchPage = useCallback(
    async (cursor: string | null) => {
      const my = gen.current;
      // keyset paging: each page starts after the last one's cursor, so a case reported meanwhile neither repeats nor shifts the list
      const r = await casesApi.list(filters(), cursor ? { limit: PAGE, cursor } : { limit: PAGE });
      if (my !== gen.current) return;
      setItems((prev) => (cursor === null || !prev ? r.items : [...prev, ...r.items]));
      setTotal(r.totalCapped ? `${r.total}+` : String(r.total));
      next.current = r.nextCursor;
      setHasMore(r.nextCursor !== null);
      setFromCache(false);
      if (cursor === null) {
        try {
          localStorage.setItem(cacheKey(accountId, tab), JSON.stringify(r));
        } catch {
          /* full */
        }
      }
    },
    [filters, accountId, tab],
  );

  const reload = useCallback(async () => {
    gen.current += 1;
    setError(null);
    try {
      await fetchPage(null);
    } catch (e) {
      // No signal: show what was loaded last time, marked as such.
      const cached = isNetworkError(e) ? localStorage.getItem(cacheKey(accountId, tab)) : null;
      if (cached) {
        const r = JSON.parse(cached) as { items: CaseSummary[]; total: number; totalCapped?: boolean };
        setItems(r.items);
        setTotal(r.totalCapped ? `${r.total}+` : String(r.total));
        setHasMore(false);
        setFromCache(true);
      } else {
        setItems(null);
        setError(e as Error);
      }
    }
  }, [fetchPage, accountId, tab]);

  useEffect(() => {
    setItems(null);
    void reload();
  }, [reload]);

  const online = useOnline();
  const wasOnline = useRef(online);
  useEffect(() => {
    if (online && !wasOnline.current) void reload();
    wasOnline.current = online;
  }, [online, reload]);

  const queued = useOutbox((e) => {
    if (e.type === 'sent') {
      Toast.show({ content: ct('outbox.sentToast', { number: e.caseDetail.number }) });
      void reload();
    }
  });

  const setTab = (k: string) => setSearchParam(setParams, 'tab', k === 'grid' ? 'grid' : null, true);

  const showQueue = tab === 'mine' && queued.length > 0;

  return (
    <div className="m-page m-cases" data-testid="m-cases">
      <NavBar onBack={() => navigate('/')} className="m-navbar" backIcon>
        {isWorker ? ct('cases.titleWorker') : ct('cases.titleResident')}
      </NavBar>
      {!online && <NoticeBar content={ct('net.offline')} color="alert" />}
      {isWorker && (
        <Tabs activeKey={tab} onChange={setTab} className="m-cases-tabs">
          <Tabs.Tab title={ct('cases.tabMine')} key="mine" />
          <Tabs.Tab title={ct('cases.tabGrid')} key="grid" />
        </Tabs>
      )}
      <PullToRefresh
        onRefresh={async () => {
          if (user) void flushOutbox(String(user.id), { force: true });
          await reload();
        }}
      >
        {showQueue && (
          <div className="m-section m-outbox" data-testid="m-outbox">
            <div className="m-section-title">
              {ct('outbox.title')} <span className="m-outbox-count">{queued.length}</span>
            </div>
            <div className="m-outbox-hint">{ct('outbox.autoHint')}</div>
            {queued.map((i) => (
              <OutboxCard key={i.clientRef} item={i} />
            ))}
          </div>
        )}

        {fromCache && <div className="m-cached-note">{ct('cases.offlineCached')}</div>}
        {error && isNetworkError(error) ? (
          <Empty className="m-empty" description={ct('cases.offlineEmpty')} data-testid="m-cases-offline" />
        ) : error ? (
          <ErrorBlock status="default" title={ct('detail.loadFailed')} description={error instanceof ApiError ? error.message : String(error)}>
            <Button color="primary" size="small" onClick={() => void reload()}>
              {t('error.retry')}
            </Button>
          </ErrorBlock>
        ) : items === null ? (
          <div className="m-section">
            <Skeleton.Paragraph lineCount={6} animated />
          </div>
        ) : (
          <>
            <div className="m-list-meta">
              <span>{tab === 'grid' ? ct('cases.tabGrid') : isWorker ? ct('cases.tabMine') : ct('cases.tabReported')}</span>
              <span data-testid="m-cases-total">{ct('cases.total', { n: total })}</span>
            </div>
            {items.length === 0 ? (
              !showQueue && <Empty className="m-empty" description={ct('cases.empty')} data-testid="m-cases-empty" />
            ) : (
              <List className="m-case-list" data-testid="m-case-list">
                {items.map((c) => (
                  <List.Item
                    key={c.id}
                    onClick={() => navigate(`/cases/${c.id}`)}
                    data-testid="m-case-item"
                    data-case-id={c.id}
                    description={
                      <div className="m-case-desc">
                        <div className="m-case-text" data-testid="m-case-text">
                          {c.description}
                        </div>
                        <div className="m-case-meta">
                          <span>{formatTime(c.createdAt, lang)}</span>
                          {(c.address || c.gridName) && <span>{c.address || c.gridName}</span>}
                        </div>
                      </div>
                    }
                  >
                    <div className="m-case-head">
                      <span className="m-case-cat">{c.categoryName}</span>
                      <span className="m-case-tags">
                        <DueTags c={c} />
                        <CaseStateTag state={c.state} />
                      </span>
                    </div>
                    <div className="m-case-number m-mono">{c.number}</div>
                  </List.Item>
                ))}
              </List>
            )}
            {items.length > 0 && !fromCache && (
              <InfiniteScroll loadMore={() => (next.current ? fetchPage(next.current) : Promise.resolve()).catch(() => setHasMore(false))} hasMore={hasMore}>
                {hasMore ? '…' : <span className="m-muted">{ct('cases.noMore')}</span>}
              </InfiniteScroll>
            )}
          </>
        )}
      </PullToRefresh>
      <FloatingBubble
        style={{ '--initial-position-bottom': '32px', '--initial-position-right': '20px', '--edge-distance': '20px' }}
        onClick={() => navigate('/report')}
      >
        <span className="m-bubble-text" data-testid="m-cases-new">
          {ct('cases.new')}
        </span>
      </FloatingBubble>
    </div>
  );
}
