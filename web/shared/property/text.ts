/**
 * UI strings of the mobile property pages (物业公示, 满意度测评, 红黑榜), zh-CN and en, and the
 * formatting they share: category and period labels, 分 as yuan, China dates, grades as stars.
 */
import { useCallback } from 'react';
import { useLang } from '../i18n';

const zh = {
  'home.section': '物业服务',
  'home.disclosures': '物业公示',
  'home.disclosuresSub': '收费、维修资金、账目',
  'home.survey': '满意度测评',
  'home.surveySub': '为物业服务打分',
  'home.credit': '红黑榜',
  'home.creditSub': '物业企业信用评价',

  'common.loadFailed': '加载失败',
  'common.retry': '重试',
  'common.cancel': '取消',
  'common.submit': '提交',

  'disc.title': '物业公示',
  'disc.pickCompound': '请选择小区',
  'disc.noCompounds': '您所在社区还没有登记小区，所以暂无物业公示。社区登记小区及其物业服务企业后会显示在这里，可向社区居委会咨询。',
  'disc.empty': '该小区暂无公示：可能小区还没有登记物业服务企业或业主委员会，或本期公示尚未发布。物业企业应每年公示服务事项和收费、每半年公示维修资金使用、每季度公示共有部分经营收支；长期没有公示可向社区反映或拨打 12345。',
  'disc.count': '共 {n} 条公示',
  'disc.period': '公示期间',
  'disc.publisher': '公示单位',
  'disc.publishedAt': '发布日期',
  'disc.notFound': '这条公示不存在或已无权查看',
  'disc.content': '公示内容',
  'disc.figures': '资金收支',
  'disc.opening': '期初余额',
  'disc.income': '收入',
  'disc.spending': '支出',
  'disc.incomeTotal': '收入合计',
  'disc.spendingTotal': '支出合计',
  'disc.closing': '期末余额',
  'disc.noLines': '无',
  'disc.unbalanced': '注意：期初余额 + 收入 − 支出 与期末余额不符（相差 {diff}）',
  'disc.unit': '单位：元',
  'disc.ask': '我有疑问',
  'disc.files': '附件',
  'disc.filesCount': '{n} 个',
  'disc.fileOpen': '打开',
  'disc.filePdf': 'PDF 文件',
  'disc.fileImage': '图片',
  'disc.askTitle': '对这条公示有疑问',
  'disc.askHint': '您的疑问将转为案件，由社区督促物业或业委会答复，可在“我的上报”中跟进。',
  'disc.askPlaceholder': '请写明您的疑问，如：电梯维修费用明细是否可以公开？',
  'disc.askTooShort': '请至少填写 2 个字',
  'disc.asked': '已提交，案件编号 {number}',
  'disc.askedHint': '可在“我的上报”中查看处理进度',
  'disc.openCase': '查看案件',
  'disc.close': '关闭',

  'survey.title': '物业满意度测评',
  'survey.intro': '请为小区物业企业的服务打分（1–5 星），结果计入物业企业信用评价。每户每期一次。',
  'survey.empty': '目前没有进行中的满意度测评',
  'survey.compound': '小区',
  'survey.company': '物业企业',
  'survey.score': '满意度',
  'survey.scoreRequired': '请先选择星级',
  'survey.comment': '意见建议（选填）',
  'survey.commentPlaceholder': '如：保洁及时，但夜间巡逻不够',
  'survey.answered': '已评价',
  'survey.thanks': '感谢您的评价',
  'survey.stars': '{n} 星',
  'survey.bindFirst': '满意度测评按户计，每户每期一次：请先完成实名绑定房屋。',
  'survey.bindAction': '去绑定房屋',
  'survey.forCompound': '您家所在小区：{compound}',
  'home.myHome': '我的房屋',
  'home.myHomeSub': '实名绑定',
  'myHome.title': '我的房屋',
  'myHome.intro': '请填写社区登记的姓名和身份证号，核验后您的账号将与您家的房屋绑定，用于满意度测评（每户一次）和物业公示。身份证号只用于核验，不会显示。',
  'myHome.name': '姓名',
  'myHome.namePlaceholder': '与社区登记一致',
  'myHome.idNumber': '身份证号',
  'myHome.idPlaceholder': '18 位，最后一位可为 X',
  'myHome.bind': '核验并绑定',
  'myHome.bound': '已绑定',
  'myHome.address': '住址',
  'myHome.community': '社区',
  'myHome.grid': '网格',
  'myHome.members': '同户人数',
  'myHome.unbind': '解除绑定',
  'myHome.unbindConfirm': '解除后需重新核验才能参加测评，确定解除吗？',
  'myHome.tries': '今日已核验失败 {n} 次，最多 {max} 次',
  'myHome.required': '请填写姓名和身份证号',

  'credit.title': '物业企业红黑榜',
  'credit.noRegion': '缺少区划代码（链接应形如 /m/credit?region=360103013）',
  'credit.empty': '该区域暂无已发布的信用评价',
  'credit.publishedAt': '发布于 {date}',
  'credit.scheme': '评价办法',
  'credit.red': '红榜',
  'credit.black': '黑榜',
  'credit.none': '无',
  'credit.creditCode': '统一社会信用代码',
  'credit.score': '{score} 分',
  'credit.company': '企业信用评价',
  'credit.total': '综合得分',
  'credit.grade': '评价等级',
  'credit.dimensions': '评分明细',
  'credit.weight': '权重 {w}',
  'credit.weighted': '计入 {v}',
  'credit.noEvidence': '无评价依据',
  'credit.records': '信用记录',
  'credit.good': '良好',
  'credit.bad': '不良',
  'credit.serious': '严重',
  'credit.notCounted': '已过有效期，不计',
  'credit.reasons': '说明',
  'credit.public': '本页面公开，无需登录',
  'credit.signIn': '登录',

  'period.year': '{y} 年度',
  'period.H1': '{y} 年上半年',
  'period.H2': '{y} 年下半年',
  'period.Q': '{y} 年第{q}季度',
  'period.month': '{y} 年 {m} 月',
};

