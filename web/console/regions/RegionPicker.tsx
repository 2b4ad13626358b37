/**
 * A region TreeSelect loaded lazily from the region endpoints, starting at the account's scope
 * roots (GET /api/scope) or at the given roots. A value outside the loaded part of the tree is
 * revealed by loading its ancestors inside the scope.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CSSProperties } from 'react';
import { TreeSelect } from 'antd';
import { api } from '../../shared/api';
import type { RegionRef, RegionSummary } from '../../shared/types';
import { useI18n } from '../i18n';

interface Node {
  id: string;
  pId: string | null;
  value: string;
  title: string;
  isLeaf: boolean;
  selectable: boolean;
  level: RegionRef['level'];
}

export interface PickerRoot extends RegionRef {
  childCount?: number;
}

export interface RegionPickerProps {
  value?: string | null;
  onChange?: (code: string, region: RegionRef) => void;
  /** Defaults to the account's scope roots. */
  roots?: PickerRoot[] | null;
  /** Which levels may be picked (default: all). */
  levels?: string[];
  style?: CSSProperties;
  placeholder?: string;
  testId?: string;
  disabled?: boolean;
  /** Also called once the roots are known (e.g. to default to the first one). */
  onRoots?: (roots: PickerRoot[]) => void;
}

export function RegionPicker(props: RegionPickerProps) {
  const { levelName } = useI18n();
  const { value, onChange, levels, roots: givenRoots, onRoots } = props;
  const [nodes, setNodes] = useState<Node[]>([]);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [roots, setRoots] = useState<PickerRoot[] | null>(givenRoots ?? null);
  const loaded = useRef(new Map<string, Promise<RegionSummary[]>>());
  const nodesRef = useRef<Node[]>([]);
  nodesRef.current = nodes;
  const onRootsRef = useRef(onRoots);
  onRootsRef.current = onRoots;

  const levelsKey = (levels ?? []).join(',');
  const toNode = useCallback(
    (r: RegionRef & { childCount?: number }, pId: string | null): Node => ({
      id: r.code,
      pId,
      value: r.code,
      title: r.name,
      level: r.level,
      isLeaf: r.childCount === 0 || r.level === 'community',
      selectable: !levelsKey || levelsKey.split(',').includes(r.level),
    }),
    [levelsKey],
  );

  const rootsKey = givenRoots ? givenRoots.map((r) => r.code).join(',') : null;
  useEffect(() => {
    let cancelled = false;
    loaded.current.clear();
    const take = (rs: PickerRoot[]) => {
      if (cancelled) return;
      setRoots(rs);
      setNodes(rs.map((r) => toNode(r, null)));
      setExpanded([]);
      onRootsRef.current?.(rs);
    };
    if (givenRoots) take(givenRoots);
    else
      api
        .scope()
        .then((s) => take(s.roots))
        .catch(() => !cancelled && setRoots([]));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rootsKey, toNode]);

  const loadChildren = useCallback(
    (code: string): Promise<RegionSummary[]> => {
      const cached = loaded.current.get(code);
      if (cached) return cached;
      const p = api.regionChildren(code).then((r) => {
        setNodes((prev) => {
          const have = new Set(prev.map((n) => n.id));
          const add = r.items.filter((c) => !have.has(c.code)).map((c) => toNode(c, code));
          return [...prev.map((n) => (n.id === code && r.items.length === 0 ? { ...n, isLeaf: true } : n)), ...add];
        });
        return r.items;
      });
      p.catch(() => loaded.current.delete(code));
      loaded.current.set(code, p);
      return p;
    },
    [toNode],
  );

  // Reveal the current value: load every ancestor between a root and it.
  useEffect(() => {
    if (!value || !roots || roots.length === 0) return;
    if (nodesRef.current.some((n) => n.id === value)) return;
    let cancelled = false;
    api
      .region(value)
      .then(async (d) => {
        const path = [...d.ancestors.map((a) => a.code), d.code];
        const rootCodes = new Set(roots.map((r) => r.code));
        const i = path.findIndex((c) => rootCodes.has(c));
        if (i < 0) return;
        const toLoad = path.slice(i, -1);
        for (const c of toLoad) {
          await loadChildren(c);
          if (cancelled) return;
        }
        setExpanded((prev) => Array.from(new Set([...prev, ...toLoad])));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [value, roots, loadChildren]);

  return (
    <span data-testid={props.testId}>
      <TreeSelect
        style={props.style ?? { minWidth: 240 }}
        value={value ?? undefined}
        placeholder={props.placeholder}
        disabled={props.disabled}
        treeDataSimpleMode
        treeData={nodes.map((n) => ({
          ...n,
          label: n.title,
          title: (
            <span data-testid={`region-option-${n.id}`}>
              {n.title}
              <span className="gz-picker-level">{levelName(n.level)}</span>
            </span>
          ),
        }))}
        treeNodeLabelProp="label"
        treeExpandedKeys={expanded}
        onTreeExpand={(keys) => setExpanded(keys.map(String))}
        loadData={(node) => loadChildren(String(node.value)).then(() => undefined)}
        onChange={(v: string) => {
          const n = nodes.find((x) => x.id === v);
          if (v && n) onChange?.(v, { code: v, name: n.title, level: n.level });
        }}
        popupMatchSelectWidth={false}
        showSearch
        treeNodeFilterProp="label"
        listHeight={360}
        loading={roots === null}
      />
    </span>
  );
}
