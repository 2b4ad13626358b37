/**
 * One rating period (/credit/:id): the companies rated, each appraisal the scheme asks for — an
 * appraiser scores only their own (the housing bureau 基础服务, the street 环境卫生 and 小区容貌,
 * the community party organisation 参与社区建设; for points schemes the base by the housing
 * bureau), the owners' survey, score, grade and list; 计算, 公示 (with the appeal window) and 确定;
 * the breakdown of each score; 登记信用记录 for points schemes; 申诉 once published (AppealsCard).
 */
import { useMemo, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Result, Select, Skeleton, Space, Switch, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowLeftOutlined, CalculatorOutlined, CheckCircleOutlined, EditOutlined, FileAddOutlined, NotificationOutlined, ProfileOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useI18n } from '../i18n';
import { NameCell, PageHeader } from '../components';
import { dateOf, notFuture, type DateValue } from '../people/peopleCommon';
import { chinaDate, evidenceLabel } from '../../shared/property/text';
import { FormModal, useDialog } from '../FormModal';
import { useLoad } from '../../shared/useLoad';
import { appraisalSlots, creditApi, slotKey, type AppraisalSlot, type PeriodDetail, type RatedCompany, type Scorer } from './creditApi';
import { Grade, ListTag, schemeLabel, StateTag } from './creditCommon';
import BreakdownDrawer from './BreakdownDrawer';
import AppealsCard, { AppealTag } from './AppealsCard';
import { usePropertyAbilities } from './abilities';
import { DataTable } from '../lists';

interface AppraisalValues {
  score: number;
  note?: string;
}
interface PublishValues {
  appealDays: number;
}
interface RecordValues {
  companyId: number;
  kind: 'good' | 'bad';
  points: number;
  serious?: boolean;
  reason: string;
  occurredOn: DateValue;
  validDays?: number | null;
}

type Target = { company: RatedCompany; slot: AppraisalSlot };

function AppraisalCell(props: { company: RatedCompany; slot: AppraisalSlot; editable: boolean; onEdit: () => void }) {
  const { t, lang } = useI18n();
  const { company, slot, editable } = props;
  const a = company.appraisals.find((x) => x.dimension === slot.dimension && x.scorer === slot.scorer);
  const tip = a
    ? [t('credit.appraisal.by', { by: a.by ?? evidenceLabel(slot.scorer, lang), at: chinaDate(a.at) }), a.note].filter(Boolean).join('；')
    : editable
      ? t('credit.appraisal.none')
      : t('credit.appraisal.notYours', { scorer: evidenceLabel(slot.scorer, lang) });
  const value = a ? <b data-testid="appraisal-score">{a.score}</b> : <span className="gz-muted">—</span>;
  return (
    <Tooltip title={tip}>
      <span data-testid="appraisal-cell" data-dimension={slot.dimension} data-scorer={slot.scorer} data-editable={editable ? 'true' : 'false'}>
        {editable ? (
          <Button size="small" type={a ? 'text' : 'dashed'} icon={<EditOutlined />} onClick={props.onEdit} data-testid="appraisal-edit">
            {a ? value : t('credit.appraisal.enter')}
          </Button>
        ) : (
          value
        )}
      </span>
    </Tooltip>
  );
}

