/** A department's dialogs on one task: report-in and report-back (on the case page and /cases/tasks). */
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { Form, Input, Modal, Typography } from 'antd';
import { casesApi } from '../../shared/cases';
import type { CaseDetail } from '../../shared/cases';
import { useI18n } from '../i18n';
import { ResultFields, useCaseErrors } from './casesCommon';
import { validated } from '../forms';

export interface TaskRef {
  caseId: number;
  taskId: number;
  caseNumber: string;
  departmentName: string;
}

/** A department's dialog on one task: reset on open, validate, send, hand the new detail back. */
function TaskFormModal<V extends object>(props: {
  task: TaskRef;
  title: string;
  name: string;
  testId: string;
  width?: number;
  intro?: ReactNode;
  send: (task: TaskRef, v: V) => Promise<CaseDetail>;
  onClose: () => void;
  onDone: (d: CaseDetail) => void;
  children: ReactNode;
}) {
  const [form] = Form.useForm<V>();
  const showError = useCaseErrors();
  const [saving, setSaving] = useState(false);
  const { task } = props;
  useEffect(() => {
    form.resetFields();
  }, [task, form]);
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    setSaving(true);
    try {
      props.onDone(await props.send(task, v));
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`${props.title} · ${task.caseNumber}`}
      onOk={submit}
      confirmLoading={saving}
      onCancel={props.onClose}
      width={props.width}
      destroyOnHidden
      okButtonProps={{ 'data-testid': `${props.testId}-ok` }}
      data-testid={`${props.testId}-modal`}
    >
      {props.intro}
      <Form form={form} layout="vertical" name={props.name}>
        {props.children}
      </Form>
    </Modal>
  );
}

type TaskModalProps = { task: TaskRef | null; onClose: () => void; onDone: (d: CaseDetail) => void };

export function ReportInModal(props: TaskModalProps) {
  const { t } = useI18n();
  if (!props.task) return null;
  return (
    <TaskFormModal<{ handlerName: string; note?: string }>
      {...props}
      task={props.task}
      title={t('cases.task.reportIn')}
      name="report-in"
      testId="report-in"
      intro={<Typography.Paragraph type="secondary">{t('cases.task.reportInDesc', { department: props.task.departmentName })}</Typography.Paragraph>}
      send={(task, v) => casesApi.reportIn(task.caseId, task.taskId, { handlerName: v.handlerName.trim(), note: v.note?.trim() || undefined })}
    >
      <Form.Item name="handlerName" label={t('cases.task.handlerName')} rules={[{ required: true, whitespace: true, message: t('cases.task.handlerRequired') }]}>
        <Input maxLength={40} placeholder={t('cases.task.handlerPlaceholder')} data-testid="report-in-handler" />
      </Form.Item>
      <Form.Item name="note" label={t('cases.act.note')}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
    </TaskFormModal>
  );
}

export function TaskDoneModal(props: TaskModalProps) {
  const { t } = useI18n();
  if (!props.task) return null;
  return (
    <TaskFormModal<{ result: string; photos?: string[] }>
      {...props}
      task={props.task}
      title={t('cases.task.done')}
      name="task-done"
      testId="task-done"
      width={600}
      send={(task, v) => casesApi.taskDone(task.caseId, task.taskId, { result: v.result.trim(), photos: v.photos?.length ? v.photos : undefined })}
    >
      <ResultFields testId="task-done" />
    </TaskFormModal>
  );
}
