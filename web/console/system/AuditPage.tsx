import { auditActionName } from './auditActions';
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { FilterOutlined, LeftOutlined, ReloadOutlined, RightOutlined, SafetyCertificateOutlined, VerticalRightOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import type { AuditItem, AuditVerify } from '../../shared/types';
import { useI18n } from '../i18n';
import { Mono, Page, RoleTag } from '../components';
import { DataTable } from '../lists';

const PAGE_SIZE = 20;

interface Filters {
  action: string;
  actor: string;
}

function formatTime(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}

export default function AuditPage() {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({ action: '', actor: '' });
  // cursors[i] is the `before` value of page i (page 0 has none).
  const [cursors, setCursors] = useState<(string | number | null)[]>([null]);
  const [page, setPage] = useState(0);
  const [items, setItems] = useState<AuditItem[]>([]);
  const [nextBefore, setNextBefore] = useState<string | number | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloadNonce, setReloadNonce] = useState(0);

  const [verifying, setVerifying] = useState(false);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);

  const before = cursors[page] ?? null;

  useEffect(() => {
    const ac = new AbortController();
    setLoading(true);
    setError(null);
    api
      .audit({ limit: PAGE_SIZE, before, action: filters.action, actor: filters.actor }, ac.signal)
      .then((r) => {
        setItems(r.items);
        setNextBefore(r.nextBefore ?? null);
      })
      .catch((e) => {
        if (ac.signal.aborted) return;
        setItems([]);
        setNextBefore(null);
        setError((e as Error).message);
      })
      .finally(() => {
        if (!ac.signal.aborted) setLoading(false);
      });
    return () => ac.abort();
  }, [before, filters, reloadNonce]);

  const applyFilters = (v: Partial<Filters>) => {
    setFilters({ action: (v.action ?? '').trim(), actor: (v.actor ?? '').trim() });
    setCursors([null]);
    setPage(0);
  };

  const goNext = () => {
    if (nextBefore === null) return;
    setCursors((prev) => [...prev.slice(0, page + 1), nextBefore]);
    setPage((p) => p + 1);
  };

  const runVerify = useCallback(async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerify(await api.auditVerify());
    } catch (e) {
      setVerify(null);
      setVerifyError((e as Error).message);
    } finally {
      setVerifying(false);
    }
  }, []);

  const columns: TableColumnsType<AuditItem> = [
    { title: t('audit.id'), dataIndex: 'id', width: 80, render: (id) => <span className="gz-mono">{id}</span> },
    {
      title: t('audit.at'),
      dataIndex: 'at',
      width: 180,
      render: (at: string) => <span className="gz-nowrap">{formatTime(at, lang)}</span>,
    },
    {
      title: t('audit.actor'),
      dataIndex: 'actorUsername',
      width: 120,
      render: (u: string | null) => <Mono value={u} testId="audit-actor" />,
    },
    {
      title: t('audit.role'),
      dataIndex: 'role',
      width: 140,
      render: (r: string | null) => (r ? <RoleTag role={r} /> : <span className="gz-muted">—</span>),
    },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (a: string) => {
        const name = lang === 'en' ? null : auditActionName(a);
        return (
          <span data-testid="audit-action-cell">
            {name && <span style={{ marginRight: 8 }}>{name}</span>}
            <Typography.Text code className="gz-audit-action">
              {a}
            </Typography.Text>
          </span>
        );
      },
    },
    {
      title: t('audit.target'),
      key: 'target',
      render: (_, r) =>
        r.targetType ? (
          <span className="gz-mono gz-small">
            {r.targetType}
            {r.targetId ? `:${r.targetId}` : ''}
          </span>
        ) : (
          <span className="gz-muted">—</span>
        ),
    },
    {
      title: t('audit.scope'),
      dataIndex: 'scopeCode',
      width: 130,
      render: (c: string | null) => (c ? <span className="gz-mono gz-small">{c}</span> : <span className="gz-muted">—</span>),
    },
    {
      title: t('audit.requestId'),
      dataIndex: 'requestId',
      width: 120,
      ellipsis: { showTitle: false },
      render: (id: string | null) =>
        id ? (
          <Tooltip title={id}>
            <span className="gz-mono gz-small">{id}</span>
          </Tooltip>
        ) : (
          <span className="gz-muted">—</span>
        ),
    },
    {
      title: t('audit.hash'),
      dataIndex: 'hash',
      width: 120,
      render: (h: string) => (
        <Tooltip title={<span className="gz-mono">{h}</span>}>
          <span className="gz-mono gz-small gz-hash">{h ? `${h.slice(0, 10)}…` : ''}</span>
        </Tooltip>
      ),
    },
  ];

  return (
    <Page
      page={{ testId: 'audit-page', title: t('audit.title'), desc: t('audit.desc'), crumbs: [t('menu.system')] }}
      extra={
        <Button
          type="primary"
          icon={<SafetyCertificateOutlined />}
          loading={verifying}
          onClick={runVerify}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      }
    >
      {verify && (
        <Alert
          className="gz-mb16"
          type={verify.ok ? 'success' : 'error'}
          showIcon
          closable
          onClose={() => setVerify(null)}
          data-testid="audit-verify-result"
          data-ok={verify.ok ? 'true' : 'false'}
          message={verify.ok ? t('audit.verifyOk') : t('audit.verifyBroken')}
          description={
            verify.ok
              ? t('audit.verifyOkDesc', { checked: verify.checked })
              : t('audit.verifyBrokenDesc', {
                  checked: verify.checked,
                  id: verify.firstBroken?.id ?? '?',
                  reason: verify.firstBroken?.reason ?? '',
                })
          }
        />
      )}
      {verifyError && <Alert className="gz-mb16" type="error" showIcon message={verifyError} />}
      <Card className="gz-card">
        <Form<Filters>
          form={form}
          layout="inline"
          onFinish={applyFilters}
          className="gz-filter-bar"
          initialValues={{ action: '', actor: '' }}
        >
          <Form.Item name="action" label={t('audit.action')}>
            <Input allowClear placeholder={t('audit.filterAction')} style={{ width: 240 }} data-testid="audit-filter-action" />
          </Form.Item>
          <Form.Item name="actor" label={t('audit.actor')}>
            <Input allowClear placeholder={t('audit.filterActor')} style={{ width: 180 }} data-testid="audit-filter-actor" />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit" icon={<FilterOutlined />} data-testid="audit-search">
                {t('audit.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  applyFilters({});
                }}
              >
                {t('audit.reset')}
              </Button>
              <Tooltip title={t('audit.refresh')}>
                <Button icon={<ReloadOutlined />} onClick={() => setReloadNonce((n) => n + 1)} aria-label={t('audit.refresh')} />
              </Tooltip>
            </Space>
          </Form.Item>
        </Form>
        {error && <Alert className="gz-mb16" type="error" showIcon message={error} />}
        <DataTable<AuditItem>
          columns={columns}
          dataSource={items}
          loading={loading}
          scroll={{ x: 1100 }}
          expandable={{
            rowExpandable: (r) => r.detail !== undefined && r.detail !== null,
            expandedRowRender: (r) => (
              <pre className="gz-audit-detail" data-testid={`audit-detail-${r.id}`}>
                {JSON.stringify(r.detail, null, 2)}
              </pre>
            ),
          }}
          empty={t('audit.empty')}
          testId="audit-table"
        />
        <div className="gz-cursor-pager">
          <Typography.Text type="secondary" data-testid="audit-page-no">
            {t('audit.page', { page: page + 1 })}
          </Typography.Text>
          <Space>
            <Button icon={<VerticalRightOutlined />} disabled={page === 0 || loading} onClick={() => setPage(0)}>
              {t('audit.first')}
            </Button>
            <Button icon={<LeftOutlined />} disabled={page === 0 || loading} onClick={() => setPage((p) => p - 1)}>
              {t('audit.prev')}
            </Button>
            <Button disabled={nextBefore === null || loading} onClick={goNext} data-testid="audit-next">
              {t('audit.next')} <RightOutlined />
            </Button>
          </Space>
        </div>
      </Card>
    </Page>
  );
}
