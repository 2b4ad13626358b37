/** The console's form dialog: the server's messages land on its fields. */
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, App as AntApp, Form, Modal, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../shared/api';
import { useI18n } from './i18n';
import { applyFieldErrors } from './forms';

/**
 * Puts an API error on a field: first by its code (`codes`), then by its details' field names.
 * Returns false when no field took it.
 */
export function fieldError(form: FormInstance, e: unknown, codes: Record<string, string> = {}, fields: string[] = []): boolean {
  if (e instanceof ApiError && codes[e.code]) {
    form.setFields([{ name: codes[e.code], errors: [e.message] }]);
    return true;
  }
  return applyFieldErrors(form, e, fields);
}

/**
 * A dialog around one form: reset (to `initialValues`) each time it opens; on submit runs
 * `onSubmit`; an error lands on its field (see {@link fieldError}) or in an alert at the top.
 * When `onSubmit` returns a text, the dialog says it (a success message) and closes.
 * Test ids: `${testId}-form`, `${testId}-submit`, `${testId}-error`.
 */
export function FormModal<V extends object>(props: {
  open: boolean;
  title: ReactNode;
  /** Given when the caller reads or sets the form's values; otherwise the dialog keeps its own. */
  form?: FormInstance<V>;
  onClose: () => void;
  onSubmit: (values: V) => Promise<string | void>;
  testId: string;
  /** Which field an API error code lands on. */
  codes?: Record<string, string>;
  /** Which fields an error's details may land on (default: the form's fields). */
  fields?: string[];
  okText?: string;
  /** A line of help over the fields. */
  hint?: ReactNode;
  width?: number;
  initialValues?: Partial<V>;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { open, onSubmit, onClose, codes, fields, initialValues } = props;
  const [ownForm] = Form.useForm<V>();
  const form = props.form ?? ownForm;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initial = useRef(initialValues);
  initial.current = initialValues;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (initial.current) form.setFieldsValue(initial.current as Parameters<typeof form.setFieldsValue>[0]);
    setError(null);
  }, [open, form]);

  const submit = async (v: V) => {
    setBusy(true);
    setError(null);
    try {
      const done = await onSubmit(v);
      if (done) {
        message.success(done);
        onClose();
      }
    } catch (e) {
      if (!fieldError(form, e, codes, fields ?? form.getFieldsError().map((f) => f.name.join('.')))) setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={props.title}
      width={props.width}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={props.okText ?? t('party.save')}
      cancelText={t('people.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': `${props.testId}-submit` }}
      maskClosable={false}
      forceRender
    >
      {error && <Alert type="error" showIcon message={error} className="gz-mb16" data-testid={`${props.testId}-error`} />}
      {props.hint && (
        <Typography.Paragraph type="secondary" className="gz-small">
          {props.hint}
        </Typography.Paragraph>
      )}
      <Form<V> form={form} name={props.testId} layout="vertical" onFinish={submit} initialValues={initialValues} data-testid={`${props.testId}-form`} onValuesChange={() => error && setError(null)}>
        {props.children}
      </Form>
    </Modal>
  );
}

/**
 * Which one of a record's dialogs is open: `[dialog, setDialog, dialogProps]`, where
 * `dialogProps(k)` are the `open` and `onClose` of dialog k (spread into its FormModal).
 */
export function useDialog<K extends string>(): [K | null, (k: K | null) => void, (k: K) => { open: boolean; onClose: () => void }] {
  const [dialog, setDialog] = useState<K | null>(null);
  return [dialog, setDialog, (k) => ({ open: dialog === k, onClose: () => setDialog(null) })];
}
