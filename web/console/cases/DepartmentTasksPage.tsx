/**
 * 部门任务 /cases/tasks: a department's whistles and tasks — report in (报到) with the handler's
 * name before the report-in deadline, then report back (反馈结果). Late ones are highlighted.
 */
import { useState } from 'react';
import type { HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Segmented, Space, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { casesApi } from '../../shared/cases';
import { useLoad } from '../../shared/useLoad';
import type { CaseState, DepartmentTask } from '../../shared/cases';
import { useI18n } from '../i18n';
import { Page } from '../components';
import { caseNumberColumn, DueTag, fmtTime, StateTag, taskDueColumn, useCaseLabels } from './casesCommon';
import { ReportInModal, TaskDoneModal } from './TaskModals';
import type { TaskRef } from './TaskModals';
import { DataTable } from '../lists';

export default function DepartmentTasksPage() {
  const { t } = useI18n();
  const L = useCaseLabels();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [state, setState] = useState<'open' | 'all'>('open');
  const tasks = useLoad((signal) => casesApi.myTasks(state, signal), [state]);
  const items: DepartmentTask[] | null = tasks.data?.items ?? (tasks.failure ? [] : null);
  const { error, loading, reload } = tasks;
  const [reportIn, setReportIn] = useState<TaskRef | null>(null);
  const [taskDone, setTaskDone] = useState<TaskRef | null>(null);

  const ref = (r: DepartmentTask): TaskRef => ({ caseId: r.caseId, taskId: r.id, caseNumber: r.caseNumber, departmentName: r.departmentName });
  const after = (msg: string) => {
    setReportIn(null);
    setTaskDone(null);
    reload();
    message.success(msg);
  };
  const lateRow = (r: DepartmentTask) => (r.reportInLate && !r.reportedInAt) || (r.late && !r.doneAt);
  const waiting = (items ?? []).filter((r) => !r.reportedInAt).length;

  const columns: TableColumnsType<DepartmentTask> = [
    caseNumberColumn<DepartmentTask>(t('cases.number'), 'caseNumber', (r) => navigate(`/cases/${r.caseId}`), 'task-case-number'),
    { title: t('cases.state'), dataIndex: 'caseState', width: 92, render: (s: CaseState) => <StateTag state={s} /> },
    {
      title: t('cases.task.role'),
      dataIndex: 'role',
      width: 70,
      render: (v: string) => <Tag color={v === 'lead' ? 'red' : 'blue'}>{L.taskRole(v)}</Tag>,
    },
    { title: t('cases.category'), dataIndex: 'categoryName', width: 120, ellipsis: true },
    { title: t('cases.address'), dataIndex: 'address', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: t('cases.whistle.reason'),
      dataIndex: 'whistleReason',
      width: 150,
      ellipsis: true,
      render: (v: string | null) => (v ? <Tooltip title={L.whistle(v)}>{L.whistle(v)}</Tooltip> : <span className="gz-muted">{t('cases.task.dispatched')}</span>),
    },
    {
      title: t('cases.task.reportIn'),
      key: 'reportIn',
      width: 180,
      render: (_, r) =>
        r.reportedInAt ? (
          <Space size={4} direction="vertical" data-testid="task-reported-in">
            <span className="gz-nowrap">
              {fmtTime(r.reportedInAt)} {r.reportInLate && <Tag color="red">{t('cases.task.late')}</Tag>}
            </span>
            <span className="gz-muted gz-small">{r.handlerName}</span>
          </Space>
        ) : (
          <DueTag due={r.reportInDue} overdue={r.reportInLate} testId="task-report-in-due" />
        ),
    },
    taskDueColumn(t('cases.task.due')),
    {
      title: t('cases.task.result'),
      dataIndex: 'result',
      width: 200,
      ellipsis: true,
      render: (v: string | null, r) =>
        v ? (
          <Tooltip title={v}>
            {r.late && <Tag color="red">{t('cases.task.late')}</Tag>}
            {v}
          </Tooltip>
        ) : (
          <span className="gz-muted">—</span>
        ),
    },
    {
      title: t('cases.actions'),
      key: 'ops',
      width: 110,
      fixed: 'right',
      render: (_, r) =>
        !r.reportedInAt ? (
          <Button size="small" type="primary" onClick={() => setReportIn(ref(r))} data-testid="task-report-in">
            {t('cases.task.reportIn')}
          </Button>
        ) : !r.doneAt ? (
          <Button size="small" onClick={() => setTaskDone(ref(r))} data-testid="task-done">
            {t('cases.task.done')}
          </Button>
        ) : (
          <Tag color="green">{t('cases.task.finished')}</Tag>
        ),
    },
  ];

  return (
    <Page
      page={{ testId: 'dept-tasks-page', title: t('cases.tasks.title'), desc: t('cases.tasks.desc'), crumbs: [t('menu.cases')] }}
      extra={
        <Space>
          <Segmented
            value={state}
            onChange={(v) => setState(v as 'open' | 'all')}
            options={[
              { value: 'open', label: t('cases.tasks.open') },
              { value: 'all', label: t('cases.tasks.all') },
            ]}
            data-testid="tasks-state"
          />
          <Button icon={<ReloadOutlined />} onClick={() => reload()} aria-label={t('cases.reload')} />
        </Space>
      }
    >
      {waiting > 0 && <Alert className="gz-mb16" type="warning" showIcon message={t('cases.tasks.waiting', { n: waiting })} data-testid="tasks-waiting" />}
      {error && <Alert type="error" showIcon message={t('error.loadFailed')} description={error} />}
      <Card className="gz-card" size="small">
        <DataTable<DepartmentTask>
          columns={columns}
          dataSource={items ?? []}
          loading={loading}
          scroll={{ x: 1300 }}
          pageSize={20}
          rowClassName={(r) => (lateRow(r) ? 'gz-row-overdue' : '')}
          onRow={(r) => ({ 'data-testid': `dept-task-${r.id}`, 'data-case': r.caseNumber }) as HTMLAttributes<HTMLElement>}
          empty={t('cases.tasks.empty')}
          testId="dept-tasks-table"
        />
      </Card>
      <ReportInModal task={reportIn} onClose={() => setReportIn(null)} onDone={() => after(t('cases.task.reportedIn'))} />
      <TaskDoneModal task={taskDone} onClose={() => setTaskDone(null)} onDone={() => after(t('cases.act.done'))} />
    </Page>
  );
}
