/**
 * 案件详情 /cases/:id: the header (number, state, category, level, priority, deadlines), the
 * reporter (masked), photos, a small map, the timeline, the departments' tasks, likely duplicates,
 * and a button for exactly each action the server says the signed-in user may take now.
 */
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Alert, App as AntApp, Badge, Button, Card, Col, Descriptions, Input, Modal, Result, Row, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, ApiError, request } from '../../shared/api';
import type { ApiResult } from '../../shared/apiTypes';
import type { Grid } from '../../shared/types';
import { casesApi, HOTLINE_TYPE_LABELS } from '../../shared/cases';
import type { CaseDetail, CaseSummary, Task } from '../../shared/cases';
type Offer = CaseDetail['actions'][number];
import { useI18n } from '../i18n';
import { PageHeader, PageSpin, useAction } from '../components';
import { DueTag, fmtTime, handlerText, PriorityTag, StateTag, useCaseErrors, useCaseAbilities, useCaseLabels } from './casesCommon';
import CasePointMap from './CasePointMap';
import { ActionModal, RatingModal, WhistleModal } from './CaseModals';
import type { MoveAction } from './CaseModals';
import { ReportInModal, TaskDoneModal } from './TaskModals';
import type { TaskRef } from './TaskModals';
import { CaseTimeline, DuplicatesTable, PhotoGroup, TasksTable, WhistleList } from './CaseSections';

/** The reporter's full number, for a callback: asks why (audited as cases.reveal). */
function RevealContact({ caseId }: { caseId: number }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [phone, setPhone] = useState<string | null>(null);
  const reveal = useAction();
  if (phone) return <Typography.Text copyable strong style={{ marginLeft: 8 }} data-testid="case-reporter-phone">{phone}</Typography.Text>;
  const ok = () =>
    reveal.run(async () => {
      const r = await request<ApiResult<'/api/cases/{id}/reveal-contact', 'post'>>(`/api/cases/${caseId}/reveal-contact`, { method: 'POST', body: { reason } });
      setPhone(r.phone);
      setOpen(false);
    });
  return (
    <>
      <Button type="link" size="small" onClick={() => setOpen(true)} data-testid="case-reveal">{t('cases.reveal')}</Button>
      <Modal title={t('cases.revealTitle')} open={open} onOk={ok} onCancel={() => setOpen(false)} confirmLoading={!!reveal.running} okButtonProps={{ disabled: reason.trim().length < 4 }} destroyOnClose>
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('cases.revealReason')} maxLength={200} rows={2} data-testid="case-reveal-reason" />
      </Modal>
    </>
  );
}

/** Actions done inside sections (tasks) rather than by a header button. */
const SECTION_ACTIONS = new Set<Offer>(['report_in', 'task_done', 'rate_department']);
/** The order buttons appear in; the main forward step is primary. */
const ORDER = ['register', 'dispatch', 'accept', 'handle', 'verify_pass', 'close', 'resume', 'whistle', 'escalate', 'supervise', 'urge', 'reassign', 'merge', 'rate', 'callback', 'verify_fail', 'return', 'suspend', 'reopen', 'reject'];
const PRIMARY = new Set(['register', 'dispatch', 'accept', 'handle', 'verify_pass', 'close', 'resume', 'rate', 'callback']);
const DANGER = new Set(['reject', 'verify_fail', 'return']);

/** The action form's action: every header button but the whistle and the rating (their own modals) and the tasks' steps. */
function formAction(a: Offer | null): MoveAction | null {
  switch (a) {
    case null: case 'whistle': case 'rate': case 'callback': case 'report_in': case 'task_done': case 'rate_department':
      return null;
    default:
      return a;
  }
}

