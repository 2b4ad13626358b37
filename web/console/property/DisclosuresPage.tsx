/**
 * 物业公示 on its own (/property/disclosures?region=): the 红色物业 tab for those who do not open
 * 红色物业 — the housing bureau, property staff and owners' committee members.
 */
import { useI18n } from '../i18n';
import { RegionPage, useRegionParam } from '../regions/RegionPage';
import DisclosuresTab from './DisclosuresTab';

export default function DisclosuresPage() {
  const { t } = useI18n();
  const scope = useRegionParam();
  const { region } = scope;
  return (
    <RegionPage
      page={{ testId: 'disclosures-page', title: t('menu.disclosures'), desc: t('disc.desc'), crumbs: [t('menu.property')] }}
      picker={{ scope, testId: 'disclosures-region-picker', width: 240 }}
    >
      <DisclosuresTab region={region} />
    </RegionPage>
  );
}
