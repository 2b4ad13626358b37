import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Key } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, Breadcrumb, Button, Card, Col, Descriptions, Empty, Input, List, Result, Row, Skeleton, Space, Tree, Typography } from 'antd';
import type { TableColumnsType, TreeDataNode } from 'antd';
import { ApartmentOutlined, CloseOutlined, EnvironmentOutlined, SearchOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../shared/api';
import type { RegionDetail, RegionSummary, ScopeRoot } from '../../shared/types';
import { useI18n } from '../i18n';
import { LevelTag, Page, rowTestId, ScopeRootsState } from '../components';
import { DataTable } from '../lists';
import { CommunityCardsButton, RegionHotline } from '../grids/GridCards';
import { GRID_VIEW_ACTION } from '../grids/gridsCommon';
import { useCan } from '../../shared/auth';

interface RegionNode extends TreeDataNode {
  key: string;
  region: RegionSummary;
  children?: RegionNode[];
}

function toNode(r: RegionSummary): RegionNode {
  return {
    key: r.code,
    region: r,
    title: r.name,
    isLeaf: r.childCount === 0,
  };
}

function replaceChildren(nodes: RegionNode[], code: string, children: RegionNode[]): RegionNode[] {
  return nodes.map((n) => {
    if (n.key === code) return { ...n, children, isLeaf: children.length === 0 };
    if (n.children) return { ...n, children: replaceChildren(n.children, code, children) };
    return n;
  });
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export default function RegionsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const { code: selectedCode } = useParams<{ code?: string }>();
  const canReadGrids = useCan()(GRID_VIEW_ACTION);

  // ---- scope roots and tree ----
  const [roots, setRoots] = useState<ScopeRoot[] | null>(null);
  const [rootsError, setRootsError] = useState<string | null>(null);
  const [treeData, setTreeData] = useState<RegionNode[]>([]);
  const [expandedKeys, setExpandedKeys] = useState<Key[]>([]);
  const [loadedKeys, setLoadedKeys] = useState<Key[]>([]);
  const loadedRef = useRef(new Map<string, Promise<RegionSummary[]>>());

  useEffect(() => {
    const ac = new AbortController();
    api
      .scope(ac.signal)
      .then((s) => {
        setRoots(s.roots);
        setTreeData(s.roots.map(toNode));
        setRootsError(null);
      })
      .catch((e) => {
        if (!ac.signal.aborted) setRootsError(errorMessage(e));
      });
    return () => ac.abort();
  }, []);

  const loadChildren = useCallback((code: string): Promise<RegionSummary[]> => {
    const cached = loadedRef.current.get(code);
    if (cached) return cached;
    const p = api.regionChildren(code).then((r) => {
      setTreeData((prev) => replaceChildren(prev, code, r.items.map(toNode)));
      setLoadedKeys((prev) => (prev.includes(code) ? prev : [...prev, code]));
      return r.items;
    });
    p.catch(() => loadedRef.current.delete(code));
    loadedRef.current.set(code, p);
    return p;
  }, []);

  // Without a selection, open the first scope root (its children are then one click away).
  useEffect(() => {
    if (!selectedCode && roots && roots.length > 0) {
      navigate(`/regions/${roots[0].code}`, { replace: true });
    }
  }, [selectedCode, roots, navigate]);

  // ---- selected region detail ----
  const [detail, setDetail] = useState<RegionDetail | null>(null);
  const [children, setChildren] = useState<RegionSummary[] | null>(null);
  const [detailError, setDetailError] = useState<ApiError | Error | null>(null);
  const [detailLoading, setDetailLoading] = useState(false);

  useEffect(() => {
    if (!selectedCode) return;
    let cancelled = false;
    setDetailLoading(true);
    setDetailError(null);
    Promise.all([api.region(selectedCode), api.regionChildren(selectedCode)])
      .then(([d, c]) => {
        if (cancelled) return;
        setDetail(d);
        setChildren(c.items);
      })
      .catch((e) => {
        if (cancelled) return;
        setDetail(null);
        setChildren(null);
        setDetailError(e instanceof Error ? e : new Error(String(e)));
      })
      .finally(() => {
        if (!cancelled) setDetailLoading(false);
      });
    return () => {
      cancelled = true;
    };
  }, [selectedCode]);

  const rootCodes = useMemo(() => new Set((roots ?? []).map((r) => r.code)), [roots]);

  // Path from the scope root down to the selected region (only nodes the account may open).
  const scopedPath = useMemo(() => {
    if (!detail) return [] as string[];
    const path = [...detail.ancestors.map((a) => a.code), detail.code];
    const i = path.findIndex((c) => rootCodes.has(c));
    return i < 0 ? [] : path.slice(i);
  }, [detail, rootCodes]);

  // Reveal the selected region in the tree: load and expand each ancestor inside the scope.
  useEffect(() => {
    if (scopedPath.length < 2) return;
    let cancelled = false;
    (async () => {
      const toExpand = scopedPath.slice(0, -1);
      for (const c of toExpand) {
        try {
          await loadChildren(c);
        } catch {
          return;
        }
        if (cancelled) return;
      }
      setExpandedKeys((prev) => Array.from(new Set([...prev, ...toExpand])));
      setTimeout(() => {
        document
          .querySelector(`[data-testid="tree-node-${scopedPath[scopedPath.length - 1]}"]`)
          ?.scrollIntoView({ block: 'nearest' });
      }, 50);
    })();
    return () => {
      cancelled = true;
    };
  }, [scopedPath, loadChildren]);

  // ---- search ----
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<RegionSummary[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<string | null>(null);

  const onSearch = async (value: string) => {
    const q = value.trim();
    setQuery(value);
    if (!q) {
      setResults(null);
      return;
    }
    setSearching(true);
    setSearchError(null);
    try {
      const r = await api.searchRegions(q);
      setResults(r.items);
    } catch (e) {
      setResults(null);
      setSearchError(errorMessage(e));
    } finally {
      setSearching(false);
    }
  };

  const open = (code: string) => navigate(`/regions/${code}`);

  const childColumns: TableColumnsType<RegionSummary> = [
    {
      title: t('regions.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Typography.Link onClick={() => open(r.code)} data-testid={`child-link-${r.code}`}>
          {name}
        </Typography.Link>
      ),
    },
    {
      title: t('regions.code'),
      dataIndex: 'code',
      render: (c: string) => <span className="gz-mono">{c}</span>,
    },
    { title: t('regions.level'), dataIndex: 'level', width: 100, render: (l: string) => <LevelTag level={l} /> },
    { title: t('regions.childCount'), dataIndex: 'childCount', width: 100, align: 'right' },
    {
      title: t('regions.actions'),
      key: 'actions',
      width: 90,
      render: (_, r) => (
        <Button size="small" type="link" onClick={() => open(r.code)}>
          {t('regions.view')}
        </Button>
      ),
    },
  ];

  const pathItems = detail
    ? [...detail.ancestors, detail].map((a) => {
        const clickable = a.code !== detail.code && scopedPath.includes(a.code);
        return {
          key: a.code,
          title: clickable ? (
            <Typography.Link onClick={() => open(a.code)}>{a.name}</Typography.Link>
          ) : (
            <span>{a.name}</span>
          ),
        };
      })
    : [];

  const parent = detail?.ancestors[detail.ancestors.length - 1];

  const treePanel = (
    <Card
      className="gz-card gz-tree-card"
      title={
        <Space>
          <ApartmentOutlined />
          {t('regions.tree')}
        </Space>
      }
    >
      <div data-testid="region-search">
      <Input.Search
        placeholder={t('regions.search')}
        allowClear
        enterButton={<SearchOutlined />}
        loading={searching}
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          if (!e.target.value) setResults(null);
        }}
        onSearch={onSearch}
        className="gz-region-search"
      />
      </div>
      {searchError && <Alert type="error" showIcon message={searchError} className="gz-mt8" />}
      {results && (
        <div className="gz-search-results" data-testid="search-results">
          <div className="gz-search-results-head">
            <Typography.Text strong>
              {t('regions.searchResults')} ({results.length})
            </Typography.Text>
            <Button
              size="small"
              type="text"
              icon={<CloseOutlined />}
              onClick={() => {
                setResults(null);
                setQuery('');
              }}
            >
              {t('regions.clearSearch')}
            </Button>
          </div>
          <List
            size="small"
            dataSource={results}
            locale={{ emptyText: t('regions.searchEmpty') }}
            renderItem={(r) => (
              <List.Item
                className={`gz-search-item${r.code === selectedCode ? ' is-active' : ''}`}
                onClick={() => open(r.code)}
                data-testid={`search-result-${r.code}`}
              >
                <Space size={6}>
                  <EnvironmentOutlined className="gz-muted" />
                  <span>{r.name}</span>
                  <LevelTag level={r.level} />
                </Space>
                <span className="gz-mono gz-muted">{r.code}</span>
              </List.Item>
            )}
          />
        </div>
      )}
      <div className="gz-tree-wrap">
        <ScopeRootsState roots={roots} error={rootsError} rows={6}>
          {() => (
            <Tree<RegionNode>
              blockNode
              showLine={{ showLeafIcon: false }}
              treeData={treeData}
              expandedKeys={expandedKeys}
              loadedKeys={loadedKeys}
              selectedKeys={selectedCode ? [selectedCode] : []}
              onExpand={(keys) => setExpandedKeys(keys)}
              loadData={(node) => loadChildren(String(node.key)).then(() => undefined)}
              onSelect={(keys, info) => {
                const k = keys[0] ?? info.node.key;
                if (k) open(String(k));
              }}
              titleRender={(node) => (
                <span className="gz-tree-title" data-testid={`tree-node-${node.key}`} data-level={node.region.level}>
                  <span className="gz-tree-name">{node.region.name}</span>
                  {node.region.childCount > 0 && (
                    <span className="gz-tree-count" aria-hidden="true">
                      {node.region.childCount}
                    </span>
                  )}
                </span>
              )}
            />
          )}
        </ScopeRootsState>
      </div>
    </Card>
  );

  let detailPanel;
  if (detailError) {
    const status = detailError instanceof ApiError ? detailError.status : 0;
    detailPanel = (
      <Card className="gz-card">
        <Result
          status={status === 403 ? '403' : status === 404 ? '404' : 'warning'}
          title={t('error.loadFailed')}
          subTitle={detailError.message}
        />
      </Card>
    );
  } else if (!detail) {
    detailPanel = (
      <Card className="gz-card">
        {detailLoading || (roots && roots.length > 0) ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : (
          <Empty description={t('regions.selectHint')} />
        )}
      </Card>
    );
  } else {
    detailPanel = (
      <div className="gz-stack" data-testid="region-detail">
        <Card
          className="gz-card gz-detail-card"
          loading={detailLoading && detail.code !== selectedCode}
          title={
            <Space size={10}>
              <span className="gz-detail-name" data-testid="region-detail-name">
                {detail.name}
              </span>
              <LevelTag level={detail.level} />
            </Space>
          }
          extra={
            <Space>
              {detail.level === 'community' && canReadGrids && <CommunityCardsButton code={detail.code} />}
              <span className="gz-mono gz-muted">{detail.code}</span>
            </Space>
          }
        >
          <Breadcrumb items={pathItems} className="gz-detail-path" data-testid="region-detail-path" />
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
            className="gz-detail-desc"
            items={[
              { key: 'name', label: t('regions.name'), children: detail.name },
              {
                key: 'code',
                label: t('regions.code'),
                children: (
                  <span className="gz-mono" data-testid="region-detail-code">
                    {detail.code}
                  </span>
                ),
              },
              {
                key: 'level',
                label: t('regions.level'),
                children: (
                  <span data-testid="region-detail-level">
                    <LevelTag level={detail.level} />
                  </span>
                ),
              },
              { key: 'parent', label: t('regions.parent'), children: parent ? parent.name : t('regions.none') },
              {
                key: 'childCount',
                label: t('regions.childCount'),
                children: <span data-testid="region-detail-child-count">{detail.childCount}</span>,
              },
              {
                key: 'path',
                label: t('regions.path'),
                children: [...detail.ancestors.map((a) => a.name), detail.name].join(' / '),
              },
              ...(detail.level === 'street' || detail.level === 'community'
                ? [{ key: 'hotline', label: t('cards.hotline'), children: <RegionHotline code={detail.code} hotline={detail.hotline ?? null} onChanged={(hotline) => setDetail({ ...detail, hotline })} /> }]
                : []),
            ]}
          />
        </Card>
        <Card
          className="gz-card"
          title={
            <Space>
              {t('regions.children')}
              <Typography.Text type="secondary">({children?.length ?? 0})</Typography.Text>
            </Space>
          }
        >
          <DataTable<RegionSummary>
            rowKey="code"
            columns={childColumns}
            dataSource={children ?? []}
            loading={detailLoading}
            pageSize={20}
            empty={t('regions.childrenEmpty')}
            rowTestId={(r) => `child-row-${r.code}`}
            testId="region-children"
          />
        </Card>
      </div>
    );
  }

  return (
    <Page page={{ testId: 'regions-page', title: t('regions.title'), desc: t('regions.desc'), crumbs: [t('menu.basic')] }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9} xl={7}>
          {treePanel}
        </Col>
        <Col xs={24} lg={15} xl={17}>
          {detailPanel}
        </Col>
      </Row>
    </Page>
  );
}
