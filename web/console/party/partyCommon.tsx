/**
 * Pieces shared by the party organisation and red property pages: labels, finding tags, the
 * post-holder picker (with 新增人员) and the unit picker.
 */
import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Button, DatePicker, Form, Input, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { UserAddOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import type { Grid } from '../../shared/types';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import { RegionPicker } from '../regions/RegionPicker';
import { gridLabel } from '../people/peopleCommon';
import { useLoad } from '../../shared/useLoad';
import { FormModal } from '../FormModal';
import { partyApi, UNIT_KINDS, unitIdOf } from './partyApi';
import type { Finding, InstructorRef, OrgRef, PartyStatus, PostHolder, Severity, UnitKind } from './partyApi';

// ---------------------------------------------------------------- labels

export const label = (t: I18n['t'], prefix: string, value: string | null | undefined): string =>
  value ? (t(`${prefix}.${value}` as MessageKey) === `${prefix}.${value}` ? value : t(`${prefix}.${value}` as MessageKey)) : '—';

/** A fraction 0–1 as a percentage with one decimal; null (no denominator) as "—". */
export function fmtPct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${Math.round(v * 1000) / 10}%`;
}

export const dash = (v: ReactNode) => (v === null || v === undefined || v === '' ? <span className="gz-muted">—</span> : v);

const SEVERITY_COLORS: Record<Severity, string> = { error: 'red', warning: 'orange', advice: 'blue' };

export function FindingTags({ findings, testId }: { findings: Finding[] | undefined; testId?: string }) {
  if (!findings?.length) return <span className="gz-muted">—</span>;
  return (
    <span className="gz-tags" data-testid={testId}>
      {findings.map((f, i) => (
        <Tag key={`${f.code}-${i}`} color={SEVERITY_COLORS[f.severity] ?? 'default'} data-testid="finding" data-code={f.code} data-severity={f.severity}>
          {f.message || f.code}
        </Tag>
      ))}
    </span>
  );
}

export function PartyStatusTag({ status }: { status: PartyStatus | null | undefined }) {
  const { t } = useI18n();
  if (!status) return null;
  return (
    <Tag color={status === 'full' ? 'red' : 'volcano'} bordered={false} data-testid="party-status">
      {t(`party.status.${status}`)}
    </Tag>
  );
}

/** The organisation covering a body (a link when `onOpen`), else its instructor, else "—". */
export function CoverCell(props: { org: OrgRef | null | undefined; instructor: InstructorRef | null | undefined; onOpen?: (orgId: number) => void }) {
  const { t } = useI18n();
  const { org, instructor, onOpen } = props;
  if (org)
    return (
      <Space size={4} wrap>
        <Tag color="red" bordered={false}>
          {org.joint ? t('party.cover.joint') : t('party.cover.org')}
        </Tag>
        {onOpen ? (
          <Typography.Link onClick={() => onOpen(org.id)} data-testid="cover-org">
            {org.name}
          </Typography.Link>
        ) : (
          <span data-testid="cover-org">{org.name}</span>
        )}
      </Space>
    );
  if (instructor)
    return (
      <Space size={4}>
        <Tag color="blue" bordered={false}>
          {t('party.cover.instructor')}
        </Tag>
        <span data-testid="cover-instructor">{instructor.name}</span>
      </Space>
    );
  return (
    <Tag color="default" data-testid="cover-none">
      {t('party.cover.none')}
    </Tag>
  );
}

// ---------------------------------------------------------------- people who hold posts

function holderLabel(t: I18n['t'], h: PostHolder): string {
  const bits = [h.phoneMasked, h.partyStatus ? t(`party.status.${h.partyStatus}`) : null].filter(Boolean);
  return bits.length ? `${h.name}（${bits.join(' · ')}）` : h.name;
}

interface NewHolderValues {
  name: string;
  gender?: 'male' | 'female';
  phone?: string;
  partyStatus?: PartyStatus;
}

/** 新增人员: a person who will hold a post, registered in `region`. */
export function NewHolderModal(props: { open: boolean; region: string | null; name?: string; onClose: () => void; onCreated: (h: PostHolder) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewHolderValues>();
  return (
    <FormModal<NewHolderValues>
      open={props.open}
      title={t('party.holder.new')}
      form={form}
      onClose={props.onClose}
      testId="holder-new"
      initialValues={{ name: props.name ?? '' }}
      codes={{ phone_invalid: 'phone' }}
      okText={t('party.create')}
      onSubmit={async (v) => {
        if (!props.region) throw new Error(t('party.holder.noRegion'));
        const h = await partyApi.createPostHolder({
          name: v.name.trim(),
          gender: v.gender,
          phone: v.phone?.trim() || undefined,
          regionCode: props.region,
          partyStatus: v.partyStatus,
        });
        props.onCreated(h);
      }}
    >
      <Form.Item name="name" label={t('people.name')} rules={[{ required: true, whitespace: true, message: t('party.holder.nameRequired') }]}>
        <Input maxLength={50} data-testid="holder-new-name" />
      </Form.Item>
      <Space size={16}>
        <Form.Item name="gender" label={t('people.gender')}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={[
              { value: 'male', label: t('people.gender.male') },
              { value: 'female', label: t('people.gender.female') },
            ]}
          />
        </Form.Item>
        <Form.Item name="phone" label={t('people.phone')}>
          <Input maxLength={20} inputMode="tel" style={{ width: 200 }} data-testid="holder-new-phone" />
        </Form.Item>
      </Space>
      <Form.Item name="partyStatus" label={t('party.holder.partyStatus')} extra={t('party.holder.partyStatusHint')}>
        <Select
          allowClear
          style={{ width: 200 }}
          placeholder={t('party.holder.notMember')}
          options={[
            { value: 'full', label: t('party.status.full') },
            { value: 'probationary', label: t('party.status.probationary') },
          ]}
          data-testid="holder-new-party"
        />
      </Form.Item>
    </FormModal>
  );
}

/**
 * Picks a person who holds posts (searched by name prefix in `region`), or registers a new one
 * on the spot (新增人员). The value is the holder's id.
 */
export function PostHolderSelect(props: {
  region: string | null;
  value?: number;
  onChange?: (id: number | undefined, holder?: PostHolder) => void;
  testId?: string;
  placeholder?: string;
}) {
  const { t } = useI18n();
  const { region, value, onChange, testId } = props;
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  const known = useRef(new Map<number, PostHolder>());
  const [, setTick] = useState(0);
  const found = useLoad(
    region
      ? (signal) =>
          new Promise<PostHolder[]>((ok, fail) => {
            const timer = setTimeout(() => partyApi.postHolders(region, q, signal).then((r) => ok(r.items), fail), 250);
            signal.addEventListener('abort', () => clearTimeout(timer));
          })
      : null,
    [region, q],
  );
  for (const h of found.data ?? []) known.current.set(h.id, h);
  const list = [...(found.data ?? [])];
  const current = value !== undefined ? known.current.get(value) : undefined;
  if (current && !list.some((h) => h.id === current.id)) list.unshift(current);

  return (
    <>
      <Space.Compact style={{ width: '100%' }}>
        <Select<number>
          showSearch
          allowClear
          value={value}
          filterOption={false}
          onSearch={setQ}
          onChange={(v) => {
            setQ('');
            onChange?.(v, v === undefined ? undefined : known.current.get(v));
          }}
          loading={found.loading}
          placeholder={props.placeholder ?? t('party.holder.search')}
          notFoundContent={found.loading ? t('app.loading') : t('party.holder.none')}
          options={list.map((h) => ({ value: h.id, label: holderLabel(t, h) }))}
          style={{ flex: 1, minWidth: 0 }}
          data-testid={testId}
        />
        <Tooltip title={t('party.holder.newHint')}>
          <Button icon={<UserAddOutlined />} onClick={() => setAdding(true)} data-testid={testId ? `${testId}-new` : undefined}>
            {t('party.holder.new')}
          </Button>
        </Tooltip>
      </Space.Compact>
      {adding && (
        <NewHolderModal
          open
          region={region}
          name={q}
          onClose={() => setAdding(false)}
          onCreated={(h) => {
            known.current.set(h.id, h);
            setTick((n) => n + 1);
            setAdding(false);
            setQ('');
            onChange?.(h.id, h);
          }}
        />
      )}
    </>
  );
}

// ---------------------------------------------------------------- units

/** A building (楼栋) of the region's compounds: the compound first, then its building; the value is the building's id. */
function BuildingSelect(props: { region: string | null; value?: string; onChange?: (v: string) => void; testId?: string }) {
  const { t } = useI18n();
  const [compound, setCompound] = useState<number | undefined>();
  const compounds = useLoad(props.region ? (s) => api.compounds(props.region!, s) : null, [props.region]);
  const detail = useLoad(compound ? (s) => api.compound(compound, s) : null, [compound]);
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select<number>
        showSearch
        optionFilterProp="label"
        placeholder={t('party.unit.compound')}
        value={compound}
        onChange={(v) => setCompound(v)}
        loading={compounds.loading}
        options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
        style={{ width: '55%' }}
        data-testid={props.testId ? `${props.testId}-compound` : undefined}
      />
      <Select<string>
        placeholder={t('party.unit.building')}
        value={props.value}
        onChange={(v) => props.onChange?.(v)}
        loading={detail.loading}
        disabled={!compound}
        options={(detail.data?.buildings ?? []).map((b) => ({ value: String(b.id), label: b.name }))}
        style={{ width: '45%' }}
        data-testid={props.testId}
      />
    </Space.Compact>
  );
}

/**
 * The `ref` of a unit of the given kind: a region (street, community), a grid, a body of the
 * region (owners' committee, property company, outlet: from the units checklist) or free text.
 */
/** A post form's `holderId` field: the person, picked among those who may hold posts in `region` (or registered there). */
export function HolderItem(props: { label?: string; region: string | null; testId: string }) {
  const { t } = useI18n();
  return (
    <Form.Item name="holderId" label={props.label ?? t('party.holder.person')} rules={[{ required: true, message: t('party.holder.required') }]}>
      <PostHolderSelect region={props.region} testId={props.testId} />
    </Form.Item>
  );
}

/** A post form's `from` field: the post's first day. */
export function FromItem() {
  const { t } = useI18n();
  return (
    <Form.Item name="from" label={t('party.from')} rules={[{ required: true, message: t('party.dateRequired') }]}>
      <DatePicker />
    </Form.Item>
  );
}

export function UnitRefInput(props: { kind: UnitKind | undefined; region: string | null; value?: string; onChange?: (v: string) => void; testId?: string }) {
  const { t } = useI18n();
  const { kind, region, value, onChange, testId } = props;
  const bodyKind = kind === 'owners_committee' ? 'owners_committee' : kind === 'property_company' || kind === 'property_outlet' ? 'property' : null;
  const bodies = useLoad(region && bodyKind ? (s) => partyApi.units(region, bodyKind, s) : null, [region, bodyKind]);
  const grids = useLoad<{ items: Grid[] }>(region && kind === 'grid' ? (s) => api.grids(region, undefined, s) : null, [region, kind]);

  if (!kind) return <Input disabled placeholder={t('party.unit.kindFirst')} />;
  if (kind === 'street' || kind === 'community')
    return <RegionPicker value={value} levels={[kind]} onChange={(code) => onChange?.(code)} style={{ width: '100%' }} testId={testId} />;
  if (kind === 'resident_unit' || kind === 'project' || kind === 'area')
    return <Input value={value} onChange={(e) => onChange?.(e.target.value)} maxLength={100} placeholder={t(`party.unit.placeholder.${kind}`)} data-testid={testId} />;
  if (kind === 'building') return <BuildingSelect region={region} value={value} onChange={onChange} testId={testId} />;
  const options =
    kind === 'grid'
      ? (grids.data?.items ?? []).map((g) => ({ value: g.code, label: gridLabel(g, true) }))
      : (bodies.data?.items ?? []).filter((u) => u.kind === kind).map((u) => ({ value: String(unitIdOf(u)), label: u.name }));
  return (
    <Select
      showSearch
      optionFilterProp="label"
      value={value}
      onChange={(v: string) => onChange?.(v)}
      loading={bodies.loading || grids.loading}
      options={options}
      notFoundContent={t('party.unit.noneHere')}
      data-testid={testId}
    />
  );
}

export function UnitKindSelect(props: { value?: UnitKind; onChange?: (v: UnitKind) => void; kinds?: readonly UnitKind[]; testId?: string }) {
  const { t } = useI18n();
  const kinds = props.kinds ?? UNIT_KINDS;
  return (
    <Select<UnitKind>
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      options={kinds.map((k) => ({ value: k, label: t(`party.unit.${k}`) }))}
      data-testid={props.testId}
    />
  );
}
