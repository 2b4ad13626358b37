/** The resident's facts in the drawer: masked ID number and phone with their 查看 buttons, household, grid, status. */
import { Button, Descriptions, Space } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import type { ResidentDetail } from '../../shared/types';
import { useI18n, type MessageKey } from '../i18n';
import { relationName } from './peopleCommon';
import type { RevealTarget } from './RevealModal';

/** A masked value with the button that asks to see it in full. */
function MaskedField(props: { value: string; field: RevealTarget['field']; testId: string; onReveal: () => void }) {
  const { t } = useI18n();
  return (
    <Space>
      <span className="gz-mono" data-testid={props.testId}>
        {props.value}
      </span>
      <Button size="small" icon={<EyeOutlined />} onClick={props.onReveal} data-testid={`reveal-${props.field}`}>
        {t('people.reveal.button')}
      </Button>
    </Space>
  );
}

export function ResidentFacts(props: {
  r: ResidentDetail;
  status: 'deceased' | 'gone' | 'active';
  onReveal: (target: RevealTarget) => void;
}) {
  const { t } = useI18n();
  const { r, status, onReveal } = props;
  const reveal = (field: RevealTarget['field'], masked: string) => onReveal({ residentId: r.id, name: r.name, field, masked });
  return (
    <Descriptions bordered size="small" column={2} data-testid="resident-facts">
      <Descriptions.Item label={t('people.residentId')}>{r.id}</Descriptions.Item>
      <Descriptions.Item label={t('people.gender')}>{t(`people.gender.${r.gender}` as MessageKey)}</Descriptions.Item>
      <Descriptions.Item label={t('people.birthDate')}>{t('people.bornAge', { date: r.birthDate, age: r.age })}</Descriptions.Item>
      <Descriptions.Item label={t('people.partyMember')}>{r.partyMember ? t('people.yes') : t('people.no')}</Descriptions.Item>
      <Descriptions.Item label={t('people.idNumber')} span={2}>
        <MaskedField value={r.idNumber} field="idNumber" testId="resident-id-masked" onReveal={() => reveal('idNumber', r.idNumber)} />
      </Descriptions.Item>
      <Descriptions.Item label={t('people.phone')} span={2}>
        {r.phone ? (
          <MaskedField value={r.phone} field="phone" testId="resident-phone-masked" onReveal={() => reveal('phone', r.phone!)} />
        ) : (
          <span className="gz-muted">{t('people.noPhone')}</span>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('people.household')}>{r.household ? `#${r.household.id}` : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('people.relation')}>{relationName(t, r.relation)}</Descriptions.Item>
      <Descriptions.Item label={t('people.grid')}>
        {r.household ? (
          <span>
            {r.household.gridName} <span className="gz-muted gz-mono">{r.household.gridCode}</span>
          </span>
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('people.community')}>{r.household?.communityName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('people.address')} span={2}>
        {r.household?.address ?? '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('people.movedIn')}>{r.movedIn ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('people.status')}>
        {status === 'deceased' ? `${t('people.status.deceased')} ${r.deceasedOn}` : t(`people.status.${status}` as MessageKey)}
      </Descriptions.Item>
    </Descriptions>
  );
}
