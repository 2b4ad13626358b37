/**
 * 新增居民: the person (name, ID number, phone), their household — an existing one (by number or
 * by room) or a new one in a basic grid, at an address or in a room — relation, move-in date,
 * party membership and care groups. The server's messages land on the offending fields.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Col, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Radio, Row, Select, Switch, Tag } from 'antd';
import { api, ApiError } from '../../shared/api';
import type { CareGroupName, Household, Relation, Resident } from '../../shared/types';
import { useI18n } from '../i18n';
import { CARE_GROUPS, careGroupName, dateOf, gridOptions, idNumberProblem, notFuture, RELATIONS, relationName, useRegionGrids, type DateValue } from './peopleCommon';
import { applyFieldErrors } from '../forms';
import DwellingCascader from './DwellingCascader';

interface Values {
  name: string;
  idNumber: string;
  phone?: string;
  householdMode: 'new' | 'existing';
  gridCode?: string;
  placeMode: 'address' | 'dwelling';
  address?: string;
  dwelling?: number[];
  householdId?: number;
  relation: Relation;
  movedIn: DateValue;
  partyMember?: boolean;
  careGroups?: CareGroupName[];
}

const RESIDENT_FIELDS = ['name', 'idNumber', 'phone', 'relation', 'movedIn', 'partyMember', 'careGroups', 'householdId'];

export default function NewResidentModal(props: { open: boolean; region: string | null; onClose: () => void; onCreated: (r: Resident) => void }) {
  const { open, region, onClose, onCreated } = props;
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const { grids } = useRegionGrids(open ? region : null, { basicOnly: true });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** A household opened by an earlier attempt whose resident was refused: reused, not opened twice. */
  const [opened, setOpened] = useState<{ key: string; id: number } | null>(null);
  const [dwellingId, setDwellingId] = useState<number | null>(null);
  const [household, setHousehold] = useState<Household | ApiError | null>(null);

  const householdMode = Form.useWatch('householdMode', form);
  const placeMode = Form.useWatch('placeMode', form);
  const gridCode = Form.useWatch('gridCode', form);
  const householdId = Form.useWatch('householdId', form);
  const gridCommunity = useMemo(() => grids?.find((g) => g.code === gridCode)?.communityCode ?? null, [grids, gridCode]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setError(null);
    setOpened(null);
    setDwellingId(null);
    setHousehold(null);
  }, [open, form]);

  // A chosen household number is looked up so the user sees whose household it is.
  useEffect(() => {
    if (householdMode !== 'existing' || !householdId) {
      setHousehold(null);
      return;
    }
    const ac = new AbortController();
    const timer = setTimeout(() => {
      api
        .household(householdId, ac.signal)
        .then(setHousehold)
        .catch((e) => !ac.signal.aborted && setHousehold(e instanceof ApiError ? e : null));
    }, 300);
    return () => {
      clearTimeout(timer);
      ac.abort();
    };
  }, [householdMode, householdId]);

  const householdFor = async (v: Values): Promise<number | null> => {
    if (v.householdMode === 'existing') return v.householdId ?? null;
    const body =
      v.placeMode === 'dwelling' && dwellingId ? { gridCode: v.gridCode!, dwellingId } : { gridCode: v.gridCode!, address: v.address!.trim() };
    const key = JSON.stringify(body);
    if (opened?.key === key) return opened.id;
    try {
      const h = await api.createHousehold(body);
      setOpened({ key, id: h.id });
      return h.id;
    } catch (e) {
      if (e instanceof ApiError) {
        const on = ['grid_not_basic', 'grid_not_found', 'out_of_scope'].includes(e.code)
          ? 'gridCode'
          : ['dwelling_taken', 'dwelling_not_found', 'grid_outside_community'].includes(e.code)
            ? 'dwelling'
            : null;
        if (on) form.setFields([{ name: on, errors: [e.message] }]);
        else if (!applyFieldErrors(form, e, ['gridCode', 'address'], { dwellingId: 'dwelling' })) setError(e.message);
      } else setError((e as Error).message);
      return null;
    }
  };

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const hid = await householdFor(v);
      if (!hid) return;
      try {
        const r = await api.createResident({
          name: v.name.trim(),
          idNumber: v.idNumber.trim().toUpperCase(),
          phone: v.phone?.trim() || undefined,
          householdId: hid,
          relation: v.relation,
          movedIn: dateOf(v.movedIn)!,
          partyMember: !!v.partyMember,
          careGroups: v.careGroups?.length ? v.careGroups : undefined,
        });
        message.success(t('people.form.created', { name: r.name }));
        onCreated(r);
      } catch (e) {
        if (e instanceof ApiError && ['resident_duplicate', 'resident_duplicate_elsewhere'].includes(e.code)) {
          form.setFields([{ name: 'idNumber', errors: [e.message] }]);
        } else if (e instanceof ApiError && e.code === 'household_not_found' && v.householdMode === 'existing') {
          form.setFields([{ name: 'householdId', errors: [e.message] }]);
        } else if (!applyFieldErrors(form, e, RESIDENT_FIELDS)) {
          setError((e as Error).message);
        }
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('people.form.title')}
      width={760}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('people.form.submit')}
      cancelText={t('people.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'new-resident-submit' }}
      maskClosable={false}
      forceRender
      data-testid="new-resident-modal"
    >
      {error && <Alert type="error" showIcon message={error} className="gz-mb16" data-testid="new-resident-error" />}
      <Form<Values>
        form={form}
        name="nr"
        layout="vertical"
        onFinish={submit}
        initialValues={{ householdMode: 'new', placeMode: 'address', relation: 'owner', partyMember: false }}
        data-testid="new-resident-form"
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="name" label={t('people.name')} rules={[{ required: true, whitespace: true, message: t('people.form.nameRequired') }]}>
              <Input maxLength={50} data-testid="nr-name" />
            </Form.Item>
          </Col>
          <Col span={9}>
            <Form.Item
              name="idNumber"
              label={t('people.idNumber')}
              rules={[
                { required: true, whitespace: true, message: t('people.form.idRequired') },
                {
                  validator: (_, v?: string) => {
                    const p = v?.trim() ? idNumberProblem(v) : null;
                    return p ? Promise.reject(new Error(t(`people.form.id.${p}`))) : Promise.resolve();
                  },
                },
              ]}
              extra={t('people.form.idHint')}
            >
              <Input maxLength={18} className="gz-mono" autoComplete="off" data-testid="nr-id" />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item name="phone" label={t('people.phone')}>
              <Input maxLength={20} inputMode="tel" autoComplete="off" data-testid="nr-phone" />
            </Form.Item>
          </Col>
        </Row>

        <Form.Item name="householdMode" label={t('people.household')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            data-testid="nr-household-mode"
            options={[{ value: 'new', label: t('people.form.newHousehold') }, { value: 'existing', label: t('people.form.existingHousehold') }]}
          />
        </Form.Item>

        {householdMode === 'existing' ? (
          <div className="gz-subform">
            <Row gutter={16}>
              <Col span={14}>
                <Form.Item label={t('people.form.byRoom')}>
                  <DwellingCascader
                    region={region}
                    want="occupied"
                    onChange={(_, pick) => pick?.householdId && form.setFieldsValue({ householdId: pick.householdId })}
                  />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item name="householdId" label={t('people.form.householdNo')} rules={[{ required: true, message: t('people.form.householdRequired') }]}>
                  <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="nr-household-id" />
                </Form.Item>
              </Col>
            </Row>
            {household instanceof ApiError ? (
              <Alert type="warning" showIcon message={household.message} />
            ) : household ? (
              <Descriptions size="small" column={2} bordered data-testid="nr-household-preview">
                <Descriptions.Item label={t('people.address')}>{household.address ?? '—'}</Descriptions.Item>
                <Descriptions.Item label={t('people.grid')}>{household.gridName}</Descriptions.Item>
                <Descriptions.Item label={t('people.form.members')} span={2}>
                  {household.members.filter((m) => !m.movedOut).length === 0
                    ? t('people.form.noMembers')
                    : household.members
                        .filter((m) => !m.movedOut)
                        .map((m) => (
                          <Tag key={m.residentId} bordered={false}>
                            {m.name} · {relationName(t, m.relation)}
                          </Tag>
                        ))}
                </Descriptions.Item>
              </Descriptions>
            ) : null}
          </div>
        ) : (
          <div className="gz-subform">
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="gridCode" label={t('people.form.grid')} rules={[{ required: true, message: t('people.form.gridRequired') }]} extra={t('people.form.gridHint')}>
                  <Select
                    showSearch
                    optionFilterProp="label"
                    loading={grids === null}
                    options={gridOptions(grids, true)}
                    onChange={() => {
                      form.setFieldsValue({ dwelling: undefined });
                      setDwellingId(null);
                    }}
                    data-testid="nr-grid"
                  />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="placeMode" label={t('people.form.where')}>
                  <Radio.Group>
                    <Radio value="address">{t('people.form.byAddress')}</Radio>
                    <Radio value="dwelling">{t('people.form.byDwelling')}</Radio>
                  </Radio.Group>
                </Form.Item>
              </Col>
            </Row>
            {placeMode === 'dwelling' ? (
              <Form.Item name="dwelling" label={t('people.form.dwelling')} rules={[{ required: true, message: t('people.form.dwellingRequired') }]}>
                <DwellingCascader
                  region={region}
                  communityCode={gridCommunity}
                  disabled={!gridCode}
                  want="empty"
                  onChange={(_, pick) => setDwellingId(pick?.dwellingId ?? null)}
                  testId="nr-dwelling"
                />
              </Form.Item>
            ) : (
              <Form.Item name="address" label={t('people.address')} rules={[{ required: true, whitespace: true, message: t('people.form.addressRequired') }]}>
                <Input maxLength={200} placeholder={t('people.form.addressPlaceholder')} data-testid="nr-address" />
              </Form.Item>
            )}
          </div>
        )}

        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="relation" label={t('people.relation')} rules={[{ required: true }]}>
              <Select options={RELATIONS.map((r) => ({ value: r, label: relationName(t, r) }))} data-testid="nr-relation" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="movedIn" label={t('people.movedIn')} rules={[{ required: true, message: t('people.form.dateRequired') }]}>
              <DatePicker disabledDate={notFuture} style={{ width: '100%' }} data-testid="nr-moved-in" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="partyMember" label={t('people.partyMember')} valuePropName="checked">
              <Switch data-testid="nr-party" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="careGroups" label={t('people.care.title')}>
          <Select mode="multiple" allowClear options={CARE_GROUPS.map((g) => ({ value: g, label: careGroupName(t, g) }))} data-testid="nr-care" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
