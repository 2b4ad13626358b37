/**
 * A console page over one region of the account's scope: `?region=` in the address (defaulting to
 * the first scope root), the page header with its region picker before the page's own buttons, and
 * the scope's load error above the page's body.
 */
import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Space } from 'antd';
import { api } from '../../shared/api';
import type { ScopeRoot } from '../../shared/types';
import { Page, PageHeader, type PageInfo } from '../components';
import { RegionPicker } from './RegionPicker';
import { setSearchParam } from '../../shared/searchParams';

export interface RegionParam {
  region: string | null;
  setRegion: (code: string) => void;
  roots: ScopeRoot[] | null;
  rootsError: string | null;
}

/**
 * The `?region=` of the page, defaulting to the first scope root. Returns the roots too (null
 * while loading) so the region picker does not ask for them again.
 */
export function useRegionParam(): RegionParam {
  const [params, setParams] = useSearchParams();
  const region = params.get('region');
  const [roots, setRoots] = useState<ScopeRoot[] | null>(null);
  const [rootsError, setRootsError] = useState<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    api
      .scope(ac.signal)
      .then((s) => setRoots(s.roots))
      .catch((e) => {
        if (ac.signal.aborted) return;
        setRoots([]);
        setRootsError((e as Error).message);
      });
    return () => ac.abort();
  }, []);

  const setRegion = useCallback(
    (code: string) => setSearchParam(setParams, 'region', code, false),
    [setParams],
  );

  useEffect(() => {
    if (!region && roots && roots.length > 0) {
      setSearchParam(setParams, 'region', roots[0].code, true);
    }
  }, [region, roots, setParams]);

  return { region, setRegion, roots, rootsError };
}

/** A console path with the page's region carried over (`/grids?region=…`). */
export function withRegion(path: string, region: string | null): string {
  return `${path}${region ? `?region=${region}` : ''}`;
}

export interface RegionHeaderProps {
  /** The page's title and description, the menu it sits under (the breadcrumb); its data-testid and class. */
  page: PageInfo;
  /** The region picker: the page's region, its data-testid and minimum width. */
  picker: { scope: RegionParam; testId: string; width: number; disabled?: boolean };
  /** The page's buttons after the region picker (given, even as false: the picker and they are spaced in a row). */
  actions?: ReactNode;
}

/** The header's right side: the region picker, then the page's buttons. */
function RegionExtra({ picker, actions }: Omit<RegionHeaderProps, 'page'>) {
  const { region, setRegion, roots } = picker.scope;
  const select = (
    <RegionPicker
      value={region}
      roots={roots}
      onChange={(code) => setRegion(code)}
      testId={picker.testId}
      style={{ minWidth: picker.width }}
      disabled={picker.disabled}
    />
  );
  if (actions === undefined) return select;
  return (
    <Space wrap>
      {select}
      {actions}
    </Space>
  );
}

/** The header alone (a page that lays itself out, e.g. the grid map). */
export function RegionPageHeader({ page, ...extra }: RegionHeaderProps) {
  return <PageHeader title={page.title} desc={page.desc} crumbs={page.crumbs} extra={<RegionExtra {...extra} />} />;
}

/** The page: its header, the scope's load error, then the body. */
export function RegionPage(props: RegionHeaderProps & { children?: ReactNode }) {
  const { page, picker } = props;
  return (
    <Page page={page} extra={<RegionExtra picker={picker} actions={props.actions} />}>
      {picker.scope.rootsError && <Alert type="error" showIcon message={picker.scope.rootsError} />}
      {props.children}
    </Page>
  );
}