export default function PeriodPage() {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const roles = usePropertyAbilities();
  const params = useParams();
  const [search] = useSearchParams();
  const periodId = Number(params.id);
  const [nonce, setNonce] = useState(0);
  const detail = useLoad((s) => creditApi.period(periodId, s), [periodId, nonce]);
  const schemes = useLoad((s) => creditApi.schemes(s), []);
  const p: PeriodDetail | null = detail.data && detail.data.id === periodId ? detail.data : null;
  const kind = p?.scheme.kind ?? 'stars';
  const definition = schemes.data?.items.find((s) => s.id === p?.scheme.id)?.definition ?? p?.definition;
  const slots = useMemo(() => (p ? appraisalSlots(definition, t('credit.base')) : []), [p, definition, t]);

  // which dimensions are the caller's to score is the server's answer (the period's `appraiser`)
  const isAdmin = !!p?.appraiser?.onBehalf;
  const mine = useMemo(() => new Set<Scorer>(p?.appraiser?.scorers ?? []), [p]);
  const editableState = p?.state === 'open' || p?.state === 'computed';
  const canEdit = (slot: AppraisalSlot) => editableState && (isAdmin || mine.has(slot.scorer));
  const mySlots = slots.filter((s) => isAdmin || mine.has(s.scorer));

  const [target, setTarget] = useState<Target | null>(null);
  const [, setDialog, dialogProps] = useDialog<'publish' | 'record'>();
  const [busy, setBusy] = useState<'compute' | 'fix' | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [openBreakdown, setOpenBreakdown] = useState<number | null>(null);
  const [recordForm] = Form.useForm<RecordValues>();
  const reload = () => setNonce((n) => n + 1);

  const run = async (what: 'compute' | 'fix') => {
    setBusy(what);
    setActionError(null);
    try {
      await (what === 'compute' ? creditApi.compute(periodId) : creditApi.fix(periodId));
      message.success(t(what === 'compute' ? 'credit.computed' : 'credit.fixed'));
      reload();
    } catch (e) {
      setActionError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const back = `/credit${search.get('region') ? `?region=${encodeURIComponent(search.get('region')!)}` : ''}`;
  if (detail.error && !p)
    return (
      <Result
        status="warning"
        title={t('error.loadFailed')}
        subTitle={detail.error}
        extra={
          <Link to={back}>
            <ArrowLeftOutlined /> {t('credit.back')}
          </Link>
        }
      />
    );
  if (!p)
    return (
      <Card className="gz-card">
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );

  const columns: TableColumnsType<RatedCompany> = [
    {
      title: t('credit.company'),
      dataIndex: 'name',
      fixed: 'left',
      width: 230,
      render: (n: string, c) => <NameCell name={n} sub={c.creditCode} mono testId="company-name" />,
    },
    ...slots.map((slot) => ({
      title: (
        <Tooltip title={kind === 'stars' ? t('credit.slotHint', { scorer: evidenceLabel(slot.scorer, lang), share: Math.round(slot.share * 100), max: slot.max }) : t('credit.baseHint', { max: slot.max })}>
          <div>
            {slot.name}
            <div className="gz-small gz-muted">{evidenceLabel(slot.scorer, lang)}</div>
          </div>
        </Tooltip>
      ),
      key: slotKey(slot),
      width: 110,
      align: 'center' as const,
      render: (_: unknown, c: RatedCompany) => <AppraisalCell company={c} slot={slot} editable={canEdit(slot)} onEdit={() => setTarget({ company: c, slot })} />,
    })),
    ...(kind === 'stars'
      ? [
          {
            title: t('credit.survey'),
            key: 'survey',
            width: 110,
            align: 'center' as const,
            render: (_: unknown, c: RatedCompany) =>
              c.surveys.count ? (
                <span data-testid="survey-cell" data-count={c.surveys.count}>
                  {t('credit.surveyFigures', { n: c.surveys.count, avg: c.surveys.average ?? '—' })}
                </span>
              ) : (
                <span className="gz-muted" data-testid="survey-cell" data-count={0}>
                  {t('credit.surveyNone')}
                </span>
              ),
          },
        ]
      : []),
    {
      title: t('credit.score'),
      dataIndex: 'score',
      width: 80,
      align: 'right',
      render: (v: number | null) => (v === null ? <span className="gz-muted">—</span> : <b data-testid="company-score">{v}</b>),
    },
    { title: t('credit.grade'), dataIndex: 'grade', width: 110, render: (g: string | null) => <Grade grade={g} kind={kind} /> },
    {
      title: t('credit.list'),
      dataIndex: 'list',
      width: 100,
      render: (l: RatedCompany['list'], c) => (
        <Space size={2} wrap>
          <ListTag list={l} />
          <AppealTag state={c.appeal} />
        </Space>
      ),
    },
    {
      title: t('regions.actions'),
      key: 'actions',
      width: 90,
      render: (_, c) => (
        <Button size="small" type="link" icon={<ProfileOutlined />} disabled={!c.breakdown} onClick={() => setOpenBreakdown(c.companyId)} data-testid="breakdown-open">
          {t('credit.breakdown')}
        </Button>
      ),
    },
  ];

  const opened = p.companies.find((c) => c.companyId === openBreakdown) ?? null;
  const myNames = [...new Set(mySlots.map((s) => s.name))].join('、');
  const me = isAdmin ? t('credit.asAdmin') : [...mine].map((s) => evidenceLabel(s, lang)).join('、');

  return (
    <div className="gz-page" data-testid="credit-period-page" data-period-id={p.id} data-state={p.state}>
      <PageHeader
        title={p.name}
        desc={t('credit.periodDesc')}
        crumbs={[t('menu.property'), t('menu.credit')]}
        extra={
          <Link to={back} data-testid="period-back">
            <ArrowLeftOutlined /> {t('credit.back')}
          </Link>
        }
      />
      <Card className="gz-card gz-mb16" size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('credit.region')}>{p.regionName}</Descriptions.Item>
          <Descriptions.Item label={t('credit.scheme')}>
            <span data-testid="period-scheme">{schemeLabel(p.scheme)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('credit.period.dates')}>
            {p.startsOn} ~ {p.endsOn}
          </Descriptions.Item>
          <Descriptions.Item label={t('credit.period.state')}>
            <StateTag period={p} />
          </Descriptions.Item>
          <Descriptions.Item label={t('credit.period.computedAt')}>{p.computedAt ? chinaDate(p.computedAt) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('credit.period.publishedAt')}>{p.publishedAt ? chinaDate(p.publishedAt) : '—'}</Descriptions.Item>
        </Descriptions>
        <Space wrap className="gz-mt8">
          {roles.canManageCredit && (
            <>
              <Tooltip title={t('credit.computeHint')}>
                <Button icon={<CalculatorOutlined />} loading={busy === 'compute'} disabled={!editableState} onClick={() => run('compute')} data-testid="period-compute">
                  {t('credit.compute')}
                </Button>
              </Tooltip>
              <Tooltip title={t('credit.publishHint')}>
                <Button icon={<NotificationOutlined />} disabled={p.state !== 'computed'} onClick={() => setDialog('publish')} data-testid="period-publish">
                  {t('credit.publish')}
                </Button>
              </Tooltip>
              <Tooltip title={t('credit.fixHint')}>
                <Button icon={<CheckCircleOutlined />} loading={busy === 'fix'} disabled={p.state !== 'published'} onClick={() => run('fix')} data-testid="period-fix">
                  {t('credit.fix')}
                </Button>
              </Tooltip>
            </>
          )}
          {kind === 'points' && roles.canRecord && (
            <Button icon={<FileAddOutlined />} onClick={() => setDialog('record')} data-testid="record-new">
              {t('credit.record.new')}
            </Button>
          )}
        </Space>
        {actionError && <Alert className="gz-mt8" type="error" showIcon closable onClose={() => setActionError(null)} message={actionError} data-testid="period-action-error" />}
      </Card>

      {editableState ? (
        <Alert
          className="gz-mb16"
          type={mySlots.length ? 'info' : 'warning'}
          showIcon
          data-testid="appraisal-mine"
          message={mySlots.length ? t('credit.mine', { me, dims: myNames }) : t('credit.mineNone')}
        />
      ) : (
        <Alert className="gz-mb16" type="info" showIcon message={t('credit.closed', { state: t(`credit.state.${p.state}`) })} />
      )}

      <Card className="gz-card" size="small" title={<span className="gz-small">{t('credit.companies', { n: p.companies.length })}</span>}>
        <DataTable<RatedCompany>
          rowKey="companyId"
          size="small"
          bordered
          columns={columns}
          dataSource={p.companies}
          loading={detail.loading}
          scroll={{ x: 1100 }}
          pageSize={30}
          onRow={(c) => ({ 'data-testid': `rated-row-${c.companyId}`, 'data-name': c.name }) as HTMLAttributes<HTMLElement>}
          testId="rated-table"
          empty={t('credit.noCompanies')}
        />
      </Card>

      <FormModal<AppraisalValues>
        open={!!target}
        title={target && t('credit.appraisal.title', { company: target.company.name, dim: target.slot.name, scorer: evidenceLabel(target.slot.scorer, lang) })}
        onClose={() => setTarget(null)}
        testId="appraisal"
        initialValues={(() => {
          const a = target?.company.appraisals.find((x) => x.dimension === target.slot.dimension && x.scorer === target.slot.scorer);
          return a ? { score: a.score, note: a.note ?? undefined } : {};
        })()}
        codes={{ score_out_of_band: 'score', appraisal_not_yours: 'score', company_not_in_period: 'score', dimension_unknown: 'score' }}
        onSubmit={async (v) => {
          if (!target) return;
          await creditApi.appraise(periodId, {
            companyId: target.company.companyId,
            dimension: target.slot.dimension,
            score: v.score,
            note: v.note?.trim() || undefined,
            ...(isAdmin && !mine.has(target.slot.scorer) ? { scorer: target.slot.scorer } : {}),
          });
          reload();
          return t('credit.appraisal.saved');
        }}
      >
        {target && p.state === 'computed' && <Alert type="warning" showIcon className="gz-mb8" message={t('credit.appraisal.reopens')} />}
        <Form.Item name="score" label={t('credit.appraisal.score', { max: target?.slot.max ?? 100 })} rules={[{ required: true, message: t('credit.appraisal.scoreRequired') }]}>
          <InputNumber min={0} precision={2} style={{ width: 160 }} data-testid="appraisal-score-input" />
        </Form.Item>
        <Form.Item name="note" label={t('credit.appraisal.note')}>
          <Input.TextArea rows={3} maxLength={500} placeholder={t('credit.appraisal.notePlaceholder')} />
        </Form.Item>
      </FormModal>

      <FormModal<PublishValues>
        {...dialogProps('publish')}
        title={t('credit.publishTitle', { name: p.name })}
        testId="publish"
        okText={t('credit.publish')}
        initialValues={{ appealDays: 15 }}
        codes={{ period_state: 'appealDays' }}
        onSubmit={async (v) => {
          await creditApi.publish(periodId, v.appealDays);
          setActionError(null);
          reload();
          return t('credit.published');
        }}
      >
        <Typography.Paragraph type="secondary">{t('credit.publishText')}</Typography.Paragraph>
        <Form.Item name="appealDays" label={t('credit.appealDays')} rules={[{ required: true, message: t('credit.appealDaysRequired') }]}>
          <InputNumber min={0} max={90} precision={0} addonAfter={t('credit.days')} data-testid="publish-days" />
        </Form.Item>
      </FormModal>

      <FormModal<RecordValues>
        {...dialogProps('record')}
        title={t('credit.record.new')}
        form={recordForm}
        width={620}
        testId="record"
        okText={t('party.save')}
        hint={t('credit.record.hint')}
        initialValues={{ kind: 'good', occurredOn: dayjs() }}
        codes={{ record_invalid: 'points', event_date_in_future: 'occurredOn', company_not_found: 'companyId' }}
        onSubmit={async (v) => {
          await creditApi.addRecord({
            companyId: v.companyId,
            kind: v.kind,
            points: v.points,
            serious: v.kind === 'bad' ? !!v.serious : undefined,
            reason: v.reason.trim(),
            occurredOn: dateOf(v.occurredOn)!,
            validDays: v.validDays ?? undefined,
          });
          reload();
          return t('credit.record.added');
        }}
      >
        <Form.Item name="companyId" label={t('credit.company')} rules={[{ required: true, message: t('credit.record.companyRequired') }]}>
          <Select<number> showSearch optionFilterProp="label" options={p.companies.map((c) => ({ value: c.companyId, label: c.name }))} data-testid="record-company" />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="kind" label={t('credit.record.kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'good', label: t('credit.record.good') },
                { value: 'bad', label: t('credit.record.bad') },
              ]}
              data-testid="record-kind"
            />
          </Form.Item>
          <Form.Item name="points" label={t('credit.record.points')} rules={[{ required: true, message: t('credit.record.pointsRequired') }]}>
            <InputNumber min={0.5} max={100} step={1} style={{ width: 120 }} data-testid="record-points" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.kind !== b.kind}>
            {() =>
              recordForm.getFieldValue('kind') === 'bad' && (
                <Form.Item name="serious" label={t('credit.record.serious')} valuePropName="checked" extra={t('credit.record.seriousHint')}>
                  <Switch />
                </Form.Item>
              )
            }
          </Form.Item>
        </Space>
        <Form.Item name="reason" label={t('credit.record.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('credit.record.reasonRequired') }]}>
          <Input.TextArea rows={2} maxLength={500} data-testid="record-reason" />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="occurredOn" label={t('credit.record.occurredOn')} rules={[{ required: true, message: t('party.dateRequired') }]}>
            <DatePicker disabledDate={notFuture} />
          </Form.Item>
          <Form.Item name="validDays" label={t('credit.record.validDays')} extra={t('credit.record.validDaysHint')}>
            <InputNumber min={1} max={3650} precision={0} addonAfter={t('credit.days')} style={{ width: 160 }} />
          </Form.Item>
        </Space>
      </FormModal>

      {(p.state === 'published' || p.state === 'fixed') && <AppealsCard period={p} slots={slots} canManage={roles.canManageCredit} onChanged={reload} />}

      <BreakdownDrawer company={opened?.name ?? null} breakdown={opened?.breakdown ?? null} kind={kind} onClose={() => setOpenBreakdown(null)} />
    </div>
  );
}
