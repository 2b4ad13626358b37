/**
 * 登记业委会: the compound, the election (date, term of 1–5 years, households), the first meeting
 * and the filing, and the members (people who hold posts, picked or registered on the spot) with
 * their titles 主任/副主任/委员. Size, parity, chair and date rules are the server's: its
 * message is shown as it comes.
 */
import { Button, Col, DatePicker, Form, InputNumber, Row, Select, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '../../shared/api';
import { useI18n } from '../i18n';
import { dateOf, notFuture, type DateValue } from '../people/peopleCommon';
import { PostHolderSelect } from '../party/partyCommon';
import { FormModal } from '../FormModal';
import { useLoad } from '../../shared/useLoad';
import { COMMITTEE_TITLES, partyApi } from '../party/partyApi';
import type { Committee, CommitteeTitle } from '../party/partyApi';

interface Values {
  compoundId: number;
  electedOn: DateValue;
  termYears: number;
  households?: number;
  firstMeetingOn?: DateValue;
  filedOn?: DateValue;
  members: { holderId?: number; title?: CommitteeTitle }[];
}

const STARTING_MEMBERS: Values['members'] = [{ title: 'chair' }, { title: 'vice_chair' }, { title: 'member' }, { title: 'member' }, { title: 'member' }];

/**
 * With `reelect`, the same form records a new term of that committee (换届): its compound is fixed,
 * the previous term goes to history and its members' posts end (the server's rules as for a new one).
 */
/** Says so and closes once registered; `onCreated` then. */
export default function CommitteeModal(props: { open: boolean; region: string | null; onClose: () => void; onCreated: (c: Committee) => void; reelect?: Committee | null }) {
  const { open, region, onClose, onCreated, reelect } = props;
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const compounds = useLoad(open && region ? (s) => api.compounds(region, s) : null, [open, region]);
  const compoundId = Form.useWatch('compoundId', form);
  const members = Form.useWatch('members', form);
  const compound = compounds.data?.items.find((c) => c.id === compoundId) ?? null;
  const holderRegion = compound?.communityCode ?? region;

  return (
    <FormModal<Values>
      open={open}
      title={reelect ? t('party.committee.reelectTitle', { name: reelect.compoundName }) : t('party.committee.new')}
      form={form}
      width={760}
      onClose={onClose}
      testId={reelect ? 'committee-reelect' : 'committee-new'}
      okText={reelect ? t('party.committee.reelect') : t('party.committee.register')}
      initialValues={{ termYears: 5, members: STARTING_MEMBERS, ...(reelect ? { compoundId: reelect.compoundId } : {}) }}
      codes={{ committee_exists: 'compoundId', compound_not_found: 'compoundId', committee_term_too_long: 'termYears', committee_term_invalid: 'termYears' }}
      onSubmit={async (v) => {
        const term = {
          electedOn: dateOf(v.electedOn)!,
          termYears: v.termYears,
          households: v.households ?? undefined,
          firstMeetingOn: dateOf(v.firstMeetingOn),
          filedOn: dateOf(v.filedOn),
          members: (v.members ?? []).map((m) => ({ holderId: m.holderId!, title: m.title! })),
        };
        const c = reelect
          ? await partyApi.reelectCommittee(reelect.id, { version: reelect.version, ...term })
          : await partyApi.createCommittee({ compoundId: v.compoundId, ...term });
        onCreated(c);
        return t(reelect ? 'party.committee.reelected' : 'party.committee.created', { name: c.compoundName });
      }}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="compoundId" label={t('party.committee.compound')} rules={[{ required: true, message: t('party.committee.compoundRequired') }]}>
            <Select
              disabled={!!reelect}
              showSearch
              optionFilterProp="label"
              loading={compounds.loading}
              options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name}（${c.communityName}）` }))}
              data-testid="committee-new-compound"
            />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="electedOn" label={t('party.committee.electedOn')} rules={[{ required: true, message: t('party.dateRequired') }]}>
            <DatePicker disabledDate={notFuture} style={{ width: '100%' }} data-testid="committee-new-elected" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="termYears" label={t('party.committee.termYears')} rules={[{ required: true, message: t('party.committee.termRequired') }]}>
            <InputNumber min={1} max={5} precision={0} addonAfter={t('party.years')} style={{ width: '100%' }} data-testid="committee-new-term" />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="households" label={t('party.committee.households')}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} data-testid="committee-new-households" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="firstMeetingOn" label={t('party.committee.firstMeetingOn')} extra={t('party.committee.firstMeetingHint')}>
            <DatePicker disabledDate={notFuture} style={{ width: '100%' }} data-testid="committee-new-meeting" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="filedOn" label={t('party.committee.filedOn')} extra={t('party.committee.filedHint')}>
            <DatePicker disabledDate={notFuture} style={{ width: '100%' }} data-testid="committee-new-filed" />
          </Form.Item>
        </Col>
      </Row>
      <div className="gz-subform">
        <Typography.Text strong>{t('party.committee.members')}</Typography.Text>{' '}
        <Typography.Text type="secondary" className="gz-small" data-testid="committee-new-count">
          {t('party.committee.membersHint', { n: (members ?? []).length })}
        </Typography.Text>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <div className="gz-mt8">
              {fields.map((f, i) => (
                <Row gutter={8} key={f.key} align="top" data-testid={`committee-member-${i}`}>
                  <Col span={15}>
                    <Form.Item name={[f.name, 'holderId']} rules={[{ required: true, message: t('party.holder.required') }]}>
                      <PostHolderSelect region={holderRegion} testId={`committee-member-${i}-holder`} />
                    </Form.Item>
                  </Col>
                  <Col span={7}>
                    <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: t('party.committee.titleRequired') }]}>
                      <Select options={COMMITTEE_TITLES.map((v) => ({ value: v, label: t(`party.title.${v}`) }))} data-testid={`committee-member-${i}-title`} />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('party.remove')} data-testid={`committee-member-${i}-remove`} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ title: 'member' })} data-testid="committee-new-add-member">
                {t('party.committee.addMember')}
              </Button>
            </div>
          )}
        </Form.List>
      </div>
    </FormModal>
  );
}
