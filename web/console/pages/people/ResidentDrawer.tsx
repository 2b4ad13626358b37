/**
 * One resident: details (masked), the 查看 buttons that reveal a field for a stated purpose,
 * household history, care groups, the living-alone-65+ flag, edits (with the version read), moving
 * out and recording a death.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Radio,
  Result,
  Select,
  Skeleton,
  Space,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { EditOutlined, ExportOutlined, EyeOutlined, HeartOutlined, HomeOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../../shared/api';
import type { CareGroupName, Relation, ResidentDetail } from '../../../shared/types';
import { useI18n, type MessageKey } from '../../i18n';
import {
  applyFieldErrors,
  CARE_GROUPS,
  careGroupName,
  dateOf,
  notFuture,
  RELATIONS,
  relationName,
  type DateValue,
} from '../../peopleCommon';
import RevealModal, { type RevealTarget } from './RevealModal';

interface EditForm {
  name: string;
  phone?: string;
  clearPhone?: boolean;
  partyMember: boolean;
}

export function residentStatus(r: Pick<ResidentDetail, 'deceasedOn' | 'household'>): 'deceased' | 'gone' | 'active' {
  return r.deceasedOn ? 'deceased' : r.household ? 'active' : 'gone';
}

export default function ResidentDrawer(props: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { id, onClose, onChanged } = props;
  const { t } = useI18n();
  const { message, modal } = AntApp.useApp();
  const [r, setR] = useState<ResidentDetail | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [reveal, setReveal] = useState<RevealTarget | null>(null);
  const [editOpen, setEditOpen] = useState(false);
  const [moveOpen, setMoveOpen] = useState(false);
  const [deathOpen, setDeathOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [editForm] = Form.useForm<EditForm>();
  const [moveForm] = Form.useForm<{ date: DateValue; toHouseholdId?: number; relation?: Relation }>();
  const [deathForm] = Form.useForm<{ date: DateValue }>();
  const [careForm] = Form.useForm<{ group?: CareGroupName; note?: string }>();
  const [laForm] = Form.useForm<{ value: 'derived' | 'yes' | 'no'; reason?: string }>();

  const load = useCallback(
    async (rid: number) => {
      try {
        const d = await api.resident(rid);
        setR(d);
        setError(null);
        return d;
      } catch (e) {
        setError(e as Error);
        return null;
      }
    },
    [],
  );

  useEffect(() => {
    setR(null);
    setError(null);
    setReveal(null);
    setEditOpen(false);
    setMoveOpen(false);
    setDeathOpen(false);
    if (id) void load(id);
  }, [id, load]);

  // The living-alone form follows the resident as loaded.
  useEffect(() => {
    if (!r) return;
    laForm.setFieldsValue({
      value: r.livingAloneOverride ? (r.livingAloneOverride.value ? 'yes' : 'no') : 'derived',
      reason: r.livingAloneOverride?.reason ?? '',
    });
  }, [r, laForm]);

  const changed = (next?: ResidentDetail | null) => {
    if (next) setR(next);
    onChanged();
  };

  /** Runs a write, then reads the resident again. Errors are shown unless `quiet` (the caller shows them). */
  const run = async (key: string, fn: () => Promise<unknown>, done?: string, quiet = false): Promise<void> => {
    if (!r) return;
    setBusy(key);
    try {
      await fn();
      const next = await load(r.id);
      changed(next);
      if (done) message.success(done);
    } catch (e) {
      if (!quiet) message.error((e as Error).message);
      throw e;
    } finally {
      setBusy(null);
    }
  };

  const openEdit = () => {
    if (!r) return;
    editForm.setFieldsValue({ name: r.name, phone: '', clearPhone: false, partyMember: r.partyMember });
    setConflict(false);
    setEditOpen(true);
  };

  const submitEdit = async (v: EditForm) => {
    if (!r) return;
    const patch: { version: number; name?: string; phone?: string | null; partyMember?: boolean } = { version: r.version };
    if (v.name.trim() !== r.name) patch.name = v.name.trim();
    if (v.clearPhone) patch.phone = null;
    else if (v.phone?.trim()) patch.phone = v.phone.trim();
    if (v.partyMember !== r.partyMember) patch.partyMember = v.partyMember;
    if (Object.keys(patch).length === 1) {
      setEditOpen(false);
      return;
    }
    try {
      await run('edit', () => api.updateResident(r.id, patch), t('people.saved'), true);
      setEditOpen(false);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'version_conflict') {
        // Someone changed the record since it was read: show the fresh values, the user saves again.
        const fresh = await load(r.id);
        changed(fresh);
        if (fresh) editForm.setFieldsValue({ name: fresh.name, partyMember: fresh.partyMember });
        message.warning(t('people.conflict'));
        setConflict(true);
      } else if (!applyFieldErrors(editForm, e, ['name', 'phone'])) message.error((e as Error).message);
    }
  };

  const submitLivingAlone = async (v: { value: 'derived' | 'yes' | 'no'; reason?: string }) => {
    if (!r) return;
    const value = v.value === 'derived' ? null : v.value === 'yes';
    await run('la', () => api.setLivingAlone(r.id, value, value === null ? undefined : v.reason?.trim()), t('people.saved')).catch(() => undefined);
  };

  const addCare = async (v: { group?: CareGroupName; note?: string }) => {
    if (!r || !v.group) return;
    try {
      await run('care', () => api.addCareGroup(r.id, v.group!, v.note?.trim() || undefined), t('people.care.added'));
      careForm.resetFields();
    } catch {
      /* shown by run() */
    }
  };

  const submitMove = async (v: { date: DateValue; toHouseholdId?: number; relation?: Relation }) => {
    if (!r) return;
    const body = { date: dateOf(v.date)!, ...(v.toHouseholdId ? { toHouseholdId: v.toHouseholdId, relation: v.relation ?? 'member' } : {}) };
    try {
      await run('move', () => api.moveResident(r.id, body), t('people.move.done'), true);
      setMoveOpen(false);
    } catch (e) {
      if (e instanceof ApiError && ['event_date_in_future', 'moved_out_before_moved_in'].includes(e.code)) moveForm.setFields([{ name: 'date', errors: [e.message] }]);
      else if (e instanceof ApiError && e.code === 'household_not_found') moveForm.setFields([{ name: 'toHouseholdId', errors: [e.message] }]);
      else if (!applyFieldErrors(moveForm, e, ['date', 'toHouseholdId', 'relation'])) message.error((e as Error).message);
    }
  };

  const submitDeath = (v: { date: DateValue }) => {
    if (!r) return;
    const date = dateOf(v.date)!;
    modal.confirm({
      title: t('people.death.confirmTitle'),
      content: t('people.death.confirm', { name: r.name, date }),
      okText: t('people.death.ok'),
      okButtonProps: { danger: true, 'data-testid': 'death-confirm-ok' },
      cancelText: t('people.cancel'),
      onOk: async () => {
        try {
          await run('death', () => api.recordDeath(r.id, date), t('people.death.done'));
          setDeathOpen(false);
        } catch {
          /* shown by run() */
        }
      },
    });
  };

  const status = r ? residentStatus(r) : 'active';
  const active = status === 'active';
  const activeGroups = new Set(r?.careGroups.map((g) => g.group) ?? []);
  const laValue = Form.useWatch('value', laForm);

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={720}
      destroyOnHidden
      title={
        r ? (
          <Space size={8} wrap>
            <span data-testid="resident-drawer-name">{r.name}</span>
            {status === 'deceased' && <Tag>{t('people.status.deceased')}</Tag>}
            {status === 'gone' && <Tag>{t('people.status.gone')}</Tag>}
            {r.partyMember && <Tag color="red">{t('people.partyMember')}</Tag>}
            {r.livingAlone65 && <Tag color="volcano">{t('people.livingAlone65')}</Tag>}
          </Space>
        ) : (
          t('people.detail')
        )
      }
      extra={
        r && (
          <Button icon={<EditOutlined />} onClick={openEdit} disabled={status === 'deceased'} data-testid="resident-edit">
            {t('people.edit')}
          </Button>
        )
      }
      data-testid="resident-drawer"
    >
      {error && !r ? (
        <Result status="warning" title={t('error.loadFailed')} subTitle={error.message} />
      ) : !r ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <div className="gz-stack" data-testid={`resident-detail-${r.id}`}>
          <Descriptions bordered size="small" column={2} data-testid="resident-facts">
            <Descriptions.Item label={t('people.residentId')}>{r.id}</Descriptions.Item>
            <Descriptions.Item label={t('people.gender')}>{t(`people.gender.${r.gender}` as MessageKey)}</Descriptions.Item>
            <Descriptions.Item label={t('people.birthDate')}>
              {t('people.bornAge', { date: r.birthDate, age: r.age })}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.partyMember')}>{r.partyMember ? t('people.yes') : t('people.no')}</Descriptions.Item>
            <Descriptions.Item label={t('people.idNumber')} span={2}>
              <Space>
                <span className="gz-mono" data-testid="resident-id-masked">
                  {r.idNumber}
                </span>
                <Button
                  size="small"
                  icon={<EyeOutlined />}
                  onClick={() => setReveal({ residentId: r.id, name: r.name, field: 'idNumber', masked: r.idNumber })}
                  data-testid="reveal-idNumber"
                >
                  {t('people.reveal.button')}
                </Button>
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('people.phone')} span={2}>
              {r.phone ? (
                <Space>
                  <span className="gz-mono" data-testid="resident-phone-masked">
                    {r.phone}
                  </span>
                  <Button
                    size="small"
                    icon={<EyeOutlined />}
                    onClick={() => setReveal({ residentId: r.id, name: r.name, field: 'phone', masked: r.phone! })}
                    data-testid="reveal-phone"
                  >
                    {t('people.reveal.button')}
                  </Button>
                </Space>
              ) : (
                <span className="gz-muted">{t('people.noPhone')}</span>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.household')}>{r.household ? `#${r.household.id}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('people.relation')}>{relationName(t, r.relation)}</Descriptions.Item>
            <Descriptions.Item label={t('people.grid')}>
              {r.household ? (
                <span>
                  {r.household.gridName} <span className="gz-muted gz-mono">{r.household.gridCode}</span>
                </span>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.community')}>{r.household?.communityName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('people.address')} span={2}>
              {r.household?.address ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('people.movedIn')}>{r.movedIn ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('people.status')}>
              {status === 'deceased' ? `${t('people.status.deceased')} ${r.deceasedOn}` : t(`people.status.${status}` as MessageKey)}
            </Descriptions.Item>
          </Descriptions>

          <Card size="small" className="gz-card" title={<span>{t('people.la.title')}</span>} data-testid="living-alone-card">
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('people.la.current')}>
                <b data-testid="la-current">{r.livingAlone65 ? t('people.yes') : t('people.no')}</b>
              </Descriptions.Item>
              <Descriptions.Item label={t('people.la.derived')}>
                <span data-testid="la-derived">{r.livingAlone65Derived ? t('people.yes') : t('people.no')}</span>
                <span className="gz-muted gz-small">（{t('people.la.rule')}）</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('people.la.override')}>
                {r.livingAloneOverride ? (
                  <span data-testid="la-override">
                    {r.livingAloneOverride.value ? t('people.yes') : t('people.no')} · {r.livingAloneOverride.reason}
                  </span>
                ) : (
                  <span className="gz-muted">{t('people.la.none')}</span>
                )}
              </Descriptions.Item>
            </Descriptions>
            <Form form={laForm} name="la" layout="inline" onFinish={submitLivingAlone} disabled={status === 'deceased'} className="gz-la-form">
              <Form.Item name="value">
                <Radio.Group optionType="button" buttonStyle="solid" data-testid="la-choice">
                  <Radio.Button value="derived">{t('people.la.useDerived')}</Radio.Button>
                  <Radio.Button value="yes">{t('people.la.setYes')}</Radio.Button>
                  <Radio.Button value="no">{t('people.la.setNo')}</Radio.Button>
                </Radio.Group>
              </Form.Item>
              {laValue && laValue !== 'derived' && (
                <Form.Item
                  name="reason"
                  rules={[
                    { required: true, whitespace: true, message: t('people.la.reasonRequired') },
                    { validator: (_, v?: string) => (!v || v.trim().length >= 4 ? Promise.resolve() : Promise.reject(new Error(t('people.la.reasonRequired')))) },
                  ]}
                  style={{ flex: 1, minWidth: 220 }}
                >
                  <Input placeholder={t('people.la.reason')} maxLength={200} data-testid="la-reason" />
                </Form.Item>
              )}
              <Form.Item>
                <Button htmlType="submit" loading={busy === 'la'} data-testid="la-save">
                  {t('people.save')}
                </Button>
              </Form.Item>
            </Form>
          </Card>

          <Card
            size="small"
            className="gz-card"
            title={
              <span>
                <HeartOutlined /> {t('people.care.title')}
              </span>
            }
            data-testid="care-card"
          >
            {r.careGroups.length === 0 ? (
              <Typography.Text type="secondary">{t('people.care.none')}</Typography.Text>
            ) : (
              <div className="gz-care-list">
                {r.careGroups.map((g) => (
                  <div key={g.group} className="gz-care-item" data-testid={`care-item-${g.group}`}>
                    <Tag color="volcano" bordered={false}>
                      {careGroupName(t, g.group)}
                    </Tag>
                    <span className="gz-muted gz-small">
                      {t('people.care.since', { date: g.setOn })}
                      {g.setBy ? ` · ${g.setBy}` : ''}
                    </span>
                    {g.note && <span className="gz-small">· {g.note}</span>}
                    <Popconfirm
                      title={t('people.care.endConfirm', { group: careGroupName(t, g.group) })}
                      okText={t('people.care.end')}
                      cancelText={t('people.cancel')}
                      onConfirm={() =>
                        run('care-end', () => api.endCareGroup(r.id, g.group), t('people.care.ended')).catch(() => undefined)
                      }
                    >
                      <Button size="small" type="link" danger icon={<StopOutlined />} data-testid={`care-end-${g.group}`}>
                        {t('people.care.end')}
                      </Button>
                    </Popconfirm>
                  </div>
                ))}
              </div>
            )}
            {status !== 'deceased' && (
              <Form form={careForm} name="care" layout="inline" onFinish={addCare} className="gz-mt8">
                <Form.Item name="group" rules={[{ required: true, message: t('people.care.choose') }]}>
                  <Select
                    style={{ width: 190 }}
                    placeholder={t('people.care.choose')}
                    options={CARE_GROUPS.filter((g) => !activeGroups.has(g)).map((g) => ({ value: g, label: careGroupName(t, g) }))}
                    data-testid="care-add-group"
                  />
                </Form.Item>
                <Form.Item name="note" style={{ flex: 1, minWidth: 160 }}>
                  <Input placeholder={t('people.care.note')} maxLength={200} data-testid="care-add-note" />
                </Form.Item>
                <Form.Item>
                  <Button htmlType="submit" icon={<PlusOutlined />} loading={busy === 'care'} data-testid="care-add">
                    {t('people.care.add')}
                  </Button>
                </Form.Item>
              </Form>
            )}
          </Card>

          <Card
            size="small"
            className="gz-card"
            title={
              <span>
                <HomeOutlined /> {t('people.history')}
              </span>
            }
            data-testid="history-card"
          >
            {r.history.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                className="gz-mt8"
                items={r.history.map((h, i) => ({
                  key: `${h.householdId}-${i}`,
                  color: h.movedOut ? 'gray' : 'green',
                  children: (
                    <div data-testid="history-item">
                      <div>
                        <b>
                          {h.movedIn} — {h.movedOut ?? t('people.history.now')}
                        </b>{' '}
                        <Tag bordered={false}>{relationName(t, h.relation)}</Tag>
                      </div>
                      <div className="gz-small">
                        {h.address ?? (h.householdId === r.household?.id ? r.household.address : null) ?? t('people.history.noAddress')} ·{' '}
                        {h.gridName ?? <span className="gz-mono gz-muted">{h.gridCode}</span>}
                      </div>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>

          <Card size="small" className="gz-card" title={t('people.changes')}>
            <Space wrap>
              <Button icon={<ExportOutlined />} disabled={!active} onClick={() => (moveForm.resetFields(), setMoveOpen(true))} data-testid="resident-move">
                {t('people.move.button')}
              </Button>
              <Button danger disabled={status === 'deceased'} onClick={() => (deathForm.resetFields(), setDeathOpen(true))} data-testid="resident-death">
                {t('people.death.button')}
              </Button>
            </Space>
            {!active && (
              <Alert
                className="gz-mt8"
                type="info"
                showIcon
                message={status === 'deceased' ? t('people.deceasedHint', { date: r.deceasedOn ?? '' }) : t('people.goneHint')}
              />
            )}
          </Card>
        </div>
      )}

      <RevealModal target={reveal} onClose={() => setReveal(null)} />

      <Modal
        open={editOpen}
        title={t('people.editTitle', { name: r?.name ?? '' })}
        onCancel={() => setEditOpen(false)}
        onOk={() => editForm.submit()}
        okText={t('people.save')}
        cancelText={t('people.cancel')}
        confirmLoading={busy === 'edit'}
        okButtonProps={{ 'data-testid': 'resident-edit-save' }}
        forceRender
      >
        {conflict && <Alert type="warning" showIcon message={t('people.conflict')} className="gz-mb16" data-testid="edit-conflict" />}
        <Form form={editForm} name="edit" layout="vertical" onFinish={submitEdit} data-testid="resident-edit-form">
          <Form.Item name="name" label={t('people.name')} rules={[{ required: true, whitespace: true, message: t('people.form.nameRequired') }]}>
            <Input maxLength={50} data-testid="edit-name" />
          </Form.Item>
          <Form.Item name="phone" label={t('people.phone')} extra={t('people.edit.phoneHint', { masked: r?.phone ?? t('people.noPhone') })}>
            <Input maxLength={20} inputMode="tel" placeholder={t('people.edit.phonePlaceholder')} data-testid="edit-phone" />
          </Form.Item>
          {r?.phone && (
            <Form.Item name="clearPhone" valuePropName="checked">
              <Checkbox>{t('people.edit.clearPhone')}</Checkbox>
            </Form.Item>
          )}
          <Form.Item name="partyMember" label={t('people.partyMember')} valuePropName="checked">
            <Switch data-testid="edit-party" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={moveOpen}
        title={t('people.move.title', { name: r?.name ?? '' })}
        onCancel={() => setMoveOpen(false)}
        onOk={() => moveForm.submit()}
        okText={t('people.move.ok')}
        cancelText={t('people.cancel')}
        confirmLoading={busy === 'move'}
        forceRender
      >
        <Form form={moveForm} name="move" layout="vertical" onFinish={submitMove}>
          <Form.Item name="date" label={t('people.move.date')} rules={[{ required: true, message: t('people.form.dateRequired') }]}>
            <DatePicker disabledDate={notFuture} style={{ width: '100%' }} data-testid="move-date" />
          </Form.Item>
          <Form.Item name="toHouseholdId" label={t('people.move.to')} extra={t('people.move.toHint')}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} placeholder={t('people.move.toPlaceholder')} />
          </Form.Item>
          <Form.Item name="relation" label={t('people.relation')}>
            <Select allowClear options={RELATIONS.map((x) => ({ value: x, label: relationName(t, x) }))} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={deathOpen}
        title={t('people.death.title', { name: r?.name ?? '' })}
        onCancel={() => setDeathOpen(false)}
        onOk={() => deathForm.submit()}
        okText={t('people.death.next')}
        okButtonProps={{ danger: true }}
        cancelText={t('people.cancel')}
        forceRender
      >
        <Alert type="warning" showIcon message={t('people.death.hint')} className="gz-mb16" />
        <Form form={deathForm} name="death" layout="vertical" onFinish={submitDeath}>
          <Form.Item name="date" label={t('people.death.date')} rules={[{ required: true, message: t('people.form.dateRequired') }]}>
            <DatePicker disabledDate={notFuture} style={{ width: '100%' }} data-testid="death-date" />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