type PropertyTextKey = keyof typeof zh;

const en: Record<PropertyTextKey, string> = {
  'home.section': 'Property services',
  'home.disclosures': 'Disclosures',
  'home.disclosuresSub': 'Fees, funds, accounts',
  'home.survey': 'Satisfaction survey',
  'home.surveySub': 'Rate your property company',
  'home.credit': 'Red/black list',
  'home.creditSub': 'Property company credit',

  'common.loadFailed': 'Failed to load',
  'common.retry': 'Retry',
  'common.cancel': 'Cancel',
  'common.submit': 'Submit',

  'disc.title': 'Disclosures',
  'disc.pickCompound': 'Choose a compound',
  'disc.noCompounds': 'No compound is registered in your community yet, so there is nothing disclosed. Once the community registers compounds and their property companies they appear here; ask your residents\' committee.',
  'disc.empty': 'Nothing disclosed for this compound yet: it may have no property company or owners\' committee registered, or this period\'s disclosure is not out yet. Companies disclose services and fees yearly, the maintenance fund half-yearly and common-parts income quarterly; if nothing appears for long, tell the community or call 12345.',
  'disc.count': '{n} disclosures',
  'disc.period': 'Period',
  'disc.publisher': 'Published by',
  'disc.publishedAt': 'Published on',
  'disc.notFound': 'This disclosure does not exist or you may not see it',
  'disc.content': 'Content',
  'disc.figures': 'Fund statement',
  'disc.opening': 'Opening balance',
  'disc.income': 'Income',
  'disc.spending': 'Spending',
  'disc.incomeTotal': 'Total income',
  'disc.spendingTotal': 'Total spending',
  'disc.closing': 'Closing balance',
  'disc.noLines': 'None',
  'disc.unbalanced': 'Note: opening + income − spending differs from the closing balance by {diff}',
  'disc.unit': 'Unit: yuan',
  'disc.ask': 'I have a question',
  'disc.files': 'Attachments',
  'disc.filesCount': '{n}',
  'disc.fileOpen': 'Open',
  'disc.filePdf': 'PDF file',
  'disc.fileImage': 'Image',
  'disc.askTitle': 'Ask about this disclosure',
  'disc.askHint': 'Your question becomes a case; the community has it answered. Follow it under “My reports”.',
  'disc.askPlaceholder': 'e.g. Can the lift repair costs be itemised?',
  'disc.askTooShort': 'At least 2 characters',
  'disc.asked': 'Sent, case number {number}',
  'disc.askedHint': 'Follow it under “My reports”',
  'disc.openCase': 'Open case',
  'disc.close': 'Close',

  'survey.title': 'Property satisfaction survey',
  'survey.intro': 'Rate the service of your compound’s property company (1–5 stars); it counts in the company’s credit rating. Once per household and period.',
  'survey.empty': 'No survey is open now',
  'survey.compound': 'Compound',
  'survey.company': 'Company',
  'survey.score': 'Satisfaction',
  'survey.scoreRequired': 'Choose the stars first',
  'survey.comment': 'Comment (optional)',
  'survey.commentPlaceholder': 'e.g. Cleaning is prompt, night patrols are too few',
  'survey.answered': 'Answered',
  'survey.thanks': 'Thank you for your rating',
  'survey.stars': '{n} stars',
  'survey.bindFirst': 'The survey counts households, once per period: bind your account to your home first.',
  'survey.bindAction': 'Bind my home',
  'survey.forCompound': 'Your compound: {compound}',
  'home.myHome': 'My home',
  'home.myHomeSub': 'Verify and bind',
  'myHome.title': 'My home',
  'myHome.intro': 'Enter your name and ID number as the community registered them. Once they match, your account is bound to your home, for the satisfaction survey (one answer per household) and the disclosures. The ID number is used only to check; it is never shown.',
  'myHome.name': 'Name',
  'myHome.namePlaceholder': 'As registered by the community',
  'myHome.idNumber': 'ID number',
  'myHome.idPlaceholder': '18 characters; the last may be X',
  'myHome.bind': 'Verify and bind',
  'myHome.bound': 'Bound',
  'myHome.address': 'Address',
  'myHome.community': 'Community',
  'myHome.grid': 'Grid',
  'myHome.members': 'People in the household',
  'myHome.unbind': 'Unbind',
  'myHome.unbindConfirm': 'After unbinding you must verify again to answer surveys. Unbind?',
  'myHome.tries': '{n} failed checks today, at most {max}',
  'myHome.required': 'Enter your name and ID number',

  'credit.title': 'Property red/black list',
  'credit.noRegion': 'No region code (the link should look like /m/credit?region=360103013)',
  'credit.empty': 'No published credit rating in this region yet',
  'credit.publishedAt': 'Published {date}',
  'credit.scheme': 'Scheme',
  'credit.red': 'Red list',
  'credit.black': 'Black list',
  'credit.none': 'None',
  'credit.creditCode': 'Credit code',
  'credit.score': '{score} pts',
  'credit.company': 'Company credit rating',
  'credit.total': 'Total',
  'credit.grade': 'Grade',
  'credit.dimensions': 'Scores',
  'credit.weight': 'weight {w}',
  'credit.weighted': 'counts {v}',
  'credit.noEvidence': 'No evidence',
  'credit.records': 'Records',
  'credit.good': 'Good',
  'credit.bad': 'Bad',
  'credit.serious': 'serious',
  'credit.notCounted': 'expired, not counted',
  'credit.reasons': 'Notes',
  'credit.public': 'This page is public, no sign-in needed',
  'credit.signIn': 'Sign in',

  'period.year': 'Year {y}',
  'period.H1': 'H1 {y}',
  'period.H2': 'H2 {y}',
  'period.Q': 'Q{q} {y}',
  'period.month': '{y}-{m}',
};

