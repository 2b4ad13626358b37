/**
 * 案件类别 /cases/categories (admin): the category tree with levels, departments, priorities and
 * limits; a drawer edits one category or adds a new one under a parent.
 */
import { useEffect, useMemo, useState } from 'react';
import { App as AntApp, Button, Card, Col, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { casesApi, LIMIT_UNIT_LABELS, caseLabel } from '../../shared/cases';
import type { Category, CaseLevel, CasePriority, LimitUnit } from '../../shared/cases';
import { useI18n, type MessageKey } from '../i18n';
import { Page } from '../components';
import { applyFieldErrors } from '../forms';
import { PriorityTag, useCaseLabels, useCategories } from './casesCommon';
import { validated } from '../forms';

interface Row extends Category {
  children?: Row[];
}

const DEPARTMENT_KINDS: NonNullable<Category['departmentKind']>[] = ['urban_management', 'sanitation', 'water', 'heating', 'housing', 'fire', 'police', 'greening', 'health'];
const LEVELS: CaseLevel[] = ['grid', 'community', 'street'];
const PRIORITIES: CasePriority[] = ['urgent', 'high', 'normal'];
const UNITS: LimitUnit[] = ['working_hours', 'working_days'];

type Editing = { mode: 'edit'; category: Category } | { mode: 'new'; parent: string | null } | null;

export default function CategoriesPage() {
  const { t, lang } = useI18n();
  const L = useCaseLabels();
  const { items, reload } = useCategories();
  const [editing, setEditing] = useState<Editing>(null);

  const tree = useMemo<Row[]>(() => {
    const list = items ?? [];
    const nodes = new Map<string, Row>(list.map((c) => [c.code, { ...c }]));
    const roots: Row[] = [];
    for (const n of [...nodes.values()].sort((a, b) => a.code.localeCompare(b.code))) {
      const p = n.parent ? nodes.get(n.parent) : undefined;
      if (p) (p.children ??= []).push(n);
      else roots.push(n);
    }
    return roots;
  }, [items]);

  const kindName = (k: string | null) => (k ? t(`cases.deptKind.${k}` as MessageKey) : '—');
  const columns: TableColumnsType<Row> = [
    { title: t('cases.cat.code'), dataIndex: 'code', width: 150, render: (v: string) => <span className="gz-mono">{v}</span> },
    {
      title: t('cases.cat.name'),
      dataIndex: 'name',
      width: 200,
      render: (v: string, r) => (
        <Space size={4}>
          <span>{lang === 'en' ? r.nameEn || v : v}</span>
          {!r.active && <Tag>{t('cases.cat.inactive')}</Tag>}
        </Space>
      ),
    },
    { title: t('cases.level'), dataIndex: 'level', width: 80, render: (v: string, r) => (r.children ? '' : L.level(v)) },
    {
      title: t('cases.department'),
      key: 'dept',
      width: 230,
      render: (_, r) =>
        r.children ? null : (
          <Space size={4}>
            <span>{r.departmentName ?? kindName(r.departmentKind)}</span>
            {r.departmentMatter && (
              <Tooltip title={t('cases.cat.matterHint')}>
                <Tag color="volcano">{t('cases.cat.matter')}</Tag>
              </Tooltip>
            )}
          </Space>
        ),
    },
    { title: t('cases.priority'), dataIndex: 'priority', width: 80, render: (v: CasePriority, r) => (r.children ? null : <PriorityTag priority={v} />) },
    { title: t('cases.cat.responseHours'), dataIndex: 'responseHours', width: 110, align: 'right', render: (v: number, r) => (r.children ? null : t('cases.cat.hours', { n: v })) },
    {
      title: t('cases.cat.resolve'),
      key: 'resolve',
      width: 130,
      align: 'right',
      render: (_, r) => (r.children ? null : `${r.resolveValue} ${caseLabel(LIMIT_UNIT_LABELS, lang, r.resolveUnit)}`),
    },
    {
      title: t('cases.cat.escalateOverdue'),
      dataIndex: 'escalateOverdue',
      width: 100,
      align: 'center',
      render: (v: boolean, r) => (r.children ? null : v ? <Tag color="red">{t('cases.yes')}</Tag> : <span className="gz-muted">{t('cases.no')}</span>),
    },
    {
      title: t('cases.actions'),
      key: 'ops',
      width: 190,
      fixed: 'right',
      render: (_, r) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', category: r })} data-testid={`cat-edit-${r.code}`}>
            {t('cases.cat.edit')}
          </Button>
          {r.code.length < 8 && (
            <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'new', parent: r.code })}>
              {t('cases.cat.addChild')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Page
      page={{ testId: 'case-categories-page', title: t('cases.cat.title'), desc: t('cases.cat.desc'), crumbs: [t('menu.cases')] }}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ mode: 'new', parent: null })}>
          {t('cases.cat.addRoot')}
        </Button>
      }
    >
      <Card className="gz-card" size="small">
        <Table<Row>
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={tree}
          loading={items === null}
          pagination={false}
          scroll={{ x: 1350 }}
          expandable={{ defaultExpandAllRows: true }}
          key={items ? 'loaded' : 'loading'}
          data-testid="categories-table"
        />
      </Card>
      <CategoryDrawer
        editing={editing}
        all={items ?? []}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
    </Page>
  );
}

type CatForm = Omit<Category, 'departmentName'>;

