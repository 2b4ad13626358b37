/** The resident drawer's cards: the living-alone-65+ flag, care groups, household history. */
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { Button, Card, Descriptions, Empty, Form, Input, Popconfirm, Radio, Select, Tag, Timeline, Typography } from 'antd';
import { HeartOutlined, HomeOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import type { CareGroupName, ResidentDetail } from '../../shared/types';
import { useI18n } from '../i18n';
import { CARE_GROUPS, careGroupName, relationName } from './peopleCommon';

/** Runs a write for the resident, then reads it again; rejects (after showing the error) when the write fails. */
export type RunWrite = (key: string, fn: () => Promise<unknown>, done?: string, quiet?: boolean) => Promise<void>;

/** A small card whose title has an icon. */
function SectionCard(props: { icon: ReactNode; title: string; testId: string; children: ReactNode }) {
  return (
    <Card
      size="small"
      className="gz-card"
      title={
        <span>
          {props.icon} {props.title}
        </span>
      }
      data-testid={props.testId}
    >
      {props.children}
    </Card>
  );
}

type LaChoice = { value: 'derived' | 'yes' | 'no'; reason?: string };
const LA_CHOICES = ['derived', 'yes', 'no'] as const;
const LA_LABELS = { derived: 'people.la.useDerived', yes: 'people.la.setYes', no: 'people.la.setNo' } as const;

export function LivingAloneCard(props: { r: ResidentDetail; deceased: boolean; busy: string | null; run: RunWrite }) {
  const { t } = useI18n();
  const { r, deceased, busy, run } = props;
  const [laForm] = Form.useForm<LaChoice>();
  const laValue = Form.useWatch('value', laForm);

  // The living-alone form follows the resident as loaded.
  useEffect(() => {
    laForm.setFieldsValue({
      value: r.livingAloneOverride ? (r.livingAloneOverride.value ? 'yes' : 'no') : 'derived',
      reason: r.livingAloneOverride?.reason ?? '',
    });
  }, [r, laForm]);

  const submit = async (v: LaChoice) => {
    const value = v.value === 'derived' ? null : v.value === 'yes';
    await run('la', () => api.setLivingAlone(r.id, value, value === null ? undefined : v.reason?.trim()), t('people.saved')).catch(() => undefined);
  };

  return (
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
      <Form form={laForm} name="la" layout="inline" onFinish={submit} disabled={deceased} className="gz-la-form">
        <Form.Item name="value">
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            data-testid="la-choice"
            options={LA_CHOICES.map((v) => ({ value: v, label: t(LA_LABELS[v]) }))}
          />
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
  );
}

export function CareGroupsCard(props: { r: ResidentDetail; deceased: boolean; busy: string | null; run: RunWrite }) {
  const { t } = useI18n();
  const { r, deceased, busy, run } = props;
  const [careForm] = Form.useForm<{ group?: CareGroupName; note?: string }>();
  const activeGroups = new Set(r.careGroups.map((g) => g.group));

  const addCare = async (v: { group?: CareGroupName; note?: string }) => {
    if (!v.group) return;
    try {
      await run('care', () => api.addCareGroup(r.id, v.group!, v.note?.trim() || undefined), t('people.care.added'));
      careForm.resetFields();
    } catch {
      /* shown by run() */
    }
  };

  return (
    <SectionCard icon={<HeartOutlined />} title={t('people.care.title')} testId="care-card">
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
                onConfirm={() => run('care-end', () => api.endCareGroup(r.id, g.group), t('people.care.ended')).catch(() => undefined)}
              >
                <Button size="small" type="link" danger icon={<StopOutlined />} data-testid={`care-end-${g.group}`}>
                  {t('people.care.end')}
                </Button>
              </Popconfirm>
            </div>
          ))}
        </div>
      )}
      {!deceased && (
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
    </SectionCard>
  );
}

export function HistoryCard(props: { r: ResidentDetail }) {
  const { t } = useI18n();
  const { r } = props;
  return (
    <SectionCard icon={<HomeOutlined />} title={t('people.history')} testId="history-card">
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
    </SectionCard>
  );
}
