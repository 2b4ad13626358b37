/**
 * 专项行动 /campaigns: the campaigns the caller sees (running emergency ones first), with their
 * progress in the caller's area, and the dialog that starts one over a street or community.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { AutoComplete, Button, Card, Checkbox, DatePicker, Form, Input, Progress, Segmented, Select, Space, Switch, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useAuth } from '../../shared/auth';
import { useLoad } from '../../shared/useLoad';
import { campaignsApi, type Campaign, type NewCampaign } from '../../shared/campaigns/api';
import { kindLabel, useCampaignText } from '../../shared/campaigns/text';
import { Page, clickableRow } from '../components';
import { DataTable } from '../lists';
import { FormModal } from '../FormModal';

export const CAMPAIGN_ACTIONS = { read: 'campaigns.read', create: 'campaigns.create', close: 'campaigns.close', export: 'campaigns.export' } as const;
const KINDS = ['fire_safety', 'door_to_door', 'epidemic_screening', 'elderly_census'];
const UNITS = ['household', 'dwelling', 'building', 'compound'] as const;
const TYPES = ['yesno', 'number', 'text', 'photo'] as const;

export function StatusTag({ c }: { c: Pick<Campaign, 'status' | 'emergency' | 'state'> }) {
  const { t } = useCampaignText();
  const color = { running: 'blue', due_today: 'orange', overdue: 'red', closed: 'default' }[c.status];
  return (
    <Space size={4}>
      {c.emergency && c.state === 'running' && <Tag color="red">{t('emergency')}</Tag>}
      <Tag color={color}>{t(`status.${c.status}`)}</Tag>
    </Space>
  );
}

export function ProgressCell({ c }: { c: { done: number; total: number; problems: number; rate: number } }) {
  const { t } = useCampaignText();
  return (
    <Space direction="vertical" size={0} style={{ width: '100%' }}>
      <Progress percent={Math.floor(c.rate * 100)} size="small" />
      <span className="gz-muted gz-small">
        {t('col.done')} {c.done}/{c.total} · {t('col.problems')} {c.problems}
      </span>
    </Space>
  );
}

interface FormValues {
  region: string;
  title: string;
  kind: string;
  targetUnit: (typeof UNITS)[number];
  deadline: dayjs.Dayjs;
  emergency: boolean;
  checklist: { label: string; type: (typeof TYPES)[number]; required: boolean; problemWhen?: 'yes' | 'no' | '' }[];
}

export default function CampaignsPage() {
  const { t } = useCampaignText();
  const { can, user } = useAuth();
  const navigate = useNavigate();
  const [state, setState] = useState<'running' | 'closed'>('running');
  const [creating, setCreating] = useState(false);
  const list = useLoad((signal) => campaignsApi.list(state, signal), [state]);
  const myRegion = user?.roles.find((r) => r.regionCode)?.regionCode ?? '';

  const columns: TableColumnsType<Campaign> = [
    { title: t('col.title'), dataIndex: 'title', render: (v: string, c) => <span data-testid={`campaign-${c.id}`}>{v}</span> },
    { title: t('col.kind'), dataIndex: 'kind', width: 130, render: (k: string) => kindLabel(t, k) },
    { title: t('col.region'), dataIndex: 'regionName', width: 140 },
    { title: t('col.unit'), dataIndex: 'targetUnit', width: 90, render: (u: string) => t(`unit.${u}` as 'unit.household') },
    { title: t('col.deadline'), dataIndex: 'deadline', width: 110 },
    { title: t('col.status'), key: 'status', width: 150, render: (_, c) => <StatusTag c={c} /> },
    { title: t('col.progress'), key: 'progress', width: 220, render: (_, c) => <ProgressCell c={c} /> },
  ];

  const submit = async (v: FormValues) => {
    const body: NewCampaign = {
      region: v.region.trim(), title: v.title, kind: KINDS.find((k) => kindLabel(t, k) === v.kind.trim()) ?? v.kind.trim(), targetUnit: v.targetUnit, deadline: v.deadline.format('YYYY-MM-DD'), emergency: v.emergency,
      checklist: v.checklist.map((x) => ({
        label: x.label, type: x.type, required: x.required,
        ...(x.type === 'yesno' && x.problemWhen ? { problemWhen: x.problemWhen === 'yes' } : {}),
      })),
    };
    const r = await campaignsApi.create(body);
    list.reload();
    navigate(`/campaigns/${r.id}`);
    return t('form.created', { n: r.items });
  };

  return (
    <Page
      page={{ testId: 'campaigns-page', title: t('list.title'), desc: t('list.desc'), crumbs: [] }}
      extra={
        <Space>
          <Segmented value={state} onChange={(v) => setState(v as 'running' | 'closed')} options={[{ value: 'running', label: t('list.running') }, { value: 'closed', label: t('list.closed') }]} />
          {can(CAMPAIGN_ACTIONS.create) && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="campaign-new">
              {t('list.new')}
            </Button>
          )}
        </Space>
      }
    >
      <Card>
        <DataTable<Campaign>
          testId="campaigns-table"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          columns={columns}
          empty={list.error ?? undefined}
          onRow={(c) => clickableRow({ 'data-testid': `campaign-row-${c.id}` }, () => navigate(`/campaigns/${c.id}`))}
        />
      </Card>
      <FormModal<FormValues>
        open={creating}
        title={t('list.new')}
        testId="campaign-create"
        width={720}
        onClose={() => setCreating(false)}
        onSubmit={submit}
        okText={t('common.submit')}
        codes={{ campaign_deadline_invalid: 'deadline', campaign_region_level: 'region', out_of_scope: 'region', region_not_found: 'region', campaign_no_targets: 'region' }}
        initialValues={{
          region: myRegion, kind: kindLabel(t, 'fire_safety'), targetUnit: 'building', emergency: false, deadline: dayjs().add(14, 'day'),
          checklist: [
            { label: '灭火器配备且在有效期内', type: 'yesno', required: true, problemWhen: 'no' },
            { label: '消防通道、楼梯间畅通', type: 'yesno', required: true, problemWhen: 'no' },
            { label: '现场照片', type: 'photo', required: false },
          ],
        }}
      >
        <Space wrap>
          <Form.Item name="region" label={t('form.region')} rules={[{ required: true, pattern: /^\d{9}(\d{3})?$/ }]}>
            <Input style={{ width: 200 }} data-testid="campaign-region" />
          </Form.Item>
          <Form.Item name="title" label={t('form.title')} rules={[{ required: true, max: 100, whitespace: true }]}>
            <Input style={{ width: 300 }} data-testid="campaign-title" />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="kind" label={t('form.kind')} rules={[{ required: true, max: 50 }]}>
            <AutoComplete style={{ width: 200 }} options={KINDS.map((k) => ({ value: kindLabel(t, k) }))} data-testid="campaign-kind" />
          </Form.Item>
          <Form.Item name="targetUnit" label={t('form.unit')} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={UNITS.map((u) => ({ value: u, label: t(`unit.${u}`) }))} data-testid="campaign-unit" />
          </Form.Item>
          <Form.Item name="deadline" label={t('form.deadline')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="campaign-deadline" />
          </Form.Item>
        </Space>
        <Form.Item name="emergency" label={t('form.emergency')} valuePropName="checked">
          <Switch data-testid="campaign-emergency" />
        </Form.Item>
        <Form.List name="checklist">
          {(fields, { add, remove }) => (
            <Card size="small" title={t('form.checklist')}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'label']} rules={[{ required: true, max: 100, whitespace: true }]}>
                    <Input placeholder={t('form.item.label')} style={{ width: 240 }} data-testid={`checklist-label-${f.name}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'type']} rules={[{ required: true }]}>
                    <Select style={{ width: 100 }} options={TYPES.map((x) => ({ value: x, label: t(`type.${x}`) }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'required']} valuePropName="checked">
                    <Checkbox>{t('form.item.required')}</Checkbox>
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {({ getFieldValue }) =>
                      getFieldValue(['checklist', f.name, 'type']) === 'yesno' && (
                        <Form.Item name={[f.name, 'problemWhen']} label={t('form.item.problemWhen')}>
                          <Select style={{ width: 80 }} allowClear options={[{ value: 'yes', label: t('yes') }, { value: 'no', label: t('no') }]} />
                        </Form.Item>
                      )
                    }
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ type: 'yesno', required: true })} icon={<PlusOutlined />} disabled={fields.length >= 30} data-testid="checklist-add">
                {t('form.item.add')}
              </Button>
            </Card>
          )}
        </Form.List>
      </FormModal>
    </Page>
  );
}
