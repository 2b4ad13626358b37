/**
 * One resident: details (masked), the 查看 buttons that reveal a field for a stated purpose,
 * household history, care groups, the living-alone-65+ flag, edits (with the version read), moving
 * out and recording a death. Pieces: ResidentFacts, ResidentCards, ResidentModals, RevealModal.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Drawer, Result, Skeleton, Space, Tag } from 'antd';
import { EditOutlined, ExportOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import type { ResidentDetail } from '../../shared/types';
import { useAuth } from '../../shared/auth';
import { useI18n } from '../i18n';
import RevealModal, { type RevealTarget } from './RevealModal';
import { ResidentFacts } from './ResidentFacts';
import { CareGroupsCard, HistoryCard, LivingAloneCard } from './ResidentCards';
import { ContactHistoryCard } from '../care/ContactHistoryCard';
import { DeathModal, EditResidentModal, MoveResidentModal } from './ResidentModals';

export function residentStatus(r: Pick<ResidentDetail, 'deceasedOn' | 'household'>): 'deceased' | 'gone' | 'active' {
  return r.deceasedOn ? 'deceased' : r.household ? 'active' : 'gone';
}

export default function ResidentDrawer(props: { id: number | null; onClose: () => void; onChanged: () => void }) {
  const { id, onClose, onChanged } = props;
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const [r, setR] = useState<ResidentDetail | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [reveal, setReveal] = useState<RevealTarget | null>(null);
  const [editOpen, setEditOpen] = useState(false);
  const [moveOpen, setMoveOpen] = useState(false);
  const [deathOpen, setDeathOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async (rid: number) => {
    try {
      const d = await api.resident(rid);
      setR(d);
      setError(null);
      return d;
    } catch (e) {
      setError(e as Error);
      return null;
    }
  }, []);

  useEffect(() => {
    setR(null);
    setError(null);
    setReveal(null);
    setEditOpen(false);
    setMoveOpen(false);
    setDeathOpen(false);
    if (id) void load(id);
  }, [id, load]);

  const changed = (next?: ResidentDetail | null) => {
    if (next) setR(next);
    onChanged();
  };

  /** Reads the resident again (after a write or a version conflict). */
  const refresh = async (): Promise<ResidentDetail | null> => {
    if (!r) return null;
    const next = await load(r.id);
    changed(next);
    return next;
  };

  /** Runs a write, then reads the resident again. Errors are shown unless `quiet` (the caller shows them). */
  const run = async (key: string, fn: () => Promise<unknown>, done?: string, quiet = false): Promise<void> => {
    if (!r) return;
    setBusy(key);
    try {
      await fn();
      await refresh();
      if (done) message.success(done);
    } catch (e) {
      if (!quiet) message.error((e as Error).message);
      throw e;
    } finally {
      setBusy(null);
    }
  };

  const status = r ? residentStatus(r) : 'active';
  const active = status === 'active';
  const deceased = status === 'deceased';
  const dialog = { r, busy, run };

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      width={720}
      destroyOnHidden
      title={
        r ? (
          <Space size={8} wrap>
            <span data-testid="resident-drawer-name">{r.name}</span>
            {deceased && <Tag>{t('people.status.deceased')}</Tag>}
            {status === 'gone' && <Tag>{t('people.status.gone')}</Tag>}
            {r.partyMember && <Tag color="red">{t('people.partyMember')}</Tag>}
            {r.livingAlone65 && <Tag color="volcano">{t('people.livingAlone65')}</Tag>}
          </Space>
        ) : (
          t('people.detail')
        )
      }
      extra={
        r && (
          <Button icon={<EditOutlined />} onClick={() => setEditOpen(true)} disabled={deceased} data-testid="resident-edit">
            {t('people.edit')}
          </Button>
        )
      }
      data-testid="resident-drawer"
    >
      {error && !r ? (
        <Result status="warning" title={t('error.loadFailed')} subTitle={error.message} />
      ) : !r ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <div className="gz-stack" data-testid={`resident-detail-${r.id}`}>
          <ResidentFacts r={r} status={status} onReveal={setReveal} />
          <LivingAloneCard r={r} deceased={deceased} busy={busy} run={run} />
          <CareGroupsCard r={r} deceased={deceased} busy={busy} run={run} />
          <HistoryCard r={r} />
          {can('visits.read') && <ContactHistoryCard residentId={r.id} />}

          <Card size="small" className="gz-card" title={t('people.changes')}>
            <Space wrap>
              <Button icon={<ExportOutlined />} disabled={!active} onClick={() => setMoveOpen(true)} data-testid="resident-move">
                {t('people.move.button')}
              </Button>
              <Button danger disabled={deceased} onClick={() => setDeathOpen(true)} data-testid="resident-death">
                {t('people.death.button')}
              </Button>
            </Space>
            {!active && (
              <Alert
                className="gz-mt8"
                type="info"
                showIcon
                message={deceased ? t('people.deceasedHint', { date: r.deceasedOn ?? '' }) : t('people.goneHint')}
              />
            )}
          </Card>
        </div>
      )}

      <RevealModal target={reveal} onClose={() => setReveal(null)} />
      <EditResidentModal {...dialog} open={editOpen} onClose={() => setEditOpen(false)} refresh={refresh} />
      <MoveResidentModal {...dialog} open={moveOpen} onClose={() => setMoveOpen(false)} />
      <DeathModal {...dialog} open={deathOpen} onClose={() => setDeathOpen(false)} />
    </Drawer>
  );
}
