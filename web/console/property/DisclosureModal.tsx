/**
 * 发布公示: compound, category, period ('2026', '2026-H1', '2026-Q3' or '2026-09', picked as a
 * kind, a year and a part), title, content and, for fund statements (维修资金使用, 共有部分经营收支,
 * 业委会账目), the income and spending lines with the opening and closing balances, entered in yuan
 * and sent in 分. The server checks that the statement adds up; its message lands under 期末余额,
 * and a bad line's message under that line. Attachments (合同, scans, photos) are uploaded as they
 * are picked and published with the disclosure (disclosureFiles.tsx).
 */
import { useEffect, useMemo } from 'react';
import { Alert, Button, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { useCan } from '../../shared/auth';
import { useI18n, type MessageKey } from '../i18n';
import { todayStr } from '../people/peopleCommon';
import { categoryLabel, formatFen, periodLabel } from '../../shared/property/text';
import { ApiError } from '../../shared/api';
import { AttachmentsField, attachmentIds, useFilesText, type AttachmentEntry } from './disclosureFiles';
import { FormModal } from '../FormModal';
import { useLoad } from '../../shared/useLoad';
import { DISCLOSURE_CATEGORIES, FUND_CATEGORIES, partyApi, PROPERTY_CATEGORIES } from '../party/partyApi';
import type { Disclosure, DisclosureCategory, FundLine } from '../party/partyApi';

// ---------------------------------------------------------------- periods

type PeriodKind = 'year' | 'half' | 'quarter' | 'month';
const PERIOD_KINDS: readonly PeriodKind[] = ['year', 'half', 'quarter', 'month'];
const PARTS: Record<PeriodKind, string[]> = {
  year: [],
  half: ['H1', 'H2'],
  quarter: ['Q1', 'Q2', 'Q3', 'Q4'],
  month: Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')),
};
/** How often each category is due (months; 0 = when something is decided), as the default obligations say. */
const CATEGORY_MONTHS: Record<DisclosureCategory, number> = { service: 12, fees: 12, maintenance_fund: 6, common_income: 3, committee_decision: 0, committee_accounts: 6 };

function parsePeriod(v: string | undefined): { kind: PeriodKind; year: number; part: string } | null {
  const m = /^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$/.exec(v ?? '');
  if (!m) return null;
  const part = m[2] ?? '';
  const kind: PeriodKind = !part ? 'year' : part[0] === 'H' ? 'half' : part[0] === 'Q' ? 'quarter' : 'month';
  return { kind, year: Number(m[1]), part };
}

const label = (year: number, part: string) => (part ? `${year}-${part}` : String(year));

/** The last period of `months` that has ended by today (the one now due); the current month when there is no fixed period. */
export function duePeriodLabel(category: DisclosureCategory, today = todayStr()): string {
  const months = CATEGORY_MONTHS[category];
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  if (!months) return `${y}-${today.slice(5, 7)}`;
  const current = Math.floor((m - 1) / months); // 0-based index of the current period in the year
  const [year, index] = current === 0 ? [y - 1, 12 / months - 1] : [y, current - 1];
  const kind: PeriodKind = months === 12 ? 'year' : months === 6 ? 'half' : months === 3 ? 'quarter' : 'month';
  return label(year, kind === 'year' ? '' : PARTS[kind][index]);
}

/** A period label from three selects: kind (年度/半年/季度/月份), year and part. */
export function PeriodInput(props: { value?: string; onChange?: (v: string) => void; testId?: string }) {
  const { t } = useI18n();
  const { value, onChange, testId } = props;
  const thisYear = Number(todayStr().slice(0, 4));
  const p = parsePeriod(value) ?? { kind: 'year' as PeriodKind, year: thisYear, part: '' };
  const years = Array.from({ length: 8 }, (_, i) => thisYear - i);
  const set = (kind: PeriodKind, year: number, part: string) => onChange?.(label(year, kind === 'year' ? '' : PARTS[kind].includes(part) ? part : PARTS[kind][0]));
  return (
    <Space.Compact data-testid={testId}>
      <Select<PeriodKind>
        value={p.kind}
        style={{ width: 100 }}
        onChange={(k) => set(k, p.year, p.part)}
        options={PERIOD_KINDS.map((k) => ({ value: k, label: t(`disc.periodKind.${k}`) }))}
        data-testid={testId && `${testId}-kind`}
      />
      <Select<number>
        value={p.year}
        style={{ width: 100 }}
        onChange={(y) => set(p.kind, y, p.part)}
        options={years.map((y) => ({ value: y, label: t('disc.yearOf', { y }) }))}
        data-testid={testId && `${testId}-year`}
      />
      {p.kind !== 'year' && (
        <Select<string>
          value={p.part}
          style={{ width: 120 }}
          onChange={(part) => set(p.kind, p.year, part)}
          options={PARTS[p.kind].map((part) => ({ value: part, label: t((p.kind === 'month' ? 'disc.part.month' : `disc.part.${part}`) as MessageKey, { m: Number(part) }) }))}
          data-testid={testId && `${testId}-part`}
        />
      )}
    </Space.Compact>
  );
}

// ---------------------------------------------------------------- compounds one may publish for

interface CompoundOption {
  id: number;
  name: string;
  communityName?: string;
}

/**
 * The compounds of the region: the register where the caller may read it; otherwise those of the
 * region's owners' committees and those its property companies serve now.
 */
async function compoundsOf(region: string, readsPlaces: boolean, signal: AbortSignal): Promise<CompoundOption[]> {
  if (readsPlaces) return (await api.compounds(region, signal)).items.map((c) => ({ id: c.id, name: c.name, communityName: c.communityName }));
  const today = todayStr();
  const [committees, companies] = await Promise.all([
    partyApi.committees(region, signal).catch(() => ({ items: [] })),
    partyApi.companies(region, signal).catch(() => ({ items: [] })),
  ]);
  const details = await Promise.all(companies.items.map((c) => partyApi.company(c.id, signal).catch(() => null)));
  const out = new Map<number, CompoundOption>();
  for (const c of committees.items) out.set(c.compoundId, { id: c.compoundId, name: c.compoundName, communityName: c.communityName });
  for (const d of details)
    for (const k of d?.contracts ?? [])
      if (k.startsOn <= today && (!k.endsOn || k.endsOn > today) && !out.has(k.compoundId)) out.set(k.compoundId, { id: k.compoundId, name: k.compoundName });
  return [...out.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

// ---------------------------------------------------------------- fund statement

interface YuanLine {
  item?: string;
  amount?: number | null;
}

export interface DisclosureValues {
  compoundId: number;
  category: DisclosureCategory;
  period: string;
  title: string;
  content: string;
  opening?: number | null;
  income?: YuanLine[];
  spending?: YuanLine[];
  closing?: number | null;
  attachments?: AttachmentEntry[];
}

const fen = (yuan: number | null | undefined) => Math.round((yuan ?? 0) * 100);
const fenLines = (lines: YuanLine[] | undefined): FundLine[] => (lines ?? []).map((l) => ({ item: (l.item ?? '').trim(), amount: fen(l.amount) }));
const total = (lines: YuanLine[] | undefined) => (lines ?? []).reduce((a, l) => a + fen(l.amount), 0);

function Lines({ name, form }: { name: 'income' | 'spending'; form: FormInstance<DisclosureValues> }) {
  const { t } = useI18n();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <div className="gz-mb8" data-testid={`disclosure-new-${name}`}>
          <Typography.Text strong>{t(`disc.fund.${name}`)}</Typography.Text>
          {fields.map((f) => (
            <Space key={f.key} align="baseline" className="gz-mt4" style={{ display: 'flex' }}>
              <Form.Item name={[f.name, 'item']} rules={[{ required: true, whitespace: true, message: t('disc.fund.itemRequired') }]} style={{ marginBottom: 8 }}>
                <Input placeholder={t(`disc.fund.${name}Placeholder`)} maxLength={100} style={{ width: 260 }} />
              </Form.Item>
              <Form.Item name={[f.name, 'amount']} rules={[{ required: true, message: t('disc.fund.amountRequired') }]} style={{ marginBottom: 8 }}>
                <InputNumber min={0} precision={2} step={100} addonAfter={t('disc.fund.yuan')} style={{ width: 200 }} />
              </Form.Item>
              <Button type="text" icon={<DeleteOutlined />} aria-label={t('party.remove')} onClick={() => remove(f.name)} />
            </Space>
          ))}
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => add({ item: '', amount: null })} data-testid={`disclosure-new-add-${name}`}>
            {t(`disc.fund.add.${name}`)}
          </Button>
          {fields.length > 0 && (
            <span className="gz-muted gz-small" style={{ marginLeft: 12 }}>
              {t('disc.fund.subtotal', { v: formatFen(total(form.getFieldValue(name))) })}
            </span>
          )}
        </div>
      )}
    </Form.List>
  );
}

