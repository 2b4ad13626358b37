/**
 * 业委会: the current owners' committees of the region with their dates, members, party
 * organisation or instructor and findings; 登记业委会; per row 建立党组织, 派驻党建指导员 and the
 * documents (管理规约/议事规则), each a text kept in versions.
 */
import { useState } from 'react';
import { App as AntApp, Button, DatePicker, Form, Input, Modal, Select, Space, Switch, Tag, Tooltip, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { FileTextOutlined, LinkOutlined, SyncOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useI18n } from '../i18n';
import { dateOf, type DateValue } from '../people/peopleCommon';
import { CoverCell, dash, FindingTags, label } from '../party/partyCommon';
import { FormModal } from '../FormModal';
import { ListCard, SectionTable } from '../lists';
import { useLoad } from '../../shared/useLoad';
import { DOCUMENT_KINDS, partyApi } from '../party/partyApi';
import type { Committee, DocumentKind } from '../party/partyApi';
import { BodyActions, type PropertyCtx } from './bodyActions';
import CommitteeModal from './CommitteeModal';
import BodyAccounts from './BodyAccounts';
import { NameCell, useAction } from '../components';

/** 关联账号 of an owners' committee: its members' accounts, which publish the committee's disclosures. */
function CommitteeAccountsModal({ committeeId, onClose }: { committeeId: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const detail = useLoad(committeeId ? (s) => partyApi.committee(committeeId, s) : null, [committeeId]);
  const c = detail.data && detail.data.id === committeeId ? detail.data : null;
  return (
    <Modal open={committeeId !== null} title={c && t('party.committee.accountsTitle', { name: c.compoundName })} onCancel={onClose} footer={null} width={640} destroyOnHidden data-testid="committee-accounts-modal">
      {c && <BodyAccounts kind="owners_committee" id={c.id} accounts={c.accounts} onChanged={detail.reload} />}
    </Modal>
  );
}

interface DocValues {
  kind: DocumentKind;
  title: string;
  content: string;
  adoptedOn: DateValue;
}

function DocumentsModal(props: { committee: Committee | null; onClose: () => void; onAdded: () => void }) {
  const { committee, onClose, onAdded } = props;
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<DocValues>();
  const docs = [...(committee?.documents ?? [])].sort((a, b) => a.kind.localeCompare(b.kind) || b.version - a.version);
  return (
    <Modal
      open={!!committee}
      title={t('party.doc.title', { name: committee?.compoundName ?? '' })}
      onCancel={onClose}
      width={720}
      footer={null}
      destroyOnHidden
    >
      <SectionTable<Committee['documents'][number]>
        add={{ label: t('party.doc.add'), onClick: () => setAdding(true), testId: 'doc-new', primary: true }}
        dataSource={docs}
        testId="docs-table"
        empty={t('party.doc.none')}
        columns={[
          { title: t('party.doc.kind'), dataIndex: 'kind', render: (k: DocumentKind) => <Tag bordered={false}>{t(`party.doc.${k}`)}</Tag> },
          { title: t('party.doc.name'), dataIndex: 'title' },
          { title: t('party.doc.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          { title: t('party.doc.adoptedOn'), dataIndex: 'adoptedOn' },
        ]}
      />
      {committee && (
        <FormModal<DocValues>
          open={adding}
          title={t('party.doc.add')}
          form={form}
          width={680}
          onClose={() => setAdding(false)}
          testId="doc-new"
          okText={t('party.doc.upload')}
          initialValues={{ kind: 'statute', adoptedOn: dayjs() }}
          onSubmit={async (v) => {
            await partyApi.addDocument(committee.id, { kind: v.kind, title: v.title.trim(), content: v.content, adoptedOn: dateOf(v.adoptedOn)! });
            message.success(t('party.doc.added'));
            setAdding(false);
            onAdded();
          }}
        >
          <Space size={16} wrap>
            <Form.Item name="kind" label={t('party.doc.kind')} rules={[{ required: true }]}>
              <Select style={{ width: 160 }} options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`party.doc.${k}`) }))} />
            </Form.Item>
            <Form.Item name="adoptedOn" label={t('party.doc.adoptedOn')} rules={[{ required: true, message: t('party.dateRequired') }]}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="title" label={t('party.doc.name')} rules={[{ required: true, whitespace: true, message: t('party.doc.nameRequired') }]}>
            <Input maxLength={100} data-testid="doc-new-title" />
          </Form.Item>
          <Form.Item
            name="content"
            label={
              <Space>
                {t('party.doc.content')}
                <Upload
                  accept=".txt,.md,text/plain,text/markdown"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    file.text().then((text) => form.setFieldsValue({ content: text, title: form.getFieldValue('title') || file.name.replace(/\.[^.]+$/, '') }));
                    return false;
                  }}
                >
                  <Button size="small" icon={<UploadOutlined />}>
                    {t('party.doc.fromFile')}
                  </Button>
                </Upload>
              </Space>
            }
            rules={[{ required: true, whitespace: true, message: t('party.doc.contentRequired') }]}
          >
            <Input.TextArea rows={8} data-testid="doc-new-content" />
          </Form.Item>
        </FormModal>
      )}
    </Modal>
  );
}