const DICT = { 'zh-CN': zh, en } as const;

function text(lang: 'zh-CN' | 'en', key: PropertyTextKey, vars?: Record<string, string | number>): string {
  return Object.entries(vars ?? {}).reduce((s, [k, v]) => s.split(`{${k}}`).join(String(v)), DICT[lang][key] ?? zh[key]);
}

/** `pt(key, vars)` in the app's language, plus the language itself. */
export function usePropertyText() {
  const { lang } = useLang();
  const pt = useCallback((key: PropertyTextKey, vars?: Record<string, string | number>) => text(lang, key, vars), [lang]);
  return { pt, lang };
}

// ---------------------------------------------------------------- labels

/** [zh-CN, en] of disclosure categories (as the contract names them) and of evidence sources. */
const LABELS: Record<string, [string, string]> = {
  'category.service': ['服务事项与人员', 'Services and staff'],
  'category.fees': ['收费项目和标准', 'Fees and rates'],
  'category.maintenance_fund': ['维修资金使用', 'Maintenance fund'],
  'category.common_income': ['共有部分经营收支', 'Common-area income'],
  'category.committee_decision': ['业委会决定', 'Committee decisions'],
  'category.committee_accounts': ['业委会账目', 'Committee accounts'],
  'evidence.housing_bureau': ['住建部门', 'Housing bureau'],
  'evidence.street': ['街道', 'Street office'],
  'evidence.community_party_org': ['社区党组织', 'Community party org'],
  'evidence.owners': ['业主测评', 'Owners’ survey'],
  'evidence.cases': ['案件办理', 'Cases'],
  'evidence.disclosure': ['公示情况', 'Disclosures'],
  'evidence.record': ['信用记录', 'Credit record'],
  'evidence.appraisal': ['评分', 'Appraisal'],
  'evidence.survey': ['业主测评', 'Owners’ survey'],
};