export default function CasePage() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const L = useCaseLabels();
  const navigate = useNavigate();
  const { message, modal } = AntApp.useApp();
  const showError = useCaseErrors();
  const { hasTasks } = useCaseAbilities();
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [nonce, setNonce] = useState(0);
  const [action, setAction] = useState<Offer | null>(null);
  const [myTasks, setMyTasks] = useState<Set<number>>(new Set());
  const [reportIn, setReportIn] = useState<TaskRef | null>(null);
  const [taskDone, setTaskDone] = useState<TaskRef | null>(null);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  const [grid, setGrid] = useState<Grid[] | null>(null);
  const gridCode = detail?.gridCode ?? null;

  // The case's grid under its point on the small map.
  useEffect(() => {
    if (!gridCode) return setGrid(null);
    const ac = new AbortController();
    api
      .grid(gridCode, ac.signal)
      .then((g) => setGrid([g]))
      .catch(() => !ac.signal.aborted && setGrid(null));
    return () => ac.abort();
  }, [gridCode]);

  useEffect(() => {
    if (!id) return;
    const ac = new AbortController();
    setError(null);
    casesApi
      .get(id, ac.signal)
      .then(setDetail)
      .catch((e) => !ac.signal.aborted && setError(e as Error));
    return () => ac.abort();
  }, [id, nonce]);

  // A department's own tasks (which rows get 报到 / 反馈 buttons).
  useEffect(() => {
    if (!hasTasks || !detail?.tasks.length) return;
    const ac = new AbortController();
    casesApi
      .myTasks('all', ac.signal)
      .then((r) => setMyTasks(new Set(r.items.filter((x) => x.caseId === detail.id).map((x) => x.id))))
      .catch(() => undefined);
    return () => ac.abort();
  }, [hasTasks, detail?.id, detail?.tasks.length, detail]);

  const done = (d: CaseDetail, msg?: string) => {
    setAction(null);
    setReportIn(null);
    setTaskDone(null);
    // Every write answers the new CaseDetail; anything else (an older server) is read again.
    if (d && typeof d === 'object' && 'timeline' in d) setDetail(d);
    else reload();
    message.success(msg ?? t('cases.act.done'));
  };

  if (error) {
    const status = error instanceof ApiError ? error.status : 0;
    return (
      <Result
        status={status === 404 ? '404' : status === 403 ? '403' : 'warning'}
        title={status === 404 ? t('cases.notFound') : t('error.loadFailed')}
        subTitle={error.message}
        extra={
          <Button type="primary" onClick={() => navigate('/cases')}>
            {t('cases.backToQueue')}
          </Button>
        }
      />
    );
  }
  if (!detail) return <PageSpin />;

  const actions = detail.actions.filter((a) => !SECTION_ACTIONS.has(a));
  const sorted = [...actions].sort((a, b) => (ORDER.indexOf(a) + 100) % 100 - ((ORDER.indexOf(b) + 100) % 100));
  const open = !['closed', 'rejected', 'merged'].includes(detail.state);
  const point = detail.lon !== null && detail.lat !== null ? { lon: detail.lon, lat: detail.lat } : null;
  const canRateDept = detail.actions.includes('rate_department');
  const taskRef = (tk: Task): TaskRef => ({ caseId: detail.id, taskId: tk.id, caseNumber: detail.number, departmentName: tk.departmentName });

  const mergeInto = (c: CaseSummary) =>
    modal.confirm({
      title: t('cases.dup.confirmTitle'),
      content: t('cases.dup.confirm', { from: detail.number, into: c.number }),
      okText: t('cases.dup.merge'),
      onOk: async () => {
        try {
          done(await casesApi.act(detail.id, { action: 'merge', version: detail.version, into: c.id }));
        } catch (e) {
          showError(e, reload);
        }
      },
    });

  const rateTask = async (tk: Task, score: number) => {
    try {
      const r = await casesApi.rateTask(detail.id, tk.id, { score });
      done(r, t('cases.task.rated'));
    } catch (e) {
      showError(e, reload);
    }
  };

  return (
    <div className="gz-page gz-case-page" data-testid="case-page" data-case-id={detail.id} data-version={detail.version}>
      <PageHeader
        title={t('cases.detail.title', { number: detail.number })}
        crumbs={[t('menu.cases'), t('cases.queue.title')]}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('cases.back')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={reload} data-testid="case-reload" aria-label={t('cases.reload')} />
          </Space>
        }
      />
      <Card className="gz-card gz-case-head" data-testid="case-head">
        <div className="gz-case-head-row">
          <Space size={8} wrap align="center">
            <Typography.Title level={4} className="gz-case-number gz-mono" data-testid="case-number-title">
              {detail.number}
            </Typography.Title>
            <StateTag state={detail.state} />
            <PriorityTag priority={detail.priority} />
            <Tag bordered={false}>{detail.categoryName}</Tag>
            <Tag color="gold" bordered={false}>
              {t('cases.levelOf', { level: L.level(detail.level) })}
            </Tag>
            {detail.overdue && open && <Tag color="red">{t('cases.due.overdue')}</Tag>}
            {detail.supervised && <Tag color="volcano">{t('cases.flag.supervised')}</Tag>}
            {detail.reopened && <Tag color="magenta">{t('cases.flag.reopened')}</Tag>}
            {detail.reworkCount > 0 && <Tag color="orange">{t('cases.flag.rework', { n: detail.reworkCount })}</Tag>}
            {detail.hotline && <Tag color="geekblue" data-testid="case-hotline-type">12345 · {detail.hotline.type ? HOTLINE_TYPE_LABELS[lang === 'en' ? 'en' : 'zh-CN'][detail.hotline.type] ?? detail.hotline.type : '—'}</Tag>}
          </Space>
          <Space wrap className="gz-case-actions" data-testid="case-actions">
            {sorted.map((a) => (
              <Button
                key={a}
                type={PRIMARY.has(a) ? 'primary' : 'default'}
                danger={DANGER.has(a)}
                onClick={() => setAction(a)}
                data-testid={`action-${a}`}
              >
                {/* staff never rate: they record the resident's answer as a callback (回访) */}
                {a === 'rate' ? L.action('callback') : L.action(a)}
              </Button>
            ))}
            {!sorted.length && <Typography.Text type="secondary">{t('cases.act.none')}</Typography.Text>}
          </Space>
        </div>
        {detail.mergedInto && (
          <Alert
            className="gz-mt12"
            type="info"
            showIcon
            message={
              <span>
                {t('cases.mergedInto')} <Typography.Link onClick={() => navigate(`/cases/${detail.mergedInto}`)}>#{detail.mergedInto}</Typography.Link>
              </span>
            }
          />
        )}
        <Descriptions className="gz-mt12" size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="case-info">
          <Descriptions.Item label={t('cases.responseDue')}>
            <DueTag due={detail.responseDue} done={!['reported', 'registered', 'dispatched'].includes(detail.state)} testId="case-response-due" />
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.resolveDue')}>
            <DueTag due={detail.resolveDue} overdue={detail.overdue} nearDue={detail.nearDue} done={!open || detail.state === 'verified'} testId="case-resolve-due" />
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.handler')}>
            <span data-testid="case-handler">{handlerText(L, detail.handler)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.source')}>{L.source(detail.source)}</Descriptions.Item>
          <Descriptions.Item label={t('cases.place')}>
            {[detail.streetName, detail.communityName, detail.gridName].filter(Boolean).join(' / ') || <Tag color="warning">{t('cases.unassigned')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.address')}>{detail.address || '—'}</Descriptions.Item>
          {point && (
            <Descriptions.Item label={t('cases.coords')}>
              <span data-testid="case-coords">{t('cases.coordsValue', { lon: point.lon.toFixed(6), lat: point.lat.toFixed(6) })}</span>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('cases.reporter')}>
            <span data-testid="case-reporter">
              {detail.reporter
                ? detail.reporter.anonymous
                  ? t('cases.anonymous')
                  : [detail.reporter.name, detail.reporter.phoneMasked].filter(Boolean).join(' · ') || '—'
                : '—'}
              {detail.reporter?.phoneMasked && <RevealContact caseId={detail.id} />}
              {detail.reporters > 1 && (
                <Badge count={t('cases.reporters', { n: detail.reporters })} style={{ backgroundColor: '#1d5fa8', marginLeft: 6 }} />
              )}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.createdAt')}>{fmtTime(detail.createdAt)}</Descriptions.Item>
          {detail.hotline && <Descriptions.Item label={t('cases.hotlineTicket')}>{detail.hotline.ticket}</Descriptions.Item>}
          {detail.rating && (
            <Descriptions.Item label={t('cases.rating.title')}>
              <span data-testid="case-rating">
                {L.satisfaction(detail.rating.satisfaction)} · {detail.rating.resolved ? t('cases.rating.isResolved') : t('cases.rating.notResolved')}
                {detail.rating.note && <span className="gz-muted"> · {detail.rating.note}</span>}
                <span className="gz-muted" data-testid="case-rating-by">
                  {' '}
                  （
                  {detail.rating.byReporter === false
                    ? `${t('cases.rating.byCallback')}：${detail.callback?.by ?? detail.rating.by} · ${fmtTime(detail.callback?.at ?? detail.rating.at)}`
                    : `${t('cases.rating.byReporter')} · ${fmtTime(detail.rating.at)}`}
                  ）
                </span>
              </span>
            </Descriptions.Item>
          )}
          {!detail.rating && detail.state === 'closed' && detail.rateable === false && (
            <Descriptions.Item label={t('cases.rating.title')}>
              <span className="gz-muted" data-testid="case-rating-none">{t('cases.rating.none')}</span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card className="gz-card" size="small" title={t('cases.description')}>
            <Typography.Paragraph className="gz-case-desc" data-testid="case-description-full">
              {detail.description}
            </Typography.Paragraph>
            <PhotoGroup photos={detail.photos} />
          </Card>
          <Card className="gz-card" size="small" title={t('cases.timeline')}>
            <CaseTimeline events={detail.timeline} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card className="gz-card gz-map-card" size="small" title={t('cases.map.title')}>
            {point ? <CasePointMap value={point} grids={grid} height={280} /> : <div className="gz-case-nomap">{t('cases.map.none')}</div>}
          </Card>
          {detail.duplicates.length > 0 && (
            <Card className="gz-card" size="small" title={t('cases.dup.title', { n: detail.duplicates.length })}>
              <Typography.Paragraph type="secondary" className="gz-small">
                {t('cases.dup.desc')}
              </Typography.Paragraph>
              <DuplicatesTable items={detail.duplicates} canMerge={detail.actions.includes('merge')} onMerge={mergeInto} />
            </Card>
          )}
        </Col>
      </Row>
      {(detail.tasks.length > 0 || detail.whistles.length > 0) && (
        <Card className="gz-card" size="small" title={t('cases.task.title')}>
          <WhistleList whistles={detail.whistles} />
          <TasksTable
            tasks={detail.tasks}
            mine={myTasks}
            canRate={canRateDept}
            onReportIn={(tk) => setReportIn(taskRef(tk))}
            onDone={(tk) => setTaskDone(taskRef(tk))}
            onRate={rateTask}
          />
        </Card>
      )}
      <ActionModal
        action={formAction(action)}
        detail={detail}
        onClose={() => setAction(null)}
        onDone={(d) => done(d)}
        reload={reload}
      />
      <WhistleModal open={action === 'whistle'} detail={detail} onClose={() => setAction(null)} onDone={(d) => done(d, t('cases.whistle.done'))} reload={reload} />
      <RatingModal
        open={action === 'rate' || action === 'callback'}
        callback={action === 'callback'}
        detail={detail}
        onClose={() => setAction(null)}
        onDone={(d) => done(d)}
        reload={reload}
      />
      <ReportInModal task={reportIn} onClose={() => setReportIn(null)} onDone={(d) => done(d, t('cases.task.reportedIn'))} />
      <TaskDoneModal task={taskDone} onClose={() => setTaskDone(null)} onDone={(d) => done(d)} />
    </div>
  );
}
