/**
 * Shows one masked field (ID number or phone) in full, after the user states a purpose. The full
 * value lives only in this dialog and is forgotten when it closes; the server audits the reveal.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, Modal, Typography } from 'antd';
import { EyeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../shared/api';
import { useI18n } from '../i18n';

export interface RevealTarget {
  residentId: number;
  name: string;
  field: 'idNumber' | 'phone';
  masked: string;
}

export default function RevealModal({ target, onClose }: { target: RevealTarget | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [value, setValue] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A fresh dialog for each target (the form itself unmounts with preserve={false}).
  useEffect(() => {
    setValue(null);
    setError(null);
  }, [target]);

  const submit = async ({ reason }: { reason: string }) => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const r = await api.reveal(target.residentId, target.field, reason.trim());
      setValue(r.value);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'reveal_reason_required') form.setFields([{ name: 'reason', errors: [e.message] }]);
      else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const fieldName = target?.field === 'phone' ? t('people.phone') : t('people.idNumber');
  return (
    <Modal
      open={!!target}
      title={
        <span>
          <EyeOutlined /> {t('people.reveal.title', { field: fieldName })}
        </span>
      }
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      footer={
        value !== null
          ? [
              <Button key="close" type="primary" onClick={onClose} data-testid="reveal-close">
                {t('people.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('people.cancel')}
              </Button>,
              <Button key="ok" type="primary" loading={busy} onClick={() => form.submit()} data-testid="reveal-submit">
                {t('people.reveal.submit')}
              </Button>,
            ]
      }
      data-testid="reveal-modal"
    >
      {target && (
        <div data-testid="reveal-body">
          <Descriptions column={1} size="small" className="gz-mb16">
            <Descriptions.Item label={t('people.name')}>{target.name}</Descriptions.Item>
            <Descriptions.Item label={fieldName}>
              {value !== null ? (
                <Typography.Text className="gz-reveal-value" copyable data-testid="reveal-value">
                  {value}
                </Typography.Text>
              ) : (
                <span className="gz-mono">{target.masked}</span>
              )}
            </Descriptions.Item>
          </Descriptions>
          <Alert
            type={value !== null ? 'success' : 'info'}
            showIcon
            icon={<SafetyCertificateOutlined />}
            message={t('people.reveal.audited')}
            description={value !== null ? t('people.reveal.doneHint') : t('people.reveal.hint')}
            className="gz-mb16"
            data-testid="reveal-audit-note"
          />
          {error && <Alert type="error" showIcon message={error} className="gz-mb16" data-testid="reveal-error" />}
          {value === null && (
            <Form form={form} name="reveal" layout="vertical" preserve={false} onFinish={submit} requiredMark>
              <Form.Item
                name="reason"
                label={t('people.reveal.reason')}
                rules={[
                  { required: true, whitespace: true, message: t('people.reveal.reasonRequired') },
                  { validator: (_, v: string | undefined) => (!v || v.trim().length >= 4 ? Promise.resolve() : Promise.reject(new Error(t('people.reveal.reasonRequired')))) },
                ]}
              >
                <Input.TextArea
                  rows={2}
                  maxLength={200}
                  showCount
                  placeholder={t('people.reveal.reasonPlaceholder')}
                  data-testid="reveal-reason"
                  autoFocus
                />
              </Form.Item>
            </Form>
          )}
        </div>
      )}
    </Modal>
  );
}