function label(group: 'category' | 'evidence', key: string, lang: 'zh-CN' | 'en'): string {
  return LABELS[`${group}.${key}`]?.[lang === 'en' ? 1 : 0] ?? key;
}

export const categoryLabel = (category: string, lang: 'zh-CN' | 'en') => label('category', category, lang);
export const evidenceLabel = (kind: string, lang: 'zh-CN' | 'en') => label('evidence', kind, lang);

const CN_DIGITS = ['', '一', '二', '三', '四'];

/** `2026` → 2026 年度, `2026-H2` → 2026 年下半年, `2026-Q3` → 2026 年第三季度, `2026-09` → 2026 年 9 月. */
export function periodLabel(period: string, lang: 'zh-CN' | 'en'): string {
  const pt = (key: PropertyTextKey, vars: Record<string, string | number>) => text(lang, key, vars);
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(period))) return pt('period.year', { y: m[1] });
  if ((m = /^(\d{4})-H([12])$/.exec(period))) return pt(m[2] === '1' ? 'period.H1' : 'period.H2', { y: m[1] });
  if ((m = /^(\d{4})-Q([1-4])$/.exec(period))) return pt('period.Q', { y: m[1], q: lang === 'en' ? m[2] : CN_DIGITS[Number(m[2])] });
  if ((m = /^(\d{4})-(\d{2})$/.exec(period))) return pt('period.month', { y: m[1], m: lang === 'en' ? m[2] : Number(m[2]) });
  return period;
}

// ---------------------------------------------------------------- numbers and dates

/** 分 (integer cents) as yuan: 123450 → ¥1,234.50; negative → -¥12.00. */
export function formatFen(fen: number): string {
  const n = Math.round(fen);
  const abs = Math.abs(n);
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}

/** A timestamp as its date in China (YYYY-MM-DD); a bare date is kept as it is. */
export function chinaDate(iso: string | null | undefined): string {
  if (!iso) return '';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
}

/** Stars grades ('1'…'5') as ★; other grades (AAA, B …) as they are. */
export function gradeText(grade: string, kind?: string): string {
  const n = Number(grade);
  if ((kind === 'stars' || kind === undefined) && Number.isInteger(n) && n >= 1 && n <= 5) return '★'.repeat(n) + '☆'.repeat(5 - n);
  return grade;
}

/** A file size people read: 812 KB, 2.4 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
