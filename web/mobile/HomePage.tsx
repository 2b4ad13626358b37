import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Button, Dialog, ErrorBlock, Grid, List, Popup, Skeleton, Tag, Toast } from 'antd-mobile';
import { BellOutline } from 'antd-mobile-icons';
import { casesApi } from '../shared/cases';
import { useCaseText } from './cases/text';
import { useOutbox } from './cases/useOutbox';
import type { RoleBinding } from '../shared/types';
import { useRegionDetails } from '../shared/useRegionDetails';
import { useAuth } from '../shared/auth';
import { FIELD_WORK } from '../shared/abilities';
import { useI18n } from './i18n';
import { LangToggle } from './LangToggle';
import { AppTile } from './AppTile';
import { PropertyTiles } from './property/PropertyTiles';
import { useLoad } from '../shared/useLoad';
import { campaignsApi } from '../shared/campaigns/api';
import { useCampaignText } from '../shared/campaigns/text';
import { EmergencyBanner } from './campaigns/EmergencyBanner';
import { usePatrolText } from '../shared/patrols/text';
import { useVisitText } from './visits/text';

const LEVEL_CHAR: Record<string, string> = {
  province: '省',
  city: '市',
  district: '区',
  street: '街',
  community: '社',
};

function uniqueRegions(roles: RoleBinding[]): RoleBinding[] {
  const seen = new Set<string>();
  return roles.filter((r) => {
    if (!r.regionCode || seen.has(r.regionCode)) return false;
    seen.add(r.regionCode);
    return true;
  });
}

