/** The list of the region's grids beside the map: a filter, a paged table, the selected row. */
import { useEffect, useMemo, useState } from 'react';
import type { HTMLAttributes } from 'react';
import { Card, Input, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Grid } from '../../shared/types';
import { useI18n } from '../i18n';
import { GridKindTag, staffNames } from './gridsCommon';
import { DataTable } from '../lists';

const PAGE_SIZE = 15;

function matches(g: Grid, q: string): boolean {
  return (
    String(g.number) === q ||
    g.name.toLowerCase().includes(q) ||
    g.code.includes(q) ||
    g.communityName.toLowerCase().includes(q) ||
    g.workers.some((w) => w.name.toLowerCase().includes(q)) ||
    (g.leader?.name.toLowerCase().includes(q) ?? false)
  );
}

function useGridColumns(): TableColumnsType<Grid> {
  const { t } = useI18n();
  return [
    {
      title: t('grids.number'),
      dataIndex: 'number',
      width: 64,
      sorter: (a, b) => a.number - b.number || a.code.localeCompare(b.code),
      render: (n: number, g) => (
        <span className={`gz-grid-num gz-grid-num-${g.kind}`} data-testid={`grid-number-${g.code}`}>
          {n}
        </span>
      ),
    },
    {
      title: t('grids.name'),
      dataIndex: 'name',
      render: (name: string, g) => (
        <div className="gz-grid-cell">
          <span className="gz-grid-name">{name}</span>
          <span className="gz-grid-sub">
            <GridKindTag grid={g} />
            <span className="gz-muted gz-small" title={t('grids.community')}>
              {g.communityName}
            </span>
          </span>
        </div>
      ),
    },
    {
      title: t('grids.fullTimeWorkers'),
      key: 'workers',
      width: 120,
      render: (_, g) => {
        if (g.kind === 'dedicated')
          return g.administrators.length ? (
            <span className="gz-muted">{t('grids.adminNames', { names: staffNames(g.administrators) })}</span>
          ) : (
            <span className="gz-muted">—</span>
          );
        const ft = g.workers.filter((w) => w.employment === 'full_time');
        if (g.kind === 'basic' && ft.length === 0)
          return (
            <Tag color="error" bordered={false}>
              {t('grids.noWorker')}
            </Tag>
          );
        return staffNames(ft) || <span className="gz-muted">—</span>;
      },
    },
    {
      title: t('grids.leader'),
      key: 'leader',
      width: 90,
      responsive: ['xl'],
      render: (_, g) => g.leader?.name ?? <span className="gz-muted">—</span>,
    },
  ];
}

export function GridList(props: {
  grids: Grid[] | null;
  loading: boolean;
  selectedCode: string | null;
  /** Rows do not select while a boundary is edited or a grid drawn. */
  busy: boolean;
  onSelect: (code: string) => void;
}) {
  const { t } = useI18n();
  const { grids, loading, selectedCode, busy, onSelect } = props;
  const columns = useGridColumns();
  const [filter, setFilter] = useState('');
  const filtered = useMemo(() => {
    const q = filter.trim().toLowerCase();
    if (!grids) return [];
    if (!q) return grids;
    return grids.filter((g) => matches(g, q));
  }, [grids, filter]);
  const [page, setPage] = useState(1);
  useEffect(() => {
    if (!selectedCode) return;
    const i = filtered.findIndex((g) => g.code === selectedCode);
    if (i >= 0) setPage(Math.floor(i / PAGE_SIZE) + 1);
  }, [selectedCode, filtered]);

  return (
    <Card
      className="gz-card gz-grid-list-card"
      title={
        <Space>
          {t('grids.list')}
          <Typography.Text type="secondary" data-testid="grid-count">
            ({grids?.length ?? 0})
          </Typography.Text>
        </Space>
      }
    >
      <Input.Search
        allowClear
        placeholder={t('grids.filter')}
        value={filter}
        onChange={(e) => {
          setFilter(e.target.value);
          setPage(1);
        }}
        className="gz-mb8"
      />
      <DataTable<Grid>
        rowKey="code"
        size="small"
        columns={columns}
        dataSource={filtered}
        loading={loading}
        pagination={
          filtered.length > PAGE_SIZE
            ? { pageSize: PAGE_SIZE, current: page, onChange: setPage, showSizeChanger: false, size: 'small' }
            : false
        }
        rowClassName={(g) => `gz-clickable${g.code === selectedCode ? ' gz-row-selected' : ''}`}
        onRow={(g) =>
          ({
            onClick: () => !busy && onSelect(g.code),
            'data-testid': `grid-row-${g.code}`,
          }) as HTMLAttributes<HTMLElement>
        }
        empty={t('grids.empty')}
        testId="grid-table"
      />
    </Card>
  );
}
