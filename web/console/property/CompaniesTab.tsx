/**
 * 物业企业: the property companies of the region (credit code, outlets, compounds served, staff,
 * party members, organisation or instructor); 新增物业企业 (the server checks the credit code);
 * the drawer of one company: outlets, contracts, staff posts and its two actions.
 */
import { useState } from 'react';
import { App as AntApp, Button, DatePicker, Descriptions, Form, Input, Popconfirm, Select, Space, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ShopOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { api } from '../../shared/api';
import { useI18n } from '../i18n';
import { RegionPicker } from '../regions/RegionPicker';
import { dateOf, todayStr, type DateValue } from '../people/peopleCommon';
import { CoverCell, FromItem, HolderItem, label, PartyStatusTag } from '../party/partyCommon';
import { DetailDrawer, ListCard, SectionTable } from '../lists';
import { FormModal, useDialog } from '../FormModal';
import { useLoad } from '../../shared/useLoad';
import { partyApi, STAFF_TITLES } from '../party/partyApi';
import type { BodyMember, Company, CompanyDetail, Outlet, StaffTitle } from '../party/partyApi';
import { BodyActions, type PropertyCtx } from './bodyActions';
import BodyAccounts from './BodyAccounts';

interface CompanyValues {
  name: string;
  creditCode: string;
  regionCode: string;
  address?: string;
}
interface OutletValues {
  name: string;
  regionCode: string;
  address?: string;
}
interface ContractValues {
  compoundId: number;
  outletId?: number;
  startsOn: DateValue;
  endsOn?: DateValue;
}
interface StaffValues {
  holderId: number;
  title: StaffTitle;
  from: DateValue;
}

const CREDIT_CODES = { credit_code_format: 'creditCode', credit_code_check: 'creditCode', credit_code_duplicate: 'creditCode' };

function CompanyDrawer(props: { companyId: number | null; ctx: PropertyCtx; onClose: () => void }) {
  const { companyId, ctx, onClose } = props;
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const detail = useLoad(companyId ? (s) => partyApi.company(companyId, s) : null, [companyId, ctx.nonce]);
  const c: CompanyDetail | null = detail.data && detail.data.id === companyId ? detail.data : null;
  const [dialog, setDialog, dialogProps] = useDialog<'outlet' | 'contract' | 'staff'>();
  const compounds = useLoad(dialog === 'contract' && ctx.region ? (s) => api.compounds(ctx.region!, s) : null, [dialog, ctx.region]);

  const done = (text: string) => {
    message.success(text);
    setDialog(null);
    ctx.changed();
  };
  const endPost = async (m: BodyMember) => {
    try {
      await partyApi.endPost(m.postId, todayStr());
      done(t('party.staff.ended', { name: m.name }));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <DetailDrawer
      open={companyId !== null}
      onClose={onClose}
      width={820}
      icon={<ShopOutlined />}
      name={c?.name}
      testId="company-drawer"
      error={detail.error}
      ready={!!c}
      extra={c && <BodyActions ctx={ctx} kind="property_company" id={c.id} name={c.name} region={c.regionCode} org={c.org} instructor={c.instructor} size="middle" />}
    >
      {c && (
        <>
          <Descriptions size="small" bordered column={2} className="gz-mb16">
            <Descriptions.Item label={t('party.company.creditCode')}>
              <span className="gz-mono">{c.creditCode}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('party.company.region')}>{c.regionName}</Descriptions.Item>
            <Descriptions.Item label={t('party.company.partyMembers')}>{c.partyMembers}</Descriptions.Item>
            <Descriptions.Item label={t('party.cover.column')}>
              <CoverCell org={c.org} instructor={c.instructor} onOpen={ctx.openOrg} />
            </Descriptions.Item>
          </Descriptions>
          <Tabs
            items={[
              {
                key: 'outlets',
                label: t('party.company.tabOutlets', { n: c.outlets.length }),
                children: (
                  <SectionTable<Outlet>
                    add={{ label: t('party.outlet.add'), onClick: () => setDialog('outlet'), testId: 'company-add-outlet' }}
                    dataSource={c.outlets}
                    testId="company-outlets"
                    empty={t('party.outlet.none')}
                    columns={[
                      { title: t('party.outlet.name'), dataIndex: 'name' },
                      { title: t('party.company.region'), key: 'r', render: (_, o) => o.regionName ?? o.regionCode },
                      { title: t('people.address'), dataIndex: 'address', render: (v: string | null) => v || '—' },
                      { title: t('party.cover.column'), key: 'cover', render: (_, o) => <CoverCell org={o.org} instructor={o.instructor} onOpen={ctx.openOrg} /> },
                      {
                        title: t('regions.actions'),
                        key: 'a',
                        render: (_, o) => <BodyActions ctx={ctx} kind="property_outlet" id={o.id} name={`${c.name}${o.name}`} region={o.regionCode} org={o.org} instructor={o.instructor} />,
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'contracts',
                label: t('party.company.tabContracts', { n: c.contracts.length }),
                children: (
                  <SectionTable<CompanyDetail['contracts'][number]>
                    add={{ label: t('party.contract.add'), onClick: () => setDialog('contract'), testId: 'company-add-contract' }}
                    dataSource={c.contracts}
                    testId="company-contracts"
                    empty={t('party.contract.none')}
                    columns={[
                      { title: t('party.committee.compound'), dataIndex: 'compoundName' },
                      { title: t('party.contract.outlet'), dataIndex: 'outletId', render: (v: number | null) => c.outlets.find((o) => o.id === v)?.name ?? '—' },
                      { title: t('party.contract.startsOn'), dataIndex: 'startsOn' },
                      { title: t('party.contract.endsOn'), dataIndex: 'endsOn', render: (v: string | null) => v ?? t('party.contract.open') },
                    ]}
                  />
                ),
              },
              {
                key: 'staff',
                label: t('party.company.tabStaff', { n: c.staff.length }),
                children: (
                  <SectionTable<BodyMember>
                    add={{ label: t('party.staff.add'), onClick: () => setDialog('staff'), testId: 'company-add-staff' }}
                    rowKey="postId"
                    dataSource={c.staff}
                    testId="company-staff"
                    empty={t('party.staff.none')}
                    columns={[
                      { title: t('people.name'), dataIndex: 'name' },
                      { title: t('party.staff.title'), dataIndex: 'title', render: (v: string) => <Tag bordered={false}>{label(t, 'party.title', v)}</Tag> },
                      { title: t('party.member.status'), dataIndex: 'partyStatus', render: (s: BodyMember['partyStatus']) => <PartyStatusTag status={s} /> },
                      {
                        title: t('regions.actions'),
                        key: 'a',
                        render: (_, m) => (
                          <Popconfirm title={t('party.staff.endConfirm', { name: m.name })} onConfirm={() => endPost(m)}>
                            <Button size="small" type="link" danger>
                              {t('party.staff.end')}
                            </Button>
                          </Popconfirm>
                        ),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'accounts',
                label: t('party.company.tabAccounts', { n: c.accounts?.length ?? 0 }),
                children: <BodyAccounts kind="property_company" id={c.id} accounts={c.accounts ?? []} onChanged={ctx.changed} />,
              },
            ]}
          />

          <FormModal<OutletValues>
            {...dialogProps('outlet')}
            title={t('party.outlet.addTitle', { name: c.name })}
            testId="outlet-new"
            okText={t('party.create')}
            initialValues={{ regionCode: ctx.region ?? undefined }}
            codes={{ region_not_found: 'regionCode', out_of_scope: 'regionCode' }}
            onSubmit={async (v) => {
              await partyApi.createOutlet(c.id, { name: v.name.trim(), regionCode: v.regionCode, address: v.address?.trim() || undefined });
              done(t('party.outlet.added'));
            }}
          >
            <Form.Item name="name" label={t('party.outlet.name')} rules={[{ required: true, whitespace: true, message: t('party.outlet.nameRequired') }]}>
              <Input maxLength={100} data-testid="outlet-new-name" />
            </Form.Item>
            <Form.Item name="regionCode" label={t('party.outlet.region')} rules={[{ required: true, message: t('party.org.regionRequired') }]}>
              <RegionPicker roots={ctx.roots} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="address" label={t('people.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </FormModal>

          <FormModal<ContractValues>
            {...dialogProps('contract')}
            title={t('party.contract.addTitle', { name: c.name })}
            testId="contract-new"
            okText={t('party.create')}
            initialValues={{ startsOn: dayjs() }}
            codes={{ contract_overlap: 'compoundId', compound_not_found: 'compoundId', date_order: 'endsOn' }}
            onSubmit={async (v) => {
              await partyApi.createContract({ compoundId: v.compoundId, companyId: c.id, outletId: v.outletId, startsOn: dateOf(v.startsOn)!, endsOn: dateOf(v.endsOn) });
              done(t('party.contract.added'));
            }}
          >
            <Form.Item name="compoundId" label={t('party.committee.compound')} rules={[{ required: true, message: t('party.committee.compoundRequired') }]}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={compounds.loading}
                options={(compounds.data?.items ?? []).map((x) => ({ value: x.id, label: `${x.name}（${x.communityName}）` }))}
              />
            </Form.Item>
            <Form.Item name="outletId" label={t('party.contract.outlet')}>
              <Select allowClear options={c.outlets.map((o) => ({ value: o.id, label: o.name }))} />
            </Form.Item>
            <Space size={16}>
              <Form.Item name="startsOn" label={t('party.contract.startsOn')} rules={[{ required: true, message: t('party.dateRequired') }]}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="endsOn" label={t('party.contract.endsOn')}>
                <DatePicker />
              </Form.Item>
            </Space>
          </FormModal>

          <FormModal<StaffValues>
            {...dialogProps('staff')}
            title={t('party.staff.addTitle', { name: c.name })}
            testId="staff-new"
            okText={t('party.staff.add')}
            initialValues={{ title: 'staff', from: dayjs() }}
            codes={{ holder_not_found: 'holderId', post_exists: 'holderId' }}
            onSubmit={async (v) => {
              await partyApi.createPost({ holderId: v.holderId, body: { kind: 'property_company', ref: String(c.id) }, title: v.title, from: dateOf(v.from)! });
              done(t('party.staff.added'));
            }}
          >
            <HolderItem region={c.regionCode} testId="staff-new-holder" />
            <Space size={16}>
              <Form.Item name="title" label={t('party.staff.title')} rules={[{ required: true }]}>
                <Select style={{ width: 140 }} options={STAFF_TITLES.map((v) => ({ value: v, label: t(`party.title.${v}`) }))} />
              </Form.Item>
              <FromItem />
            </Space>
          </FormModal>
        </>
      )}
    </DetailDrawer>
  );
}

export default function CompaniesTab({ ctx }: { ctx: PropertyCtx }) {
  const { t } = useI18n();
  const { region } = ctx;
  const list = useLoad(region ? (s) => partyApi.companies(region, s) : null, [region, ctx.nonce]);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const [form] = Form.useForm<CompanyValues>();

  const columns: TableColumnsType<Company> = [
    {
      title: t('party.company.name'),
      dataIndex: 'name',
      render: (n: string, c) => (
        <Typography.Link onClick={() => setOpenId(c.id)} data-testid="company-name">
          {n}
        </Typography.Link>
      ),
    },
    { title: t('party.company.creditCode'), dataIndex: 'creditCode', width: 190, render: (v: string) => <span className="gz-mono gz-small">{v}</span> },
    { title: t('party.company.outlets'), dataIndex: 'outlets', width: 70, align: 'right' },
    { title: t('party.company.compounds'), dataIndex: 'compounds', width: 80, align: 'right' },
    { title: t('party.company.staff'), dataIndex: 'staff', width: 70, align: 'right' },
    { title: t('party.company.partyMembers'), dataIndex: 'partyMembers', width: 70, align: 'right' },
    { title: t('party.cover.column'), key: 'cover', render: (_, c) => <CoverCell org={c.org} instructor={c.instructor} onOpen={ctx.openOrg} /> },
    {
      title: t('regions.actions'),
      key: 'actions',
      width: 170,
      render: (_, c) => <BodyActions ctx={ctx} kind="property_company" id={c.id} name={c.name} region={c.regionCode} org={c.org} instructor={c.instructor} />,
    },
  ];

  return (
    <ListCard<Company>
      summary={(n) => t('party.company.summary', { n })}
      create={{ label: t('party.company.new'), onClick: () => setCreating(true), testId: 'company-new' }}
      state={list}
      columns={columns}
      empty={t('party.company.none')}
      testId="companies-table"
      rowAttrs={(c) => ({ 'data-testid': `company-row-${c.id}`, 'data-name': c.name })}
    >
      <FormModal<CompanyValues>
        open={creating}
        title={t('party.company.new')}
        form={form}
        onClose={() => setCreating(false)}
        testId="company-new"
        okText={t('party.create')}
        initialValues={{ regionCode: region ?? undefined }}
        codes={{ ...CREDIT_CODES, region_not_found: 'regionCode', out_of_scope: 'regionCode' }}
        onSubmit={async (v) => {
          const c = await partyApi.createCompany({ name: v.name.trim(), creditCode: v.creditCode.trim().toUpperCase(), regionCode: v.regionCode, address: v.address?.trim() || undefined });
          ctx.changed();
          setOpenId(c.id);
          return t('party.company.created', { name: c.name });
        }}
      >
        <Form.Item name="name" label={t('party.company.name')} rules={[{ required: true, whitespace: true, message: t('party.company.nameRequired') }]}>
          <Input maxLength={100} data-testid="company-new-name" />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('party.company.creditCode')}
          rules={[{ required: true, whitespace: true, message: t('party.company.creditRequired') }]}
          extra={t('party.company.creditHint')}
        >
          <Input maxLength={18} className="gz-mono" autoComplete="off" data-testid="company-new-credit" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('party.company.region')} rules={[{ required: true, message: t('party.org.regionRequired') }]}>
          <RegionPicker roots={ctx.roots} style={{ width: '100%' }} testId="company-new-region" />
        </Form.Item>
        <Form.Item name="address" label={t('people.address')}>
          <Input maxLength={200} />
        </Form.Item>
      </FormModal>
      <CompanyDrawer companyId={openId} ctx={ctx} onClose={() => setOpenId(null)} />
    </ListCard>
  );
}
