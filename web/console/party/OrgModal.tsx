/**
 * 新建党组织: name, kind, parent, region, the unit it is attached to (a body picked from the
 * lists, a region or grid, or a free-text name), a joint branch with its other units, term start
 * and approval. Opened empty from the organisations page or prefilled from a body's row.
 */
import { Button, Col, DatePicker, Form, Input, Row, Select, Space, Switch, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { RegionPicker } from '../regions/RegionPicker';
import type { ScopeRoot } from '../../shared/types';
import { dateOf, type DateValue } from '../people/peopleCommon';
import { UnitKindSelect, UnitRefInput } from './partyCommon';
import { FormModal } from '../FormModal';
import { useLoad } from '../../shared/useLoad';
import { ORG_KINDS, partyApi } from './partyApi';
import type { Org, OrgKind, Unit, UnitKind } from './partyApi';

export interface OrgPrefill {
  name?: string;
  kind?: OrgKind;
  regionCode?: string;
  attached?: Unit;
}

interface Values {
  name: string;
  kind: OrgKind;
  parentId?: number;
  regionCode: string;
  attachedKind: UnitKind;
  attachedRef: string;
  joint?: boolean;
  units?: { kind?: UnitKind; ref?: string }[];
  termStart?: DateValue;
  approvalRef?: string;
}

const APPROVED: OrgKind[] = ['general_branch', 'committee'];

export default function OrgModal(props: {
  open: boolean;
  prefill: OrgPrefill | null;
  /** The page's region: parents are looked up there. */
  region: string | null;
  roots: ScopeRoot[] | null;
  onClose: () => void;
  onCreated: (org: Org) => void;
}) {
  const { open, prefill, region, roots, onClose, onCreated } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const regionCode = Form.useWatch('regionCode', form);
  const attachedKind = Form.useWatch('attachedKind', form);
  const joint = Form.useWatch('joint', form);
  const parents = useLoad(open && region ? (s) => partyApi.orgs(region, s) : null, [open, region]);
  const unitRegion = regionCode || region;

  return (
    <FormModal<Values>
      open={open}
      title={t('party.org.new')}
      form={form}
      width={720}
      onClose={onClose}
      testId="org-new"
      okText={t('party.create')}
      initialValues={{
        kind: prefill?.kind ?? 'branch',
        name: prefill?.name ?? '',
        regionCode: prefill?.regionCode ?? region ?? undefined,
        attachedKind: prefill?.attached?.kind ?? 'community',
        attachedRef: prefill?.attached?.ref,
        joint: false,
        units: [],
      }}
      codes={{ parent_not_found: 'parentId', region_not_found: 'regionCode', out_of_scope: 'regionCode', unit_not_found: 'attachedRef' }}
      fields={['name', 'kind', 'parentId', 'regionCode', 'termStart', 'approvalRef', 'attachedRef']}
      onSubmit={async (v) => {
        const units = v.joint ? (v.units ?? []).filter((u): u is Unit => !!u.kind && !!u.ref?.trim()).map((u) => ({ kind: u.kind, ref: u.ref.trim() })) : undefined;
        const org = await partyApi.createOrg({
          name: v.name.trim(),
          kind: v.kind,
          parentId: v.parentId,
          regionCode: v.regionCode,
          attached: { kind: v.attachedKind, ref: String(v.attachedRef).trim() },
          joint: !!v.joint,
          units: units?.length ? units : undefined,
          termStart: dateOf(v.termStart),
          approvalRef: v.approvalRef?.trim() || undefined,
        });
        onCreated(org);
        return t('party.org.created', { name: org.name });
      }}
    >
      <Row gutter={16}>
        <Col span={14}>
          <Form.Item name="name" label={t('party.org.name')} rules={[{ required: true, whitespace: true, message: t('party.org.nameRequired') }]}>
            <Input maxLength={100} placeholder={t('party.org.namePlaceholder')} data-testid="org-new-name" />
          </Form.Item>
        </Col>
        <Col span={10}>
          <Form.Item name="kind" label={t('party.org.kind')} rules={[{ required: true }]}>
            <Select options={ORG_KINDS.map((k) => ({ value: k, label: t(`party.kind.${k}`) }))} data-testid="org-new-kind" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="regionCode" label={t('party.org.region')} rules={[{ required: true, message: t('party.org.regionRequired') }]}>
            <RegionPicker roots={roots} style={{ width: '100%' }} testId="org-new-region" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="parentId" label={t('party.org.parent')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              loading={parents.loading}
              options={(parents.data?.items ?? []).filter((o) => o.kind !== 'group').map((o) => ({ value: o.id, label: `${o.name}（${t(`party.kind.${o.kind}`)}）` }))}
              placeholder={t('party.org.parentNone')}
              data-testid="org-new-parent"
            />
          </Form.Item>
        </Col>
      </Row>
      <div className="gz-subform">
        <Typography.Text strong>{t('party.org.attached')}</Typography.Text>
        <Row gutter={16} className="gz-mt8">
          <Col span={9}>
            <Form.Item name="attachedKind" label={t('party.unit.kind')} rules={[{ required: true }]}>
              <UnitKindSelect testId="org-new-attached-kind" onChange={() => form.setFieldsValue({ attachedRef: undefined })} />
            </Form.Item>
          </Col>
          <Col span={15}>
            <Form.Item name="attachedRef" label={t('party.unit.which')} rules={[{ required: true, whitespace: true, message: t('party.unit.required') }]}>
              <UnitRefInput kind={attachedKind} region={unitRegion} testId="org-new-attached-ref" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="joint" label={t('party.org.joint')} valuePropName="checked" extra={t('party.org.jointHint')}>
          <Switch data-testid="org-new-joint" />
        </Form.Item>
        {joint && (
          <Form.List name="units">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Row gutter={8} key={f.key} align="top">
                    <Col span={9}>
                      <Form.Item name={[f.name, 'kind']} rules={[{ required: true, message: t('party.unit.kindRequired') }]}>
                        <UnitKindSelect onChange={() => form.setFieldValue(['units', f.name, 'ref'], undefined)} testId={`org-new-unit-${f.name}-kind`} />
                      </Form.Item>
                    </Col>
                    <Col span={13}>
                      <Form.Item noStyle shouldUpdate>
                        {() => (
                          <Form.Item name={[f.name, 'ref']} rules={[{ required: true, whitespace: true, message: t('party.unit.required') }]}>
                            <UnitRefInput kind={form.getFieldValue(['units', f.name, 'kind'])} region={unitRegion} testId={`org-new-unit-${f.name}-ref`} />
                          </Form.Item>
                        )}
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('party.remove')} />
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="org-new-add-unit">
                  {t('party.org.addUnit')}
                </Button>
              </>
            )}
          </Form.List>
        )}
      </div>
      <Space size={16} wrap className="gz-mt16">
        <Form.Item name="termStart" label={t('party.org.termStart')}>
          <DatePicker data-testid="org-new-term-start" />
        </Form.Item>
        <Form.Item
          name="approvalRef"
          label={t('party.org.approvalRef')}
          extra={kind && APPROVED.includes(kind) ? t('party.org.approvalHint') : undefined}
        >
          <Input maxLength={100} style={{ width: 280 }} placeholder={t('party.org.approvalPlaceholder')} data-testid="org-new-approval" />
        </Form.Item>
      </Space>
    </FormModal>
  );
}