/** A yes/no field of the category form, in half a row. */
function SwitchCol(props: { name: string; label: string; extra?: string; testId?: string }) {
  return (
    <Col span={12}>
      <Form.Item name={props.name} label={props.label} valuePropName="checked" extra={props.extra}>
        <Switch data-testid={props.testId} />
      </Form.Item>
    </Col>
  );
}

function CategoryDrawer(props: { editing: Editing; all: Category[]; onClose: () => void; onSaved: () => void }) {
  const { t, lang } = useI18n();
  const L = useCaseLabels();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<CatForm>();
  const [saving, setSaving] = useState(false);
  const { editing } = props;
  const isNew = editing?.mode === 'new';

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    if (editing.mode === 'edit') form.setFieldsValue(editing.category);
    else
      form.setFieldsValue({
        parent: editing.parent,
        code: editing.parent ?? '',
        level: 'community',
        priority: 'normal',
        responseHours: 24,
        resolveValue: 7,
        resolveUnit: 'working_days',
        departmentMatter: false,
        escalateOverdue: false,
        active: true,
        sensitive: false,
      });
  }, [editing, form]);

  const submit = async () => {
    const v = await validated(form); // null: the form shows what is wrong
    if (!v) return;
    const body = {
      parent: v.parent ?? null,
      name: v.name.trim(),
      nameEn: v.nameEn?.trim() ?? '',
      level: v.level,
      departmentKind: v.departmentKind ?? null,
      departmentMatter: !!v.departmentMatter,
      priority: v.priority,
      responseHours: v.responseHours,
      resolveValue: v.resolveValue,
      resolveUnit: v.resolveUnit,
      registration: v.registration?.trim() || null,
      closing: v.closing?.trim() || null,
      escalateOverdue: !!v.escalateOverdue,
      active: v.active !== false,
      sensitive: !!v.sensitive,
    };
    setSaving(true);
    try {
      if (editing?.mode === 'edit') await casesApi.updateCategory(editing.category.code, body);
      else await casesApi.createCategory({ ...body, code: v.code.trim() });
      message.success(t('cases.cat.saved'));
      props.onSaved();
    } catch (e) {
      if (!applyFieldErrors(form, e, Object.keys(body).concat('code'))) message.error((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  const parents = props.all.filter((c) => c.code.length < 8).map((c) => ({ value: c.code, label: `${c.code} ${lang === 'en' ? c.nameEn || c.name : c.name}` }));
  return (
    <Drawer
      open={!!editing}
      width={560}
      title={isNew ? t('cases.cat.newTitle') : t('cases.cat.editTitle', { code: editing?.mode === 'edit' ? editing.category.code : '' })}
      onClose={props.onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('cases.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={submit} data-testid="cat-save">
            {t('cases.save')}
          </Button>
        </Space>
      }
      data-testid="category-drawer"
    >
      <Form<CatForm> form={form} layout="vertical" name="category">
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="code" label={t('cases.cat.code')} rules={[{ required: true, pattern: /^\d{2,8}$/, message: t('cases.cat.codeFormat') }]}>
              <Input className="gz-mono" disabled={!isNew} maxLength={8} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="parent" label={t('cases.cat.parent')}>
              <Select allowClear options={parents} placeholder={t('cases.cat.noParent')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t('cases.cat.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={40} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameEn" label={t('cases.cat.nameEn')}>
              <Input maxLength={80} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="level" label={t('cases.level')} rules={[{ required: true }]}>
              <Select options={LEVELS.map((l) => ({ value: l, label: L.level(l) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="priority" label={t('cases.priority')} rules={[{ required: true }]}>
              <Select options={PRIORITIES.map((p) => ({ value: p, label: L.priority(p) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="departmentKind" label={t('cases.department')}>
              <Select allowClear options={DEPARTMENT_KINDS.map((k) => ({ value: k, label: t(`cases.deptKind.${k}` as MessageKey) }))} />
            </Form.Item>
          </Col>
          <SwitchCol name="departmentMatter" label={t('cases.cat.matter')} extra={t('cases.cat.matterHint')} />
          <Col span={12}>
            <Form.Item name="responseHours" label={t('cases.cat.responseHours')} rules={[{ required: true }]}>
              <InputNumber min={0.25} max={720} step={0.5} addonAfter={t('cases.cat.hoursUnit')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label={t('cases.cat.resolve')} required>
              <Space.Compact block>
                <Form.Item name="resolveValue" noStyle rules={[{ required: true }]}>
                  <InputNumber min={1} max={365} style={{ width: '45%' }} />
                </Form.Item>
                <Form.Item name="resolveUnit" noStyle>
                  <Select style={{ width: '55%' }} options={UNITS.map((u) => ({ value: u, label: caseLabel(LIMIT_UNIT_LABELS, lang, u) }))} />
                </Form.Item>
              </Space.Compact>
            </Form.Item>
          </Col>
          <SwitchCol name="escalateOverdue" label={t('cases.cat.escalateOverdue')} extra={t('cases.cat.escalateHint')} />
          <SwitchCol name="active" label={t('cases.cat.active')} />
          <SwitchCol name="sensitive" label={t('cases.cat.sensitive')} extra={t('cases.cat.sensitiveHint')} testId="cat-sensitive" />
          <Col span={24}>
            <Form.Item name="registration" label={t('cases.cat.registration')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="closing" label={t('cases.cat.closing')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text type="secondary" className="gz-small">
          {t('cases.cat.leafHint')}
        </Typography.Text>
      </Form>
    </Drawer>
  );
}
