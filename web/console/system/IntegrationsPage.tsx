/**
 * 接入管理 (admin): the 12345 hotline's webhook tokens and Open311 API keys. A new token is
 * shown once; only its hash is stored. Revoking takes effect at once.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { ApiOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { request } from '../../shared/api';
import type { ApiResult, ApiSchema } from '../../shared/apiTypes';
import { useI18n } from '../i18n';
import { PageHeader } from '../components';

type Integration = ApiSchema<'Integration'>;

const TEXT = {
  'zh-CN': {
    title: '接入管理', desc: '12345 热线工单推送令牌与 Open311 API Key。新令牌只显示一次，系统只保存其摘要；停用立即生效。',
    add: '新建接入', kind: '类型', hotline: '12345 热线', open311: 'Open311', name: '名称', region: '辖区代码', created: '创建时间', status: '状态',
    active: '启用', revoked: '已停用', revoke: '停用', revokeConfirm: '停用后该令牌立即失效，确定？', reload: '刷新', ok: '创建', cancel: '取消',
    tokenTitle: '请立即复制并妥善保存', tokenHint: '令牌只显示这一次。热线：请求头 Authorization: Bearer <令牌>；Open311：参数 api_key=<令牌>。',
    regionHelp: '街道（9 位）或区县（6 位）代码，如 460107002', done: '我已保存',
    usage: '用法', usageHotline: 'POST /api/intake/hotline', usageOpen311: '/open311/v2/services.json?jurisdiction_id=…',
  },
  en: {
    title: 'Integrations', desc: '12345 hotline webhook tokens and Open311 API keys. A new token is shown once; only its hash is kept. Revoking takes effect at once.',
    add: 'New integration', kind: 'Kind', hotline: '12345 hotline', open311: 'Open311', name: 'Name', region: 'Region code', created: 'Created', status: 'Status',
    active: 'Active', revoked: 'Revoked', revoke: 'Revoke', revokeConfirm: 'The token stops working at once. Revoke it?', reload: 'Reload', ok: 'Create', cancel: 'Cancel',
    tokenTitle: 'Copy it now and keep it safe', tokenHint: 'The token is shown only this once. Hotline: header Authorization: Bearer <token>; Open311: parameter api_key=<token>.',
    regionHelp: 'A street (9 digits) or district (6 digits) code, e.g. 460107002', done: 'I have saved it',
    usage: 'Use', usageHotline: 'POST /api/intake/hotline', usageOpen311: '/open311/v2/services.json?jurisdiction_id=…',
  },
} as const;

export default function IntegrationsPage() {
  const { lang } = useI18n();
  const x = TEXT[lang === 'en' ? 'en' : 'zh-CN'];
  const { message } = App.useApp();
  const [items, setItems] = useState<Integration[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  const [form] = Form.useForm<{ kind: 'hotline' | 'open311'; name: string; region: string }>();

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    request<{ items: Integration[] }>('/api/integrations')
      .then((r) => setItems(r.items))
      .catch((e) => setError(e.message))
      .finally(() => setLoading(false));
  }, []);
  useEffect(load, [load]);

  const create = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const r = await request<ApiResult<'/api/integrations', 'post'>>('/api/integrations', { method: 'POST', body: v });
      setOpen(false);
      form.resetFields();
      setToken(r.token);
      load();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const revoke = async (id: number) => {
    try {
      await request(`/api/integrations/${id}`, { method: 'DELETE' });
      load();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return (
    <>
      <PageHeader
        title={x.title}
        desc={x.desc}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={load}>{x.reload}</Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="integration-add">{x.add}</Button>
          </Space>
        }
      />
      <Card>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Table<Integration>
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={false}
          columns={[
            { title: x.kind, dataIndex: 'kind', render: (k: Integration['kind']) => <Tag icon={<ApiOutlined />} color={k === 'hotline' ? 'volcano' : 'blue'}>{x[k]}</Tag> },
            { title: x.name, dataIndex: 'name' },
            { title: x.region, render: (_, r) => `${r.regionName}（${r.regionCode}）` },
            { title: x.usage, render: (_, r) => <Typography.Text code>{r.kind === 'hotline' ? x.usageHotline : x.usageOpen311}</Typography.Text> },
            { title: x.created, dataIndex: 'createdAt', render: (d: string) => new Date(d).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false }) },
            { title: x.status, render: (_, r) => (r.revokedAt ? <Tag>{x.revoked}</Tag> : <Tag color="green">{x.active}</Tag>) },
            {
              title: '',
              render: (_, r) => !r.revokedAt && (
                <Popconfirm title={x.revokeConfirm} onConfirm={() => revoke(r.id)}>
                  <Button danger size="small">{x.revoke}</Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
      <Modal title={x.add} open={open} onOk={create} onCancel={() => setOpen(false)} confirmLoading={saving} okText={x.ok} cancelText={x.cancel} destroyOnClose>
        <Form form={form} layout="vertical" initialValues={{ kind: 'open311' }}>
          <Form.Item name="kind" label={x.kind} rules={[{ required: true }]}>
            <Select options={[{ value: 'hotline', label: x.hotline }, { value: 'open311', label: x.open311 }]} />
          </Form.Item>
          <Form.Item name="name" label={x.name} rules={[{ required: true, max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="region" label={x.region} extra={x.regionHelp} rules={[{ required: true, pattern: /^\d{6}(\d{3})?$/ }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
      <Modal title={x.tokenTitle} open={!!token} onOk={() => setToken(null)} onCancel={() => setToken(null)} okText={x.done} cancelButtonProps={{ style: { display: 'none' } }}>
        <Alert type="warning" showIcon message={x.tokenHint} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code data-testid="integration-token">{token}</Typography.Paragraph>
      </Modal>
    </>
  );
}
