/**
 * 我的专项任务 /campaigns (phone): the running campaigns with items in the worker's grids, emergency ones
 * first under a banner; tap an item to answer its checklist (yes/no, number, text, photo). A second
 * answer from another phone is refused by the server naming the first: the worker may then revise
 * it on purpose. A problem found turns into a case in one step. Answers need the signal: offline
 * answering is not built yet (the page says so when offline).
 */
import { useState } from 'react';
import { Button, Dialog, Form, Input, List, NavBar, NoticeBar, Picker, Popup, ProgressBar, Selector, Switch, Tag, TextArea, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../shared/api';
import { casesApi, type Category } from '../../shared/cases';
import { campaignsApi, newClientRef, type Campaign, type CampaignItem } from '../../shared/campaigns/api';
import { kindLabel, useCampaignText } from '../../shared/campaigns/text';
import { useLoad } from '../../shared/useLoad';
import { loadCategories, useOnline } from '../cases/common';
import { preparePhoto, photoBlob } from '../cases/photos';
import { EmergencyBanner } from './EmergencyBanner';

type Answers = Record<string, unknown>;
interface Open { campaign: Campaign; item: CampaignItem; clientRef: string; revise: boolean; }

function AnswerForm({ open, onDone }: { open: Open; onDone: () => void }) {
  const { t } = useCampaignText();
  const { campaign: c, item } = open;
  const [answers, setAnswers] = useState<Answers>(item.answers ?? {});
  const [problem, setProblem] = useState(item.problem);
  const [note, setNote] = useState(item.note ?? '');
  const [busy, setBusy] = useState(false);
  const set = (k: string, v: unknown) => setAnswers((a) => ({ ...a, [k]: v }));

  const addPhoto = async (key: string, file: File | undefined) => {
    if (!file) return;
    try {
      const p = await preparePhoto(file);
      const up = await casesApi.uploadPhoto(photoBlob(p), p.name);
      set(key, [...((answers[key] as string[] | undefined) ?? []), up.id]);
    } catch (e) {
      Toast.show({ content: (e as Error).message });
    }
  };

  const send = async (revise: boolean, version?: number) => {
    setBusy(true);
    try {
      const r = await campaignsApi.answer(item.id, { clientRef: open.clientRef, answers, problem, note: note.trim() || undefined, revise: revise || undefined, version });
      Toast.show({ icon: 'success', content: r.repeated ? t('m.repeated') : t('m.saved') });
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'campaign_item_answered') {
        const first = (e.details[0] ?? {}) as { version?: number; answeredBy?: string };
        const ok = await Dialog.confirm({ content: t('m.conflict', { by: first.answeredBy ?? '' }), cancelText: t('common.cancel'), confirmText: t('m.revise') });
        if (ok) {
          open.clientRef = newClientRef();
          await send(true, first.version);
        }
      } else Toast.show({ content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="m-section" data-testid="m-campaign-answer">
      <div className="m-section-title">{`${item.place}${item.room ? ` ${item.room}` : ''}`}</div>
      <Form layout="vertical">
        {c.checklist.map((x) => (
          <Form.Item key={x.key} label={`${x.label}${x.required ? ' *' : ''}`}>
            {x.type === 'yesno' && (
              <Selector
                options={[{ label: t('yes'), value: 'yes' }, { label: t('no'), value: 'no' }]}
                value={answers[x.key] === true ? ['yes'] : answers[x.key] === false ? ['no'] : []}
                onChange={(v) => set(x.key, v[0] === undefined ? undefined : v[0] === 'yes')}
                data-testid={`m-answer-${x.key}`}
              />
            )}
            {x.type === 'number' && (
              <Input type="number" value={answers[x.key] === undefined ? '' : String(answers[x.key])} onChange={(v) => set(x.key, v === '' ? undefined : Number(v))} data-testid={`m-answer-${x.key}`} />
            )}
            {x.type === 'text' && <TextArea maxLength={1000} value={(answers[x.key] as string) ?? ''} onChange={(v) => set(x.key, v)} data-testid={`m-answer-${x.key}`} />}
            {x.type === 'photo' && (
              <div>
                <span>{((answers[x.key] as string[] | undefined) ?? []).length} 📷 </span>
                <input type="file" accept="image/*" capture="environment" aria-label={t('m.photo')} onChange={(e) => void addPhoto(x.key, e.target.files?.[0])} data-testid={`m-answer-${x.key}`} />
              </div>
            )}
          </Form.Item>
        ))}
        <Form.Item label={t('m.problem')}>
          <Switch checked={problem} onChange={setProblem} data-testid="m-answer-problem" />
        </Form.Item>
        <Form.Item label={t('m.note')}>
          <TextArea maxLength={1000} value={note} onChange={setNote} />
        </Form.Item>
      </Form>
      <Button block color="primary" loading={busy} onClick={() => void send(open.revise, open.revise ? item.version : undefined)} data-testid="m-answer-submit">
        {t('common.submit')}
      </Button>
    </div>
  );
}

export default function MyCampaignsPage() {
  const { t } = useCampaignText();
  const navigate = useNavigate();
  const online = useOnline();
  const mine = useLoad((signal) => campaignsApi.mine(signal), []);
  const [open, setOpen] = useState<Open | null>(null);
  const [caseFor, setCaseFor] = useState<CampaignItem | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);

  const startCase = async (item: CampaignItem) => {
    try {
      const all = categories.length ? categories : await loadCategories();
      const parents = new Set(all.map((c) => c.parent));
      setCategories(all.filter((c) => !parents.has(c.code)));
      setCaseFor(item);
    } catch (e) {
      Toast.show({ content: (e as Error).message });
    }
  };
  const fileCase = async (code: string | undefined) => {
    const item = caseFor;
    setCaseFor(null);
    if (!item || !code) return;
    try {
      const r = await campaignsApi.toCase(item.id, { categoryCode: code });
      Toast.show({ icon: 'success', content: t('m.caseDone', { number: r.caseNumber }) });
      mine.reload();
    } catch (e) {
      Toast.show({ content: (e as Error).message });
    }
  };

  return (
    <div className="m-page" data-testid="m-campaigns">
      <NavBar onBack={() => navigate('/')}>{t('m.title')}</NavBar>
      <EmergencyBanner mine={mine.data} />
      {!online && <NoticeBar content={t('m.online')} color="alert" />}
      {mine.error && <NoticeBar content={mine.error} color="error" />}
      {mine.data && mine.data.items.length === 0 && <div className="m-empty">{t('m.empty')}</div>}
      {(mine.data?.items ?? []).map(({ campaign: c, items }) => (
        <div key={c.id} id={`c${c.id}`} className="m-section" data-testid={`m-campaign-${c.id}`}>
          <List
            mode="card"
            header={
              <div>
                {c.emergency && <Tag color="danger">{t('emergency')}</Tag>} <b>{c.title}</b> <span className="m-muted">{kindLabel(t, c.kind)} · {t('col.deadline')} {c.deadline}</span>
                <ProgressBar percent={Math.floor(c.rate * 100)} text={`${c.done}/${c.total}`} />
              </div>
            }
          >
            {items.map((i) => (
              <List.Item
                key={i.id}
                data-testid={`m-item-${i.id}`}
                description={i.answeredAt ? `${i.answeredBy ?? ''} · ${i.note ?? ''}` : i.gridName}
                extra={
                  i.version === 0 ? (
                    <Tag color="primary" fill="outline">{t('filter.todo')}</Tag>
                  ) : i.caseNumber ? (
                    <Tag color="warning">{i.caseNumber}</Tag>
                  ) : i.problem ? (
                    <Button size="mini" color="danger" onClick={(e) => { e.stopPropagation(); void startCase(i); }} data-testid={`m-item-case-${i.id}`}>{t('m.toCase')}</Button>
                  ) : (
                    <Tag color="success">{t('filter.done')}</Tag>
                  )
                }
                onClick={() => setOpen({ campaign: c, item: i, clientRef: newClientRef(), revise: i.version > 0 })}
              >
                {i.place}
                {i.room ? ` ${i.room}` : ''}
              </List.Item>
            ))}
          </List>
        </div>
      ))}
      <Popup visible={open !== null} onMaskClick={() => setOpen(null)} bodyStyle={{ maxHeight: '85vh', overflowY: 'auto' }}>
        {open && <AnswerForm key={open.item.id} open={open} onDone={() => { setOpen(null); mine.reload(); }} />}
      </Popup>
      <Picker
        columns={[categories.map((c) => ({ label: c.name, value: c.code }))]}
        visible={caseFor !== null}
        title={t('m.category')}
        onClose={() => setCaseFor(null)}
        onConfirm={(v) => void fileCase(v[0] as string | undefined)}
      />
    </div>
  );
}
