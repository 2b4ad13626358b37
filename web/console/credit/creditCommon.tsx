/** Pieces the credit pages share: the period's state tag, the grade (★ for stars schemes) and the red/black list tag. */
import { Space, Tag, Tooltip } from 'antd';
import { useI18n } from '../i18n';
import { gradeText } from '../../shared/property/text';
import type { Period, PeriodState, Scheme, SchemeKind } from './creditApi';

export const schemeLabel = (s: Pick<Scheme, 'name' | 'version'>) => `${s.name}（v${s.version}）`;

const STATE_COLORS: Record<PeriodState, string> = { open: 'blue', computed: 'orange', published: 'green', fixed: 'purple' };

export function StateTag({ period }: { period: Pick<Period, 'state' | 'appealUntil'> }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap data-testid="period-state" data-state={period.state}>
      <Tag color={STATE_COLORS[period.state] ?? 'default'}>{t(`credit.state.${period.state}`)}</Tag>
      {period.state === 'published' && period.appealUntil && (
        <span className="gz-small gz-muted" data-testid="period-appeal-until">
          {t('credit.appealUntil', { date: period.appealUntil })}
        </span>
      )}
    </Space>
  );
}

export function Grade({ grade, kind }: { grade: string | null | undefined; kind: SchemeKind }) {
  const { t } = useI18n();
  if (!grade) return <span className="gz-muted">—</span>;
  return (
    <Tooltip title={kind === 'stars' ? t('credit.stars', { n: grade }) : undefined}>
      <span className={kind === 'stars' ? 'gz-credit-stars' : 'gz-mono'} style={kind === 'stars' ? { color: '#d48806', letterSpacing: 1 } : undefined} data-testid="credit-grade" data-grade={grade}>
        {gradeText(grade, kind)}
      </span>
    </Tooltip>
  );
}

export function ListTag({ list }: { list: 'red' | 'black' | null | undefined }) {
  const { t } = useI18n();
  if (!list) return <span className="gz-muted">—</span>;
  return (
    <Tag color={list === 'red' ? 'red' : '#262626'} data-testid="credit-list" data-list={list}>
      {t(`credit.list.${list}`)}
    </Tag>
  );
}
