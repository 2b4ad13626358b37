/**
 * Compound → building → unit → room, loaded lazily (GET /api/compounds?region=, then
 * GET /api/compounds/{id}). `want` decides which rooms can be picked: empty ones (to open a
 * household) or ones with a household (to join it).
 */
import { useEffect, useState } from 'react';
import { Cascader } from 'antd';
import { api } from '../../shared/api';
import type { CompoundDetail, Dwelling } from '../../shared/types';
import { useI18n } from '../i18n';

interface Option {
  value: number;
  label: string;
  isLeaf?: boolean;
  disabled?: boolean;
  children?: Option[];
  dwelling?: Dwelling;
}

export interface DwellingPick {
  dwellingId: number;
  householdId: number | null;
  label: string;
}

export default function DwellingCascader(props: {
  region: string | null;
  /** Only compounds of this community (a household's grid and dwelling share the community). */
  communityCode?: string | null;
  want: 'empty' | 'occupied';
  value?: number[];
  onChange?: (path: number[] | undefined, pick: DwellingPick | null) => void;
  testId?: string;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const { region, communityCode, want } = props;
  const [options, setOptions] = useState<Option[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!region) return;
    const ac = new AbortController();
    setLoading(true);
    api
      .compounds(region, ac.signal)
      .then((r) =>
        setOptions(
          r.items
            .filter((c) => !communityCode || c.communityCode === communityCode)
            .map((c) => ({ value: c.id, label: c.name, isLeaf: c.dwellings === 0, disabled: c.dwellings === 0 })),
        ),
      )
      .catch(() => !ac.signal.aborted && setOptions([]))
      .finally(() => !ac.signal.aborted && setLoading(false));
    return () => ac.abort();
  }, [region, communityCode]);

  const toChildren = (d: CompoundDetail): Option[] =>
    d.buildings.map((b) => ({
      value: b.id,
      label: b.name,
      children: b.units.map((u) => ({
        value: u.id,
        label: u.name,
        children: (u.dwellings ?? []).map((dw) => {
          const occupied = dw.householdId !== null;
          return {
            value: dw.id,
            label: occupied ? t('people.form.roomWithHousehold', { room: dw.room, id: dw.householdId! }) : dw.room,
            isLeaf: true,
            disabled: want === 'empty' ? occupied : !occupied,
            dwelling: dw,
          };
        }),
      })),
    }));

  return (
    <span data-testid={props.testId}>
      <Cascader<Option>
        options={options}
        value={props.value}
        disabled={props.disabled}
        loading={loading}
        placeholder={want === 'empty' ? t('people.form.dwellingPlaceholder') : t('people.form.occupiedPlaceholder')}
        changeOnSelect={false}
        loadData={(selected) => {
          const target = selected[selected.length - 1];
          if (selected.length !== 1 || target.children) return;
          api
            .compound(target.value)
            .then((d) => {
              target.children = toChildren(d);
              setOptions((o) => [...o]);
            })
            .catch(() => {
              target.children = [];
              setOptions((o) => [...o]);
            });
        }}
        onChange={(path, selected) => {
          const leaf = selected?.[selected.length - 1];
          if (!path || !leaf?.dwelling) {
            props.onChange?.(undefined, null);
            return;
          }
          props.onChange?.(path as number[], {
            dwellingId: leaf.dwelling.id,
            householdId: leaf.dwelling.householdId,
            label: selected.map((s) => s.dwelling?.room ?? s.label).join(' '),
          });
        }}
        style={{ width: '100%' }}
      />
    </span>
  );
}
