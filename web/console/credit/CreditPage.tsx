/**
 * 信用评价 (/credit?region=): the rating periods of a region (and those above it that cover it)
 * with their scheme, dates and state — 评价中 / 已计算 / 已公示 (申诉期) / 已确定; 新建评价周期 for
 * the street and the housing bureau. A period opens on its own page.
 */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, DatePicker, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../i18n';
import { RegionPicker } from '../regions/RegionPicker';
import { RegionPage, useRegionParam } from '../regions/RegionPage';
import { dateOf, type DateValue } from '../people/peopleCommon';
import { chinaDate } from '../../shared/property/text';
import { FormModal } from '../FormModal';
import { ListCard } from '../lists';
import { useLoad } from '../../shared/useLoad';
import { creditApi, type Period } from './creditApi';
import { schemeLabel, StateTag } from './creditCommon';
import { usePropertyAbilities } from './abilities';

interface PeriodValues {
  schemeId: number;
  regionCode: string;
  name: string;
  startsOn: DateValue;
  endsOn: DateValue;
}

function NewPeriodModal(props: { open: boolean; region: string | null; onClose: () => void; onCreated: (p: Period) => void }) {
  const { t } = useI18n();
  const schemes = useLoad(props.open ? (s) => creditApi.schemes(s) : null, [props.open]);
  const year = dayjs().year();
  return (
    <FormModal<PeriodValues>
      open={props.open}
      title={t('credit.period.new')}
      width={640}
      onClose={props.onClose}
      testId="period-new"
      okText={t('party.create')}
      initialValues={{ regionCode: props.region ?? undefined, startsOn: dayjs(`${year}-01-01`), endsOn: dayjs(`${year}-12-31`) }}
      codes={{ end_before_start: 'endsOn', period_region_level: 'regionCode', region_not_found: 'regionCode', out_of_scope: 'regionCode', scheme_not_found: 'schemeId' }}
      onSubmit={async (v) => {
        const p = await creditApi.createPeriod({ schemeId: v.schemeId, regionCode: v.regionCode, name: v.name.trim(), startsOn: dateOf(v.startsOn)!, endsOn: dateOf(v.endsOn)! });
        props.onCreated(p);
        return t('credit.period.created', { name: p.name });
      }}
    >
      {schemes.error && <Alert type="error" showIcon message={schemes.error} className="gz-mb8" />}
      <Form.Item name="schemeId" label={t('credit.scheme')} rules={[{ required: true, message: t('credit.schemeRequired') }]}>
        <Select<number>
          loading={schemes.loading}
          options={(schemes.data?.items ?? []).map((s) => ({
            value: s.id,
            label: (
              <Space size={6}>
                {s.name}
                <Tag bordered={false}>v{s.version}</Tag>
                <span className="gz-muted gz-small">{t(`credit.kind.${s.kind}`)}</span>
              </Space>
            ),
            title: schemeLabel(s),
          }))}
          optionLabelProp="title"
          data-testid="period-new-scheme"
        />
      </Form.Item>
      <Form.Item name="regionCode" label={t('credit.region')} rules={[{ required: true, message: t('party.org.regionRequired') }]} extra={t('credit.regionHint')}>
        <RegionPicker levels={['city', 'district', 'street']} style={{ width: '100%' }} testId="period-new-region" />
      </Form.Item>
      <Form.Item name="name" label={t('credit.period.name')} rules={[{ required: true, whitespace: true, message: t('credit.period.nameRequired') }]}>
        <Input maxLength={100} placeholder={t('credit.period.namePlaceholder', { year })} data-testid="period-new-name" />
      </Form.Item>
      <Space size={16}>
        <Form.Item name="startsOn" label={t('credit.period.startsOn')} rules={[{ required: true, message: t('party.dateRequired') }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="endsOn" label={t('credit.period.endsOn')} rules={[{ required: true, message: t('party.dateRequired') }]}>
          <DatePicker />
        </Form.Item>
      </Space>
    </FormModal>
  );
}

export default function CreditPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const scope = useRegionParam();
  const { region } = scope;
  const { canManageCredit } = usePropertyAbilities();
  const list = useLoad(region ? (s) => creditApi.periods(region, s) : null, [region]);
  const [creating, setCreating] = useState(false);
  const link = (p: Period) => `/credit/${p.id}${region ? `?region=${encodeURIComponent(region)}` : ''}`;

  const columns: TableColumnsType<Period> = [
    {
      title: t('credit.period.name'),
      dataIndex: 'name',
      render: (n: string, p) => (
        <Link to={link(p)} data-testid="period-name">
          {n}
        </Link>
      ),
    },
    { title: t('credit.region'), dataIndex: 'regionName', width: 120 },
    {
      title: t('credit.scheme'),
      key: 'scheme',
      render: (_, p) => (
        <Space size={4} wrap>
          <span className="gz-small">{p.scheme.name}</span>
          <Tag bordered={false}>v{p.scheme.version}</Tag>
        </Space>
      ),
    },
    { title: t('credit.period.dates'), key: 'dates', width: 210, render: (_, p) => `${p.startsOn} ~ ${p.endsOn}` },
    { title: t('credit.period.state'), dataIndex: 'state', width: 200, render: (_, p) => <StateTag period={p} /> },
    {
      title: t('credit.period.publishedAt'),
      dataIndex: 'publishedAt',
      width: 110,
      render: (v: string | null) => (v ? chinaDate(v) : <span className="gz-muted">—</span>),
    },
  ];

  return (
    <RegionPage
      page={{ testId: 'credit-page', title: t('menu.credit'), desc: t('credit.desc'), crumbs: [t('menu.property')] }}
      picker={{ scope, testId: 'credit-region-picker', width: 240 }}
    >
      <ListCard<Period>
        summary={(n) => t('credit.period.summary', { n })}
        create={canManageCredit ? { label: t('credit.period.new'), onClick: () => setCreating(true), testId: 'period-new' } : undefined}
        state={list}
        columns={columns}
        empty={t('credit.period.none')}
        testId="periods-table"
        rowAttrs={(p) => ({ 'data-testid': `period-row-${p.id}`, 'data-name': p.name, 'data-state': p.state })}
      >
        <Typography.Paragraph type="secondary" className="gz-small gz-mt8">
          {t('credit.flow')}
        </Typography.Paragraph>
        <NewPeriodModal open={creating} region={region} onClose={() => setCreating(false)} onCreated={(p) => navigate(link(p))} />
      </ListCard>
    </RegionPage>
  );
}
