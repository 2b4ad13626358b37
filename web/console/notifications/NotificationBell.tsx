/**
 * The bell in the header: the unread count (GET /api/notifications, polled every 30 s) and a list;
 * clicking a notice marks it read and opens its case (an overdue-disclosure notice opens 物业公示).
 */
import { useCallback, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { casesApi } from '../../shared/cases';
import type { Notification } from '../../shared/cases';
import { useI18n } from '../i18n';
import { fmtTime } from '../cases/casesCommon';

const POLL_MS = 30_000;

export default function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const [items, setItems] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [available, setAvailable] = useState(true);

  const load = useCallback(() => {
    casesApi
      .notifications(false)
      .then((r) => {
        setItems(r.items.slice(0, 30));
        setUnread(r.unread);
        setAvailable(true);
      })
      .catch(() => setAvailable(false));
  }, []);

  useEffect(() => {
    load();
    const h = setInterval(() => {
      if (document.visibilityState !== 'hidden') load();
    }, POLL_MS);
    return () => clearInterval(h);
  }, [load]);

  // A page change (e.g. after acting on a case) may have produced or read notices.
  useEffect(() => {
    load();
  }, [location.pathname, load]);

  const openOne = async (n: Notification) => {
    setOpen(false);
    if (!n.readAt) {
      setItems((list) => list.map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString() } : x)));
      setUnread((u) => Math.max(0, u - 1));
      casesApi.readNotification(n.id).catch(() => undefined);
    }
    // a notice about a case opens it; an overdue disclosure (no case) opens 物业公示
    if (n.caseId) navigate(`/cases/${n.caseId}`);
    else if (n.kind === 'disclosure_overdue') navigate('/property/disclosures');
  };

  const readAll = async () => {
    try {
      await casesApi.readAllNotifications();
    } finally {
      load();
    }
  };

  const content = (
    <div className="gz-notice-panel" data-testid="notice-panel">
      <div className="gz-notice-head">
        <Typography.Text strong>{t('notice.title')}</Typography.Text>
        <Button type="link" size="small" disabled={!unread} onClick={readAll} data-testid="notice-read-all">
          {t('notice.readAll')}
        </Button>
      </div>
      {items.length ? (
        <List<Notification>
          size="small"
          className="gz-notice-list"
          dataSource={items}
          renderItem={(n) => (
            <List.Item
              className={`gz-notice-item${n.readAt ? '' : ' is-unread'}`}
              onClick={() => void openOne(n)}
              data-testid="notice-item"
              data-case={n.caseId}
            >
              <List.Item.Meta
                title={
                  <span>
                    {!n.readAt && <Badge status="error" />} <span className="gz-mono">{n.caseNumber}</span>
                  </span>
                }
                description={
                  <>
                    <div className="gz-notice-text">{n.text}</div>
                    <div className="gz-small gz-muted">{fmtTime(n.at)}</div>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={available ? t('notice.empty') : t('notice.unavailable')} />
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (o) load();
      }}
      content={content}
      arrow={false}
    >
      <Button type="text" className="gz-header-btn" aria-label={t('notice.title')} data-testid="notice-bell">
        <Badge count={unread} size="small" overflowCount={99} offset={[2, -2]} data-testid="notice-count">
          <BellOutlined className="gz-bell-icon" />
        </Badge>
      </Button>
    </Popover>
  );
}
