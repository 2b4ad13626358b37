/**
 * One case on the phone: its state, description, photos, place, deadlines, rating and timeline,
 * and the actions the server lists in `actions` that make sense on a phone — grid workers:
 * accept, handle (result + photos), verify pass/fail, return, escalate, rate on the resident's
 * behalf; residents: rate a closed case and reopen it once when dissatisfied. Every write sends
 * the version it saw; a 409 reloads the case and says so.
 */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import {
  Button,
  Checkbox,
  Dialog,
  ErrorBlock,
  List,
  NavBar,
  NoticeBar,
  Popup,
  Selector,
  Skeleton,
  Switch,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
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
  type CaseActionInput,
  type CaseDetail,
  type CaseEvent,
  type RatingInput,
  type Satisfaction,
} from '../../shared/cases';
import { useI18n } from '../i18n';
import { CaseStateTag, DueTags, formatTime, PhotoPicker, ServerPhotos, useOnline } from './common';
import { photoBlob, type StoredPhoto } from './photos';
import { useCaseText } from './text';

/** What a phone offers, in this order; the rest (dispatch, whistle …) is console work. */
const PHONE_ACTIONS = ['accept', 'handle', 'verify_pass', 'verify_fail', 'return', 'escalate', 'rate', 'reopen'] as const;
type PhoneAction = (typeof PHONE_ACTIONS)[number];

type Form =
  | { kind: 'handle' }
  | { kind: 'verify_fail' }
  | { kind: 'return' }
  | { kind: 'escalate' }
  | { kind: 'rate' }
  | { kind: 'reopen' };

const CONFLICT_CODES = ['case_version_conflict', 'case_transition_invalid'];

