/** 消息: the case notifications addressed to the signed-in account; tapping one reads it and opens its case. */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Button, Empty, ErrorBlock, List, NavBar, PullToRefresh, Skeleton, Toast } from 'antd-mobile';
import { casesApi, type Notification } from '../../shared/cases';
import { formatTime } from '../cases/common';
import { useCaseText } from '../cases/text';

export default function NotificationsPage() {
  const { ct, lang } = useCaseText();
  const navigate = useNavigate();
  const [items, setItems] = useState<Notification[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState<Error | null>(null);

  const load = useCallback(async (signal?: AbortSignal) => {
    try {
      const r = await casesApi.notifications(false, signal);
      setItems(r.items);
      setUnread(r.unread);
      setError(null);
    } catch (e) {
      if ((e as Error)?.name !== 'AbortError') setError(e as Error);
    }
  }, []);

  useEffect(() => {
    const ac = new AbortController();
    void load(ac.signal);
    return () => ac.abort();
  }, [load]);

  const open = async (n: Notification) => {
    if (!n.readAt) {
      casesApi.readNotification(n.id).catch(() => undefined);
      setItems((prev) => prev?.map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString() } : x)) ?? null);
      setUnread((u) => Math.max(0, u - 1));
    }
    if (n.caseId) navigate(`/cases/${n.caseId}`);
  };

  const readAll = async () => {
    try {
      await casesApi.readAllNotifications();
      await load();
    } catch (e) {
      Toast.show({ content: (e as Error).message });
    }
  };

  return (
    <div className="m-page" data-testid="m-notifications">
      <NavBar
        onBack={() => navigate('/')}
        className="m-navbar"
        backIcon
        right={
          unread > 0 ? (
            <Button size="mini" fill="none" className="m-navbar-btn" onClick={() => void readAll()} data-testid="m-notif-read-all">
              {ct('notif.readAll')}
            </Button>
          ) : null
        }
      >
        {ct('notif.title')}
      </NavBar>
      <PullToRefresh onRefresh={() => load()}>
        {error && !items ? (
          <ErrorBlock status="default" title={ct('detail.loadFailed')} description={error.message} />
        ) : !items ? (
          <div className="m-section">
            <Skeleton.Paragraph lineCount={6} animated />
          </div>
        ) : items.length === 0 ? (
          <Empty className="m-empty" description={ct('notif.empty')} />
        ) : (
          <>
            {unread > 0 && <div className="m-list-meta">{ct('notif.unread', { n: unread })}</div>}
            <List data-testid="m-notif-list">
              {items.map((n) => (
                <List.Item
                  key={n.id}
                  onClick={() => void open(n)}
                  prefix={n.readAt ? <span className="m-notif-dot-read" /> : <Badge content={Badge.dot} />}
                  description={`${formatTime(n.at, lang)}${n.caseNumber ? ` · ${n.caseNumber}` : ''}`}
                  className={n.readAt ? 'm-notif m-notif-read' : 'm-notif'}
                  data-testid="m-notif-item"
                >
                  {n.text}
                </List.Item>
              ))}
            </List>
          </>
        )}
      </PullToRefresh>
    </div>
  );
}