export default function HomePage() {
  const { t, roleName, levelName } = useI18n();
  const { user, logout, can } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState<RoleBinding | null>(null);

  const roles = user?.roles ?? [];
  const regions = uniqueRegions(roles);
  const details = useRegionDetails(regions.map((r) => r.regionCode ?? ''));

  const onLogout = async () => {
    const ok = await Dialog.confirm({
      content: t('m.logoutConfirm'),
      cancelText: t('m.cancel'),
      confirmText: t('m.confirm'),
    });
    if (!ok) return;
    await logout();
    Toast.show({ content: t('header.logoutDone') });
    navigate('/login', { replace: true });
  };

  const openDetail = open?.regionCode ? details[open.regionCode] : undefined;

  // Cases: residents report (随手拍) and follow their reports; grid workers report and work their queue.
  const { ct } = useCaseText();
  const { tx } = usePatrolText();
  const { vt } = useVisitText();
  const isWorker = can(FIELD_WORK);
  const reportsCases = can('cases.create');
  const queued = useOutbox();
  // campaign items of the worker's grids: an emergency campaign's banner comes first on the home screen
  const answersCampaigns = can('campaigns.answer');
  const campaigns = useLoad(answersCampaigns ? (signal) => campaignsApi.mine(signal) : null, [answersCampaigns]);
  const { t: campaignText } = useCampaignText();
  const campaignTodo = (campaigns.data?.items ?? []).reduce((n, x) => n + x.campaign.todo, 0);
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    if (!user) return;
    const ac = new AbortController();
    const load = () =>
      casesApi
        .notifications(true, ac.signal)
        .then((r) => setUnread(r.unread ?? r.items.length))
        .catch(() => undefined);
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && navigator.onLine) void load();
    }, 60_000);
    return () => {
      ac.abort();
      clearInterval(timer);
    };
  }, [user]);

  return (
    <div className="m-home" data-testid="m-home">
      <EmergencyBanner mine={campaigns.data} />
      <div className="m-home-banner">
        <div className="m-home-bar">
          <span className="m-home-app">{t('app.name')}</span>
          <button
            type="button"
            className="m-bell"
            onClick={() => navigate('/notifications')}
            aria-label={ct('home.notifications')}
            data-testid="m-bell"
          >
            <Badge content={unread ? (unread > 99 ? '99+' : unread) : null} data-testid="m-unread-badge">
              <BellOutline className="m-bell-icon" aria-hidden="true" />
            </Badge>
          </button>
          <LangToggle />
        </div>
        <div className="m-home-user">
          <div className="m-avatar" aria-hidden="true">
            {(user?.displayName ?? '?').slice(0, 1)}
          </div>
          <div className="m-home-user-text">
            <div className="m-greeting" data-testid="m-greeting">
              {t('m.hello', { name: user?.displayName ?? '' })}
            </div>
            <div className="m-home-roles">
              {Array.from(new Set(roles.map((r) => r.role))).map((role) => (
                <span key={role} className="m-role-chip" data-testid={`m-role-${role}`}>
                  {roleName(role)}
                </span>
              ))}
            </div>
          </div>
        </div>
      </div>

      <div className="m-section">
        <List header={t('m.myRoles')} mode="card" className="m-list">
          {roles.map((r, i) => (
            <List.Item
              key={`${r.role}-${r.regionCode}-${i}`}
              extra={<span className="m-code">{r.regionCode}</span>}
              description={(() => {
                const d = r.regionCode ? details[r.regionCode] : undefined;
                return d && !(d instanceof Error) ? [...d.ancestors.map((a) => a.name), d.name].join(' / ') : undefined;
              })()}
            >
              <Tag color="primary" fill="outline" className="m-tag">
                {roleName(r.role)}
              </Tag>{' '}
              <span data-testid={`m-role-region-${r.regionCode}`}>{r.regionName}</span>
            </List.Item>
          ))}
        </List>
      </div>

      {reportsCases && (
        <div className="m-section">
          <div className="m-section-title">{ct('home.cases')}</div>
          <Grid columns={3} gap={10}>
            <AppTile
              to="/report"
              id="report"
              icon="拍"
              name={isWorker ? ct('report.titleWorker') : ct('report.titleResident')}
              sub={isWorker ? ct('report.subWorker') : ct('report.subResident')}
            />
            <AppTile
              to="/cases"
              id="cases"
              icon="案"
              badge={{ content: queued.length ? queued.length : null, testId: 'm-outbox-badge' }}
              name={isWorker ? ct('cases.titleWorker') : ct('cases.titleResident')}
              sub={queued.length ? ct('outbox.count', { n: queued.length }) : isWorker ? ct('cases.subWorker') : ct('cases.subResident')}
              subTestId="m-app-cases-sub"
            />
            <AppTile
              to="/notifications"
              id="notifications"
              iconClass="notice"
              icon="信"
              badge={{ content: unread ? (unread > 99 ? '99+' : unread) : null, testId: 'm-app-unread' }}
              name={ct('home.notifications')}
              sub={ct('home.notificationsSub')}
            />
          </Grid>
        </div>
      )}

      <PropertyTiles />

      {isWorker && (
        <div className="m-section">
          <div className="m-section-title">{t('m.gridWork')}</div>
          <Grid columns={2} gap={10}>
            <AppTile to="/grids" id="my-grid" iconClass="grid" icon="格" name={t('m.myGrid')} sub={t('m.myGridSub')} />
            <AppTile to="/residents" id="my-residents" iconClass="people" icon="民" name={t('m.residents')} sub={t('m.residentsSub')} />
            {answersCampaigns && (
              <AppTile to="/campaigns" id="my-campaigns" icon="查" badge={{ content: campaignTodo || null, testId: 'm-campaign-todo' }} name={campaignText('m.title')} sub={campaignText('m.sub')} />
            )}
            {can('patrols.patrol') && <AppTile to="/patrol" id="patrol" iconClass="grid" icon="巡" name={tx('patrol.title')} sub={tx('patrol.sub')} />}
            {can('patrols.registerStructure') && <AppTile to="/structures" id="structures" iconClass="people" icon="拆" name={tx('structure.title')} sub={tx('structure.sub')} />}
            {can('visits.log') && <AppTile to="/care" id="care" iconClass="people" icon="访" name={vt('care.title')} sub={vt('care.sub')} />}
          </Grid>
        </div>
      )}

      {regions.length > 0 && (
        <div className="m-section">
          <div className="m-section-title">{t('m.regionTiles')}</div>
          <Grid columns={regions.length === 1 ? 2 : 3} gap={10}>
            {regions.map((r) => {
              const d = details[r.regionCode ?? ''];
              const level = d && !(d instanceof Error) ? d.level : '';
              return (
                <Grid.Item key={r.regionCode ?? ''}>
                  <button
                    type="button"
                    className="m-tile"
                    onClick={() => setOpen(r)}
                    data-testid={`m-tile-${r.regionCode}`}
                  >
                    <span className="m-tile-icon">{LEVEL_CHAR[level] ?? '区'}</span>
                    <span className="m-tile-name">{r.regionName}</span>
                    <span className="m-tile-sub">{level ? levelName(level) : roleName(r.role)}</span>
                  </button>
                </Grid.Item>
              );
            })}
          </Grid>
        </div>
      )}

      <div className="m-section m-logout">
        <Button block size="large" color="danger" fill="outline" onClick={onLogout} data-testid="m-logout">
          {t('m.logout')}
        </Button>
      </div>
      <div className="m-footer m-footer-dark">{t('app.footer')}</div>

      <Popup
        visible={!!open}
        onMaskClick={() => setOpen(null)}
        onClose={() => setOpen(null)}
        bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12, minHeight: '30vh' }}
      >
        {open && (
          <div className="m-popup" data-testid="m-region-popup">
            <div className="m-popup-title">{open.regionName}</div>
            {!openDetail ? (
              <Skeleton.Paragraph lineCount={3} animated />
            ) : openDetail instanceof Error ? (
              <ErrorBlock status="default" title={t('error.loadFailed')} description={openDetail.message} />
            ) : (
              <List>
                <List.Item extra={<span className="m-code">{openDetail.code}</span>}>{t('regions.code')}</List.Item>
                <List.Item extra={levelName(openDetail.level)}>{t('regions.level')}</List.Item>
                <List.Item description={[...openDetail.ancestors.map((a) => a.name), openDetail.name].join(' / ')}>
                  {t('m.path')}
                </List.Item>
                <List.Item extra={t('m.childCount', { n: openDetail.childCount })}>{t('regions.childCount')}</List.Item>
              </List>
            )}
            <Button block className="m-popup-close" onClick={() => setOpen(null)}>
              {t('m.close')}
            </Button>
          </div>
        )}
      </Popup>
    </div>
  );
}