function ActionForm({
  form,
  detail,
  onDone,
  onClose,
}: {
  form: Form;
  detail: CaseDetail;
  onDone: (d: CaseDetail | null, err?: unknown) => void;
  onClose: () => void;
}) {
  const { ct, lang } = useCaseText();
  const { can, user } = useAuth();
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<StoredPhoto[]>([]);
  const [satisfaction, setSatisfaction] = useState<Satisfaction | null>(form.kind === 'reopen' ? 'dissatisfied' : null);
  const [resolved, setResolved] = useState(true);
  const [reopen, setReopen] = useState(form.kind === 'reopen');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // staff never rate for a resident: they call back and record who called, when and the answer (回访)
  const onBehalf = form.kind === 'rate' && can(STAFF_ON_CASES);
  const [calledAt, setCalledAt] = useState(() => localInput(new Date()));
  const canReopen = detail.actions.includes('reopen') || (form.kind === 'rate' && !detail.reopened);

  const submit = async () => {
    setError(null);
    try {
      if (form.kind === 'handle' && !text.trim()) return setError(ct('act.resultRequired'));
      if (form.kind === 'verify_fail' && !text.trim()) return setError(ct('act.verifyFailRequired'));
      if (form.kind === 'return' && !text.trim()) return setError(ct('act.reasonRequired'));
      if ((form.kind === 'rate' || form.kind === 'reopen') && !satisfaction) return setError(ct('act.satisfactionRequired'));
      if (onBehalf && (!calledAt || Number.isNaN(new Date(calledAt).getTime()))) return setError(ct('act.calledAtRequired'));
      if ((form.kind === 'reopen' || (reopen && satisfaction === 'dissatisfied')) && !text.trim()) return setError(ct('act.reasonRequired'));
      setBusy(true);
      let result: CaseDetail;
      if (form.kind === 'rate' || form.kind === 'reopen') {
        const wantsReopen = form.kind === 'reopen' || (reopen && satisfaction === 'dissatisfied');
        const body: RatingInput & { version: number } = {
          version: detail.version,
          satisfaction: satisfaction!,
          resolved: form.kind === 'reopen' ? false : resolved,
          ...(note.trim() ? { note: note.trim() } : {}),
          ...(wantsReopen ? { reopen: true, reason: text.trim() } : {}),
          ...(onBehalf ? { calledAt: new Date(calledAt).toISOString() } : {}),
        };
        result = await casesApi.rate(detail.id, body);
      } else {
        let photoIds: string[] = [];
        if (photos.length) {
          Toast.show({ icon: 'loading', content: ct('act.uploading'), duration: 0 });
          try {
            for (const p of photos) photoIds.push((await casesApi.uploadPhoto(photoBlob(p), p.name)).id);
          } finally {
            Toast.clear();
          }
        }
        const body: CaseActionInput = { action: form.kind, version: detail.version };
        if (form.kind === 'handle') body.result = text.trim();
        if (form.kind === 'verify_fail') body.note = text.trim();
        if (form.kind === 'return') body.reason = text.trim();
        if (form.kind === 'escalate' && text.trim()) body.note = text.trim();
        if (photoIds.length) body.photos = photoIds;
        photoIds = [];
        result = await casesApi.act(detail.id, body);
      }
      onDone(result);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && CONFLICT_CODES.includes(e.code)) onDone(null, e);
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const title =
    form.kind === 'rate'
      ? onBehalf
        ? ct('act.rateOnBehalf')
        : ct('act.rate')
      : form.kind === 'reopen'
        ? ct('act.reopen')
        : form.kind === 'escalate'
          ? escalateLabel(detail, lang)
          : caseLabel(CASE_ACTION_LABELS, lang, form.kind);

  return (
    <div className="m-popup m-action-form" data-testid={`m-form-${form.kind}`}>
      <div className="m-popup-title">{title}</div>
      {onBehalf && (
        <div data-testid="m-callback">
          <div style={{ fontSize: 13, color: '#8a6d3b', background: '#fffbe6', borderRadius: 6, padding: '6px 8px', margin: '8px 4px' }}>{ct('act.onBehalfHint')}</div>
          <div className="m-form-label">{ct('act.caller')}</div>
          <div style={{ margin: '0 4px', fontSize: 15 }} data-testid="m-callback-caller">{user?.displayName ?? ''}</div>
          <div className="m-form-label">{ct('act.calledAt')}</div>
          <input
            type="datetime-local"
            style={{ width: '100%', boxSizing: 'border-box', fontSize: 15, background: '#f5f5f5', border: 'none', borderRadius: 6, padding: '8px' }}
            value={calledAt}
            max={localInput(new Date())}
            onChange={(e) => setCalledAt(e.target.value)}
            data-testid="m-callback-at"
          />
        </div>
      )}
      {(form.kind === 'rate' || form.kind === 'reopen') && (
        <>
          <div className="m-form-label">{onBehalf ? ct('act.answer') : ct('act.satisfaction')}</div>
          <Selector
            columns={3}
            options={(['satisfied', 'basic', 'dissatisfied'] as Satisfaction[]).map((s) => ({
              label: caseLabel(SATISFACTION_LABELS, lang, s),
              value: s,
              disabled: form.kind === 'reopen' && s !== 'dissatisfied',
            }))}
            value={satisfaction ? [satisfaction] : []}
            onChange={(v) => {
              const s = (v[0] as Satisfaction | undefined) ?? null;
              setSatisfaction(s);
              setResolved(s !== 'dissatisfied');
            }}
            data-testid="m-rate-satisfaction"
          />
          {form.kind === 'rate' && (
            <div className="m-form-row">
              <span>{ct('act.resolved')}</span>
              <Switch checked={resolved} onChange={setResolved} data-testid="m-rate-resolved" />
            </div>
          )}
          {form.kind === 'rate' && satisfaction === 'dissatisfied' && canReopen && (
            <div className="m-form-row">
              <Checkbox checked={reopen} onChange={setReopen} data-testid="m-rate-reopen">
                {ct('act.reopen')}
              </Checkbox>
              <span className="m-muted">{ct('act.reopenHint')}</span>
            </div>
          )}
          {(form.kind === 'reopen' || (reopen && satisfaction === 'dissatisfied')) && (
            <>
              <div className="m-form-label">{ct('act.reopenReason')}</div>
              <TextArea
                value={text}
                onChange={setText}
                placeholder={ct('act.reopenReasonPlaceholder')}
                maxLength={500}
                autoSize={{ minRows: 2, maxRows: 5 }}
                className="m-textarea"
                data-testid="m-rate-reason"
              />
            </>
          )}
          {form.kind === 'rate' && (
            <>
              <div className="m-form-label">{ct('act.note')}</div>
              <TextArea
                value={note}
                onChange={setNote}
                placeholder={ct('act.notePlaceholder')}
                maxLength={500}
                autoSize={{ minRows: 2, maxRows: 5 }}
                className="m-textarea"
                data-testid="m-rate-note"
              />
            </>
          )}
        </>
      )}
      {(form.kind === 'handle' || form.kind === 'verify_fail' || form.kind === 'return' || form.kind === 'escalate') && (
        <>
          <div className="m-form-label">
            {form.kind === 'handle'
              ? ct('act.result')
              : form.kind === 'verify_fail'
                ? ct('act.verifyFailNote')
                : form.kind === 'return'
                  ? ct('act.returnReason')
                  : ct('act.note')}
          </div>
          <TextArea
            value={text}
            onChange={setText}
            placeholder={form.kind === 'handle' ? ct('act.resultPlaceholder') : form.kind === 'escalate' ? ct('act.notePlaceholder') : ''}
            maxLength={2000}
            autoSize={{ minRows: 3, maxRows: 6 }}
            className="m-textarea"
            data-testid="m-action-text"
          />
        </>
      )}
      {form.kind === 'handle' && (
        <>
          <div className="m-form-label">{ct('act.resultPhotos')}</div>
          <PhotoPicker value={photos} onChange={setPhotos} max={6} testId="m-handle-photos" />
        </>
      )}
      {error && (
        <div className="m-form-error" data-testid="m-action-error">
          {error}
        </div>
      )}
      <div className="m-popup-buttons">
        <Button block onClick={onClose} disabled={busy}>
          {ct('act.cancel')}
        </Button>
        <Button block color="primary" loading={busy} onClick={() => void submit()} data-testid="m-action-submit">
          {ct('act.submit')}
        </Button>
      </div>
    </div>
  );
}

function escalateLabel(c: Pick<CaseDetail, 'level'>, lang: string): string {
  if (lang === 'en') return c.level === 'grid' ? 'Escalate to community' : 'Escalate to street';
  return c.level === 'grid' ? '上报社区' : '上报街道';
}

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
        <div className="m-section">
          <Skeleton.Title animated />
          <Skeleton.Paragraph lineCount={6} animated />
        </div>
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
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
