/** The form that names a newly drawn grid and creates it. */
import { useEffect, useState } from 'react';
import { Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { api } from '../../shared/api';
import type { Grid, GridGeometry, GridIssue, GridKind, GridUnitKind, RegionRef } from '../../shared/types';
import { labelPoint } from '../../shared/gridmap';
import { useI18n, type MessageKey } from '../i18n';
import { RegionPicker } from '../regions/RegionPicker';
import { validated } from '../forms';

const UNIT_KINDS: GridUnitKind[] = ['school', 'hospital', 'market', 'company', 'other'];

interface NewGridForm {
  communityCode: string;
  name: string;
  kind: GridKind;
  unitKind?: GridUnitKind;
}

export function NewGridModal(props: {
  geometry: GridGeometry;
  region: RegionRef;
  onCancel: () => void;
  onCreated: (g: Grid, warnings: GridIssue[]) => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useI18n();
  const { geometry, region, onCancel, onCreated, onError } = props;
  const [form] = Form.useForm<NewGridForm>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);

  // Outside a community, propose the community under the drawn shape.
  useEffect(() => {
    if (region.level === 'community') return;
    const at = labelPoint(geometry);
    if (!at) return;
    let cancelled = false;
    api
      .locateGrid(at[0], at[1], 'wgs84')
      .then((r) => {
        if (!cancelled && r.community && !form.getFieldValue('communityCode')) form.setFieldsValue({ communityCode: r.community.code });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [geometry, region, form]);

  const onOk = async () => {
    const v = await validated(form); // null: the form shows what is wrong
    if (!v) return;
    setBusy(true);
    try {
      const r = await api.createGrid({
        communityCode: v.communityCode,
        name: v.name.trim(),
        kind: v.kind,
        unitKind: v.kind === 'dedicated' ? (v.unitKind ?? 'other') : undefined,
        geometry,
        crs: 'wgs84',
      });
      onCreated(r.grid, r.warnings ?? []);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('grids.newTitle')}
      onCancel={onCancel}
      onOk={onOk}
      confirmLoading={busy}
      okText={t('grids.create')}
      cancelText={t('m.cancel')}
      okButtonProps={{ 'data-testid': 'grid-new-submit' } as Record<string, string>}
    >
      <Typography.Paragraph type="secondary">{t('grids.newHint')}</Typography.Paragraph>
      <Form<NewGridForm>
        form={form}
        layout="vertical"
        data-testid="grid-new-form"
        initialValues={{ kind: 'basic', communityCode: region.level === 'community' ? region.code : undefined }}
      >
        <Form.Item name="communityCode" label={t('grids.community')} rules={[{ required: true, message: t('grids.communityRequired') }]}>
          <RegionPicker roots={[region]} levels={['community']} style={{ width: '100%' }} testId="grid-new-community" />
        </Form.Item>
        <Form.Item name="name" label={t('grids.name')} rules={[{ required: true, whitespace: true, message: t('grids.nameRequired') }]}>
          <Input maxLength={60} placeholder={t('grids.namePlaceholder')} data-testid="grid-new-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('grids.kind')}>
          <Radio.Group optionType="button" buttonStyle="solid" options={(['basic', 'dedicated'] as const).map((k) => ({ value: k, label: t(`grids.kind.${k}`) }))} />
        </Form.Item>
        {kind === 'dedicated' && (
          <Form.Item name="unitKind" label={t('grids.unitKind')} rules={[{ required: true, message: t('grids.unitKindRequired') }]}>
            <Select options={UNIT_KINDS.map((u) => ({ value: u, label: t(`grids.unit.${u}` as MessageKey) }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
