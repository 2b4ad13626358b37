import { Suspense, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App as AntApp, Avatar, Button, Dropdown, Layout, Menu, Space, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  ApartmentOutlined,
  EnvironmentOutlined,
  ApiOutlined,
  AimOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  FileSearchOutlined,
  FileProtectOutlined,
  TrophyOutlined,
  FlagOutlined,
  FundOutlined,
  NodeIndexOutlined,
  ScheduleOutlined,
  TeamOutlined,
  BorderInnerOutlined,
  PieChartOutlined,
  HeartOutlined,
  HomeOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useI18n } from './i18n';
import { useAuth } from '../shared/auth';
import { Brand, LangButton, PageSpin } from './components';
import { useGridAbilities } from './grids/gridsCommon';
import { usePeopleAbilities } from './people/peopleCommon';
import { useCaseAbilities } from './cases/casesCommon';
import { usePartyAbilities } from './party/partyAbilities';
import { usePropertyAbilities } from './credit/abilities';
import NotificationBell from './notifications/NotificationBell';
import { useCampaignText } from '../shared/campaigns/text';
import { usePatrolText } from '../shared/patrols/text';

const { Header, Sider, Content, Footer } = Layout;

export default function ConsoleLayout() {
  const { t, lang, roleName } = useI18n();
  const { user, logout, can } = useAuth();
  const { tx } = usePatrolText();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const canAudit = can('audit.read');
  const canIntegrations = can('cases.integrations');
  const { canView: canViewGrids } = useGridAbilities();
  const { canResidents, canPlaces, canStats } = usePeopleAbilities();
  const cases = useCaseAbilities();
  const { canView: canParty } = usePartyAbilities();
  const { canDisclosures, canCredit } = usePropertyAbilities();
  const canCampaigns = can('campaigns.read');
  const { t: campaignText } = useCampaignText();
  const items = useMemo<MenuProps['items']>(() => {
    // Each group: its entries, each shown when the caller may open it; a group with none is left out.
    type Entry = { show: boolean; key: string; icon: ReactNode; label: string };
    const groups: { key: string; label: string; entries: Entry[] }[] = [
      {
        key: 'g-basic',
        label: t('menu.basic'),
        entries: [
          { show: true, key: '/regions', icon: <ApartmentOutlined />, label: t('menu.regions') },
          { show: true, key: '/scope', icon: <SafetyCertificateOutlined />, label: t('menu.scope') },
        ],
      },
      {
        key: 'g-cases',
        label: t('menu.cases'),
        entries: [
          { show: cases.canCases, key: '/cases', icon: <FileSearchOutlined />, label: t('menu.caseQueue') },
          { show: cases.canTasks, key: '/cases/tasks', icon: <ScheduleOutlined />, label: t('menu.caseTasks') },
          { show: cases.canMetrics, key: '/cases/metrics', icon: <FundOutlined />, label: t('menu.caseMetrics') },
          { show: cases.canCategories, key: '/cases/categories', icon: <NodeIndexOutlined />, label: t('menu.caseCategories') },
        ],
      },
      {
        key: 'g-grids',
        label: t('menu.grids'),
        entries: [
          { show: canViewGrids, key: '/grids', icon: <BorderInnerOutlined />, label: t('menu.gridMap') },
          { show: canViewGrids, key: '/grids/coverage', icon: <PieChartOutlined />, label: t('menu.gridCoverage') },
          { show: canCampaigns, key: '/campaigns', icon: <AimOutlined />, label: campaignText('menu') },
          { show: can('patrols.read'), key: '/patrols', icon: <EnvironmentOutlined />, label: tx('patrol.list') },
          { show: can('patrols.structures'), key: '/structures', icon: <HomeOutlined />, label: tx('structure.list') },
        ],
      },
      {
        key: 'g-people',
        label: t('menu.people'),
        entries: [
          { show: canResidents, key: '/people/residents', icon: <TeamOutlined />, label: t('menu.residents') },
          { show: canPlaces, key: '/people/compounds', icon: <BankOutlined />, label: t('menu.compounds') },
          { show: canStats, key: '/people/stats', icon: <BarChartOutlined />, label: t('menu.peopleStats') },
          { show: can('care.compliance'), key: '/care/compliance', icon: <HeartOutlined />, label: t('menu.careCompliance') },
        ],
      },
      {
        key: 'g-party',
        label: t('menu.party'),
        entries: [
          { show: canParty, key: '/party/orgs', icon: <FlagOutlined />, label: t('menu.partyOrgs') },
          { show: canParty, key: '/party/grid-chain', icon: <ApartmentOutlined />, label: t('menu.partyGridChain') },
          { show: canParty, key: '/party/property', icon: <HomeOutlined />, label: t('menu.partyProperty') },
        ],
      },
      {
        key: 'g-property',
        label: t('menu.property'),
        entries: [
          // 物业公示 is a tab of 红色物业; those who do not open 红色物业 get it here
          { show: canDisclosures && !canParty, key: '/property/disclosures', icon: <FileProtectOutlined />, label: t('menu.disclosures') },
          { show: canCredit, key: '/credit', icon: <TrophyOutlined />, label: t('menu.credit') },
        ],
      },
      {
        key: 'g-system',
        label: t('menu.system'),
        entries: [
          { show: canAudit, key: '/audit', icon: <AuditOutlined />, label: t('menu.audit') },
          { show: canIntegrations, key: '/integrations', icon: <ApiOutlined />, label: t('menu.integrations') },
        ],
      },
    ];
    return groups
      .map((g) => ({ type: 'group' as const, key: g.key, label: g.label, children: g.entries.filter((e) => e.show).map(({ key, icon, label }) => ({ key, icon, label })) }))
      .filter((g) => g.children.length > 0);
  }, [t, canAudit, canIntegrations, canViewGrids, canResidents, canPlaces, canStats, cases.canCases, cases.canTasks, cases.canMetrics, cases.canCategories, canParty, canDisclosures, canCredit, canCampaigns, campaignText, can, tx]);

  // The longest menu entry that prefixes the path (/grids/coverage before /grids).
  const selected =
    ['/cases/tasks', '/cases/metrics', '/cases/categories', '/cases', '/grids/coverage', '/grids', '/people/residents', '/people/compounds', '/people/stats', '/care/compliance', '/party/orgs', '/party/grid-chain', '/party/property', '/property/disclosures', '/credit', '/campaigns', '/patrols', '/structures', '/regions', '/scope', '/audit', '/integrations'].find(
      (k) => location.pathname === k || location.pathname.startsWith(`${k}/`),
    ) ?? (location.pathname.startsWith('/people/import') ? '/people/residents' : '/' + (location.pathname.split('/')[1] ?? ''));

  const onLogout = async () => {
    await logout();
    message.success(t('header.logoutDone'));
    navigate('/login', { replace: true });
  };

  const primaryRole = user?.roles[0];

  return (
    <Layout className="gz-shell">
      <Header className="gz-header">
        <Brand logoSize={34} testId="brand" />
        <Space size={8} className="gz-header-right">
          <NotificationBell />
          <Tooltip title={lang === 'en' ? '切换到中文' : 'Switch to English'}>
            <LangButton />
          </Tooltip>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'scope',
                  icon: <SafetyCertificateOutlined />,
                  label: t('menu.scope'),
                  onClick: () => navigate('/scope'),
                },
                { type: 'divider' },
                { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), onClick: onLogout },
              ],
            }}
          >
            <div className="gz-user" data-testid="current-user">
              <Avatar size={30} icon={<UserOutlined />} className="gz-user-avatar" />
              <div className="gz-user-text">
                <span className="gz-user-name" data-testid="user-display-name">
                  {user?.displayName}
                </span>
                {primaryRole && (
                  <span className="gz-user-role">
                    {roleName(primaryRole.role)} · {primaryRole.regionName}
                  </span>
                )}
              </div>
            </div>
          </Dropdown>
          <Tooltip title={t('header.logout')}>
            <Button
              type="text"
              className="gz-header-btn"
              icon={<LogoutOutlined />}
              onClick={onLogout}
              data-testid="logout"
              aria-label={t('header.logout')}
            />
          </Tooltip>
        </Space>
      </Header>
      <Layout>
        <Sider
          width={216}
          collapsedWidth={64}
          collapsed={collapsed}
          className="gz-sider"
          breakpoint="lg"
          onBreakpoint={(broken) => setCollapsed(broken)}
          trigger={null}
        >
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={items}
            onClick={(e) => navigate(e.key)}
            className="gz-menu"
            data-testid="side-menu"
          />
          <div className="gz-sider-footer">
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed((c) => !c)}
              aria-label="toggle menu"
            />
          </div>
        </Sider>
        <Layout className="gz-main">
          <Content className="gz-content">
            <Suspense fallback={<PageSpin />}>
              <Outlet />
            </Suspense>
          </Content>
          <Footer className="gz-footer">
            <Typography.Text type="secondary">{t('app.footer')}</Typography.Text>
          </Footer>
        </Layout>
      </Layout>
    </Layout>
  );
}
