/**
 * One party organisation: its facts and findings, members (add from the people who hold posts,
 * 正式/预备, join date; end a membership), officers (书记/副书记/委员) and, for a joint branch,
 * the units it covers (at most 5: the server's joint_branch_full is shown).
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, DatePicker, Descriptions, Form, Input, Popconfirm, Radio, Select, Space, Tabs, Tag } from 'antd';
import { ApartmentOutlined, EditOutlined, UserAddOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useI18n } from '../i18n';
import { dateOf, notFuture, type DateValue } from '../people/peopleCommon';
import { dash, FindingTags, FromItem, HolderItem, PartyStatusTag, UnitKindSelect, UnitRefInput } from './partyCommon';
import { DetailDrawer, SectionTable } from '../lists';
import { FormModal, useDialog } from '../FormModal';
import { useLoad } from '../../shared/useLoad';
import { OFFICER_TITLES, partyApi } from './partyApi';
import type { OfficerTitle, OrgDetail, PartyStatus, UnitKind } from './partyApi';

type Member = OrgDetail['members'][number];

interface EditValues {
  name: string;
  termStart?: DateValue;
  approvalRef?: string;
}
interface MemberValues {
  holderId: number;
  status: PartyStatus;
  joinedOn: DateValue;
}
interface OfficerValues {
  holderId: number;
  title: OfficerTitle;
  from: DateValue;
}
interface UnitValues {
  kind: UnitKind;
  ref: string;
}
interface EndValues {
  on: DateValue;
  reason: string;
}

export function OrgFacts({ org }: { org: OrgDetail }) {
  const { t } = useI18n();
  return (
    <Descriptions size="small" bordered column={2} className="gz-mb16" data-testid="org-facts">
      <Descriptions.Item label={t('party.org.kind')}>{t(`party.kind.${org.kind}`)}</Descriptions.Item>
      <Descriptions.Item label={t('party.org.region')}>{org.regionName}</Descriptions.Item>
      <Descriptions.Item label={t('party.org.parent')}>{dash(org.parentName)}</Descriptions.Item>
      <Descriptions.Item label={t('party.org.attached')}>
        <Space size={4}>
          <Tag bordered={false}>{t(`party.unit.${org.attached.kind}`)}</Tag>
          {org.attached.name || org.attached.ref}
          {org.joint && <Tag color="purple">{t('party.org.jointShort')}</Tag>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('party.org.members')}>
        <span data-testid="org-member-counts">{t('party.org.memberCounts', { full: org.fullMembers, prob: org.probationaryMembers })}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('party.org.membersWithSub')}>
        <span data-testid="org-members-with-sub">{t('party.org.membersWithSubValue', { n: org.membersWithSubOrgs ?? org.fullMembers + org.probationaryMembers })}</span>
      </Descriptions.Item>
      {org.residentPartyMembers != null && (
        <Descriptions.Item label={t('party.org.residentMembers')} span={2}>
          <span data-testid="org-resident-members">{t('party.org.residentMembersValue', { n: org.residentPartyMembers })}</span>
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('party.org.secretary')}>{dash(org.secretary?.name)}</Descriptions.Item>
      <Descriptions.Item label={t('party.org.termStart')}>{dash(org.termStart)}</Descriptions.Item>
      <Descriptions.Item label={t('party.org.termEnd')}>{dash(org.termEnd)}</Descriptions.Item>
      <Descriptions.Item label={t('party.org.approvalRef')} span={2}>
        {dash(org.approvalRef)}
      </Descriptions.Item>
      <Descriptions.Item label={t('party.findings')} span={2}>
        <FindingTags findings={org.findings} testId="org-findings" />
      </Descriptions.Item>
    </Descriptions>
  );
}

export default function OrgDrawer(props: { orgId: number | null; onClose: () => void; onChanged: () => void }) {
  const { orgId, onClose, onChanged } = props;
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const detail = useLoad(orgId ? (s) => partyApi.org(orgId, s) : null, [orgId]);
  const org = detail.data && detail.data.id === orgId ? detail.data : null;
  const [, setDialog, dialogProps] = useDialog<'member' | 'officer' | 'unit' | 'edit'>();
  const confirm = async (m: Member) => {
    if (!org) return;
    try {
      await partyApi.setMemberStatus(org.id, m.id, 'full');
      done(t('party.member.confirmed', { name: m.name }));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const [ending, setEnding] = useState<Member | null>(null);
  const [unitForm] = Form.useForm<UnitValues>();
  const unitKind = Form.useWatch('kind', unitForm);

  const done = (text: string) => {
    message.success(text);
    setDialog(null);
    setEnding(null);
    detail.reload();
    onChanged();
  };

  const members = org?.members ?? [];
  const tabs = org
    ? [
        {
          key: 'members',
          label: t('party.org.tabMembers', { n: members.length }),
          children: (
            <SectionTable<Member>
              add={{ label: t('party.member.add'), onClick: () => setDialog('member'), testId: 'org-add-member', primary: true, icon: <UserAddOutlined /> }}
              rowKey="id"
              dataSource={members}
              testId="org-members"
              rowTestId={(m) => `org-member-${m.holderId}`}
              empty={t('party.member.none')}
              columns={[
                { title: t('people.name'), dataIndex: 'name' },
                { title: t('party.member.status'), dataIndex: 'status', render: (s: PartyStatus) => <PartyStatusTag status={s} /> },
                { title: t('party.member.joinedOn'), dataIndex: 'joinedOn' },
                {
                  title: t('regions.actions'),
                  key: 'a',
                  width: 150,
                  render: (_, m) => (
                    <Space size={0}>
                      {m.status === 'probationary' && (
                        <Popconfirm title={t('party.member.confirmAsk', { name: m.name })} onConfirm={() => confirm(m)}>
                          <Button size="small" type="link" data-testid="org-member-confirm">
                            {t('party.member.confirm')}
                          </Button>
                        </Popconfirm>
                      )}
                      <Button size="small" type="link" danger onClick={() => setEnding(m)} data-testid="org-member-end">
                        {t('party.member.end')}
                      </Button>
                    </Space>
                  ),
                },
              ]}
            />
          ),
        },
        {
          key: 'officers',
          label: t('party.org.tabOfficers', { n: org.officers.length }),
          children: (
            <SectionTable<OrgDetail['officers'][number]>
              add={{ label: t('party.officer.add'), onClick: () => setDialog('officer'), testId: 'org-add-officer', disabled: !members.length }}
              rowKey="postId"
              dataSource={org.officers}
              testId="org-officers"
              empty={t('party.officer.none')}
              columns={[
                { title: t('people.name'), dataIndex: 'name' },
                { title: t('party.officer.title'), dataIndex: 'title', render: (v: OfficerTitle) => <Tag color={v === 'secretary' ? 'red' : 'default'}>{t(`party.title.${v}`)}</Tag> },
                { title: t('party.from'), dataIndex: 'from' },
              ]}
            />
          ),
        },
        ...(org.joint
          ? [
              {
                key: 'units',
                label: t('party.org.tabUnits', { n: org.units.length }),
                children: (
                  <SectionTable<OrgDetail['units'][number]>
                    add={{ label: t('party.org.addUnit'), onClick: () => setDialog('unit'), testId: 'org-add-unit' }}
                    rowKey="id"
                    dataSource={org.units}
                    testId="org-units"
                    empty={t('party.units.none')}
                    columns={[
                      { title: t('party.unit.kind'), dataIndex: 'kind', render: (k: UnitKind) => <Tag bordered={false}>{t(`party.unit.${k}`)}</Tag> },
                      { title: t('party.unit.name'), dataIndex: 'name', render: (n: string, u) => n || u.ref },
                    ]}
                  />
                ),
              },
            ]
          : []),
        ...(org.children.length
          ? [
              {
                key: 'children',
                label: t('party.org.tabChildren', { n: org.children.length }),
                children: (
                  <Space wrap>
                    {org.children.map((c) => (
                      <Tag key={c.id}>
                        {c.name} · {t(`party.kind.${c.kind}`)}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
            ]
          : []),
      ]
    : [];

  return (
    <DetailDrawer
      open={orgId !== null}
      onClose={onClose}
      width={780}
      icon={<ApartmentOutlined />}
      name={org?.name}
      testId="org-drawer"
      error={detail.error}
      ready={!!org}
    >
      {org && (
        <div style={{ textAlign: 'right' }} className="gz-mb8">
          <Button size="small" icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="org-edit">
            {t('party.org.edit')}
          </Button>
        </div>
      )}
      {org && <OrgFacts org={org} />}
      {org && <Tabs items={tabs} data-testid="org-tabs" />}
      {org && (
        <>
          <FormModal<EditValues>
            {...dialogProps('edit')}
            title={t('party.org.editTitle', { name: org.name })}
            testId="org-edit"
            initialValues={{ name: org.name, termStart: org.termStart ? dayjs(org.termStart) : undefined, approvalRef: org.approvalRef ?? undefined }}
            codes={{ version_conflict: 'name', date_invalid: 'termStart' }}
            onSubmit={async (v) => {
              await partyApi.updateOrg(org.id, { version: org.version, name: v.name.trim(), termStart: v.termStart ? dateOf(v.termStart)! : null, approvalRef: v.approvalRef?.trim() || null });
              done(t('party.org.saved'));
            }}
          >
            <Form.Item name="name" label={t('party.org.name')} rules={[{ required: true, whitespace: true, message: t('party.org.nameRequired') }]}>
              <Input maxLength={100} data-testid="org-edit-name" />
            </Form.Item>
            <Form.Item name="termStart" label={t('party.org.termStart')}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="approvalRef" label={t('party.org.approvalRef')}>
              <Input maxLength={100} />
            </Form.Item>
          </FormModal>

          <FormModal<MemberValues>
            {...dialogProps('member')}
            title={t('party.member.addTitle', { org: org.name })}
            testId="member-new"
            okText={t('party.member.add')}
            initialValues={{ status: 'full' }}
            codes={{ member_elsewhere: 'holderId', member_exists: 'holderId', holder_not_found: 'holderId', date_invalid: 'joinedOn' }}
            onSubmit={async (v) => {
              await partyApi.addMember(org.id, { holderId: v.holderId, status: v.status, joinedOn: dateOf(v.joinedOn)! });
              done(t('party.member.added'));
            }}
          >
            <HolderItem region={org.regionCode} testId="member-new-holder" />
            <Space size={24} wrap>
              <Form.Item name="status" label={t('party.member.status')} rules={[{ required: true }]}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  data-testid="member-new-status"
                  options={(['full', 'probationary'] as const).map((v) => ({ value: v, label: t(`party.status.${v}`) }))}
                />
              </Form.Item>
              <Form.Item name="joinedOn" label={t('party.member.joinedOn')} rules={[{ required: true, message: t('party.dateRequired') }]}>
                <DatePicker disabledDate={notFuture} data-testid="member-new-joined" />
              </Form.Item>
            </Space>
          </FormModal>

          <FormModal<OfficerValues>
            {...dialogProps('officer')}
            title={t('party.officer.addTitle', { org: org.name })}
            testId="officer-new"
            okText={t('party.officer.add')}
            initialValues={{ title: org.secretary ? 'committee_member' : 'secretary', from: dayjs() }}
            codes={{ secretary_exists: 'title', holder_not_found: 'holderId', not_a_member: 'holderId' }}
            onSubmit={async (v) => {
              await partyApi.addOfficer(org.id, { holderId: v.holderId, title: v.title, from: dateOf(v.from)! });
              done(t('party.officer.added'));
            }}
          >
            <Form.Item name="holderId" label={t('party.officer.member')} rules={[{ required: true, message: t('party.holder.required') }]}>
              <Select options={members.map((m) => ({ value: m.holderId, label: m.name }))} data-testid="officer-new-holder" />
            </Form.Item>
            <Space size={24} wrap>
              <Form.Item name="title" label={t('party.officer.title')} rules={[{ required: true }]}>
                <Select style={{ width: 160 }} options={OFFICER_TITLES.map((v) => ({ value: v, label: t(`party.title.${v}`) }))} data-testid="officer-new-title" />
              </Form.Item>
              <FromItem />
            </Space>
          </FormModal>

          <FormModal<UnitValues>
            {...dialogProps('unit')}
            title={t('party.org.addUnitTitle', { org: org.name })}
            form={unitForm}
            testId="unit-new"
            okText={t('party.org.addUnit')}
            initialValues={{ kind: 'property_outlet' }}
            codes={{ unit_not_found: 'ref' }}
            onSubmit={async (v) => {
              await partyApi.addOrgUnit(org.id, { kind: v.kind, ref: String(v.ref).trim() });
              done(t('party.org.unitAdded'));
            }}
          >
            <Alert type="info" showIcon className="gz-mb16" message={t('party.org.jointLimit')} />
            <Form.Item name="kind" label={t('party.unit.kind')} rules={[{ required: true }]}>
              <UnitKindSelect onChange={() => unitForm.setFieldsValue({ ref: undefined })} testId="unit-new-kind" />
            </Form.Item>
            <Form.Item name="ref" label={t('party.unit.which')} rules={[{ required: true, whitespace: true, message: t('party.unit.required') }]}>
              <UnitRefInput kind={unitKind} region={org.regionCode} testId="unit-new-ref" />
            </Form.Item>
          </FormModal>

          <FormModal<EndValues>
            open={!!ending}
            title={t('party.member.endTitle', { name: ending?.name ?? '' })}
            onClose={() => setEnding(null)}
            testId="member-end"
            okText={t('party.member.end')}
            initialValues={{ on: dayjs() }}
            onSubmit={async (v) => {
              if (!ending) return;
              await partyApi.endMember(org.id, ending.id, { on: dateOf(v.on)!, reason: v.reason.trim() });
              done(t('party.member.ended', { name: ending.name }));
            }}
          >
            <Form.Item name="on" label={t('party.member.endOn')} rules={[{ required: true, message: t('party.dateRequired') }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="reason" label={t('party.member.endReason')} rules={[{ required: true, whitespace: true, message: t('party.member.endReasonRequired') }]}>
              <Input maxLength={200} placeholder={t('party.member.endReasonPlaceholder')} />
            </Form.Item>
          </FormModal>
        </>
      )}
    </DetailDrawer>
  );
}