export default function CommitteesTab({ ctx }: { ctx: PropertyCtx }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const { region } = ctx;
  const list = useLoad(region ? (s) => partyApi.committees(region, s) : null, [region, ctx.nonce]);
  const [creating, setCreating] = useState(false);
  const [docsOf, setDocsOf] = useState<number | null>(null);
  const [reelecting, setReelecting] = useState<Committee | null>(null);
  const [accountsOf, setAccountsOf] = useState<number | null>(null);
  const demo = useAction<number>();

  const setDemonstration = (c: Committee, on: boolean) =>
    demo.run(async () => {
      await partyApi.setDemonstration(c.compoundId, on);
      message.success(t(on ? 'party.committee.demonstrationOn' : 'party.committee.demonstrationOff', { name: c.compoundName }));
      ctx.changed();
    }, c.compoundId);

  const columns: TableColumnsType<Committee> = [
    {
      title: t('party.committee.compound'),
      dataIndex: 'compoundName',
      render: (n: string, c) => <NameCell name={n} sub={c.communityName} testId="committee-compound" />,
    },
    { title: t('party.committee.electedOn'), dataIndex: 'electedOn', width: 110 },
    { title: t('party.committee.termEnd'), dataIndex: 'termEnd', width: 110 },
    { title: t('party.committee.firstMeetingOn'), dataIndex: 'firstMeetingOn', width: 110, render: (v: string | null) => dash(v) },
    { title: t('party.committee.filedOn'), dataIndex: 'filedOn', width: 110, render: (v: string | null) => dash(v) },
    {
      title: t('party.committee.memberCount'),
      key: 'members',
      width: 80,
      align: 'right',
      render: (_, c) => (
        <Tooltip title={c.members.map((m) => `${m.name}（${label(t, 'party.title', m.title)}）`).join('、')}>
          <span data-testid="committee-member-count">{c.members.length}</span>
        </Tooltip>
      ),
    },
    { title: t('party.cover.column'), key: 'cover', render: (_, c) => <CoverCell org={c.org} instructor={c.instructor} onOpen={ctx.openOrg} /> },
    { title: t('party.findings'), dataIndex: 'findings', render: (f: Committee['findings']) => <FindingTags findings={f} /> },
    {
      title: (
        <Tooltip title={t('party.committee.demonstrationHint')}>
          <span>{t('party.cov.demonstration')}</span>
        </Tooltip>
      ),
      key: 'demo',
      width: 80,
      render: (_, c) => (
        <Switch
          size="small"
          checked={!!c.demonstration}
          loading={demo.running === c.compoundId}
          onChange={(on) => setDemonstration(c, on)}
          data-testid="committee-demonstration"
        />
      ),
    },
    {
      title: t('regions.actions'),
      key: 'actions',
      width: 170,
      render: (_, c) => (
        <Space direction="vertical" size={0}>
          <BodyActions
            ctx={ctx}
            kind="owners_committee"
            id={c.id}
            name={t('party.committee.unitName', { compound: c.compoundName })}
            region={c.communityCode}
            org={c.org}
            instructor={c.instructor}
          />
          <Button size="small" type="link" icon={<FileTextOutlined />} onClick={() => setDocsOf(c.id)} data-testid="committee-docs">
            {t('party.doc.short', { n: c.documents.length })}
          </Button>
          <Button size="small" type="link" icon={<SyncOutlined />} onClick={() => setReelecting(c)} data-testid="committee-reelect">
            {t('party.committee.reelect')}
          </Button>
          <Button size="small" type="link" icon={<LinkOutlined />} onClick={() => setAccountsOf(c.id)} data-testid="committee-accounts">
            {t('party.committee.accounts')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <ListCard<Committee>
      summary={(n) => t('party.committee.summary', { n })}
      create={{ label: t('party.committee.new'), onClick: () => setCreating(true), testId: 'committee-new' }}
      state={list}
      columns={columns}
      empty={t('party.committee.none')}
      testId="committees-table"
      rowAttrs={(c) => ({ 'data-testid': `committee-row-${c.id}`, 'data-compound': c.compoundName })}
    >
      <CommitteeModal open={creating} region={region} onClose={() => setCreating(false)} onCreated={ctx.changed} />
      {/* mounted only while in use: the form's test ids are the registration's */}
      {reelecting && <CommitteeModal open region={region} reelect={reelecting} onClose={() => setReelecting(null)} onCreated={ctx.changed} />}
      <CommitteeAccountsModal committeeId={accountsOf} onClose={() => setAccountsOf(null)} />
      <DocumentsModal committee={list.data?.items.find((c) => c.id === docsOf) ?? null} onClose={() => setDocsOf(null)} onAdded={ctx.changed} />
    </ListCard>
  );
}
