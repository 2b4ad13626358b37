/**
 * 关爱走访 on the grid worker's phone: the due list of their grid (who needs a call this week, a visit
 * this half-month, what was missed), logging a call or visit with a sentiment record from an item,
 * and today's visits. A visit written with no signal waits on the phone (outbox.ts) and is sent once when
 * the signal returns.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Empty, ErrorBlock, Form, Input, List, NavBar, Popup, Selector, Stepper, Switch, Tag, TextArea, Toast } from 'antd-mobile';
import { api, get } from '../../shared/api';
import { useAuth } from '../../shared/auth';
import type { ApiSchema } from '../../shared/apiTypes';
import { useLoad } from '../../shared/useLoad';
import { chinaToday } from '../../shared/chinaTime';
import { SectionSkeleton } from '../SectionSkeleton';
import { useVisitText } from './text';
import { discardVisit, flushVisits, onVisitOutbox, queuedVisits, queueVisit, type QueuedVisit } from './outbox';

type DueItem = ApiSchema<'CareDueItem'>;
type Kind = 'phone' | 'home_visit' | 'met_outside' | 'other';
type Urgency = 'low' | 'normal' | 'high' | 'urgent';

const clock = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(11, 16);
/** A read kept in localStorage: with no signal the page shows what it last loaded (the due list, the topics). */
async function kept<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    const v = await load();
    try { localStorage.setItem(`gz.kept.${name}`, JSON.stringify(v)); } catch { /* storage full: only the offline copy is lost */ }
    return v;
  } catch (e) {
    const copy = localStorage.getItem(`gz.kept.${name}`);
    if (copy && (e as { status?: number }).status === 0) return JSON.parse(copy) as T;
    throw e;
  }
}
const newRef = () => (globalThis.crypto?.randomUUID ? globalThis.crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/** The topics of a sentiment record, loaded with the page (and kept): the form may open with no signal. */
const loadTopics = (signal: AbortSignal) => kept('visitTopics', () => get('/api/visit-topics', { signal }));
type Topics = Awaited<ReturnType<typeof loadTopics>>;

function LogVisit({ item, accountId, topics, onClose, onSaved }: { item: DueItem; accountId: string; topics: Topics | null; onClose: () => void; onSaved: () => void }) {
  const { vt, lang } = useVisitText();
  const [kind, setKind] = useState<Kind>(item.kind === 'visit' ? 'home_visit' : 'phone');
  const [minutes, setMinutes] = useState(item.kind === 'visit' ? 20 : 5);
  const [nobodyHome, setNobodyHome] = useState(false);
  const [notes, setNotes] = useState('');
  const [topic, setTopic] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [urgency, setUrgency] = useState<Urgency>('low');
  const [busy, setBusy] = useState(false);
  // one clientRef per form: a retry after a lost answer is the same visit
  const clientRef = useMemo(newRef, []);

  const save = async () => {
    if (text.trim() && !topic.length) {
      Toast.show({ content: vt('visit.topicRequired') });
      return;
    }
    setBusy(true);
    try {
      const home = kind === 'home_visit' && nobodyHome;
      const body = {
        ...(home ? { householdId: item.householdId } : { met: [item.residentId] }),
        at: new Date().toISOString(), kind, durationMin: minutes, nobodyHome: home, ...(notes.trim() ? { notes: notes.trim() } : {}), clientRef,
        sentiments: text.trim() ? [{ topics: topic, text: text.trim(), urgency }] : [],
      };
      const sent = await queueVisit(accountId, body, `${vt(`visit.kind.${kind}`)} · ${item.name}`);
      Toast.show({ icon: sent === 'sent' ? 'success' : undefined, content: vt(sent === 'sent' ? 'visit.saved' : 'visit.queued') });
      onSaved();
    } catch (e) {
      Toast.show({ content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const kinds: Kind[] = ['phone', 'home_visit', 'met_outside', 'other'];
  const urgencies: Urgency[] = ['low', 'normal', 'high', 'urgent'];
  return (
    <div className="m-section" data-testid="m-visit-form">
      <div className="m-section-title">{vt('visit.title', { name: item.name })}</div>
      <Form layout="horizontal" footer={
        <div style={{ display: 'flex', gap: 8 }}>
          <Button block onClick={onClose}>{vt('visit.cancel')}</Button>
          <Button block color="primary" loading={busy} onClick={save} data-testid="m-visit-save">{vt('visit.save')}</Button>
        </div>
      }>
        <Form.Item label={vt('visit.kind')} layout="vertical">
          <Selector columns={2} value={[kind]} onChange={(v) => v[0] && setKind(v[0] as Kind)}
            options={kinds.map((k) => ({ label: vt(`visit.kind.${k}`), value: k }))} data-testid="m-visit-kind" />
        </Form.Item>
        <Form.Item label={vt('visit.duration')}>
          <Stepper min={0} max={1440} value={minutes} onChange={(v) => setMinutes(Number(v) || 0)} />
        </Form.Item>
        {kind === 'home_visit' && (
          <Form.Item label={vt('visit.nobodyHome')}>
            <Switch checked={nobodyHome} onChange={setNobodyHome} data-testid="m-visit-nobody" />
          </Form.Item>
        )}
        <Form.Item label={vt('visit.notes')} layout="vertical">
          <TextArea value={notes} onChange={setNotes} placeholder={vt('visit.notesPlaceholder')} maxLength={2000} rows={2} />
        </Form.Item>
        {!nobodyHome && (
          <>
            <Form.Item label={vt('visit.sentiment')} layout="vertical">
              <Selector multiple columns={3} value={topic} onChange={setTopic}
                options={(topics?.items ?? []).map((x) => ({ label: lang === 'en' ? x.nameEn : x.nameZh, value: x.code }))} />
              <Input value={text} onChange={setText} placeholder={vt('visit.sentimentPlaceholder')} maxLength={2000} data-testid="m-visit-sentiment" />
            </Form.Item>
            {text.trim() && (
              <Form.Item label={vt('visit.urgency')} layout="vertical">
                <Selector columns={4} value={[urgency]} onChange={(v) => v[0] && setUrgency(v[0] as Urgency)}
                  options={urgencies.map((u) => ({ label: vt(`visit.urgency.${u}`), value: u }))} />
              </Form.Item>
            )}
          </>
        )}
      </Form>
    </div>
  );
}

export default function CarePage() {
  const { vt } = useVisitText();
  const navigate = useNavigate();
  const mine = useLoad((signal) => kept('myGrids', () => api.myGrids(signal)), []);
  const grids = (mine.data?.items ?? []).filter((g) => g.kind === 'basic');
  const [picked, setPicked] = useState<string | null>(null);
  const grid = picked ?? grids[0]?.code ?? null;
  const today = chinaToday();
  const due = useLoad(grid ? (signal) => kept(`careDue.${grid}.${today}`, () => get('/api/care/due', { query: { grid, date: today }, signal })) : null, [grid, today]);
  const visits = useLoad((signal) => get('/api/visits', { query: { date: today, mine: true }, signal }), [today]);
  const topics = useLoad(loadTopics, []);
  const [open, setOpen] = useState<DueItem | null>(null);
  const { user } = useAuth();
  const accountId = user ? String(user.id) : '';
  const [queued, setQueued] = useState<QueuedVisit[]>(() => (accountId ? queuedVisits(accountId) : []));
  const { reload: reloadDue } = due;
  const { reload: reloadVisits } = visits;
  const flush = useCallback(() => {
    if (!accountId) return;
    void flushVisits(accountId).then(() => { reloadDue(); reloadVisits(); });
  }, [accountId, reloadDue, reloadVisits]);
  // what waits is sent when the page opens and whenever the signal returns
  useEffect(() => {
    if (!accountId) return;
    setQueued(queuedVisits(accountId));
    const off = onVisitOutbox(() => setQueued(queuedVisits(accountId)));
    flush();
    window.addEventListener('online', flush);
    return () => { off(); window.removeEventListener('online', flush); };
  }, [accountId, flush]);

  return (
    <div className="m-page" data-testid="m-care">
      <NavBar onBack={() => navigate('/')} className="m-navbar" backIcon>{vt('care.title')}</NavBar>
      {grids.length > 1 && (
        <div className="m-section">
          <Selector value={grid ? [grid] : []} onChange={(v) => v[0] && setPicked(v[0])} options={grids.map((g) => ({ label: g.name, value: g.code }))} />
        </div>
      )}
      <div className="m-section">
        <div className="m-section-title">{vt('care.due')}</div>
        {mine.failure || due.failure ? (
          <ErrorBlock status="default" description={(mine.failure ?? due.failure)!.message} />
        ) : !due.data ? (
          mine.data && !grid ? <Empty description={vt('care.dueEmpty')} /> : <SectionSkeleton />
        ) : due.data.items.length === 0 ? (
          <Empty description={vt('care.dueEmpty')} data-testid="m-care-due-empty" />
        ) : (
          <List mode="card" className="m-list" data-testid="m-care-due">
            {due.data.items.map((i) => (
              <List.Item key={`${i.residentId}-${i.ruleId}-${i.period}`} onClick={() => setOpen(i)} data-testid={`m-care-item-${i.residentId}-${i.kind}`}
                description={`${i.period} · ${vt('care.dueBy', { date: i.dueBy })} · ${vt('care.progress', { done: i.done, needed: i.needed })}`}
                extra={<Button size="mini" color="primary" fill="outline">{vt('care.log')}</Button>}>
                <Tag color={i.kind === 'visit' ? 'warning' : 'primary'} fill="outline">{vt(`care.kind.${i.kind}`)}</Tag>{' '}
                {i.name}{' '}
                {i.overdue && <Tag color="danger">{vt('care.overdue')}</Tag>}
              </List.Item>
            ))}
          </List>
        )}
      </div>
      {queued.length > 0 && (
        <div className="m-section" data-testid="m-visits-queued">
          <div className="m-section-title">{vt('care.queued', { n: queued.length })}</div>
          <List mode="card" className="m-list">
            {queued.map((q) => (
              <List.Item key={q.clientRef} description={q.error ?? vt('care.queuedHint')}
                extra={q.error ? <Button size="mini" onClick={() => discardVisit(accountId, q.clientRef)}>{vt('care.discard')}</Button> : <Button size="mini" onClick={flush}>{vt('care.retry')}</Button>}>
                {q.label} {q.error && <Tag color="danger">{vt('care.failed')}</Tag>}
              </List.Item>
            ))}
          </List>
        </div>
      )}
      <div className="m-section">
        <div className="m-section-title">{vt('care.today')}</div>
        {!visits.data ? (
          visits.failure ? <ErrorBlock status="default" description={visits.failure.message} /> : <SectionSkeleton />
        ) : visits.data.items.length === 0 ? (
          <Empty description={vt('care.todayEmpty')} />
        ) : (
          <List mode="card" className="m-list" data-testid="m-visits-today">
            {visits.data.items.map((v) => (
              <List.Item key={v.id} description={[v.address, v.notes, v.sentiments.length ? vt('visit.sentiments', { n: v.sentiments.length }) : null].filter(Boolean).join(' · ')}
                extra={clock(v.at)}>
                {vt(`visit.kind.${v.kind as Kind}`)} · {v.nobodyHome ? vt('visit.nobody') : v.met.map((m) => m.name).join('、')}
              </List.Item>
            ))}
          </List>
        )}
      </div>
      <Popup visible={!!open} onMaskClick={() => setOpen(null)} bodyStyle={{ maxHeight: '90vh', overflowY: 'auto' }} destroyOnClose>
        {open && <Card><LogVisit item={open} accountId={accountId} topics={topics.data ?? null} onClose={() => setOpen(null)} onSaved={() => { setOpen(null); due.reload(); visits.reload(); }} /></Card>}
      </Popup>
    </div>
  );
}
