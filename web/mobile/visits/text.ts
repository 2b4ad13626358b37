/**
 * UI strings of the phone's care and visit pages (关爱走访), zh-CN and en, beside the pages (as cases/text.ts);
 * the language is the app's.
 */
import { useCallback } from 'react';
import { useLang } from '../../shared/i18n';

const zh = {
  'care.title': '关爱走访',
  'care.sub': '待联系的老人、今日走访',
  'care.grid': '网格',
  'care.due': '待办关爱',
  'care.dueEmpty': '本期关爱任务已全部完成',
  'care.overdue': '超期',
  'care.progress': '已完成 {done}/{needed}',
  'care.dueBy': '{date} 前',
  'care.kind.phone': '电话',
  'care.kind.visit': '入户',
  'care.today': '今日走访',
  'care.todayEmpty': '今天还没有走访记录',
  'care.log': '记录',
  'care.queued': '待发送（{n}）',
  'care.queuedHint': '无信号时已保存在手机上，联网后自动发送',
  'care.discard': '删除',
  'care.retry': '重试',
  'care.failed': '发送失败',
  'visit.title': '记录走访：{name}',
  'visit.kind': '方式',
  'visit.kind.phone': '电话联系',
  'visit.kind.home_visit': '入户走访',
  'visit.kind.met_outside': '户外偶遇',
  'visit.kind.other': '其他',
  'visit.duration': '时长（分钟）',
  'visit.nobodyHome': '无人在家',
  'visit.notes': '情况记录',
  'visit.notesPlaceholder': '如：身体状况良好，生活自理',
  'visit.sentiment': '社情民意（可选）',
  'visit.sentimentPlaceholder': '群众反映的问题或诉求',
  'visit.urgency': '紧急程度',
  'visit.urgency.low': '一般',
  'visit.urgency.normal': '较急',
  'visit.urgency.high': '紧急',
  'visit.urgency.urgent': '特急',
  'visit.topicRequired': '请至少选择一个类别',
  'visit.save': '保存',
  'visit.saved': '已记录',
  'visit.queued': '已保存，联网后自动发送',
  'visit.cancel': '取消',
  'visit.nobody': '无人在家',
  'visit.sentiments': '{n} 条社情民意',
  'visit.case': '已转案件 {number}',
};
type VisitTextKey = keyof typeof zh;
const en: Record<VisitTextKey, string> = {
  'care.title': 'Care visits',
  'care.sub': 'Elderly to contact, today\'s visits',
  'care.grid': 'Grid',
  'care.due': 'Care due',
  'care.dueEmpty': 'All care contacts of this period are done',
  'care.overdue': 'Overdue',
  'care.progress': 'Done {done}/{needed}',
  'care.dueBy': 'by {date}',
  'care.kind.phone': 'Call',
  'care.kind.visit': 'Visit',
  'care.today': 'Today\'s visits',
  'care.todayEmpty': 'No visits logged today',
  'care.log': 'Log',
  'care.queued': 'Waiting to send ({n})',
  'care.queuedHint': 'Kept on the phone with no signal; sent when the signal returns',
  'care.discard': 'Discard',
  'care.retry': 'Retry',
  'care.failed': 'Not sent',
  'visit.title': 'Log a contact: {name}',
  'visit.kind': 'How',
  'visit.kind.phone': 'Phone call',
  'visit.kind.home_visit': 'Home visit',
  'visit.kind.met_outside': 'Met outside',
  'visit.kind.other': 'Other',
  'visit.duration': 'Minutes',
  'visit.nobodyHome': 'Nobody home',
  'visit.notes': 'Notes',
  'visit.notesPlaceholder': 'e.g. in good health, manages alone',
  'visit.sentiment': 'Public sentiment (optional)',
  'visit.sentimentPlaceholder': 'What the resident raised',
  'visit.urgency': 'Urgency',
  'visit.urgency.low': 'Low',
  'visit.urgency.normal': 'Normal',
  'visit.urgency.high': 'High',
  'visit.urgency.urgent': 'Urgent',
  'visit.topicRequired': 'Choose at least one topic',
  'visit.save': 'Save',
  'visit.saved': 'Logged',
  'visit.queued': 'Saved; it is sent when the signal returns',
  'visit.cancel': 'Cancel',
  'visit.nobody': 'Nobody home',
  'visit.sentiments': '{n} sentiment records',
  'visit.case': 'Case {number}',
};

const DICT: Record<'zh-CN' | 'en', Record<VisitTextKey, string>> = { 'zh-CN': zh, en };

export function useVisitText() {
  const { lang } = useLang();
  const vt = useCallback((key: VisitTextKey, vars?: Record<string, string | number>) => {
    let s = DICT[lang][key] ?? zh[key] ?? key;
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
    return s;
  }, [lang]);
  return { vt, lang };
}
