/** The banner of running emergency campaigns with items in the worker's grids: first on the phone's home and campaign pages. */
import { NoticeBar } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import type { MyCampaigns } from '../../shared/campaigns/api';
import { useCampaignText } from '../../shared/campaigns/text';

export function EmergencyBanner({ mine }: { mine: MyCampaigns | null }) {
  const { t } = useCampaignText();
  const navigate = useNavigate();
  const urgent = (mine?.items ?? []).filter((x) => x.campaign.emergency && x.campaign.todo > 0);
  if (!urgent.length) return null;
  return (
    <div data-testid="m-campaign-emergency">
      {urgent.map(({ campaign: c }) => (
        <NoticeBar
          key={c.id}
          color="error"
          wrap
          content={<span onClick={() => navigate(`/campaigns#c${c.id}`)}>{t('emergency.banner', { title: c.title, deadline: c.deadline, todo: c.todo })}</span>}
        />
      ))}
    </div>
  );
}
