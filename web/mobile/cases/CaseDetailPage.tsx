/**
 * One case on the phone: its state, description, photos, place, deadlines, rating and timeline,
 * and the actions the server lists in `actions` that make sense on a phone — grid workers:
 * accept, handle (result + photos), verify pass/fail, return, escalate, rate on the resident's
 * behalf; residents: rate a closed case and reopen it once when dissatisfied. Every write sends
 * the version it saw; a 409 reloads the case and says so.
 */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Dialog, ErrorBlock, List, NavBar, NoticeBar, Popup, Tag, Toast } from 'antd-mobile';
import { ApiError } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { STAFF_ON_CASES } from '../../shared/abilities';
import {
  CASE_ACTION_LABELS,
  CASE_SOURCE_LABELS,
  HANDLER_KIND_LABELS,
  PRIORITY_LABELS,
  SATISFACTION_LABELS,
  caseLabel,
  casesApi,
  type CaseDetail,
  type CaseEvent,
  type Satisfaction,
} from '../../shared/cases';
import { useI18n } from '../i18n';
import { CaseStateTag, DueTags, formatTime, ServerPhotos, useOnline } from './common';
import { useCaseText } from './text';
import { ActionForm, CONFLICT_CODES, escalateLabel, PHONE_ACTIONS, type Form, type PhoneAction } from './CaseActionForm';
import { SectionSkeleton } from '../SectionSkeleton';

function EventItem({ e }: { e: CaseEvent }) {
  const { lang } = useCaseText();
  const { roleName } = useI18n();
  const detail = (e.detail ?? {}) as { satisfaction?: Satisfaction; resolved?: boolean; reopen?: boolean };
  const label =
    e.action === 'create' || e.action === 'report' || e.action === 'reported'
      ? lang === 'en'
        ? 'Reported'
        : '上报'
      : caseLabel(CASE_ACTION_LABELS, lang, e.action);
  return (
    <div className="m-event" data-testid="m-event" data-action={e.action}>
      <div className="m-event-dot" />
      <div className="m-event-body">
        <div className="m-event-head">
          <span className="m-event-action">{label}</span>
          {e.toState && e.fromState !== e.toState && <CaseStateTag state={e.toState} />}
        </div>
        <div className="m-event-meta">
          {formatTime(e.at, lang)} · {e.actor}
          {e.role ? `（${roleName(e.role)}）` : ''}
        </div>
        {detail.satisfaction && (
          <div className="m-event-note">
            {caseLabel(SATISFACTION_LABELS, lang, detail.satisfaction)}
            {detail.reopen ? (lang === 'en' ? ' · reopened' : ' · 申请重办') : ''}
          </div>
        )}
        {e.note && <div className="m-event-note">{e.note}</div>}
        <ServerPhotos photos={e.photos ?? []} />
      </div>
    </div>
  );
}

