/** A resident's contact history (visits, calls, sentiment records, proxy services) in the resident drawer. */
import { Card, Empty, Tag, Timeline } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { get } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import { useI18n, type MessageKey } from '../i18n';

const when = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export function ContactHistoryCard({ residentId }: { residentId: number }) {
  const { t } = useI18n();
  const { data } = useLoad((signal) => get('/api/contacts', { query: { resident: residentId }, signal }), [residentId]);
  const items = [
    ...(data?.visits ?? []).map((v) => ({
      key: `v${v.id}`, at: v.at,
      children: (
        <>
          <b>{t(`care.kind.${v.kind}` as MessageKey)}</b> {when(v.at)} · {v.worker} {v.nobodyHome && <Tag>{t('care.history.nobody')}</Tag>}
          {v.caseNumber && <Tag color="blue">{t('care.history.case', { number: v.caseNumber })}</Tag>}
          {v.notes && <div className="gz-muted">{v.notes}</div>}
          {v.sentiments.map((s) => (
            <div key={s.id}>
              <Tag color={s.urgency === 'high' || s.urgency === 'urgent' ? 'red' : 'default'}>{s.topics.join('、')}</Tag>{s.text}
              {s.caseNumber && <Tag color="blue">{t('care.history.case', { number: s.caseNumber })}</Tag>}
            </div>
          ))}
        </>
      ),
    })),
    ...(data?.proxyServices ?? []).map((p) => ({
      key: `p${p.id}`, at: `${p.doneOn}T00:00:00+08:00`,
      children: <><b>{t('care.history.proxy', { matter: p.matter })}</b> {p.doneOn} · {p.worker}{p.result && <div className="gz-muted">{p.result}</div>}</>,
    })),
  ].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return (
    <Card size="small" className="gz-card" title={<span><PhoneOutlined /> {t('care.history')}</span>} data-testid="resident-contacts">
      {items.length ? <Timeline items={items.slice(0, 30).map(({ key, children }) => ({ key, children }))} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('care.history.empty')} />}
    </Card>
  );
}
