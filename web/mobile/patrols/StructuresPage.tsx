/**
 * 拆违 on the phone (/structures): the worker's register with its counts, a structure registered with
 * place, size, photos and the date it was found, and each one followed — persuasion visits (劝拆) to
 * self-removed (自拆), assisted removal (帮拆) or handed to enforcement (移交执法), each dated.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, DatePicker, ErrorBlock, Form, Input, List, NavBar, Popup, Selector, Tag, TextArea } from 'antd-mobile';
import { useAuth } from '../../shared/auth';
import { patrolsApi, type StepAction, type Structure } from '../../shared/patrols/api';
import { chinaToday, usePatrolText, type PatrolTextKey } from '../../shared/patrols/text';
import { useLoad } from '../../shared/useLoad';
import { PhotoPicker } from '../cases/common';
import { photoBlob, type StoredPhoto } from '../cases/photos';
import { SectionSkeleton } from '../SectionSkeleton';
import { useSubmit } from './useSubmit';

const STATE_COLOR: Record<string, string> = { registered: 'warning', persuading: 'primary', self_removed: 'success', assisted_removed: 'success', enforcement: 'danger' };
const dateStr = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

function DateField({ value, onChange, testId }: { value?: string; onChange?: (v: string) => void; testId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <span onClick={() => setOpen(true)} data-testid={testId}>{value ?? '—'}</span>
      <DatePicker visible={open} onClose={() => setOpen(false)} max={new Date()} value={value ? new Date(`${value}T00:00:00`) : new Date()} onConfirm={(d) => onChange?.(dateStr(d))} />
    </>
  );
}

function RegisterForm({ onDone }: { onDone: () => void }) {
  const { tx } = usePatrolText();
  const [photos, setPhotos] = useState<StoredPhoto[]>([]);
  const [busy, run] = useSubmit();
  const submit = (v: { address: string; areaM2: string; foundOn: string; description?: string }) =>
    run(async () => {
      const ids: string[] = [];
      for (const p of photos) ids.push((await patrolsApi.uploadPhoto(photoBlob(p))).id);
      await patrolsApi.register({ address: v.address.trim(), areaM2: Number(v.areaM2), foundOn: v.foundOn, description: v.description?.trim() || undefined, photos: ids });
      return tx('structure.registered');
    }, onDone);
  return (
    <div className="m-popup" data-testid="m-structure-register">
      <div className="m-popup-title">{tx('structure.register')}</div>
      <Form layout="vertical" onFinish={submit} initialValues={{ foundOn: chinaToday() }} footer={<Button block color="primary" type="submit" loading={busy} data-testid="m-structure-submit">{tx('common.submit')}</Button>}>
        <Form.Item name="address" label={tx('structure.address')} rules={[{ required: true, message: tx('structure.addressRequired') }]}>
          <Input maxLength={200} data-testid="m-structure-address" />
        </Form.Item>
        <Form.Item name="areaM2" label={tx('structure.area')} rules={[{ required: true, message: tx('structure.areaRequired') }]}>
          <Input type="number" inputMode="decimal" data-testid="m-structure-area" />
        </Form.Item>
        <Form.Item name="foundOn" label={tx('structure.foundOn')}>
          <DateField testId="m-structure-found" />
        </Form.Item>
        <Form.Item name="description" label={tx('structure.description')}>
          <TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item label={tx('structure.photos')}>
          <PhotoPicker value={photos} onChange={setPhotos} max={6} testId="m-structure-photos" />
        </Form.Item>
      </Form>
    </div>
  );
}

function FollowForm({ structure, onDone }: { structure: Structure; onDone: () => void }) {
  const { tx } = usePatrolText();
  const detail = useLoad((s) => patrolsApi.structure(structure.id, s), [structure.id]);
  const [busy, run] = useSubmit();
  const submit = (v: { action?: StepAction[]; on: string; note?: string }) => {
    const action = v.action?.[0];
    if (!action) return;
    return run(async () => {
      await patrolsApi.step(structure.id, { action, on: v.on, note: v.note?.trim() || undefined, version: detail.data?.version ?? structure.version });
      return tx('structure.saved');
    }, onDone);
  };
  return (
    <div className="m-popup" data-testid="m-structure-follow">
      <div className="m-popup-title">{structure.address}</div>
      <List header={tx('structure.steps')}>
        {(detail.data?.events ?? []).map((e) => (
          <List.Item key={e.id} description={e.note ?? undefined} extra={e.on}>{tx(`structure.action.${e.action}` as PatrolTextKey)}</List.Item>
        ))}
      </List>
      {structure.actions.length > 0 && (
        <Form layout="vertical" onFinish={submit} initialValues={{ on: chinaToday(), action: ['visit'] }} footer={<Button block color="primary" type="submit" loading={busy} data-testid="m-structure-step">{tx('common.submit')}</Button>}>
          <Form.Item name="action">
            <Selector columns={2} options={structure.actions.map((a) => ({ label: tx(`structure.action.${a}`), value: a }))} data-testid="m-structure-action" />
          </Form.Item>
          <Form.Item name="on" label={tx('structure.on')}>
            <DateField testId="m-structure-on" />
          </Form.Item>
          <Form.Item name="note" label={tx('structure.note')}>
            <TextArea rows={2} maxLength={2000} data-testid="m-structure-note" />
          </Form.Item>
        </Form>
      )}
    </div>
  );
}

export default function StructuresPage() {
  const { tx } = usePatrolText();
  const navigate = useNavigate();
  const { scopeOf } = useAuth();
  const region = scopeOf('patrols.structures').find((c): c is string => !!c) ?? null;
  const [nonce, setNonce] = useState(0);
  const list = useLoad(region ? (s) => patrolsApi.structures({ region, limit: 200 }, s) : null, [region, nonce]);
  const counts = useLoad(region ? (s) => patrolsApi.counts(region, s) : null, [region, nonce]);
  const [registering, setRegistering] = useState(false);
  const [following, setFollowing] = useState<Structure | null>(null);
  const done = () => {
    setRegistering(false);
    setFollowing(null);
    setNonce((n) => n + 1);
  };
  const c = counts.data;
  return (
    <div className="m-page" data-testid="m-structures">
      <NavBar onBack={() => navigate('/')} className="m-navbar" backIcon>
        {tx('structure.title')}
      </NavBar>
      {list.failure ? (
        <ErrorBlock status="default" title={tx('common.loadFailed')} description={list.failure.message} />
      ) : !list.data ? (
        <SectionSkeleton lines={5} />
      ) : (
        <>
          {c && (
            <div className="m-section" data-testid="m-structure-counts">
              <Tag color="success">{tx('structure.selfRemoved')} {c.selfRemoved}</Tag>{' '}
              <Tag color="success">{tx('structure.assistedRemoved')} {c.assistedRemoved}</Tag>{' '}
              <Tag color="danger">{tx('structure.enforcement')} {c.enforcement}</Tag>{' '}
              <Tag color="warning">{tx('structure.open')} {c.open}</Tag>
            </div>
          )}
          <div className="m-section">
            <Button block color="primary" onClick={() => setRegistering(true)} data-testid="m-structure-new">{tx('structure.register')}</Button>
          </div>
          <div className="m-section">
            <List mode="card" data-testid="m-structure-list">
              {list.data.items.map((s) => (
                <List.Item
                  key={s.id}
                  onClick={() => setFollowing(s)}
                  description={`${s.areaM2} ㎡ · ${s.foundOn} · ${tx('structure.visits', { n: s.visits })}`}
                  extra={<Tag color={STATE_COLOR[s.state]}>{tx(`structure.state.${s.state}`)}</Tag>}
                  data-testid={`m-structure-${s.id}`}
                >
                  {s.address}
                </List.Item>
              ))}
              {list.data.items.length === 0 && <List.Item>{tx('structure.none')}</List.Item>}
            </List>
          </div>
        </>
      )}
      <Popup visible={registering} onMaskClick={() => setRegistering(false)} onClose={() => setRegistering(false)} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12, maxHeight: '90vh', overflowY: 'auto' }}>
        {registering && <RegisterForm onDone={done} />}
      </Popup>
      <Popup visible={!!following} onMaskClick={() => setFollowing(null)} onClose={() => setFollowing(null)} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12, maxHeight: '90vh', overflowY: 'auto' }}>
        {following && <FollowForm structure={following} onDone={done} />}
      </Popup>
    </div>
  );
}