export default function CaseDetailPage() {
  const { ct, lang } = useCaseText();
  const { id } = useParams();
  const navigate = useNavigate();
  const online = useOnline();
  const { can } = useAuth();
  const [c, setC] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const d = await casesApi.get(id!, signal);
        setC(d);
        setError(null);
        return d;
      } catch (e) {
        if ((e as Error)?.name !== 'AbortError') setError(e as Error);
        return null;
      }
    },
    [id],
  );

  useEffect(() => {
    const ac = new AbortController();
    setC(null);
    void load(ac.signal);
    return () => ac.abort();
  }, [load]);

  const afterError = async (e: unknown) => {
    if (e instanceof ApiError && e.status === 409 && CONFLICT_CODES.includes(e.code)) {
      await load();
      Dialog.alert({ content: <span data-testid="m-conflict">{ct('detail.conflict')}</span>, confirmText: ct('act.confirm') });
    } else {
      Toast.show({ content: (e as Error).message });
    }
  };

  const onDone = async (d: CaseDetail | null, err?: unknown) => {
    setForm(null);
    if (d) {
      setC(d);
      Toast.show({ icon: 'success', content: ct('detail.done') });
    } else if (err) await afterError(err);
  };

  const simple = async (action: 'accept' | 'verify_pass') => {
    if (!c) return;
    const ok = await Dialog.confirm({
      content: action === 'accept' ? ct('act.acceptConfirm') : ct('act.verifyPassConfirm'),
      cancelText: ct('act.cancel'),
      confirmText: ct('act.confirm'),
    });
    if (!ok) return;
    setBusy(true);
    try {
      setC(await casesApi.act(c.id, { action, version: c.version }));
      Toast.show({ icon: 'success', content: ct('detail.done') });
    } catch (e) {
      await afterError(e);
    } finally {
      setBusy(false);
    }
  };

  const run = (a: PhoneAction) => {
    if (!online) {
      Toast.show({ content: ct('detail.offline') });
      return;
    }
    if (a === 'accept' || a === 'verify_pass') void simple(a);
    else setForm({ kind: a });
  };

  const actionLabel = (a: PhoneAction) => {
    if (a === 'rate') return can(STAFF_ON_CASES) ? ct('act.rateOnBehalf') : ct('act.rate');
    if (a === 'reopen') return ct('act.reopen');
    if (a === 'escalate') return escalateLabel(c!, lang);
    return caseLabel(CASE_ACTION_LABELS, lang, a);
  };

  const actions = c ? PHONE_ACTIONS.filter((a) => c.actions.includes(a) && !(a === 'reopen' && c.actions.includes('rate'))) : [];

  return (
    <div className="m-page m-case-detail" data-testid="m-case-detail">
      <NavBar onBack={() => (window.history.length > 1 ? navigate(-1) : navigate('/cases'))} className="m-navbar" backIcon>
        {c ? c.number : ct('detail.title')}
      </NavBar>
      {!online && <NoticeBar content={ct('detail.offline')} color="alert" />}
      {error && !c ? (
        <ErrorBlock status="default" title={ct('detail.loadFailed')} description={error.message} />
      ) : !c ? (
        <SectionSkeleton />
      ) : (
        <>
          <div className="m-case-card" data-testid="m-case-card" data-case-id={c.id} data-version={c.version}>
            <div className="m-case-head">
              <span className="m-case-cat m-case-cat-lg">{c.categoryName}</span>
              <span className="m-case-tags">
                <DueTags c={c} />
                <CaseStateTag state={c.state} />
              </span>
            </div>
            <div className="m-case-number m-mono" data-testid="m-case-number">
              {c.number}
            </div>
            <div className="m-case-full-text" data-testid="m-case-description">
              {c.description}
            </div>
            <ServerPhotos photos={c.photos} testId="m-case-photos" />
            {(c.reopened || c.reworkCount > 0 || c.priority !== 'normal') && (
              <div className="m-case-flags">
                {c.priority !== 'normal' && (
                  <Tag color={c.priority === 'urgent' ? 'danger' : 'warning'} fill="outline">
                    {caseLabel(PRIORITY_LABELS, lang, c.priority)}
                  </Tag>
                )}
                {c.reopened && <Tag color="warning">{ct('detail.reopened')}</Tag>}
                {c.reworkCount > 0 && <Tag color="default">{ct('detail.rework', { n: c.reworkCount })}</Tag>}
              </div>
            )}
          </div>

          <List mode="card" className="m-list">
            {c.address && <List.Item extra={<span className="m-extra-wrap">{c.address}</span>}>{ct('detail.address')}</List.Item>}
            {c.lon !== null && c.lat !== null && (
              <List.Item extra={<span className="m-mono" data-testid="m-case-coords">{ct('detail.coords', { lon: c.lon.toFixed(5), lat: c.lat.toFixed(5) })}</span>}>{ct('detail.position')}</List.Item>
            )}
            {(c.gridName || c.communityName) && (
              <List.Item extra={[c.communityName, c.gridName].filter(Boolean).join(' · ')}>{ct('detail.grid')}</List.Item>
            )}
            <List.Item extra={formatTime(c.createdAt, lang)}>{ct('detail.createdAt')}</List.Item>
            <List.Item extra={caseLabel(CASE_SOURCE_LABELS, lang, c.source)}>{ct('detail.source')}</List.Item>
            {c.handler && (
              <List.Item extra={`${c.handler.name}（${caseLabel(HANDLER_KIND_LABELS, lang, c.handler.kind)}）`}>{ct('detail.handler')}</List.Item>
            )}
            {c.resolveDue && <List.Item extra={formatTime(c.resolveDue, lang)}>{ct('detail.resolveDue')}</List.Item>}
            {c.reporter && (
              <List.Item extra={[c.reporter.name, c.reporter.phoneMasked, c.reporter.anonymous ? ct('detail.anonymous') : null].filter(Boolean).join(' · ')}>
                {ct('detail.reporter')}
              </List.Item>
            )}
          </List>

          {c.rating && (
            <div className="m-section">
              <div className="m-section-title">{ct('detail.rating')}</div>
              <div className="m-rating" data-testid="m-case-rating" data-satisfaction={c.rating.satisfaction}>
                <Tag color={c.rating.satisfaction === 'dissatisfied' ? 'danger' : 'success'} fill="solid">
                  {caseLabel(SATISFACTION_LABELS, lang, c.rating.satisfaction)}
                </Tag>{' '}
                <span>{c.rating.resolved ? ct('detail.resolved') : ct('detail.unresolved')}</span>
                {c.rating.note && <div className="m-event-note">{c.rating.note}</div>}
                <div className="m-event-meta">
                  {formatTime(c.rating.at, lang)} · {c.rating.by}
                </div>
              </div>
            </div>
          )}

          <div className="m-section">
            <div className="m-section-title">{ct('detail.timeline')}</div>
            <div className="m-timeline" data-testid="m-timeline">
              {[...c.timeline].reverse().map((e) => (
                <EventItem key={e.id} e={e} />
              ))}
            </div>
          </div>

          <div className="m-action-bar" data-testid="m-actions">
            {actions.length === 0 ? (
              <div className="m-muted m-no-actions">{ct('detail.noActions')}</div>
            ) : (
              actions.map((a, i) => (
                <Button
                  key={a}
                  color={i === 0 ? 'primary' : a === 'verify_fail' || a === 'return' ? 'danger' : 'default'}
                  fill={i === 0 ? 'solid' : 'outline'}
                  disabled={busy}
                  onClick={() => run(a)}
                  data-testid={`m-action-${a}`}
                >
                  {actionLabel(a)}
                </Button>
              ))
            )}
          </div>
        </>
      )}
      <Popup
        visible={!!form}
        onMaskClick={() => setForm(null)}
        onClose={() => setForm(null)}
        destroyOnClose
        bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12, maxHeight: '88vh', overflowY: 'auto' }}
      >
        {form && c && <ActionForm form={form} detail={c} onDone={(d, e) => void onDone(d, e)} onClose={() => setForm(null)} />}
      </Popup>
    </div>
  );
}

/** A Date as the value of <input type="datetime-local"> in local time. */
