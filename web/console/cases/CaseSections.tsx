/** Sections of the case page: the timeline, the departments' tasks, the whistles and likely duplicates. */
import { Button, Empty, Image, Rate, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ArrowRightOutlined, MergeCellsOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { CASE_STATE_COLORS } from '../../shared/cases';
import type { CaseEvent, CaseState, CaseSummary, Photo, Task, Whistle } from '../../shared/cases';
import { useI18n } from '../i18n';
import { DueTag, fmtTime, StateTag, taskDueColumn, useCaseLabels } from './casesCommon';
import { rowTestId } from '../components';
import { DataTable } from '../lists';

export function PhotoGroup({ photos, size = 88, testId }: { photos: Photo[]; size?: number; testId?: string }) {
  if (!photos.length) return null;
  return (
    <div className="gz-case-photos" data-testid={testId ?? 'case-photos'}>
      <Image.PreviewGroup>
        {photos.map((p) => (
          <Image key={p.id} src={p.url} width={size} height={size} style={{ objectFit: 'cover' }} alt="" />
        ))}
      </Image.PreviewGroup>
    </div>
  );
}

const STATE_DOT: Partial<Record<CaseState, string>> = {
  rejected: 'gray',
  closed: 'green',
  returned: 'red',
  suspended: 'gray',
};

export function CaseTimeline({ events }: { events: CaseEvent[] }) {
  const { roleName } = useI18n();
  const L = useCaseLabels();
  if (!events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at) || String(a.id).localeCompare(String(b.id), undefined, { numeric: true }));
  return (
    <Timeline
      data-testid="case-timeline"
      items={sorted.map((e) => ({
        key: String(e.id),
        color: (e.toState && STATE_DOT[e.toState]) || (e.toState ? colorOf(CASE_STATE_COLORS[e.toState]) : 'blue'),
        children: (
          <div className="gz-tl-item" data-testid="timeline-item" data-action={e.action}>
            <div className="gz-tl-head">
              <Typography.Text strong>{L.action(e.action)}</Typography.Text>
              {e.fromState && e.toState && e.fromState !== e.toState && (
                <span className="gz-tl-states">
                  <StateTag state={e.fromState} />
                  <ArrowRightOutlined className="gz-muted" />
                  <StateTag state={e.toState} />
                </span>
              )}
              {!e.fromState && e.toState && <StateTag state={e.toState} />}
              <Typography.Text type="secondary" className="gz-small gz-nowrap">
                {fmtTime(e.at)}
              </Typography.Text>
            </div>
            <div className="gz-small">
              {e.actor}
              {e.role && <span className="gz-muted">（{roleName(e.role)}）</span>}
            </div>
            <EventDetail action={e.action} detail={e.detail} />
            {e.note && <div className="gz-tl-note">{e.note}</div>}
            <PhotoGroup photos={e.photos ?? []} size={64} testId="timeline-photos" />
          </div>
        ),
      }))}
    />
  );
  function colorOf(c: string | undefined): string {
    if (!c || c === 'default') return 'gray';
    if (c === 'processing' || c === 'geekblue' || c === 'cyan') return 'blue';
    if (c === 'gold' || c === 'orange' || c === 'magenta' || c === 'purple') return 'orange';
    return c;
  }
}

/** The few event details worth a line: a department's rating, a rating / callback, a dispatch target. */
function EventDetail({ action, detail }: { action: string; detail: unknown }) {
  const L = useCaseLabels();
  const { t } = useI18n();
  const d = (detail && typeof detail === 'object' ? detail : {}) as Record<string, unknown>;
  if (action === 'rate_department' && typeof d.score === 'number')
    return (
      <div className="gz-small">
        {typeof d.department === 'string' && <span>{d.department} </span>}
        <Rate disabled value={d.score} style={{ fontSize: 12 }} />
      </div>
    );
  if ((action === 'rate' || action === 'callback' || action === 'reopen') && typeof d.satisfaction === 'string')
    return (
      <div className="gz-small">
        <Tag bordered={false} color={d.satisfaction === 'dissatisfied' ? 'red' : 'green'}>
          {L.satisfaction(d.satisfaction)}
        </Tag>
        {typeof d.resolved === 'boolean' && <span className="gz-muted">{d.resolved ? t('cases.rating.isResolved') : t('cases.rating.notResolved')}</span>}
        {typeof d.caller === 'string' && (
          <span className="gz-muted" data-testid="timeline-callback">
            {' '}
            · {t('cases.rating.caller')} {d.caller}
            {typeof d.calledAt === 'string' && <> · {t('cases.rating.calledAt')} {fmtTime(d.calledAt)}</>}
          </span>
        )}
      </div>
    );
  const to = d.to as { handler_name?: unknown } | undefined;
  if ((action === 'dispatch' || action === 'reassign') && to && typeof to.handler_name === 'string')
    return (
      <div className="gz-small">
        <span className="gz-muted">{t('cases.act.target')}：</span>
        {action === 'reassign' && typeof d.from === 'string' && <>{d.from} → </>}
        {to.handler_name}
      </div>
    );
  return null;
}

