/**
 * 申诉 on a published rating period: a company's own staff file one appeal while the window is
 * open; the period's managers decide it — upheld with corrected appraisals (the server computes
 * that company's score again) or rejected — with a reply that is published with the result.
 */
import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import { App as AntApp, Alert, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { AuditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { chinaDate, evidenceLabel } from '../../shared/property/text';
import { FormModal } from '../FormModal';
import { useLoad } from '../../shared/useLoad';
import { creditApi, slotKey, type Appeal, type AppealState, type AppraisalSlot, type PeriodDetail } from './creditApi';

interface FileValues {
  dimension?: string;
  reason: string;
}
interface DecideValues {
  decision: 'upheld' | 'rejected';
  reply: string;
  corrections?: { slot: string; score: number }[];
}

const STATE_COLOR: Record<AppealState, string> = { pending: 'orange', upheld: 'green', rejected: 'default' };

export function AppealTag({ state }: { state: AppealState | null | undefined }) {
  const { t } = useI18n();
  if (!state) return null;
  return (
    <Tag color={STATE_COLOR[state]} data-testid="appeal-tag" data-state={state}>
      {t(`appeal.state.${state}`)}
    </Tag>
  );
}

export default function AppealsCard(props: { period: PeriodDetail; slots: AppraisalSlot[]; canManage: boolean; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const { period, slots, canManage } = props;
  const [nonce, setNonce] = useState(0);
  const appeals = useLoad((s) => creditApi.appeals(period.id, s), [period.id, period.state, nonce]);
  const [filing, setFiling] = useState(false);
  const [deciding, setDeciding] = useState<Appeal | null>(null);
  const [decideForm] = Form.useForm<DecideValues>();
  const data = appeals.data;
  const dims = [...new Map(slots.map((s) => [s.dimension, s.name])).entries()];
  const slotLabel = (s: AppraisalSlot) => `${s.name}（${evidenceLabel(s.scorer, lang)}）`;
  const changed = () => {
    setNonce((n) => n + 1);
    props.onChanged();
  };

  const columns: TableColumnsType<Appeal> = [
    { title: t('appeal.company'), dataIndex: 'company', width: 200, render: (c: string) => <b>{c}</b> },
    { title: t('appeal.filedAt'), dataIndex: 'filedAt', width: 100, render: (d: string) => chinaDate(d) },
    {
      title: t('appeal.reason'),
      dataIndex: 'reason',
      render: (r: string, a) => (
        <div>
          {a.dimension && <Tag>{dims.find(([k]) => k === a.dimension)?.[1] ?? a.dimension}</Tag>}
          {r}
        </div>
      ),
    },
    { title: t('appeal.state'), dataIndex: 'state', width: 90, render: (s: AppealState) => <AppealTag state={s} /> },
    {
      title: t('appeal.reply'),
      dataIndex: 'reply',
      render: (r: string | null, a) =>
        r ? (
          <div>
            {r}
            {a.state === 'upheld' && (
              <div className="gz-small gz-muted" data-testid="appeal-change">
                {t('appeal.change')}：{a.scoreBefore} → {a.scoreAfter}
              </div>
            )}
          </div>
        ) : (
          <span className="gz-muted">—</span>
        ),
    },
    ...(canManage
      ? [
          {
            title: t('regions.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, a: Appeal) =>
              a.state === 'pending' && period.state === 'published' ? (
                <Button size="small" type="link" icon={<AuditOutlined />} onClick={() => setDeciding(a)} data-testid="appeal-decide">
                  {t('appeal.decide')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Card
      className="gz-card gz-mt16"
      size="small"
      title={t('appeal.title')}
      data-testid="appeals-card"
      extra={
        data?.canFile && data.myCompany ? (
          <Button type="primary" danger size="small" onClick={() => setFiling(true)} data-testid="appeal-file">
            {t('appeal.file')}
          </Button>
        ) : null
      }
    >
      {period.appealUntil && period.state === 'published' && <Alert className="gz-mb8" type="info" showIcon message={t('appeal.window', { until: period.appealUntil })} />}
      {appeals.error && <Alert className="gz-mb8" type="error" showIcon message={appeals.error} />}
      <Table<Appeal>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={appeals.loading}
        pagination={false}
        locale={{ emptyText: t('appeal.none') }}
        onRow={(a) => ({ 'data-testid': `appeal-row-${a.id}` }) as HTMLAttributes<HTMLElement>}
      />

      <FormModal<FileValues>
        open={filing}
        title={t('appeal.fileTitle', { company: data?.myCompany?.name ?? '' })}
        onClose={() => setFiling(false)}
        testId="appeal-new"
        okText={t('appeal.file')}
        codes={{ appeal_reason_short: 'reason', dimension_unknown: 'dimension' }}
        onSubmit={async (v) => {
          await creditApi.fileAppeal(period.id, { dimension: v.dimension || null, reason: v.reason.trim() });
          message.success(t('appeal.filed'));
          setFiling(false);
          changed();
        }}
      >
        <Form.Item name="dimension" label={t('appeal.dimension')}>
          <Select allowClear placeholder={t('appeal.dimensionAny')} options={dims.map(([k, name]) => ({ value: k, label: name }))} data-testid="appeal-dimension" />
        </Form.Item>
        <Form.Item name="reason" label={t('appeal.reason')} rules={[{ required: true, whitespace: true, min: 10, message: t('appeal.reasonRequired') }]}>
          <Input.TextArea rows={4} maxLength={2000} placeholder={t('appeal.reasonPlaceholder')} data-testid="appeal-reason" />
        </Form.Item>
      </FormModal>

      <FormModal<DecideValues>
        open={!!deciding}
        title={deciding && t('appeal.decideTitle', { company: deciding.company })}
        form={decideForm}
        width={640}
        onClose={() => setDeciding(null)}
        testId="appeal-review"
        initialValues={{ decision: 'rejected' }}
        codes={{ appeal_reply_required: 'reply' }}
        onSubmit={async (v) => {
          if (!deciding) return;
          const corrections =
            v.decision === 'upheld'
              ? (v.corrections ?? []).flatMap((c) => {
                  const slot = slots.find((s) => slotKey(s) === c.slot);
                  return slot ? [{ dimension: slot.dimension, scorer: slot.scorer, score: c.score }] : [];
                })
              : undefined;
          await creditApi.decideAppeal(deciding.id, { decision: v.decision, reply: v.reply.trim(), corrections });
          message.success(t('appeal.decided'));
          setDeciding(null);
          changed();
        }}
      >
        {deciding && (
          <Typography.Paragraph type="secondary" className="gz-small">
            {deciding.reason}
          </Typography.Paragraph>
        )}
        <Form.Item name="decision" label={t('appeal.decision')} rules={[{ required: true }]}>
          <Radio.Group data-testid="appeal-decision">
            <Radio value="upheld" data-testid="appeal-upheld">
              {t('appeal.upheld')}
            </Radio>
            <Radio value="rejected" data-testid="appeal-rejected">
              {t('appeal.rejected')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.decision !== b.decision}>
          {() =>
            decideForm.getFieldValue('decision') === 'upheld' && (
              <Form.Item label={t('appeal.corrections')} extra={t('appeal.correctionsHint')}>
                <Form.List name="corrections" initialValue={[{}]}>
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((f) => (
                        <Space key={f.key} align="baseline" wrap>
                          <Form.Item name={[f.name, 'slot']} rules={[{ required: true, message: t('appeal.slot') }]}>
                            <Select style={{ width: 260 }} placeholder={t('appeal.slot')} options={slots.map((s) => ({ value: slotKey(s), label: slotLabel(s) }))} data-testid="appeal-slot" />
                          </Form.Item>
                          <Form.Item name={[f.name, 'score']} rules={[{ required: true, message: t('appeal.newScore') }]}>
                            <InputNumber min={0} max={100} precision={2} placeholder={t('appeal.newScore')} data-testid="appeal-score" />
                          </Form.Item>
                          {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                        </Space>
                      ))}
                      <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add()}>
                        {t('appeal.addCorrection')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item name="reply" label={t('appeal.reply')} rules={[{ required: true, whitespace: true, min: 5, message: t('appeal.replyRequired') }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('appeal.replyPlaceholder')} data-testid="appeal-reply" />
        </Form.Item>
      </FormModal>
    </Card>
  );
}
