/** Pieces shared by the grid map, the import dialog and the staffing view. */
import type { ReactNode } from 'react';
import { Tag, Typography } from 'antd';
import { ApiError } from '../../shared/api';
import { useCan } from '../../shared/auth';
import type { Grid, GridIssueDetail } from '../../shared/types';
import { useI18n, type MessageKey } from '../i18n';
import type { I18n } from '../i18n';

/** The policy action that opens the 网格管理 pages. */
export const GRID_VIEW_ACTION = 'grids.read';

/** Who sees the grid map and who may draw, edit, import and staff grids (the server's policy). */
export function useGridAbilities(): { canView: boolean; canEdit: boolean } {
  const can = useCan();
  return { canView: can(GRID_VIEW_ACTION), canEdit: can('grids.edit') };
}

export function GridKindTag({ grid }: { grid: Pick<Grid, 'kind' | 'unitKind'> }) {
  const { t } = useI18n();
  if (grid.kind === 'dedicated') {
    return (
      <Tag color="orange" bordered={false} className="gz-kind-tag">
        {t('grids.kind.dedicated')}
        {grid.unitKind ? ` · ${t(`grids.unit.${grid.unitKind}` as MessageKey)}` : ''}
      </Tag>
    );
  }
  return (
    <Tag color="blue" bordered={false} className="gz-kind-tag">
      {t('grids.kind.basic')}
    </Tag>
  );
}

/** "第 3 个要素" for a 0-based feature index; the whole file when null. */
export function featureLabel(t: I18n['t'], feature: number | null | undefined): string {
  return feature === null || feature === undefined ? t('grids.import.wholeFile') : t('grids.import.featureN', { n: feature + 1 });
}

function isIssue(d: unknown): d is GridIssueDetail {
  return !!d && typeof d === 'object' && typeof (d as GridIssueDetail).code === 'string';
}

/** The server's message and, below it, its details (issues with feature, other grid and area). */
export function ApiErrorContent({ error }: { error: unknown }) {
  const { t, lang } = useI18n();
  if (!(error instanceof ApiError)) return <span>{error instanceof Error ? error.message : String(error)}</span>;
  const details = error.details ?? [];
  return (
    <div data-testid="api-error">
      <Typography.Paragraph className="gz-api-error-message">{error.message}</Typography.Paragraph>
      {details.length > 0 && (
        <ul className="gz-api-error-details" data-testid="api-error-details">
          {details.map((d, i) => (
            <li key={i}>{isIssue(d) ? issueText(t, lang, d, false) : typeof d === 'string' ? d : JSON.stringify(d)}</li>
          ))}
        </ul>
      )}
      <Typography.Text type="secondary" className="gz-mono">
        {error.code}
      </Typography.Text>
    </div>
  );
}

/**
 * One line for an issue: where (feature, grid name), then the server's message. Without a message
 * (some write errors carry only code and params) it is put together from the params.
 */
export function issueText(t: I18n['t'], lang: I18n['lang'], d: GridIssueDetail, withFeature = true): ReactNode {
  const parts: string[] = [];
  if (withFeature && d.feature !== null && d.feature !== undefined) parts.push(featureLabel(t, d.feature));
  if (d.name) parts.push(d.name);
  const prefix = parts.length ? parts.join(' · ') + '：' : '';
  if (d.message) return prefix + d.message;
  const p = d.params ?? {};
  const other = typeof p.other === 'string' ? p.other : undefined;
  const otherName = typeof p.otherName === 'string' ? p.otherName : undefined;
  const area = typeof p.areaM2 === 'number' ? p.areaM2 : undefined;
  const otherText = other ? (otherName ? `${other}（${otherName}）` : other) : '';
  const areaText = area !== undefined ? Math.round(area).toLocaleString(lang) : '';
  if (d.code === 'grid_overlap' && other) return prefix + t('grids.error.overlap', { other: otherText, area: areaText || '?' });
  let s = prefix + t('grids.error.code', { code: d.code });
  if (other) s += ` ${t('grids.error.other', { other: otherText })}`;
  if (areaText) s += ` ${t('grids.error.area', { area: areaText })}`;
  if (typeof p.lon === 'number' && typeof p.lat === 'number') s += ` (${p.lon}, ${p.lat})`;
  return s;
}

export function staffNames(list: { name: string }[]): string {
  return list.map((s) => s.name).join('、');
}
