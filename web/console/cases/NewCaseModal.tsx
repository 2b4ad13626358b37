/**
 * 登记案件: category (a leaf of the tree), description, address, a point picked on the map (or typed
 * in), photos, and for staff the source (登记 / 联合巡查) and the reporter's contact.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, App as AntApp, Col, Form, Input, InputNumber, Modal, Radio, Row, Space, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { casesApi } from '../../shared/cases';
import type { CaseDetail, Category, NewCaseInput } from '../../shared/cases';
import type { GridLocateResult } from '../../shared/types';
import { useI18n } from '../i18n';
import { useRegionGrids } from '../people/peopleCommon';
import { applyFieldErrors } from '../forms';
import { categoryName, CategoryTreeSelect, PhotoUploader, useCaseAbilities, useCaseLabels, useCategories } from './casesCommon';
import CasePointMap from './CasePointMap';
import type { LonLat } from './CasePointMap';
import { validated } from '../forms';

interface NewCaseForm {
  categoryCode: string;
  description: string;
  address?: string;
  lon?: number | null;
  lat?: number | null;
  photos?: string[];
  source?: 'staff' | 'patrol' | 'grid_worker';
  patrolMembers?: string;
  contactName?: string;
  contactPhone?: string;
}

export default function NewCaseModal(props: { open: boolean; region: string | null; onClose: () => void; onCreated: (c: CaseDetail) => void }) {
  const { t, lang } = useI18n();
  const L = useCaseLabels();
  const { message } = AntApp.useApp();
  const { inField } = useCaseAbilities();
  const [form] = Form.useForm<NewCaseForm>();
  const [saving, setSaving] = useState(false);
  const [located, setLocated] = useState<GridLocateResult | null>(null);
  const { items: categories } = useCategories();
  const { grids } = useRegionGrids(props.open ? props.region : null, { basicOnly: true });
  const lon = Form.useWatch('lon', form);
  const lat = Form.useWatch('lat', form);
  const code = Form.useWatch('categoryCode', form);
  const source = Form.useWatch('source', form);
  const point = useMemo<LonLat | null>(() => (typeof lon === 'number' && typeof lat === 'number' ? { lon, lat } : null), [lon, lat]);
  const category: Category | undefined = categories?.find((c) => c.code === code);

  useEffect(() => {
    if (props.open) {
      form.resetFields();
      setLocated(null);
    }
  }, [props.open, form]);

  // Which grid the point falls in (a hint; the server decides).
  useEffect(() => {
    if (!point) {
      setLocated(null);
      return;
    }
    const ac = new AbortController();
    const h = setTimeout(() => {
      api
        .locateGrid(point.lon, point.lat, 'wgs84', ac.signal)
        .then(setLocated)
        .catch(() => !ac.signal.aborted && setLocated(null));
    }, 250);
    return () => {
      clearTimeout(h);
      ac.abort();
    };
  }, [point]);

  const submit = async () => {
    const v = await validated(form); // null: the form shows what is wrong
    if (!v) return;
    const body: NewCaseInput = {
      categoryCode: v.categoryCode,
      description: v.description.trim(),
      address: v.address?.trim() || undefined,
      photos: v.photos?.length ? v.photos : undefined,
    };
    if (typeof v.lon === 'number' && typeof v.lat === 'number') {
      body.lon = v.lon;
      body.lat = v.lat;
    }
    if (v.source) body.source = v.source;
    if (v.source === 'patrol' && v.patrolMembers?.trim()) body.patrolMembers = v.patrolMembers.trim();
    if (v.contactName?.trim()) body.contactName = v.contactName.trim();
    if (v.contactPhone?.trim()) body.contactPhone = v.contactPhone.trim();
    setSaving(true);
    try {
      const c = await casesApi.create(body);
      message.success(t('cases.new.done', { number: c.number }));
      props.onCreated(c);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['categoryCode', 'description', 'address', 'lon', 'lat', 'contactPhone', 'contactName'])) message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={t('cases.new.title')}
      width={960}
      okText={t('cases.new.submit')}
      onOk={submit}
      confirmLoading={saving}
      onCancel={props.onClose}
      destroyOnHidden
      maskClosable={false}
      okButtonProps={{ 'data-testid': 'new-case-submit' }}
      data-testid="new-case-modal"
    >
      <Form<NewCaseForm> form={form} layout="vertical" name="new-case" initialValues={{ source: inField ? 'grid_worker' : 'staff' }}>
        <Row gutter={20}>
          <Col xs={24} md={11}>
            <Form.Item name="categoryCode" label={t('cases.category')} rules={[{ required: true, message: t('cases.new.categoryRequired') }]}>
              <CategoryTreeSelect leavesOnly placeholder={t('cases.new.categoryPlaceholder')} testId="new-case-category" />
            </Form.Item>
            {category && (
              <Alert
                className="gz-mb16"
                type="info"
                showIcon
                data-testid="new-case-category-hint"
                message={
                  <Space size={4} wrap>
                    <span>{categoryName(category, lang)}</span>
                    <span>· {t('cases.level')}：{L.level(category.level)}</span>
                    <span>· {t('cases.priority')}：{L.priority(category.priority)}</span>
                    {category.departmentName && <span>· {t('cases.department')}：{category.departmentName}</span>}
                  </Space>
                }
                description={category.registration ? t('cases.new.registrationRule', { rule: category.registration }) : undefined}
              />
            )}
            <Form.Item
              name="description"
              label={t('cases.description')}
              rules={[
                { required: true, whitespace: true, message: t('cases.new.descriptionRequired') },
                { max: 2000, message: t('cases.new.descriptionMax') },
              ]}
            >
              <Input.TextArea rows={4} showCount maxLength={2000} placeholder={t('cases.new.descriptionPlaceholder')} data-testid="new-case-description" />
            </Form.Item>
            <Form.Item name="address" label={t('cases.address')} dependencies={['lon', 'lat']} rules={[({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                value?.trim() || typeof getFieldValue('lon') === 'number' ? Promise.resolve() : Promise.reject(new Error(t('cases.new.locationRequired'))),
            })]}>
              <Input allowClear placeholder={t('cases.new.addressPlaceholder')} data-testid="new-case-address" />
            </Form.Item>
            <Form.Item name="photos" label={t('cases.photos')}>
              <PhotoUploader testId="new-case-photos" />
            </Form.Item>
            {!inField && (
              <Form.Item name="source" label={t('cases.source')}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'staff', label: L.source('staff') },
                    { value: 'patrol', label: L.source('patrol') },
                  ]}
                />
              </Form.Item>
            )}
            {source === 'patrol' && (
              <Form.Item name="patrolMembers" label={t('cases.new.patrolMembers')}>
                <Input placeholder={t('cases.new.patrolMembersPlaceholder')} />
              </Form.Item>
            )}
            <Row gutter={12}>
              <Col span={12}>
                <Form.Item name="contactName" label={t('cases.new.contactName')}>
                  <Input allowClear maxLength={40} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="contactPhone" label={t('cases.new.contactPhone')} rules={[{ pattern: /^[\d\s+-]{7,20}$/, message: t('cases.new.phoneFormat') }]}>
                  <Input allowClear maxLength={20} />
                </Form.Item>
              </Col>
            </Row>
          </Col>
          <Col xs={24} md={13}>
            <Form.Item label={t('cases.new.point')} required={false} className="gz-mb8">
              <CasePointMap
                value={point}
                grids={grids}
                height={340}
                testId="new-case-map"
                onPick={(p) => {
                  form.setFieldsValue({ lon: p.lon, lat: p.lat });
                  void form.validateFields(['address']).catch(() => undefined);
                }}
              />
            </Form.Item>
            <Space.Compact block>
              <Form.Item name="lon" noStyle rules={[{ type: 'number', min: 73, max: 136, message: t('cases.new.outsideChina') }]}>
                <InputNumber addonBefore={t('cases.lon')} style={{ width: '50%' }} step={0.0001} precision={6} data-testid="new-case-lon" />
              </Form.Item>
              <Form.Item name="lat" noStyle rules={[{ type: 'number', min: 3, max: 54, message: t('cases.new.outsideChina') }]}>
                <InputNumber addonBefore={t('cases.lat')} style={{ width: '50%' }} step={0.0001} precision={6} data-testid="new-case-lat" />
              </Form.Item>
            </Space.Compact>
            <Typography.Paragraph type="secondary" className="gz-mt8 gz-small" data-testid="new-case-located">
              <EnvironmentOutlined />{' '}
              {point
                ? located?.grid
                  ? t('cases.new.inGrid', { grid: `${located.grid.name}`, community: located.community?.name ?? '' })
                  : located
                    ? t('cases.new.noGrid')
                    : t('app.loading')
                : t('cases.new.pointHint')}
            </Typography.Paragraph>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
