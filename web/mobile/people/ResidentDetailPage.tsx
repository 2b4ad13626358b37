/**
 * One resident on the phone: the same masked data as the list, 拨打电话 (the worker states why,
 * the server reveals and audits the number, then a tel: link dials it) and the care groups.
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Dialog, ErrorBlock, List, NavBar, Tag, TextArea } from 'antd-mobile';
import { api } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import type { ResidentDetail } from '../../shared/types';
import { useI18n, type MessageKey } from '../i18n';
import { CareTags } from './MyResidentsPage';
import { SectionSkeleton } from '../SectionSkeleton';

export default function ResidentDetailPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { id } = useParams();
  const n = Number(id);
  const valid = Number.isInteger(n) && n >= 1;
  const loaded = useLoad(valid ? (signal) => api.resident(n, signal) : null, [n]);
  const r: ResidentDetail | null = loaded.data;
  const error = valid ? loaded.failure : new Error(t('error.notFound'));
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [phone, setPhone] = useState<string | null>(null);

  const reveal = async () => {
    if (!r) return;
    if (reason.trim().length < 4) {
      setReasonError(t('m.callReasonShort'));
      return;
    }
    setBusy(true);
    setReasonError(null);
    try {
      const v = await api.reveal(r.id, 'phone', reason.trim());
      setPhone(v.value);
      setAsking(false);
    } catch (e) {
      setReasonError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="m-page" data-testid="m-resident-detail">
      <NavBar onBack={() => (window.history.length > 1 ? navigate(-1) : navigate('/residents'))} className="m-navbar" backIcon>
        {t('m.residentDetail')}
      </NavBar>
      {error ? (
        <ErrorBlock status="default" title={t('error.loadFailed')} description={error.message} />
      ) : !r ? (
        <SectionSkeleton />
      ) : (
        <>
          <div className="m-section">
            <Card className={`m-grid-card${r.livingAlone65 ? ' m-resident-card-la' : ''}`}>
              <div className="m-resident-head">
                <div className={`m-resident-avatar m-resident-avatar-${r.gender} m-resident-avatar-lg`}>{r.name.slice(0, 1)}</div>
                <div>
                  <div className="m-resident-title" data-testid="m-detail-name">
                    {r.name}
                  </div>
                  <div className="m-resident-meta">
                    {t(`people.gender.${r.gender}` as MessageKey)} · {t('people.ageYears', { age: r.age })}
                    {r.partyMember && (
                      <Tag color="danger" fill="outline" className="m-tag-inline">
                        {t('people.partyMember')}
                      </Tag>
                    )}
                  </div>
                  <CareTags r={r} />
                </div>
              </div>
              <List className="m-grid-facts">
                <List.Item extra={<span className="m-mono" data-testid="m-detail-id">{r.idNumber}</span>}>{t('people.idNumber')}</List.Item>
                <List.Item extra={<span className="m-mono" data-testid="m-detail-phone">{r.phone ?? t('people.noPhone')}</span>}>
                  {t('people.phone')}
                </List.Item>
                <List.Item extra={r.household?.gridName ?? '—'}>{t('people.grid')}</List.Item>
                <List.Item description={r.household?.address ?? '—'}>{t('people.address')}</List.Item>
                <List.Item extra={r.relation ? t(`people.relation.${r.relation}` as MessageKey) : '—'}>{t('people.relation')}</List.Item>
                <List.Item extra={r.movedIn ?? '—'}>{t('people.movedIn')}</List.Item>
              </List>
              {r.phone &&
                (phone ? (
                  <a className="m-call-link" href={`tel:${phone}`} data-testid="m-call-link">
                    {t('m.callNow', { phone })}
                  </a>
                ) : (
                  <Button block color="primary" size="large" onClick={() => setAsking(true)} data-testid="m-call">
                    {t('m.call')}
                  </Button>
                ))}
            </Card>
          </div>

          <div className="m-section">
            <div className="m-section-title">{t('m.care')}</div>
            <List mode="card" className="m-list" data-testid="m-care-list">
              {r.livingAlone65 && (
                <List.Item
                  prefix={<span className="m-care-dot m-care-dot-la" />}
                  description={r.livingAloneOverride ? t('people.la.overridden', { reason: r.livingAloneOverride.reason ?? '' }) : t('people.la.derivedHint')}
                  data-testid="m-care-la"
                >
                  {t('people.livingAlone65')}
                </List.Item>
              )}
              {r.careGroups.map((g) => (
                <List.Item
                  key={g.group}
                  prefix={<span className="m-care-dot" />}
                  description={[t('people.care.since', { date: g.setOn }), g.setBy, g.note].filter(Boolean).join(' · ')}
                  data-testid={`m-care-item-${g.group}`}
                >
                  {t(`people.care.${g.group}` as MessageKey)}
                </List.Item>
              ))}
              {!r.livingAlone65 && r.careGroups.length === 0 && <List.Item>{t('m.careNone')}</List.Item>}
            </List>
          </div>
        </>
      )}

      <Dialog
        visible={asking}
        title={t('m.callReasonTitle')}
        content={
          <div data-testid="m-call-dialog">
            <div className="m-dialog-hint">{t('m.callReasonHint')}</div>
            <TextArea
              value={reason}
              onChange={(v) => {
                setReason(v);
                setReasonError(null);
              }}
              placeholder={t('m.callReasonPlaceholder')}
              rows={3}
              maxLength={200}
              className="m-reason"
              data-testid="m-call-reason"
            />
            {reasonError && (
              <div className="m-reason-error" data-testid="m-call-error">
                {reasonError}
              </div>
            )}
          </div>
        }
        closeOnAction={false}
        onClose={() => setAsking(false)}
        actions={[
          [
            { key: 'cancel', text: t('m.cancel'), onClick: () => setAsking(false) },
            { key: 'ok', text: t('m.confirm'), bold: true, disabled: busy, onClick: reveal },
          ],
        ]}
      />
    </div>
  );
}