function FundFields({ form }: { form: FormInstance<DisclosureValues> }) {
  const { t } = useI18n();
  const opening = Form.useWatch('opening', form);
  const income = Form.useWatch('income', form);
  const spending = Form.useWatch('spending', form);
  const closing = Form.useWatch('closing', form);
  const expected = fen(opening) + total(income) - total(spending);
  const entered = closing === null || closing === undefined ? null : fen(closing);
  return (
    <div className="gz-subform" data-testid="disclosure-new-fund">
      <Typography.Paragraph type="secondary" className="gz-small">
        {t('disc.fund.hint')}
      </Typography.Paragraph>
      <Form.Item name="opening" label={t('disc.fund.opening')} rules={[{ required: true, message: t('disc.fund.amountRequired') }]}>
        <InputNumber min={0} precision={2} step={100} addonAfter={t('disc.fund.yuan')} style={{ width: 240 }} />
      </Form.Item>
      <Lines name="income" form={form} />
      <Lines name="spending" form={form} />
      <Form.Item
        name="closing"
        label={t('disc.fund.closing')}
        rules={[{ required: true, message: t('disc.fund.amountRequired') }]}
        extra={
          <span data-testid="disclosure-new-expected">
            {t('disc.fund.expected', { v: formatFen(expected) })}
            {entered !== null && entered !== expected && <Typography.Text type="warning">{t('disc.fund.differs', { v: formatFen(entered - expected) })}</Typography.Text>}
          </span>
        }
      >
        <InputNumber precision={2} step={100} addonAfter={t('disc.fund.yuan')} style={{ width: 240 }} />
      </Form.Item>
      <Button size="small" onClick={() => form.setFieldsValue({ closing: expected / 100 })} data-testid="disclosure-new-fill-closing">
        {t('disc.fund.fillClosing')}
      </Button>
    </div>
  );
}

