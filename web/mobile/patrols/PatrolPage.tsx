/**
 * 巡查 on the phone (/patrol): start a patrol (routine, or joint with its members), optionally sample the
 * position (sent in batches; the track is kept for the configured days and seen only by the worker and
 * community/street staff), report a problem found on the way as a case linked to the patrol, end it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Dialog, ErrorBlock, Form, Input, List, NavBar, Picker, Popup, Selector, Switch, Tag, TextArea, Toast } from 'antd-mobile';
import { patrolsApi, type Patrol, type TrackPoint } from '../../shared/patrols/api';
import { chinaTime, usePatrolText } from '../../shared/patrols/text';
import { useLoad } from '../../shared/useLoad';
import { loadCategories } from '../cases/common';
import { SectionSkeleton } from '../SectionSkeleton';
import { useSubmit } from './useSubmit';

const FLUSH_MS = 30_000;
const SAMPLE_MS = 15_000;

/** Samples the position while `on`, keeping at most one point per SAMPLE_MS; `take()` hands over what was gathered. */
function useTrack(on: boolean, onError: (msg: string) => void) {
  const buf = useRef<TrackPoint[]>([]);
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!on || !('geolocation' in navigator)) return;
    let last = 0;
    const id = navigator.geolocation.watchPosition(
      (pos) => {
        if (pos.timestamp - last < SAMPLE_MS) return;
        last = pos.timestamp;
        buf.current.push({ lon: Math.round(pos.coords.longitude * 1e6) / 1e6, lat: Math.round(pos.coords.latitude * 1e6) / 1e6, at: new Date(pos.timestamp).toISOString() });
        setCount(buf.current.length);
      },
      (err) => onError(err.message || String(err.code)),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
    return () => navigator.geolocation.clearWatch(id);
  }, [on, onError]);
  const take = useCallback(() => {
    const out = buf.current;
    buf.current = [];
    setCount(0);
    return out;
  }, []);
  const giveBack = useCallback((pts: TrackPoint[]) => {
    buf.current = [...pts, ...buf.current];
    setCount(buf.current.length);
  }, []);
  return { pending: count, take, giveBack };
}

function ReportPopup({ patrol, onClose }: { patrol: Patrol; onClose: () => void }) {
  const { tx, lang } = usePatrolText();
  const [form] = Form.useForm();
  const [pickCat, setPickCat] = useState(false);
  const cats = useLoad((s) => loadCategories(s), []);
  const [busy, run] = useSubmit();
  const [here, setHere] = useState<{ lon: number; lat: number } | null>(null);
  const parents = new Set((cats.data ?? []).map((c) => c.parent));
  const leaves = (cats.data ?? []).filter((c) => c.active && !parents.has(c.code)).map((c) => ({ code: c.code, name: lang === 'en' ? c.nameEn : c.name }));
  const cat = Form.useWatch('categoryCode', form) as string | undefined;

  const locate = () =>
    navigator.geolocation?.getCurrentPosition(
      (p) => setHere({ lon: p.coords.longitude, lat: p.coords.latitude }),
      (e) => Toast.show({ content: tx('patrol.locateFailed', { msg: e.message }) }),
      { enableHighAccuracy: true, timeout: 20_000 },
    );

  const submit = (v: { categoryCode?: string; description: string; address?: string }) =>
    run(async () => {
      const r = await patrolsApi.report(patrol.id, {
        categoryCode: v.categoryCode, description: v.description.trim(), address: v.address?.trim() || undefined,
        ...(here ? { lon: here.lon, lat: here.lat } : {}), clientRef: `patrol-${patrol.id}-${Date.now().toString(36)}`,
      });
      return tx('patrol.reported', { number: r.number });
    }, onClose);

  return (
    <div className="m-popup" data-testid="m-patrol-report">
      <div className="m-popup-title">{tx('patrol.report')}</div>
      <Form form={form} layout="vertical" onFinish={submit} footer={<Button block color="primary" type="submit" loading={busy} data-testid="m-patrol-report-submit">{tx('common.submit')}</Button>}>
        <Form.Item name="categoryCode" label={tx('patrol.category')} onClick={() => setPickCat(true)}>
          <span data-testid="m-patrol-report-category">{leaves.find((c) => c.code === cat)?.name ?? '—'}</span>
        </Form.Item>
        <Form.Item name="description" label={tx('patrol.description')} rules={[{ required: true, message: tx('patrol.descriptionRequired') }]}>
          <TextArea rows={3} maxLength={2000} data-testid="m-patrol-report-description" />
        </Form.Item>
        <Form.Item name="address" label={tx('patrol.address')} extra={<Button size="mini" onClick={locate}>{here ? '✓' : ''} {tx('patrol.useHere')}</Button>}>
          <Input maxLength={200} data-testid="m-patrol-report-address" />
        </Form.Item>
      </Form>
      <Picker
        columns={[leaves.map((c) => ({ label: c.name, value: c.code }))]}
        visible={pickCat}
        onClose={() => setPickCat(false)}
        onConfirm={(v) => form.setFieldValue('categoryCode', v[0] as string)}
      />
    </div>
  );
}

