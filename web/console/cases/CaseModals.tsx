/**
 * The dialogs of the case page: one per kind of action (dispatch, a reason, a handling result, a
 * plain confirmation, merge), the street's whistle and the rating / callback. A department's
 * report-in and report-back are in TaskModals.tsx.
 */
import { useEffect, useState } from 'react';
import { Alert, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useAuth } from '../../shared/auth';
import { casesApi, WHISTLE_REASONS } from '../../shared/cases';
import type { CaseActionInput, CaseDetail, DispatchTo, Satisfaction, WhistleReason } from '../../shared/cases';
import { useI18n, type MessageKey } from '../i18n';
import { ResultFields, useCaseErrors, useCaseLabels, useDepartments } from './casesCommon';
import { validated } from '../forms';

const REASON_ACTIONS = ['reject', 'return', 'suspend', 'reopen'];
const NOTE_REQUIRED = ['verify_fail', 'escalate', 'supervise', 'urge', 'reassign'];
/** 派遣 and 改派 choose a target the same way. */
const PICKS_TARGET = ['dispatch', 'reassign'];

interface ActionForm {
  targetKind?: DispatchTo['kind'];
  accountId?: number;
  departmentId?: number;
  propertyName?: string;
  reason?: string;
  result?: string;
  photos?: string[];
  note?: string;
  into?: number;
}

/** Returns the new detail, or null when the call failed (the error is shown; a conflict reloads). */
function useSubmit(reload: () => void) {
  const showError = useCaseErrors();
  const [saving, setSaving] = useState(false);
  const run = async (call: () => Promise<CaseDetail>, onConflict: () => void): Promise<CaseDetail | null> => {
    setSaving(true);
    try {
      return await call();
    } catch (e) {
      if (showError(e, reload)) onConflict();
      return null;
    } finally {
      setSaving(false);
    }
  };
  return { saving, run };
}

/** What the action form does: a state-machine move, or 重办 (through the rating endpoint). */
export type MoveAction = CaseActionInput['action'] | 'reopen';

