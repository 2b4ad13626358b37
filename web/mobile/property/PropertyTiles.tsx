/**
 * The home page's 物业服务 section for residents: 物业公示, 满意度测评, the public 红黑榜 and 我的房屋 (实名绑定). The
 * red/black lists are published per street or district, so the list opens for the resident's
 * whole city (its own community code while the city is not known).
 */
import { Grid } from 'antd-mobile';
import { api } from '../../shared/api';
import { useLoad } from '../../shared/useLoad';
import { useAuth } from '../../shared/auth';
import { RESIDENT_COMPOUNDS } from '../../shared/abilities';
import { usePropertyText } from '../../shared/property/text';
import { AppTile } from '../AppTile';
import './property.css';

export function PropertyTiles() {
  const { pt } = usePropertyText();
  const { can, scopeOf } = useAuth();
  // a resident's tiles: those whose policy gives a home (compounds.mine), at the region it is bound to
  const resident = can(RESIDENT_COMPOUNDS);
  const home = scopeOf(RESIDENT_COMPOUNDS)[0] ?? null;
  // the lists are published per city: the home's city, else the home itself
  const city = useLoad(home ? (signal) => api.region(home, signal).then((d) => d.ancestors.find((x) => x.level === 'city')?.code ?? null).catch(() => null) : null, [home]).data ?? null;
  if (!resident) return null;
  const creditRegion = city ?? home;
  const tiles = [
    { key: 'disclosures', icon: '公', to: '/disclosures', name: pt('home.disclosures'), sub: pt('home.disclosuresSub') },
    { key: 'survey', icon: '评', to: '/survey', name: pt('home.survey'), sub: pt('home.surveySub') },
    { key: 'my-home', icon: '家', to: '/my-home', name: pt('home.myHome'), sub: pt('home.myHomeSub') },
    {
      key: 'credit',
      icon: '榜',
      to: creditRegion ? `/credit?region=${encodeURIComponent(creditRegion)}` : '/credit',
      name: pt('home.credit'),
      sub: pt('home.creditSub'),
    },
  ];
  return (
    <div className="m-section" data-testid="m-property-section">
      <div className="m-section-title">{pt('home.section')}</div>
      <Grid columns={4} gap={8}>
        {tiles.map((x) => (
          <AppTile key={x.key} to={x.to} id={x.key} icon={x.icon} name={x.name} sub={x.sub} />
        ))}
      </Grid>
    </div>
  );
}
