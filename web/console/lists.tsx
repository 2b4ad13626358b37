/** Layout pieces of the console's lists and records: a list in a card, a drawer's small table, a record's drawer. */
import type { HTMLAttributes, ReactNode } from 'react';
import { Alert, Button, Card, Drawer, Empty, Result, Skeleton, Space, Table } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useI18n } from './i18n';

/**
 * A console table (rows keyed by `id`, `size` middle, no pager unless set): `empty` under a simple image when it has no rows, a
 * data-testid on the table and, with `rowTestId`, on each row; with `pageSize`, a pager that shows only when the rows
 * take more than one page.
 */
export function DataTable<T extends object>(
  props: Omit<TableProps<T>, 'locale'> & { testId: string; empty?: ReactNode; rowTestId?: (r: T) => string; pageSize?: number },
) {
  const { testId, empty, rowTestId, pageSize, ...rest } = props;
  return (
    <Table<T>
      rowKey="id"
      size="middle"
      pagination={pageSize ? { pageSize, showSizeChanger: false, hideOnSinglePage: true } : false}
      onRow={rowTestId && ((r) => ({ 'data-testid': rowTestId(r) }) as HTMLAttributes<HTMLElement>)}
      {...rest}
      locale={empty === undefined ? undefined : { emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} /> }}
      data-testid={testId}
    />
  );
}

/** A small table under an "add" button (the sections of a drawer). */
export function SectionTable<T extends object>(props: {
  /** The "add" button above the table (a plain button unless `primary`). */
  add?: { label: string; onClick: () => void; testId: string; disabled?: boolean; primary?: boolean; icon?: ReactNode };
  /** Default `id`. */
  rowKey?: string | ((r: T) => string);
  dataSource: T[];
  columns: TableColumnsType<T>;
  empty: string;
  testId: string;
  rowTestId?: (r: T) => string;
}) {
  const { add, ...table } = props;
  return (
    <>
      {add && (
        <div className="gz-mb8" style={{ textAlign: 'right' }}>
          <Button
            type={add.primary ? 'primary' : 'default'}
            icon={add.icon ?? <PlusOutlined />}
            onClick={add.onClick}
            disabled={add.disabled}
            data-testid={add.testId}
          >
            {add.label}
          </Button>
        </div>
      )}
      <DataTable<T> size="small" {...table} />
    </>
  );
}

/** A card holding the list of a tab or page: a summary, a "new" button, the load error and the table. */
export function ListCard<T extends object>(props: {
  /** Over the table; a function is given how many rows the table shows, once the list is loaded. */
  summary?: ReactNode | ((n: number) => ReactNode);
  /** The "new" button after `extra`. */
  create?: { label: string; onClick: () => void; testId: string };
  extra?: ReactNode;
  /** The list's load (a useLoad() result): its error above the table, the table's spinner, its `items` the rows. */
  state: { error: string | null; loading: boolean; data?: { items: T[] } | null };
  /** The rows when they are not the load's `items`. */
  dataSource?: T[];
  /** Which rows the table shows (a search over the list). */
  filter?: (r: T) => boolean;
  /** Default `id`. */
  rowKey?: string | ((r: T) => string);
  columns: TableColumnsType<T>;
  empty: string;
  testId: string;
  rowAttrs?: (r: T) => Record<string, string | number>;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const { summary, create, extra, state, dataSource, filter, rowAttrs, children, ...table } = props;
  const all = dataSource ?? state.data?.items ?? [];
  const rows = filter ? all.filter(filter) : all;
  const title = typeof summary === 'function' ? state.data && summary(rows.length) : summary;
  return (
    <Card
      className="gz-card"
      size="small"
      title={title && <span className="gz-small">{title}</span>}
      extra={
        <Space>
          {extra}
          {create && (
            <Button type="primary" icon={<PlusOutlined />} onClick={create.onClick} data-testid={create.testId}>
              {create.label}
            </Button>
          )}
        </Space>
      }
    >
      {state.error && <Alert type="error" showIcon message={t('error.loadFailed')} description={state.error} className="gz-mb16" />}
      <DataTable<T> {...table} dataSource={rows} loading={state.loading} pageSize={20} onRow={rowAttrs && ((r) => rowAttrs(r) as HTMLAttributes<HTMLElement>)} />
      {children}
    </Card>
  );
}

/** The drawer of one record: its name in the title, a skeleton while loading, the load error. */
export function DetailDrawer(props: {
  open: boolean;
  onClose: () => void;
  width: number;
  icon: ReactNode;
  name: string | null | undefined;
  testId: string;
  extra?: ReactNode;
  error: string | null;
  ready: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      width={props.width}
      destroyOnHidden
      title={
        props.name && (
          <Space>
            {props.icon}
            <span data-testid={`${props.testId}-name`}>{props.name}</span>
          </Space>
        )
      }
      extra={props.extra}
      data-testid={props.testId}
    >
      {props.error ? (
        <Result status="warning" title={t('error.loadFailed')} subTitle={props.error} />
      ) : !props.ready ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        props.children
      )}
    </Drawer>
  );
}