export function ActionModal(props: {
  action: MoveAction | null;
  detail: CaseDetail;
  onClose: () => void;
  onDone: (d: CaseDetail) => void;
  reload: () => void;
}) {
  const { t } = useI18n();
  const L = useCaseLabels();
  const [form] = Form.useForm<ActionForm>();
  const { saving, run } = useSubmit(props.reload);
  const { action, detail } = props;
  const targetKind = Form.useWatch('targetKind', form);
  const targets = detail.dispatchTargets ?? { gridWorkers: [], departments: [] };

  useEffect(() => {
    if (action) {
      form.resetFields();
      if (PICKS_TARGET.includes(action)) form.setFieldsValue({ targetKind: targets.gridWorkers.length ? 'grid_worker' : 'community' });
      if (action === 'merge' && detail.duplicates.length === 1) form.setFieldsValue({ into: detail.duplicates[0].id });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action]);

  if (!action) return null;

  const submit = async () => {
    const v = await validated(form); // null: the form shows what is wrong
    if (!v) return;
    if (action === 'reopen') {
      // 重办 goes through the rating endpoint: a dissatisfied rating that reopens the case (once).
      const d = await run(
        () => casesApi.rate(detail.id, { version: detail.version, satisfaction: 'dissatisfied', resolved: false, reopen: true, reason: v.reason?.trim(), note: v.note?.trim() || undefined }),
        props.onClose,
      );
      if (d) props.onDone(d);
      return;
    }
    const body: CaseActionInput = { action, version: detail.version };
    if (v.note?.trim()) body.note = v.note.trim();
    if (NOTE_REQUIRED.includes(action) && body.note) body.reason = body.note;
    if (REASON_ACTIONS.includes(action)) body.reason = v.reason?.trim();
    if (action === 'handle') {
      body.result = v.result?.trim();
      if (v.photos?.length) body.photos = v.photos;
    }
    if (action === 'merge') body.into = v.into;
    if (PICKS_TARGET.includes(action)) {
      const k = v.targetKind ?? 'community';
      body.dispatchTo =
        k === 'grid_worker'
          ? { kind: 'grid_worker', accountId: v.accountId! }
          : k === 'department'
            ? { kind: 'department', departmentId: v.departmentId! }
            : k === 'property'
              ? { kind: 'property', name: v.propertyName!.trim() }
              : { kind: 'community' };
    }
    const d = await run(() => casesApi.act(detail.id, body), props.onClose);
    if (d) props.onDone(d);
  };

  const title = L.action(action);
  const departmentMatterHint = detail.dispatchTargets && targetKind && targetKind !== 'department' && detail.level === 'street';

  return (
    <Modal
      open
      title={`${title} · ${detail.number}`}
      onOk={submit}
      okText={t('cases.act.confirm', { action: title })}
      confirmLoading={saving}
      onCancel={props.onClose}
      okButtonProps={{ danger: ['reject', 'verify_fail', 'return'].includes(action), 'data-testid': 'action-ok' }}
      width={action === 'handle' || PICKS_TARGET.includes(action) ? 620 : 520}
      destroyOnHidden
      data-testid={`action-modal-${action}`}
    >
      <Form<ActionForm> form={form} layout="vertical" name={`act-${action}`} preserve={false}>
        {PICKS_TARGET.includes(action) && (
          <>
            <Form.Item name="targetKind" label={t('cases.act.target')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                data-testid="dispatch-kind"
                options={(['grid_worker', 'community', 'property', 'department'] as const).map((k) => ({
                  value: k,
                  label: L.handlerKind(k),
                  disabled: (k === 'grid_worker' && !targets.gridWorkers.length) || (k === 'department' && !targets.departments.length),
                }))}
              />
            </Form.Item>
            {targetKind === 'grid_worker' && (
              <Form.Item name="accountId" label={L.handlerKind('grid_worker')} rules={[{ required: true, message: t('cases.act.targetRequired') }]}>
                <Select
                  showSearch
                  placeholder={t('cases.act.chooseWorker')}
                  options={targets.gridWorkers.map((w) => ({
                    value: w.accountId,
                    // names people read: the worker and their grid; the code only as grey secondary text
                    label: (
                      <span data-testid="dispatch-worker-option">
                        {w.name} · {w.gridName ?? t('cases.act.gridOf')}
                        <span className="gz-muted gz-small" style={{ marginLeft: 8 }}>{w.gridCode}</span>
                      </span>
                    ),
                    searchText: `${w.name} ${w.gridName ?? ''}`,
                  }))}
                  optionFilterProp="searchText"
                  data-testid="dispatch-worker"
                />
              </Form.Item>
            )}
            {targetKind === 'department' && (
              <Form.Item name="departmentId" label={L.handlerKind('department')} rules={[{ required: true, message: t('cases.act.targetRequired') }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  placeholder={t('cases.act.chooseDepartment')}
                  options={targets.departments.map((d) => ({ value: d.id, label: d.name }))}
                  data-testid="dispatch-department"
                />
              </Form.Item>
            )}
            {targetKind === 'property' && (
              <Form.Item name="propertyName" label={t('cases.act.propertyName')} rules={[{ required: true, whitespace: true, message: t('cases.act.targetRequired') }]}>
                <Input maxLength={80} placeholder={t('cases.act.propertyPlaceholder')} data-testid="dispatch-property" />
              </Form.Item>
            )}
            {departmentMatterHint && <Alert className="gz-mb16" type="warning" showIcon message={t('cases.act.streetLevelHint')} />}
          </>
        )}
        {REASON_ACTIONS.includes(action) && (
          <Form.Item name="reason" label={t('cases.act.reason')} rules={[{ required: true, whitespace: true, message: t('cases.act.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount placeholder={t(`cases.act.reasonPlaceholder.${action}` as MessageKey)} data-testid="action-reason" />
          </Form.Item>
        )}
        {action === 'handle' && (
          <ResultFields testId="action" />
        )}
        {action === 'merge' && (
          <Form.Item name="into" label={t('cases.act.mergeInto')} rules={[{ required: true, message: t('cases.act.mergeRequired') }]} extra={t('cases.act.mergeHint')}>
            <Select
              options={detail.duplicates.map((c) => ({ value: c.id, label: `${c.number} · ${c.categoryName} · ${c.description.slice(0, 30)}` }))}
              data-testid="merge-into"
            />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={action === 'verify_fail' ? t('cases.act.failNote') : ['urge', 'reassign', 'supervise'].includes(action) ? t('cases.act.reason') : t('cases.act.note')}
          rules={NOTE_REQUIRED.includes(action) ? [{ required: true, whitespace: true, message: t('cases.act.noteRequired') }] : []}
        >
          <Input.TextArea rows={2} maxLength={500} placeholder={t('cases.act.notePlaceholder')} data-testid="action-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------- whistle

interface WhistleForm {
  reason: WhistleReason;
  leadDepartmentId?: number;
  assistDepartmentIds?: number[];
  reportInMinutes?: number;
  note?: string;
}

export function WhistleModal(props: { open: boolean; detail: CaseDetail; onClose: () => void; onDone: (d: CaseDetail) => void; reload: () => void }) {
  const { t } = useI18n();
  const L = useCaseLabels();
  const [form] = Form.useForm<WhistleForm>();
  const { saving, run } = useSubmit(props.reload);
  const lead = Form.useWatch('leadDepartmentId', form);
  const region = props.detail.streetCode ?? props.detail.communityCode ?? '';
  const departments = useDepartments(props.open ? region : null);

  useEffect(() => {
    if (props.open && region) form.resetFields();
  }, [props.open, region, form]);

  const submit = async () => {
    const v = await validated(form); // null: the form shows what is wrong
    if (!v) return;
    const d = await run(
      () =>
        casesApi.whistle(props.detail.id, {
          version: props.detail.version,
          reason: v.reason,
          leadDepartmentId: v.leadDepartmentId!,
          assistDepartmentIds: (v.assistDepartmentIds ?? []).filter((id) => id !== v.leadDepartmentId),
          reportInMinutes: v.reportInMinutes ?? 30,
          note: v.note?.trim() || undefined,
        }),
      props.onClose,
    );
    if (d) props.onDone(d);
  };

  const options = (departments ?? []).map((d) => ({ value: d.id, label: `${d.name}（${d.regionName}）` }));
  return (
    <Modal
      open={props.open}
      title={`${t('cases.whistle.title')} · ${props.detail.number}`}
      onOk={submit}
      okText={t('cases.whistle.submit')}
      confirmLoading={saving}
      onCancel={props.onClose}
      width={600}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'whistle-ok' }}
      data-testid="whistle-modal"
    >
      <Typography.Paragraph type="secondary">{t('cases.whistle.desc')}</Typography.Paragraph>
      <Form<WhistleForm> form={form} layout="vertical" name="whistle" initialValues={{ reason: 'residents_unresolved', reportInMinutes: 30 }}>
        <Form.Item name="reason" label={t('cases.whistle.reason')} rules={[{ required: true }]}>
          <Select options={WHISTLE_REASONS.map((r) => ({ value: r, label: L.whistle(r) }))} data-testid="whistle-reason" />
        </Form.Item>
        <Form.Item name="leadDepartmentId" label={t('cases.whistle.lead')} rules={[{ required: true, message: t('cases.whistle.leadRequired') }]}>
          <Select showSearch optionFilterProp="label" loading={departments === null} options={options} placeholder={t('cases.whistle.leadPlaceholder')} data-testid="whistle-lead" />
        </Form.Item>
        <Form.Item name="assistDepartmentIds" label={t('cases.whistle.assist')}>
          <Select
            mode="multiple"
            showSearch
            optionFilterProp="label"
            loading={departments === null}
            options={options.filter((o) => o.value !== lead)}
            placeholder={t('cases.whistle.assistPlaceholder')}
            data-testid="whistle-assist"
          />
        </Form.Item>
        <Form.Item name="reportInMinutes" label={t('cases.whistle.minutes')} extra={t('cases.whistle.minutesHint')}>
          <InputNumber min={5} max={1440} step={5} addonAfter={t('cases.whistle.minutesUnit')} data-testid="whistle-minutes" />
        </Form.Item>
        <Form.Item name="note" label={t('cases.act.note')}>
          <Input.TextArea rows={2} maxLength={500} data-testid="whistle-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------------------------------------------------------------- rating / callback

interface RatingForm {
  calledAt?: Dayjs;
  reached?: boolean;
  noCallbackReason?: string;
  satisfaction: Satisfaction;
  resolved: boolean;
  note?: string;
  reopen?: boolean;
  reason?: string;
}

/**
 * 回访: staff never rate a case themselves; they call the resident and record who called (the
 * signed-in account), when, and the resident's answer. The handler may not (the server refuses).
 */
export function RatingModal(props: {
  open: boolean;
  callback?: boolean;
  detail: CaseDetail;
  onClose: () => void;
  onDone: (d: CaseDetail) => void;
  reload: () => void;
}) {
  const { t } = useI18n();
  const { user } = useAuth();
  const L = useCaseLabels();
  const [form] = Form.useForm<RatingForm>();
  const { saving, run } = useSubmit(props.reload);
  const satisfaction = Form.useWatch('satisfaction', form);
  const reopen = Form.useWatch('reopen', form);
  const reached = Form.useWatch('reached', form) !== false;
  const canReopen = !props.detail.reopened;

  const submit = async () => {
    const v = await validated(form); // null: the form shows what is wrong
    if (!v) return;
    const wantsReopen = !!v.reopen && v.satisfaction === 'dissatisfied';
    const notReached = props.callback && v.reached === false;
    const d = await run(
      () =>
        casesApi.rate(props.detail.id, {
          version: props.detail.version,
          calledAt: notReached ? undefined : (v.calledAt ?? dayjs()).toISOString(),
          ...(notReached ? { noCallbackReason: v.noCallbackReason?.trim() } : {}),
          satisfaction: v.satisfaction ?? 'satisfied',
          resolved: v.resolved,
          note: v.note?.trim() || undefined,
          reopen: wantsReopen || undefined,
          reason: wantsReopen ? v.reason?.trim() : undefined,
        }),
      props.onClose,
    );
    if (d) props.onDone(d);
  };

  return (
    <Modal
      open={props.open}
      title={`${t('cases.rating.callbackTitle')} · ${props.detail.number}`}
      onOk={submit}
      confirmLoading={saving}
      onCancel={props.onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'rating-ok' }}
      data-testid="rating-modal"
    >
      {props.callback && props.detail.hotline ? (
        <Alert className="gz-mb16" type="info" showIcon message={t('cases.rating.callbackHint', { ticket: props.detail.hotline.ticket ?? '—' })} />
      ) : (
        <Alert className="gz-mb16" type="info" showIcon message={t('cases.rating.onBehalfHint')} data-testid="callback-hint" />
      )}
      <Form<RatingForm> form={form} layout="vertical" name="rating" initialValues={{ satisfaction: 'satisfied', resolved: true, reached: true, calledAt: dayjs() }}>
        <Space size={16} wrap>
          <Form.Item label={t('cases.rating.caller')}>
            <Input value={user?.displayName ?? ''} readOnly style={{ width: 220 }} data-testid="callback-caller" />
          </Form.Item>
          {reached && (
            <Form.Item name="calledAt" label={t('cases.rating.calledAt')} rules={[{ required: true, message: t('cases.rating.calledAtRequired') }]}>
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                allowClear={false}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                data-testid="callback-at"
              />
            </Form.Item>
          )}
        </Space>
        {props.callback && (
          <Form.Item name="reached" label={t('cases.rating.reached')}>
            <Radio.Group
              options={[
                { value: true, label: t('cases.rating.reachedYes') },
                { value: false, label: t('cases.rating.reachedNo') },
              ]}
            />
          </Form.Item>
        )}
        {props.callback && !reached && (
          <Form.Item name="noCallbackReason" label={t('cases.rating.noCallbackReason')} rules={[{ required: true, whitespace: true, message: t('cases.act.reasonRequired') }]}>
            <Input.TextArea rows={2} maxLength={500} placeholder={t('cases.rating.noCallbackPlaceholder')} />
          </Form.Item>
        )}
        {reached && (
          <>
            <Form.Item name="satisfaction" label={t('cases.rating.answer')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={(['satisfied', 'basic', 'dissatisfied'] as const).map((s) => ({ value: s, label: L.satisfaction(s) }))}
                data-testid="rating-satisfaction"
              />
            </Form.Item>
            <Form.Item name="resolved" label={t('cases.rating.resolved')} valuePropName="checked">
              <Switch checkedChildren={t('cases.yes')} unCheckedChildren={t('cases.no')} data-testid="rating-resolved" />
            </Form.Item>
            <Form.Item name="note" label={t('cases.rating.note')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
            {satisfaction === 'dissatisfied' && canReopen && (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Form.Item name="reopen" valuePropName="checked" noStyle>
                  <Checkbox data-testid="rating-reopen">{t('cases.rating.reopen')}</Checkbox>
                </Form.Item>
                {reopen && (
                  <Form.Item name="reason" label={t('cases.act.reason')} rules={[{ required: true, whitespace: true, message: t('cases.act.reasonRequired') }]}>
                    <Input.TextArea rows={2} maxLength={500} />
                  </Form.Item>
                )}
              </Space>
            )}
          </>
        )}
      </Form>
    </Modal>
  );
}
