/** The resident drawer's dialogs: edit (with the version read), move out, record a death. */
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { api, ApiError } from '../../shared/api';
import type { Relation, ResidentDetail } from '../../shared/types';
import { useI18n } from '../i18n';
import { dateOf, notFuture, RELATIONS, relationName, type DateValue } from './peopleCommon';
import { applyFieldErrors } from '../forms';
import type { RunWrite } from './ResidentCards';

interface EditForm {
  name: string;
  phone?: string;
  clearPhone?: boolean;
  partyMember: boolean;
}

interface DialogProps {
  r: ResidentDetail | null;
  open: boolean;
  onClose: () => void;
  busy: string | null;
  run: RunWrite;
}

export function EditResidentModal(props: DialogProps & { refresh: () => Promise<ResidentDetail | null> }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { r, open, onClose, busy, run, refresh } = props;
  const [form] = Form.useForm<EditForm>();
  const [conflict, setConflict] = useState(false);

  // Opening starts from the resident as read.
  useEffect(() => {
    if (!open || !r) return;
    form.setFieldsValue({ name: r.name, phone: '', clearPhone: false, partyMember: r.partyMember });
    setConflict(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = async (v: EditForm) => {
    if (!r) return;
    const patch: { version: number; name?: string; phone?: string | null; partyMember?: boolean } = { version: r.version };
    if (v.name.trim() !== r.name) patch.name = v.name.trim();
    if (v.clearPhone) patch.phone = null;
    else if (v.phone?.trim()) patch.phone = v.phone.trim();
    if (v.partyMember !== r.partyMember) patch.partyMember = v.partyMember;
    if (Object.keys(patch).length === 1) {
      onClose();
      return;
    }
    try {
      await run('edit', () => api.updateResident(r.id, patch), t('people.saved'), true);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'version_conflict') {
        // Someone changed the record since it was read: show the fresh values, the user saves again.
        const fresh = await refresh();
        if (fresh) form.setFieldsValue({ name: fresh.name, partyMember: fresh.partyMember });
        message.warning(t('people.conflict'));
        setConflict(true);
      } else if (!applyFieldErrors(form, e, ['name', 'phone'])) message.error((e as Error).message);
    }
  };

  return (
    <Modal
      open={open}
      title={t('people.editTitle', { name: r?.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('people.save')}
      cancelText={t('people.cancel')}
      confirmLoading={busy === 'edit'}
      okButtonProps={{ 'data-testid': 'resident-edit-save' }}
      forceRender
    >
      {conflict && <Alert type="warning" showIcon message={t('people.conflict')} className="gz-mb16" data-testid="edit-conflict" />}
      <Form form={form} name="edit" layout="vertical" onFinish={submit} data-testid="resident-edit-form">
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
  );
}

type MoveForm = { date: DateValue; toHouseholdId?: number; relation?: Relation };

export function MoveResidentModal(props: DialogProps) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { r, open, onClose, busy, run } = props;
  const [form] = Form.useForm<MoveForm>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async (v: MoveForm) => {
    if (!r) return;
    const body = { date: dateOf(v.date)!, ...(v.toHouseholdId ? { toHouseholdId: v.toHouseholdId, relation: v.relation ?? 'member' } : {}) };
    try {
      await run('move', () => api.moveResident(r.id, body), t('people.move.done'), true);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && ['event_date_in_future', 'moved_out_before_moved_in'].includes(e.code)) form.setFields([{ name: 'date', errors: [e.message] }]);
      else if (e instanceof ApiError && e.code === 'household_not_found') form.setFields([{ name: 'toHouseholdId', errors: [e.message] }]);
      else if (!applyFieldErrors(form, e, ['date', 'toHouseholdId', 'relation'])) message.error((e as Error).message);
    }
  };

  return (
    <Modal
      open={open}
      title={t('people.move.title', { name: r?.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('people.move.ok')}
      cancelText={t('people.cancel')}
      confirmLoading={busy === 'move'}
      forceRender
    >
      <Form form={form} name="move" layout="vertical" onFinish={submit}>
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
  );
}

export function DeathModal(props: DialogProps) {
  const { t } = useI18n();
  const { modal } = AntApp.useApp();
  const { r, open, onClose, run } = props;
  const [form] = Form.useForm<{ date: DateValue }>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = (v: { date: DateValue }) => {
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
          onClose();
        } catch {
          /* shown by run() */
        }
      },
    });
  };

  return (
    <Modal
      open={open}
      title={t('people.death.title', { name: r?.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('people.death.next')}
      okButtonProps={{ danger: true }}
      cancelText={t('people.cancel')}
      forceRender
    >
      <Alert type="warning" showIcon message={t('people.death.hint')} className="gz-mb16" />
      <Form form={form} name="death" layout="vertical" onFinish={submit}>
        <Form.Item name="date" label={t('people.death.date')} rules={[{ required: true, message: t('people.form.dateRequired') }]}>
          <DatePicker disabledDate={notFuture} style={{ width: '100%' }} data-testid="death-date" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
