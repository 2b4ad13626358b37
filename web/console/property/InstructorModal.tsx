/**
 * 派驻党建指导员: a person who holds posts (or one registered on the spot) sent to an owners'
 * committee, a property company or an outlet that has no party organisation of its own.
 */
import { Typography } from 'antd';
import dayjs from 'dayjs';
import { useI18n } from '../i18n';
import { dateOf, type DateValue } from '../people/peopleCommon';
import { FromItem, HolderItem } from '../party/partyCommon';
import { FormModal } from '../FormModal';
import { partyApi } from '../party/partyApi';
import type { BodyKind } from '../party/partyApi';

export interface InstructorTarget {
  kind: BodyKind;
  id: number;
  name: string;
  /** Where the instructor is looked up and registered. */
  region: string;
}

interface Values {
  holderId: number;
  from: DateValue;
}

export default function InstructorModal(props: { target: InstructorTarget | null; onClose: () => void; onDone: () => void }) {
  const { target, onClose, onDone } = props;
  const { t } = useI18n();
  return (
    <FormModal<Values>
      open={!!target}
      title={t('party.instructor.title')}
      onClose={onClose}
      testId="instructor-new"
      okText={t('party.instructor.assign')}
      initialValues={{ from: dayjs() }}
      codes={{ holder_not_found: 'holderId', instructor_exists: 'holderId' }}
      onSubmit={async (v) => {
        if (!target) return;
        await partyApi.createInstructor({ holderId: v.holderId, unit: { kind: target.kind, ref: String(target.id) }, from: dateOf(v.from)! });
        onDone();
      }}
    >
      {target && (
        <Typography.Paragraph data-testid="instructor-new-unit">
          {t('party.instructor.to', { unit: `${t(`party.unit.${target.kind}`)} · ${target.name}` })}
        </Typography.Paragraph>
      )}
      <HolderItem label={t('party.instructor.person')} region={target?.region ?? null} testId="instructor-new-holder" />
      <FromItem />
    </FormModal>
  );
}
