/**
 * 物业公示 on its own (/property/disclosures?region=): the 红色物业 tab for those who do not open
 * 红色物业 — the housing bureau, property staff and owners' committee members.
 */
import { Alert } from 'antd';
import { useI18n } from '../i18n';
import { PageHeader } from '../components';
import { RegionPicker } from '../regions/RegionPicker';
import { useRegionParam } from '../grids/gridsCommon';
import DisclosuresTab from './DisclosuresTab';

export default function DisclosuresPage() {
  const { t } = useI18n();
  const { region, setRegion, roots, rootsError } = useRegionParam();
  return (
    <div className="gz-page" data-testid="disclosures-page">
      <PageHeader
        title={t('menu.disclosures')}
        desc={t('disc.desc')}
        crumbs={[t('menu.property')]}
        extra={<RegionPicker value={region} roots={roots} onChange={(code) => setRegion(code)} testId="disclosures-region-picker" style={{ minWidth: 240 }} />}
      />
      {rootsError && <Alert type="error" showIcon message={rootsError} />}
      <DisclosuresTab region={region} />
    </div>
  );
}
