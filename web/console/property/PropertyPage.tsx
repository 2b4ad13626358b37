/**
 * 红色物业: owners' committees, property companies, the two coverages, cross-appointments and the
 * bodies still to cover, for one region (?region=, ?tab=). 建立党组织 and 派驻党建指导员 open the
 * same dialogs from every tab; a new organisation opens in its drawer to take its members.
 */
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App as AntApp, Space, Tabs } from 'antd';
import { useI18n } from '../i18n';
import { RegionPage, useRegionParam } from '../regions/RegionPage';
import type { PropertyCtx } from './bodyActions';
import OrgModal, { type OrgPrefill } from '../party/OrgModal';
import OrgDrawer from '../party/OrgDrawer';
import InstructorModal, { type InstructorTarget } from './InstructorModal';
import CommitteesTab from './CommitteesTab';
import CompaniesTab from './CompaniesTab';
import CoverageTab from './CoverageTab';
import CrossTab from './CrossTab';
import UnitsTab from './UnitsTab';
import DisclosuresTab from './DisclosuresTab';
import { setSearchParam } from '../../shared/searchParams';

const TABS = ['committees', 'companies', 'coverage', 'cross', 'units', 'disclosures'] as const;
type Tab = (typeof TABS)[number];

export default function PropertyPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const scope = useRegionParam();
  const { region, setRegion, roots } = scope;
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'committees';
  const [nonce, setNonce] = useState(0);
  const [orgPrefill, setOrgPrefill] = useState<OrgPrefill | null>(null);
  const [instructor, setInstructor] = useState<InstructorTarget | null>(null);
  const [openOrg, setOpenOrg] = useState<number | null>(null);
  const changed = useCallback(() => setNonce((n) => n + 1), []);

  const ctx = useMemo<PropertyCtx>(
    () => ({ region, setRegion, roots, nonce, changed, createOrg: setOrgPrefill, assignInstructor: setInstructor, openOrg: setOpenOrg }),
    [region, setRegion, roots, nonce, changed],
  );

  const setTab = (k: string) => setSearchParam(setParams, 'tab', k, true);

  const body = (k: Tab) =>
    k === 'committees' ? (
      <CommitteesTab ctx={ctx} />
    ) : k === 'companies' ? (
      <CompaniesTab ctx={ctx} />
    ) : k === 'coverage' ? (
      <CoverageTab ctx={ctx} />
    ) : k === 'cross' ? (
      <CrossTab ctx={ctx} />
    ) : k === 'disclosures' ? (
      <DisclosuresTab region={region} />
    ) : (
      <UnitsTab ctx={ctx} />
    );

  return (
    <RegionPage
      page={{ testId: 'party-property-page', title: t('party.property.title'), desc: t('party.property.desc'), crumbs: [t('menu.party')] }}
      picker={{ scope, testId: 'property-region-picker', width: 240 }}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          data-testid="property-tabs"
          items={TABS.map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{t(`party.tab.${k}`)}</span>, children: body(k) }))}
        />
      </Space>
      <OrgModal
        open={!!orgPrefill}
        prefill={orgPrefill}
        region={orgPrefill?.regionCode ?? region}
        roots={roots}
        onClose={() => setOrgPrefill(null)}
        onCreated={(o) => {
          changed();
          setOpenOrg(o.id);
        }}
      />
      <InstructorModal
        target={instructor}
        onClose={() => setInstructor(null)}
        onDone={() => {
          message.success(t('party.instructor.assigned', { unit: instructor?.name ?? '' }));
          setInstructor(null);
          changed();
        }}
      />
      <OrgDrawer orgId={openOrg} onClose={() => setOpenOrg(null)} onChanged={changed} />
    </RegionPage>
  );
}