export function TasksTable(props: {
  tasks: Task[];
  mine: Set<number>;
  canRate: boolean;
  onReportIn: (t: Task) => void;
  onDone: (t: Task) => void;
  onRate: (t: Task, score: number) => void;
}) {
  const { t } = useI18n();
  const L = useCaseLabels();
  const columns: TableColumnsType<Task> = [
    {
      title: t('cases.task.department'),
      dataIndex: 'departmentName',
      render: (n: string, r) => (
        <Space size={4}>
          <Tag color={r.role === 'lead' ? 'red' : 'blue'} data-testid={`task-role-${r.role}`}>
            {L.taskRole(r.role)}
          </Tag>
          <span>{n}</span>
        </Space>
      ),
    },
    {
      title: t('cases.task.reportInDue'),
      dataIndex: 'reportInDue',
      width: 150,
      render: (_: string, r) => <DueTag due={r.reportInDue} overdue={r.reportInLate && !r.reportedInAt} done={!!r.reportedInAt} />,
    },
    {
      title: t('cases.task.reportedInAt'),
      dataIndex: 'reportedInAt',
      width: 170,
      render: (v: string | null, r) =>
        v ? (
          <Space size={4} data-testid="task-reported-in">
            <span className="gz-nowrap">{fmtTime(v)}</span>
            {r.reportInLate && <Tag color="red">{t('cases.task.late')}</Tag>}
          </Space>
        ) : (
          <Tag color={r.reportInLate ? 'red' : 'default'}>{r.reportInLate ? t('cases.task.notReportedLate') : t('cases.task.notReported')}</Tag>
        ),
    },
    { title: t('cases.task.handlerName'), dataIndex: 'handlerName', width: 100, render: (v: string | null) => v ?? '—' },
    taskDueColumn(t('cases.task.due')),
    {
      title: t('cases.task.result'),
      dataIndex: 'result',
      ellipsis: true,
      render: (v: string | null, r) =>
        v ? (
          <Tooltip title={`${fmtTime(r.doneAt)} ${v}`}>
            <span data-testid="task-result">
              {r.late && <Tag color="red">{t('cases.task.late')}</Tag>}
              {v}
            </span>
          </Tooltip>
        ) : (
          <span className="gz-muted">—</span>
        ),
    },
    {
      title: t('cases.task.rating'),
      dataIndex: 'rating',
      width: 150,
      render: (v: number | null, r) =>
        props.canRate && r.doneAt ? (
          <Rate value={v ?? 0} onChange={(s) => s > 0 && props.onRate(r, s)} style={{ fontSize: 16 }} data-testid="task-rate" />
        ) : v ? (
          <Tooltip title={r.ratingNote}>
            <Rate disabled value={v} style={{ fontSize: 14 }} data-testid="task-rate" />
          </Tooltip>
        ) : (
          <span className="gz-muted">—</span>
        ),
    },
  ];
  if (props.mine.size) {
    columns.push({
      title: t('cases.actions'),
      key: 'ops',
      width: 110,
      render: (_, r) =>
        !props.mine.has(r.id) ? null : !r.reportedInAt ? (
          <Button size="small" type="primary" onClick={() => props.onReportIn(r)} data-testid="task-report-in">
            {t('cases.task.reportIn')}
          </Button>
        ) : !r.doneAt ? (
          <Button size="small" onClick={() => props.onDone(r)} data-testid="task-done">
            {t('cases.task.done')}
          </Button>
        ) : null,
    });
  }
  return (
    <DataTable<Task>
      size="small"
      columns={columns}
      dataSource={props.tasks}
      scroll={{ x: 1000 }}
      rowClassName={(r) => ((r.reportInLate && !r.reportedInAt) || (r.late && !r.doneAt) ? 'gz-row-overdue' : '')}
      rowTestId={(r) => `task-row-${r.id}`}
      testId="case-tasks"
    />
  );
}

export function WhistleList({ whistles }: { whistles: Whistle[] }) {
  const L = useCaseLabels();
  const { t } = useI18n();
  if (!whistles.length) return null;
  return (
    <div className="gz-whistles" data-testid="case-whistles">
      {whistles.map((w) => (
        <div key={w.id} className="gz-whistle">
          <Tag color="red">{t('cases.whistle.tag')}</Tag>
          <span>{L.whistle(w.reason)}</span>
          <span className="gz-muted gz-small">
            {' '}
            · {w.by} · {fmtTime(w.at)} · {t('cases.task.reportInDue')} {fmtTime(w.reportInDue)}
          </span>
        </div>
      ))}
    </div>
  );
}

export function DuplicatesTable(props: { items: CaseSummary[]; canMerge: boolean; onMerge: (c: CaseSummary) => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const columns: TableColumnsType<CaseSummary> = [
    {
      title: t('cases.number'),
      dataIndex: 'number',
      width: 160,
      render: (n: string, r) => (
        <Typography.Link className="gz-mono" onClick={() => navigate(`/cases/${r.id}`)}>
          {n}
        </Typography.Link>
      ),
    },
    { title: t('cases.state'), dataIndex: 'state', width: 90, render: (s: CaseState) => <StateTag state={s} /> },
    { title: t('cases.category'), dataIndex: 'categoryName', width: 120 },
    { title: t('cases.description'), dataIndex: 'description', ellipsis: true },
    { title: t('cases.address'), dataIndex: 'address', width: 160, ellipsis: true },
    { title: t('cases.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtTime(v) },
  ];
  if (props.canMerge)
    columns.push({
      title: t('cases.actions'),
      key: 'merge',
      width: 120,
      render: (_, r) => (
        <Button size="small" icon={<MergeCellsOutlined />} onClick={() => props.onMerge(r)} data-testid="duplicate-merge">
          {t('cases.dup.merge')}
        </Button>
      ),
    });
  return <DataTable<CaseSummary> size="small" columns={columns} dataSource={props.items} testId="case-duplicates" />;
}