export default function PatrolPage() {
  const { tx } = usePatrolText();
  const navigate = useNavigate();
  const [nonce, setNonce] = useState(0);
  const open = useLoad((s) => patrolsApi.list({ mine: true, open: true, limit: 1 }, s), [nonce]);
  const history = useLoad((s) => patrolsApi.list({ mine: true, limit: 10 }, s), [nonce]);
  const current = open.data?.items[0] ?? null;
  const [tracking, setTracking] = useState(false);
  const [reporting, setReporting] = useState(false);
  const [busy, run] = useSubmit();
  const onGeoError = useCallback((msg: string) => Toast.show({ content: tx('patrol.locateFailed', { msg }) }), [tx]);
  const track = useTrack(!!current && tracking, onGeoError);
  const reload = () => setNonce((n) => n + 1);

  // send the gathered points now and then; a failed send keeps them for the next try
  const { take, giveBack } = track;
  useEffect(() => {
    if (!current || !tracking) return;
    const timer = setInterval(() => {
      const pts = take();
      if (pts.length) patrolsApi.points(current.id, pts).catch(() => giveBack(pts));
    }, FLUSH_MS);
    return () => clearInterval(timer);
  }, [current, tracking, take, giveBack]);

  const start = (v: { kind?: string[]; members?: string; note?: string }) =>
    run(async () => {
      const joint = v.kind?.[0] === 'joint';
      const members = joint ? (v.members ?? '').split('\n').map((s) => s.trim()).filter(Boolean).map((name) => ({ kind: 'person' as const, name })) : [];
      await patrolsApi.start({ kind: joint ? 'joint' : 'routine', note: v.note?.trim() || undefined, members });
      return tx('patrol.started');
    }, reload);

  const end = async () => {
    if (!current) return;
    let summary = '';
    const ok = await Dialog.confirm({
      title: tx('patrol.endConfirm'),
      content: <TextArea placeholder={tx('patrol.summary')} rows={3} onChange={(s) => (summary = s)} data-testid="m-patrol-summary" />,
      cancelText: tx('common.cancel'),
      confirmText: tx('patrol.end'),
    });
    if (!ok) return;
    const pts = track.take();
    try {
      await patrolsApi.end(current.id, summary.trim() || undefined, pts);
      setTracking(false);
      Toast.show({ icon: 'success', content: tx('patrol.ended') });
      reload();
    } catch (e) {
      track.giveBack(pts);
      Toast.show({ content: (e as Error).message });
    }
  };

  return (
    <div className="m-page" data-testid="m-patrol">
      <NavBar onBack={() => navigate('/')} className="m-navbar" backIcon>
        {tx('patrol.title')}
      </NavBar>
      {open.failure ? (
        <ErrorBlock status="default" title={tx('common.loadFailed')} description={open.failure.message} />
      ) : !open.data ? (
        <SectionSkeleton lines={4} />
      ) : current ? (
        <div className="m-section">
          <Card title={<span>{tx('patrol.running')} <Tag color="success">{tx(`patrol.kind.${current.kind}`)}</Tag></span>} data-testid="m-patrol-running">
            <List>
              <List.Item extra={chinaTime(current.startedAt)}>{tx('patrol.startedAt')}</List.Item>
              {current.members.length > 0 && <List.Item description={current.members.map((m) => m.name).join('、')}>{tx('patrol.members')}</List.Item>}
              <List.Item
                extra={<Switch checked={tracking} onChange={setTracking} data-testid="m-patrol-track" />}
                description={tracking ? `${tx('patrol.points', { n: current.points })} · ${tx('patrol.pending', { n: track.pending })}` : tx('patrol.trackHintShort')}
              >
                {tx('patrol.track')}
              </List.Item>
              {current.cases.length > 0 && <List.Item description={current.cases.map((c) => c.number).join('、')}>{tx('patrol.cases', { n: current.cases.length })}</List.Item>}
            </List>
            <div style={{ marginTop: 12 }}>
              <Button block color="warning" onClick={() => setReporting(true)} data-testid="m-patrol-report-open">{tx('patrol.report')}</Button>
              <Button block color="danger" fill="outline" onClick={() => void end()} data-testid="m-patrol-end" style={{ marginTop: 12 }}>{tx('patrol.end')}</Button>
            </div>
          </Card>
        </div>
      ) : (
        <div className="m-section">
          <Form layout="vertical" onFinish={start} initialValues={{ kind: ['routine'] }} footer={<Button block color="primary" size="large" type="submit" loading={busy} data-testid="m-patrol-start">{tx('patrol.start')}</Button>}>
            <Form.Item name="kind" label={tx('patrol.kind')}>
              <Selector columns={2} options={[{ label: tx('patrol.kind.routine'), value: 'routine' }, { label: tx('patrol.kind.joint'), value: 'joint' }]} data-testid="m-patrol-kind" />
            </Form.Item>
            <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
              {({ getFieldValue }) =>
                getFieldValue('kind')?.[0] === 'joint' && (
                  <Form.Item name="members" label={tx('patrol.members')} help={tx('patrol.membersHint')}>
                    <TextArea rows={3} data-testid="m-patrol-members" />
                  </Form.Item>
                )
              }
            </Form.Item>
            <Form.Item name="note" label={tx('patrol.note')}>
              <Input maxLength={500} data-testid="m-patrol-note" />
            </Form.Item>
          </Form>
        </div>
      )}
      <div className="m-section">
        <List header={tx('patrol.history')} mode="card" data-testid="m-patrol-history">
          {(history.data?.items ?? []).filter((p) => p.endedAt).map((p) => (
            <List.Item key={p.id} description={[p.summary, p.cases.length ? tx('patrol.cases', { n: p.cases.length }) : null].filter(Boolean).join(' · ')} extra={tx(`patrol.kind.${p.kind}`)}>
              {chinaTime(p.startedAt)} – {chinaTime(p.endedAt).slice(6)}
            </List.Item>
          ))}
          {history.data && history.data.items.length === 0 && <List.Item>{tx('patrol.none')}</List.Item>}
        </List>
      </div>
      <Popup visible={reporting && !!current} onMaskClick={() => setReporting(false)} onClose={() => setReporting(false)} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12 }}>
        {current && reporting && <ReportPopup patrol={current} onClose={() => { setReporting(false); reload(); }} />}
      </Popup>
    </div>
  );
}
