/**
 * 关联账号: the property-staff accounts that work for a company. A linked account publishes the
 * company's disclosures for the compounds it serves and may appeal its credit rating; the street
 * or community links and unlinks them (audited).
 */
import { useState } from 'react';
import { App as AntApp, Alert, Button, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import { request } from '../../../shared/api';
import { useAuth } from '../../../shared/auth';
import { useI18n } from '../../i18n';
import { chinaDate } from '../../../mobile/property/text';

export interface CompanyAccount {
  id: number;
  username: string;
  displayName: string;
  linkedAt: string;
}

const base = (companyId: number) => `/api/property-companies/${encodeURIComponent(String(companyId))}/accounts`;

/** The roles that keep the company register (the server checks again). */
const EDIT_ROLES = ['admin', 'street_command', 'community_staff'];

export default function CompanyAccounts(props: { companyId: number; accounts: CompanyAccount[]; onChanged: () => void }) {
  const { t } = useI18n();
  const { hasRole } = useAuth();
  const canEdit = EDIT_ROLES.some((r) => hasRole(r));
  const { message } = AntApp.useApp();
  const [username, setUsername] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const link = async () => {
    if (!username.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await request<{ items: CompanyAccount[] }>(base(props.companyId), { method: 'PUT', body: { username: username.trim() } });
      message.success(t('party.account.linked', { username: username.trim() }));
      setUsername('');
      props.onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const unlink = async (a: CompanyAccount) => {
    try {
      await request(`${base(props.companyId)}/${a.id}`, { method: 'DELETE' });
      message.success(t('party.account.unlinked', { username: a.username }));
      props.onChanged();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <div data-testid="company-accounts">
      <Typography.Paragraph type="secondary" className="gz-small">
        {t('party.account.hint')}
      </Typography.Paragraph>
      {canEdit && (
        <Space.Compact className="gz-mb8">
          <Input value={username} onChange={(e) => setUsername(e.target.value)} placeholder={t('party.account.username')} onPressEnter={() => void link()} style={{ width: 240 }} data-testid="company-account-username" />
          <Button icon={<LinkOutlined />} loading={busy} onClick={() => void link()} data-testid="company-account-link">
            {t('party.account.link')}
          </Button>
        </Space.Compact>
      )}
      {error && <Alert className="gz-mb8" type="error" showIcon closable onClose={() => setError(null)} message={error} data-testid="company-account-error" />}
      <Table<CompanyAccount>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={props.accounts}
        locale={{ emptyText: t('party.account.none') }}
        columns={[
          { title: t('party.account.username'), dataIndex: 'username', render: (u: string) => <span className="gz-mono">{u}</span> },
          { title: t('party.account.name'), dataIndex: 'displayName' },
          { title: t('party.account.linkedAt'), dataIndex: 'linkedAt', render: (d: string) => chinaDate(d) },
          ...(canEdit
            ? [
                {
                  title: t('regions.actions'),
                  key: 'a',
                  render: (_: unknown, a: CompanyAccount) => (
                    <Popconfirm title={t('party.account.unlinkConfirm', { username: a.username })} onConfirm={() => unlink(a)}>
                      <Button size="small" type="link" danger>
                        {t('party.account.unlink')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
