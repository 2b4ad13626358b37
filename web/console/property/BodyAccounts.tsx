/**
 * 关联账号: the accounts that work for a body — property staff for a company, members for an owners'
 * committee. A company's linked account publishes its disclosures for the compounds it serves and
 * may appeal its credit rating; a committee's publishes the committee's. The street or community
 * links and unlinks them (audited).
 */
import { useState } from 'react';
import { App as AntApp, Alert, Button, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import { request } from '../../shared/api';
import type { ApiSchema } from '../../shared/apiTypes';
import { useCan } from '../../shared/auth';
import { useI18n } from '../i18n';
import { chinaDate } from '../../shared/property/text';

export type BodyAccount = ApiSchema<'BodyAccount'>;

/** The accounts route of a body: `/api/property-companies/:id/accounts` or `/api/owners-committees/:id/accounts`. */
export const accountsUrl = (kind: 'property_company' | 'owners_committee', id: number) =>
  `/api/${kind === 'property_company' ? 'property-companies' : 'owners-committees'}/${encodeURIComponent(String(id))}/accounts`;

export default function BodyAccounts(props: { kind: 'property_company' | 'owners_committee'; id: number; accounts: BodyAccount[]; onChanged: () => void }) {
  const { t } = useI18n();
  // those who keep the company register (property.edit; the server checks again)
  const canEdit = useCan()('property.edit');
  const { message } = AntApp.useApp();
  const [username, setUsername] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const link = async () => {
    if (!username.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await request<{ items: BodyAccount[] }>(accountsUrl(props.kind, props.id), { method: 'PUT', body: { username: username.trim() } });
      message.success(t('party.account.linked', { username: username.trim() }));
      setUsername('');
      props.onChanged();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const unlink = async (a: BodyAccount) => {
    try {
      await request(`${accountsUrl(props.kind, props.id)}/${a.id}`, { method: 'DELETE' });
      message.success(t('party.account.unlinked', { username: a.username }));
      props.onChanged();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <div data-testid="company-accounts">
      <Typography.Paragraph type="secondary" className="gz-small">
        {t(props.kind === 'property_company' ? 'party.account.hint' : 'party.account.hintCommittee')}
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
      <Table<BodyAccount>
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
                  render: (_: unknown, a: BodyAccount) => (
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
