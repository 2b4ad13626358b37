/**
 * UI string dictionary (zh-CN default, en) for the console and the mobile pages.
 * Kept free of antd imports so the mobile bundle can use it too.
 */
import { createContext, createElement, useCallback, useContext, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { setApiLanguage, type ApiLanguage } from '../shared/api';

export type Lang = ApiLanguage;
export const LANG_STORAGE_KEY = 'gongzhi.lang';

const zhCN = {
  'app.name': '共治 Gongzhi',
  'app.fullName': '共治 · 党建引领基层治理平台',
  'app.slogan': '党建引领 · 多元共治 · 服务群众',
  'app.footer': '共治 Gongzhi · 开源的党建引领基层治理平台',
  'app.loading': '加载中…',
  'lang.switch': 'English',
  'lang.current': '中文',

  'login.title': '用户登录',
  'login.subtitle': '请使用您的工作账号登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.usernameRequired': '请输入用户名',
  'login.passwordRequired': '请输入密码',
  'login.submit': '登 录',
  'login.failed': '登录失败',
  'login.feature1': '区划网格 · 一张图',
  'login.feature1Desc': '省、市、区县、街道、社区逐级贯通，账号只见本级及下级',
  'login.feature2': '权责清晰 · 可追溯',
  'login.feature2Desc': '每一次操作都记入哈希链审计日志，可随时校验',
  'login.feature3': '上下联动 · 多元共治',
  'login.feature3Desc': '街道、社区、网格员、职能部门、物业、业委会协同办事',

  'header.logout': '退出登录',
  'header.logoutDone': '已退出登录',

  'menu.regions': '区划树',
  'menu.scope': '我的权限范围',
  'menu.audit': '审计日志',
  'menu.system': '系统管理',
  'menu.basic': '基础信息',

  'level.province': '省',
  'level.city': '市',
  'level.district': '区县',
  'level.street': '街道',
  'level.community': '社区',

  'role.admin': '系统管理员',
  'role.street_command': '街道指挥中心',
  'role.community_staff': '社区工作人员',
  'role.grid_worker': '网格员',
  'role.department_staff': '职能部门',
  'role.property_staff': '物业企业',
  'role.owners_committee': '业委会成员',
  'role.mediator': '调解员',
  'role.resident': '居民',

  'regions.title': '行政区划',
  'regions.desc': '浏览本账号权限范围内的行政区划，逐级展开查看下级区划。',
  'regions.tree': '区划树',
  'regions.search': '搜索区划名称或代码',
  'regions.searchResults': '搜索结果',
  'regions.searchEmpty': '没有找到匹配的区划',
  'regions.clearSearch': '清除',
  'regions.noScope': '当前账号没有可见的区划',
  'regions.selectHint': '请在左侧区划树中选择一个区划，或使用搜索',
  'regions.detail': '区划详情',
  'regions.name': '名称',
  'regions.code': '区划代码',
  'regions.level': '层级',
  'regions.parent': '上级区划',
  'regions.childCount': '下级数量',
  'regions.path': '所属路径',
  'regions.children': '下级区划',
  'regions.childrenEmpty': '没有下级区划',
  'regions.view': '查看',
  'regions.actions': '操作',
  'regions.none': '无',

  'scope.title': '我的权限范围',
  'scope.desc': '您的账号角色及其绑定的区划。每个角色只能查看和办理其所绑定区划及下级区划的事项。',
  'scope.account': '账号信息',
  'scope.username': '用户名',
  'scope.displayName': '姓名',
  'scope.roles': '角色与区划',
  'scope.role': '角色',
  'scope.region': '绑定区划',
  'scope.path': '区划路径',
  'scope.roots': '可见区划范围',
  'scope.rootsDesc': '以下是您可见的区划子树的顶层节点',
  'scope.openInTree': '在区划树中查看',
  'scope.noRoles': '此账号没有绑定角色',

  'audit.title': '审计日志',
  'audit.desc': '系统记录的所有关键操作，按时间倒序。日志以哈希链方式串联，可校验是否被篡改。',
  'audit.action': '操作',
  'audit.actor': '操作人',
  'audit.filterAction': '按操作筛选，如 auth.login',
  'audit.filterActor': '按用户名筛选',
  'audit.search': '查询',
  'audit.reset': '重置',
  'audit.verify': '校验哈希链',
  'audit.verifyOk': '哈希链校验通过',
  'audit.verifyOkDesc': '已校验 {checked} 条记录，未发现篡改。',
  'audit.verifyBroken': '哈希链校验失败',
  'audit.verifyBrokenDesc': '已校验 {checked} 条记录；第一条异常记录 #{id}：{reason}',
  'audit.id': '编号',
  'audit.at': '时间',
  'audit.role': '角色',
  'audit.scope': '区划',
  'audit.target': '对象',
  'audit.requestId': '请求编号',
  'audit.hash': '哈希',
  'audit.prev': '上一页',
  'audit.next': '下一页',
  'audit.first': '首页',
  'audit.page': '第 {page} 页',
  'audit.empty': '暂无审计记录',
  'audit.refresh': '刷新',

  'error.forbidden': '无权访问',
  'error.forbiddenDesc': '您的账号没有访问此页面的权限。',
  'error.notFound': '页面不存在',
  'error.notFoundDesc': '您访问的页面不存在。',
  'error.backHome': '返回首页',
  'error.retry': '重试',
  'error.loadFailed': '加载失败',

  'm.title': '共治',
  'm.hello': '您好，{name}',
  'm.myRoles': '我的角色',
  'm.myRegions': '我的区划',
  'm.regionTiles': '所属区划',
  'm.logout': '退出登录',
  'm.logoutConfirm': '确定退出登录吗？',
  'm.cancel': '取消',
  'm.confirm': '确定',
  'm.path': '区划路径',
  'm.childCount': '下级区划 {n} 个',
  'm.close': '关闭',
} as const;

export type MessageKey = keyof typeof zhCN;

const en: Record<MessageKey, string> = {
  'app.name': '共治 Gongzhi',
  'app.fullName': 'Gongzhi · Party-building-led grassroots governance',
  'app.slogan': 'Party-building leads · Governing together · Serving the people',
  'app.footer': 'Gongzhi (共治) · open platform for party-building-led grassroots governance',
  'app.loading': 'Loading…',
  'lang.switch': '中文',
  'lang.current': 'English',

  'login.title': 'Sign in',
  'login.subtitle': 'Sign in with your work account',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.usernameRequired': 'Please enter your username',
  'login.passwordRequired': 'Please enter your password',
  'login.submit': 'Sign in',
  'login.failed': 'Sign-in failed',
  'login.feature1': 'One map of regions and grids',
  'login.feature1Desc': 'Province, city, district, street and community; each account sees only its own subtree',
  'login.feature2': 'Clear duties, full traceability',
  'login.feature2Desc': 'Every action is written to a hash-chained audit log that can be verified at any time',
  'login.feature3': 'Working together',
  'login.feature3Desc': 'Streets, communities, grid workers, departments, property companies and owners\' committees',

  'header.logout': 'Sign out',
  'header.logoutDone': 'Signed out',

  'menu.regions': 'Region tree',
  'menu.scope': 'My scope',
  'menu.audit': 'Audit log',
  'menu.system': 'System',
  'menu.basic': 'Basic data',

  'level.province': 'Province',
  'level.city': 'City',
  'level.district': 'District',
  'level.street': 'Street',
  'level.community': 'Community',

  'role.admin': 'System administrator',
  'role.street_command': 'Street command centre',
  'role.community_staff': 'Community staff',
  'role.grid_worker': 'Grid worker',
  'role.department_staff': 'Department staff',
  'role.property_staff': 'Property company',
  'role.owners_committee': 'Owners\' committee member',
  'role.mediator': 'Mediator',
  'role.resident': 'Resident',

  'regions.title': 'Administrative regions',
  'regions.desc': 'Browse the regions within your scope and expand them level by level.',
  'regions.tree': 'Region tree',
  'regions.search': 'Search by region name or code',
  'regions.searchResults': 'Search results',
  'regions.searchEmpty': 'No matching regions',
  'regions.clearSearch': 'Clear',
  'regions.noScope': 'No regions are visible to this account',
  'regions.selectHint': 'Select a region in the tree, or search',
  'regions.detail': 'Region details',
  'regions.name': 'Name',
  'regions.code': 'Code',
  'regions.level': 'Level',
  'regions.parent': 'Parent',
  'regions.childCount': 'Children',
  'regions.path': 'Path',
  'regions.children': 'Sub-regions',
  'regions.childrenEmpty': 'No sub-regions',
  'regions.view': 'View',
  'regions.actions': 'Actions',
  'regions.none': 'None',

  'scope.title': 'My scope',
  'scope.desc': 'Your roles and the regions they are bound to. Each role sees and handles only its region and the regions below it.',
  'scope.account': 'Account',
  'scope.username': 'Username',
  'scope.displayName': 'Name',
  'scope.roles': 'Roles and regions',
  'scope.role': 'Role',
  'scope.region': 'Region',
  'scope.path': 'Path',
  'scope.roots': 'Visible regions',
  'scope.rootsDesc': 'The top nodes of the region subtrees you can see',
  'scope.openInTree': 'Open in region tree',
  'scope.noRoles': 'This account has no roles',

  'audit.title': 'Audit log',
  'audit.desc': 'Every important action, newest first. Records are hash-chained so tampering can be detected.',
  'audit.action': 'Action',
  'audit.actor': 'Actor',
  'audit.filterAction': 'Filter by action, e.g. auth.login',
  'audit.filterActor': 'Filter by username',
  'audit.search': 'Search',
  'audit.reset': 'Reset',
  'audit.verify': 'Verify chain',
  'audit.verifyOk': 'Hash chain verified',
  'audit.verifyOkDesc': '{checked} records checked, no tampering found.',
  'audit.verifyBroken': 'Hash chain broken',
  'audit.verifyBrokenDesc': '{checked} records checked; first broken record #{id}: {reason}',
  'audit.id': 'ID',
  'audit.at': 'Time',
  'audit.role': 'Role',
  'audit.scope': 'Region',
  'audit.target': 'Target',
  'audit.requestId': 'Request ID',
  'audit.hash': 'Hash',
  'audit.prev': 'Previous',
  'audit.next': 'Next',
  'audit.first': 'First page',
  'audit.page': 'Page {page}',
  'audit.empty': 'No audit records',
  'audit.refresh': 'Refresh',

  'error.forbidden': 'Access denied',
  'error.forbiddenDesc': 'Your account may not open this page.',
  'error.notFound': 'Page not found',
  'error.notFoundDesc': 'The page you are looking for does not exist.',
  'error.backHome': 'Back to home',
  'error.retry': 'Retry',
  'error.loadFailed': 'Failed to load',

  'm.title': 'Gongzhi',
  'm.hello': 'Hello, {name}',
  'm.myRoles': 'My roles',
  'm.myRegions': 'My regions',
  'm.regionTiles': 'My regions',
  'm.logout': 'Sign out',
  'm.logoutConfirm': 'Sign out now?',
  'm.cancel': 'Cancel',
  'm.confirm': 'OK',
  'm.path': 'Path',
  'm.childCount': '{n} sub-regions',
  'm.close': 'Close',
};

export const messages: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  let s: string = messages[lang][key] ?? messages['zh-CN'][key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(LANG_STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    /* storage unavailable (private mode) */
  }
  return 'zh-CN';
}

export interface I18n {
  lang: Lang;
  setLang: (l: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** Role label, e.g. grid_worker → 网格员 (falls back to the raw name). */
  roleName: (role: string) => string;
  /** Level label, e.g. street → 街道. */
  levelName: (level: string) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    setApiLanguage(l);
    return l;
  });
  const setLang = useCallback((l: Lang) => {
    setApiLanguage(l);
    try {
      localStorage.setItem(LANG_STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => {
    const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
    return {
      lang,
      setLang,
      t,
      roleName: (role) => {
        const k = `role.${role}` as MessageKey;
        return k in messages[lang] ? t(k) : role;
      },
      levelName: (level) => {
        const k = `level.${level}` as MessageKey;
        return k in messages[lang] ? t(k) : level;
      },
    };
  }, [lang, setLang]);
  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n must be used inside <I18nProvider>');
  return ctx;
}