// ---------------------------------------------------------------- the dialog

export type DisclosurePrefill = Partial<Pick<DisclosureValues, 'compoundId' | 'category' | 'period'>>;

const CODES = {
  fund_statement_unbalanced: 'closing',
  fund_statement_required: 'closing',
  fund_statement_not_expected: 'category',
  disclosure_not_yours: 'category',
  disclosure_period_invalid: 'period',
  disclosure_period_future: 'period',
  no_property_company: 'compoundId',
  no_owners_committee: 'compoundId',
  compound_not_found: 'compoundId',
  disclosure_files_too_many: 'attachments',
  disclosure_file_not_found: 'attachments',
  disclosure_file_attached: 'attachments',
  disclosure_file_twice: 'attachments',
};

/** `figures.income[2].amount` (the server's details[].field) → the form's ['income', 2, 'amount']. */
function statementField(field: string): (string | number)[] | null {
  const m = /^figures\.(?:(opening|closing)|(income|spending)\[(\d+)\]\.(item|amount))$/.exec(field);
  if (!m) return null;
  return m[1] ? [m[1]] : [m[2], Number(m[3]), m[4]];
}

export default function DisclosureModal(props: {
  open: boolean;
  region: string | null;
  prefill?: DisclosurePrefill | null;
  onClose: () => void;
  onPublished: (d: Disclosure) => void;
}) {
  const { t, lang } = useI18n();
  const ft = useFilesText();
  const can = useCan();
  const { open, region } = props;
  const [form] = Form.useForm<DisclosureValues>();
  const readsPlaces = can('people.readPlaces');
  const compounds = useLoad(open && region ? (s) => compoundsOf(region, readsPlaces, s) : null, [open, region, readsPlaces]);
  const categories = useMemo(() => {
    // those who keep the register record either side's 公示 on its behalf; a company (it also files
    // fee-collection measures) publishes its own categories, an owners' committee the others
    if (can('property.edit')) return DISCLOSURE_CATEGORIES;
    const company = can('property.feeMeasure');
    return DISCLOSURE_CATEGORIES.filter((c) => PROPERTY_CATEGORIES.includes(c) === company);
  }, [can]);

  const compoundId = Form.useWatch('compoundId', form);
  const category = Form.useWatch('category', form);
  const period = Form.useWatch('period', form);
  const fund = !!category && FUND_CATEGORIES.includes(category);

  // the period now due for the category, and a title from the three, until the user types their own
  useEffect(() => {
    if (open && category && !form.isFieldTouched('period') && !props.prefill?.period) form.setFieldsValue({ period: duePeriodLabel(category) });
  }, [open, category, form, props.prefill?.period]);
  useEffect(() => {
    if (!open || form.isFieldTouched('title') || !category || !period) return;
    const compound = compounds.data?.find((c) => c.id === compoundId)?.name ?? '';
    form.setFieldsValue({ title: t('disc.defaultTitle', { compound, period: periodLabel(period, lang), category: categoryLabel(category, lang) }).trim() });
  }, [open, compoundId, category, period, compounds.data, form, t, lang]);

  const initial: Partial<DisclosureValues> = {
    category: categories.length === 1 ? categories[0] : undefined,
    income: [{ item: '', amount: null }],
    spending: [{ item: '', amount: null }],
    ...props.prefill,
  };

  return (
    <FormModal<DisclosureValues>
      open={open}
      title={t('disc.new')}
      form={form}
      width={860}
      onClose={props.onClose}
      testId="disclosure-new"
      okText={t('disc.publish')}
      initialValues={initial}
      codes={CODES}
      fields={['compoundId', 'category', 'period', 'title', 'content', 'opening', 'closing']}
      onSubmit={async (v) => {
        if ((v.attachments ?? []).some((f) => f.status === 'uploading')) throw new Error(ft('uploading'));
        const body = {
          compoundId: v.compoundId,
          category: v.category,
          period: v.period,
          title: v.title.trim(),
          content: v.content,
          figures: FUND_CATEGORIES.includes(v.category)
            ? { opening: fen(v.opening), income: fenLines(v.income), spending: fenLines(v.spending), closing: fen(v.closing) }
            : undefined,
          attachments: attachmentIds(v.attachments),
        };
        try {
          const d = await partyApi.publishDisclosure(body);
          props.onPublished(d);
          return t('disc.published', { title: d.title });
        } catch (e) {
          // each bad line of a statement gets the message under it
          const lines = e instanceof ApiError && e.code === 'fund_statement_invalid' ? (e.details as { field?: string }[]).map((d) => d.field && statementField(d.field)).filter((f): f is (string | number)[] => !!f) : [];
          if (!lines.length) throw e;
          form.setFields(lines.map((name) => ({ name: name as never, errors: [(e as Error).message] })));
        }
      }}
    >
      {compounds.error && <Alert type="warning" showIcon message={compounds.error} className="gz-mb8" />}
      <Space size={16} wrap align="start">
        <Form.Item name="compoundId" label={t('party.committee.compound')} rules={[{ required: true, message: t('party.committee.compoundRequired') }]}>
          <Select<number>
            showSearch
            optionFilterProp="label"
            style={{ width: 240 }}
            loading={compounds.loading}
            options={(compounds.data ?? []).map((c) => ({ value: c.id, label: c.communityName ? `${c.name}（${c.communityName}）` : c.name }))}
            data-testid="disclosure-new-compound"
          />
        </Form.Item>
        <Form.Item name="category" label={t('disc.category')} rules={[{ required: true, message: t('disc.categoryRequired') }]}>
          <Select<DisclosureCategory>
            style={{ width: 200 }}
            options={categories.map((c) => ({ value: c, label: categoryLabel(c, lang) }))}
            data-testid="disclosure-new-category"
          />
        </Form.Item>
        <Form.Item name="period" label={t('disc.period')} rules={[{ required: true, message: t('disc.periodRequired') }]} extra={period ? periodLabel(period, lang) : undefined}>
          <PeriodInput testId="disclosure-new-period" />
        </Form.Item>
      </Space>
      <Form.Item name="title" label={t('disc.title')} rules={[{ required: true, whitespace: true, message: t('disc.titleRequired') }]}>
        <Input maxLength={100} data-testid="disclosure-new-title" />
      </Form.Item>
      <Form.Item name="content" label={t('disc.content')} rules={[{ required: true, whitespace: true, message: t('disc.contentRequired') }]}>
        <Input.TextArea rows={fund ? 3 : 6} maxLength={50_000} placeholder={t('disc.contentPlaceholder')} data-testid="disclosure-new-content" />
      </Form.Item>
      {fund && <FundFields form={form} />}
      <Form.Item name="attachments" label={ft('label')}>
        <AttachmentsField />
      </Form.Item>
    </FormModal>
  );
}
