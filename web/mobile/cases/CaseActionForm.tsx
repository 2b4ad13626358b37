/** The form of one action on a case on the phone (accept, handle with photos, verify, return, escalate, rate, reopen). */
import { useState } from 'react';
import {
  Button,
  Checkbox,
  Selector,
  Switch,
  TextArea,
  Toast,
} from 'antd-mobile';
import { ApiError } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import { STAFF_ON_CASES } from '../../shared/abilities';
import {
  CASE_ACTION_LABELS,
  SATISFACTION_LABELS,
  caseLabel,
  casesApi,
  type CaseActionInput,
  type CaseDetail,
  type RatingInput,
  type Satisfaction,
} from '../../shared/cases';
import { PhotoPicker } from './common';
import { photoBlob, type StoredPhoto } from './photos';
import { useCaseText } from './text';

/** What a phone offers, in this order; the rest (dispatch, whistle …) is console work. */
export const PHONE_ACTIONS = ['accept', 'handle', 'verify_pass', 'verify_fail', 'return', 'escalate', 'rate', 'reopen'] as const;
export type PhoneAction = (typeof PHONE_ACTIONS)[number];

export type Form =
  | { kind: 'handle' }
  | { kind: 'verify_fail' }
  | { kind: 'return' }
  | { kind: 'escalate' }
  | { kind: 'rate' }
  | { kind: 'reopen' };

export const CONFLICT_CODES = ['case_version_conflict', 'case_transition_invalid'];

export function escalateLabel(c: Pick<CaseDetail, 'level'>, lang: string): string {
  if (lang === 'en') return c.level === 'grid' ? 'Escalate to community' : 'Escalate to street';
  return c.level === 'grid' ? '上报社区' : '上报街道';
}

export function ActionForm({
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
            <NoteArea label={ct('act.reopenReason')} value={text} onChange={setText} placeholder={ct('act.reopenReasonPlaceholder')} testId="m-rate-reason" />
          )}
          {form.kind === 'rate' && (
            <NoteArea label={ct('act.note')} value={note} onChange={setNote} placeholder={ct('act.notePlaceholder')} testId="m-rate-note" />
          )}
        </>
      )}
      {(form.kind === 'handle' || form.kind === 'verify_fail' || form.kind === 'return' || form.kind === 'escalate') && (
        <NoteArea
          label={
            form.kind === 'handle'
              ? ct('act.result')
              : form.kind === 'verify_fail'
                ? ct('act.verifyFailNote')
                : form.kind === 'return'
                  ? ct('act.returnReason')
                  : ct('act.note')
          }
          value={text}
          onChange={setText}
          placeholder={form.kind === 'handle' ? ct('act.resultPlaceholder') : form.kind === 'escalate' ? ct('act.notePlaceholder') : ''}
          maxLength={2000}
          rows={[3, 6]}
          testId="m-action-text"
        />
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

/** A labelled text box of the form that grows from `rows[0]` to `rows[1]` lines (default a note: 500 characters, 2 to 5 lines). */
function NoteArea(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  placeholder: string;
  maxLength?: number;
  rows?: [number, number];
  testId: string;
}) {
  const { label, rows = [2, 5], testId, ...area } = props;
  return (
    <>
      <div className="m-form-label">{label}</div>
      <TextArea maxLength={500} {...area} autoSize={{ minRows: rows[0], maxRows: rows[1] }} className="m-textarea" data-testid={testId} />
    </>
  );
}

function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
