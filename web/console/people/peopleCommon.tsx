/** Pieces shared by the resident registry, the compounds and the population pages. */
import { useEffect, useState } from 'react';
import { Tag, Tooltip } from 'antd';
import { api } from '../../shared/api';
import { useCan } from '../../shared/auth';
import type { CareGroupEntry, CareGroupName, Grid, Relation, Resident } from '../../shared/types';
import { useI18n, type MessageKey } from '../i18n';
import type { I18n } from '../i18n';

/** The policy actions that open the people pages (named residents are PIPL: own community / own grids, enforced by the server). */
export const PEOPLE_ACTIONS = { residents: 'people.readResidents', import: 'people.importResidents', places: 'people.readPlaces', stats: 'people.stats' } as const;

export function usePeopleAbilities() {
  const can = useCan();
  return {
    canResidents: can(PEOPLE_ACTIONS.residents),
    canPlaces: can(PEOPLE_ACTIONS.places),
    canStats: can(PEOPLE_ACTIONS.stats),
    canEditPlaces: can('people.editPlaces'),
    canImport: can(PEOPLE_ACTIONS.import),
    /** sees only their own grids (a grid worker who does not also keep the community's grids) */
    ownGridsOnly: can('grids.mine') && !can('grids.edit'),
  };
}

export const CARE_GROUPS: CareGroupName[] = ['living_alone', 'empty_nest', 'very_old', 'disabled', 'destitute', 'subsistence_allowance'];
export const RELATIONS: Relation[] = ['owner', 'tenant', 'member'];

const CARE_COLORS: Record<CareGroupName, string> = {
  living_alone: 'volcano',
  empty_nest: 'orange',
  very_old: 'gold',
  disabled: 'purple',
  destitute: 'magenta',
  subsistence_allowance: 'cyan',
};

export const careGroupName = (t: I18n['t'], g: string) => t(`people.care.${g}` as MessageKey);
export const relationName = (t: I18n['t'], r: string | null | undefined) => (r ? t(`people.relation.${r}` as MessageKey) : '—');

export function CareGroupTags({ groups, short }: { groups: CareGroupEntry[]; short?: boolean }) {
  const { t } = useI18n();
  if (!groups.length) return <span className="gz-muted">—</span>;
  return (
    <span className="gz-tags">
      {groups.map((g) => (
        <Tooltip key={g.group} title={[g.setOn, g.setBy, g.note].filter(Boolean).join(' · ')}>
          <Tag color={CARE_COLORS[g.group] ?? 'default'} bordered={false} data-testid={`care-tag-${g.group}`}>
            {short ? t(`people.careShort.${g.group}` as MessageKey) : careGroupName(t, g.group)}
          </Tag>
        </Tooltip>
      ))}
    </span>
  );
}

export function LivingAloneTag({ resident }: { resident: Pick<Resident, 'livingAlone65' | 'livingAloneOverride'> }) {
  const { t } = useI18n();
  if (!resident.livingAlone65) return null;
  return (
    <Tooltip title={resident.livingAloneOverride ? t('people.la.overridden', { reason: resident.livingAloneOverride.reason ?? '' }) : t('people.la.derivedHint')}>
      <Tag color="red" data-testid="living-alone-tag">
        {t('people.livingAlone65')}
      </Tag>
    </Tooltip>
  );
}

/** Today in the browser's time zone, YYYY-MM-DD. */
export function todayStr(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** What antd's DatePicker hands back (a dayjs); typed structurally so the page needs no dayjs import. */
export interface DateValue {
  format: (f: string) => string;
}
export const dateOf = (v: DateValue | null | undefined) => (v ? v.format('YYYY-MM-DD') : undefined);
export const notFuture = (d: DateValue) => d.format('YYYY-MM-DD') > todayStr();

/**
 * Grids of a region (GET /api/grids?region=); for a grid worker only their own grids (the server
 * shows them nothing of the others).
 */
export function useRegionGrids(region: string | null, opts: { basicOnly?: boolean } = {}): { grids: Grid[] | null; error: string | null } {
  const { ownGridsOnly } = usePeopleAbilities();
  const [grids, setGrids] = useState<Grid[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const basicOnly = !!opts.basicOnly;
  useEffect(() => {
    if (!region) return;
    const ac = new AbortController();
    setGrids(null);
    setError(null);
    Promise.all([api.grids(region, basicOnly ? 'basic' : undefined, ac.signal), ownGridsOnly ? api.myGrids(ac.signal) : Promise.resolve(null)])
      .then(([all, mine]) => {
        const own = mine ? new Set(mine.items.map((g) => g.code)) : null;
        setGrids(all.items.filter((g) => !own || own.has(g.code)).sort((a, b) => a.code.localeCompare(b.code)));
      })
      .catch((e) => {
        if (ac.signal.aborted) return;
        setGrids([]);
        setError((e as Error).message);
      });
    return () => ac.abort();
  }, [region, basicOnly, ownGridsOnly]);
  return { grids, error };
}

/** A grid select's options (value: the grid's code). */
export function gridOptions(grids: Pick<Grid, 'code' | 'number' | 'name' | 'communityName'>[] | null, withCommunity = false) {
  return (grids ?? []).map((g) => ({ value: g.code, label: gridLabel(g, withCommunity) }));
}

export function gridLabel(g: Pick<Grid, 'number' | 'name' | 'communityName'>, withCommunity = false): string {
  return `${String(g.number).padStart(3, '0')} ${g.name}${withCommunity ? `（${g.communityName}）` : ''}`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/**
 * A first look at an ID number (GB 11643: format, birth date, check character) so that an obvious
 * typo is caught before anything is sent; the server checks again and has the last word.
 */
export function idNumberProblem(raw: string): 'format' | 'birth' | 'check' | null {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10)),
    m = Number(id.slice(10, 12)),
    d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1890 || date.getTime() > Date.now()) return 'birth';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * ID_WEIGHTS[i];
  return '10X98765432'[sum % 11] === id[17] ? null : 'check';
}
