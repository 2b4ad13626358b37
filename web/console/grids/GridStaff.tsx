/** The staff of one grid (by post) and the form that adds one. */
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button, Col, Form, Input, Popconfirm, Radio, Row, Tag, Typography } from 'antd';
import { PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import type { Grid, GridPost } from '../../shared/types';
import { useI18n, type MessageKey } from '../i18n';
import { validated } from '../forms';
import { WorkPhone } from './GridCards';

const POSTS = ['worker', 'leader', 'administrator'] as const;

interface StaffForm {
  post: GridPost;
  name?: string;
  username?: string;
  employment?: 'full_time' | 'part_time';
}

export function StaffSection(props: { grid: Grid; canEdit: boolean; onRemove: (staffId: string | number) => void; onChanged: (g: Grid) => void }) {
  const { t } = useI18n();
  const { grid, canEdit, onRemove } = props;
  const row = (
    key: string,
    post: GridPost,
    s: { staffId: string | number; name: string; username: string | null; since: string },
    extra?: ReactNode,
  ) => (
    <div className="gz-staff-row" key={key} data-testid={`staff-${post}-${s.staffId}`}>
      <div className="gz-staff-main">
        <span className="gz-staff-name">{s.name}</span>
        {extra}
        {s.username && <span className="gz-mono gz-muted">@{s.username}</span>}
      </div>
      <div className="gz-staff-side">
        <span className="gz-muted">{t('grids.staff.since', { date: s.since })}</span>
        {canEdit && (
          <Popconfirm
            title={t('grids.staff.removeConfirm', { name: s.name })}
            okText={t('m.confirm')}
            cancelText={t('m.cancel')}
            onConfirm={() => onRemove(s.staffId)}
          >
            <Button size="small" type="link" danger data-testid={`staff-remove-${s.staffId}`}>
              {t('grids.staff.remove')}
            </Button>
          </Popconfirm>
        )}
      </div>
    </div>
  );
  return (
    <div className="gz-staff" data-testid="grid-staff">
      <div className="gz-staff-group">
        <div className="gz-staff-title">{t('grids.post.worker')}</div>
        {grid.workers.length === 0 ? (
          <div className="gz-muted gz-staff-none">{grid.kind === 'basic' ? t('grids.noWorkerLong') : t('regions.none')}</div>
        ) : (
          grid.workers.map((w) =>
            row(`w${w.staffId}`, 'worker', w, (
              <>
                <Tag color={w.employment === 'full_time' ? 'red' : 'default'} bordered={false}>
                  {t(`grids.employment.${w.employment}` as MessageKey)}
                </Tag>
                <WorkPhone grid={grid} staffId={w.staffId} workPhone={w.workPhone ?? null} hasPhoto={!!w.hasPhoto} canEdit={canEdit} onChanged={props.onChanged} />
              </>
            )),
          )
        )}
      </div>
      <div className="gz-staff-group">
        <div className="gz-staff-title">{t('grids.post.leader')}</div>
        {grid.leader ? row(`l${grid.leader.staffId}`, 'leader', grid.leader) : <div className="gz-muted gz-staff-none">{t('regions.none')}</div>}
      </div>
      <div className="gz-staff-group">
        <div className="gz-staff-title">{t('grids.post.administrator')}</div>
        {grid.administrators.length === 0 ? (
          <div className="gz-muted gz-staff-none">{t('regions.none')}</div>
        ) : (
          grid.administrators.map((a) => row(`a${a.staffId}`, 'administrator', a))
        )}
      </div>
    </div>
  );
}

export function StaffAddForm(props: { grid: Grid; onAdded: (g: Grid) => void; onError: (e: unknown) => void }) {
  const { t } = useI18n();
  const { grid, onAdded, onError } = props;
  const [form] = Form.useForm<StaffForm>();
  const post = Form.useWatch('post', form);
  const initialPost: GridPost = grid.kind === 'dedicated' ? 'administrator' : 'worker';
  const [busy, setBusy] = useState(false);

  const onAdd = async () => {
    const v = await validated(form); // null: the form shows what is wrong
    if (!v) return;
    const name = v.name?.trim() || undefined;
    const username = v.username?.trim() || undefined;
    if (!name && !username) {
      form.setFields([{ name: 'name', errors: [t('grids.staff.nameOrUsername')] }]);
      return;
    }
    setBusy(true);
    try {
      const g = await api.addGridStaff(grid.code, {
        post: v.post,
        name,
        username,
        employment: v.post === 'worker' ? (v.employment ?? 'full_time') : undefined,
      });
      form.resetFields();
      onAdded(g);
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gz-staff-form" data-testid="grid-staff-form">
      <Typography.Text strong>
        <UserAddOutlined /> {t('grids.staff.add')}
      </Typography.Text>
      <Form<StaffForm>
        form={form}
        layout="vertical"
        size="small"
        initialValues={{ post: initialPost, employment: 'full_time' }}
        className="gz-mt8"
      >
        <Form.Item name="post" label={t('grids.staff.post')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="staff-post" options={POSTS.map((p) => ({ value: p, label: t(`grids.post.${p}`) }))} />
        </Form.Item>
        {(post ?? initialPost) === 'worker' && (
          <Form.Item name="employment" label={t('grids.staff.employment')}>
            <Radio.Group data-testid="staff-employment">
              <Radio value="full_time">{t('grids.employment.full_time')}</Radio>
              <Radio value="part_time">{t('grids.employment.part_time')}</Radio>
            </Radio.Group>
          </Form.Item>
        )}
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name="name" label={t('grids.staff.name')}>
              <Input maxLength={40} data-testid="staff-name" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="username" label={t('grids.staff.username')} tooltip={t('grids.staff.usernameHint')}>
              <Input maxLength={64} data-testid="staff-username" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" icon={<PlusOutlined />} loading={busy} onClick={onAdd} data-testid="staff-add">
          {t('grids.staff.addButton')}
        </Button>
      </Form>
    </div>
  );
}
