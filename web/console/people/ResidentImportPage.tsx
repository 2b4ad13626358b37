/**
 * 导入居民, in three steps: (1) download the template and choose a file; (2) the server checks
 * every row (mode=check, nothing written) and names each bad cell by row and column; (3) the same
 * file is sent with mode=commit and only the rows without errors are written. Checking and writing
 * run as server jobs (up to 100,000 rows): the page shows their step, counts and time left.
 */
import { useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, App as AntApp, Button, Card, Col, Radio, Result, Row, Space, Statistic, Steps, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckCircleOutlined, CloudUploadOutlined, DownloadOutlined, FileExcelOutlined, RollbackOutlined, UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../shared/api';
import type { ImportRowReport, ResidentImportReport } from '../../shared/types';
import { withRegion } from '../regions/RegionPage';
import { useI18n, type MessageKey } from '../i18n';
import { Page, rowTestId } from '../components';
import { JobProgress, useJob } from '../jobs/JobProgress';
import { DataTable } from '../lists';

const MAX_BYTES = 25 * 1024 * 1024;
const ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';

function formatSize(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export default function ResidentImportPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const region = params.get('region');
  const listUrl = withRegion('/people/residents', region);
  const inputRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ResidentImportReport | null>(null);
  const [result, setResult] = useState<ResidentImportReport | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState<'template' | 'check' | 'commit' | null>(null);
  const [only, setOnly] = useState<'errors' | 'all'>('errors');
  const { job, follow, clear } = useJob();

  const step = result ? 2 : report ? 1 : 0;

  const template = async () => {
    setBusy('template');
    try {
      const f = await api.importTemplate();
      message.success(t('people.import.templateDone', { name: f.name }));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const check = async (f: File) => {
    setBusy('check');
    setError(null);
    setReport(null);
    setResult(null);
    try {
      const r = (await follow(api.startImportJob(f, 'check'))).result!;
      setReport(r);
      setOnly(r.invalid > 0 ? 'errors' : 'all');
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(null);
    }
  };

  const onFile = (f: File | undefined) => {
    if (inputRef.current) inputRef.current.value = ''; // choosing the same file again checks again
    if (!f) return;
    if (!/\.(xlsx|csv)$/i.test(f.name)) {
      setFile(null);
      setReport(null);
      setError(new Error(t('people.import.badType', { name: f.name })));
      return;
    }
    if (f.size > MAX_BYTES) {
      setFile(null);
      setReport(null);
      setError(new Error(t('people.import.tooLarge', { name: f.name })));
      return;
    }
    setFile(f);
    void check(f);
  };

  const commit = async () => {
    if (!file || !report) return;
    setBusy('commit');
    setError(null);
    try {
      const r = (await follow(api.startImportJob(file, 'commit'))).result!;
      setResult(r);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(null);
    }
  };

  const restart = () => {
    clear();
    setFile(null);
    setReport(null);
    setResult(null);
    setError(null);
  };

  const statusTag = (s: ImportRowReport['status']) => (
    <Tag color={s === 'error' ? 'error' : s === 'new' ? 'success' : 'processing'} bordered={false}>
      {t(`people.import.status.${s}` as MessageKey)}
    </Tag>
  );

  const columns: TableColumnsType<ImportRowReport> = [
    { title: t('people.import.row'), dataIndex: 'row', width: 80, render: (n: number) => <span data-testid="import-rownum">{n}</span> },
    { title: t('people.name'), dataIndex: 'name', width: 120, render: (v: string) => v || <span className="gz-muted">—</span> },
    { title: t('people.import.status'), dataIndex: 'status', width: 90, render: statusTag },
    {
      title: t('people.import.column'),
      key: 'column',
      width: 120,
      render: (_, r) =>
        r.errors.length ? (
          <div className="gz-import-lines">
            {r.errors.map((e, i) => (
              <div key={i} className="gz-import-line">
                <Tag color="red" bordered={false} data-testid="import-error-column">
                  {e.column}
                </Tag>
              </div>
            ))}
          </div>
        ) : (
          <span className="gz-muted">—</span>
        ),
    },
    {
      title: t('people.import.message'),
      key: 'message',
      render: (_, r) =>
        r.errors.length ? (
          <div className="gz-import-lines">
            {r.errors.map((e, i) => (
              <div key={i} className="gz-import-line" data-testid="import-error" data-column={e.column} data-code={e.code}>
                {e.message}
              </div>
            ))}
          </div>
        ) : (
          <span className="gz-muted">—</span>
        ),
    },
  ];

  const rows = report ? (only === 'errors' ? report.report.filter((r) => r.status === 'error') : report.report) : [];

  return (
    <Page
      page={{ testId: 'import-page', className: 'gz-people-page', title: t('people.import.title'), desc: t('people.import.desc'), crumbs: [t('menu.people'), t('people.residents.title')] }}
      extra={
        <Button icon={<RollbackOutlined />} onClick={() => navigate(listUrl)}>
          {t('people.import.back')}
        </Button>
      }
    >
      <Card className="gz-card">
        <Steps
          current={step}
          items={[{ title: t('people.import.step1') }, { title: t('people.import.step2') }, { title: t('people.import.step3') }]}
          className="gz-mb16"
          data-testid="import-steps"
        />

        {step < 2 && (
          <div className="gz-import-choose">
            <Space wrap size={12}>
              <Button icon={<DownloadOutlined />} loading={busy === 'template'} onClick={template} data-testid="import-template">
                {t('people.import.template')}
              </Button>
              <Button
                type={report ? 'default' : 'primary'}
                icon={<UploadOutlined />}
                loading={busy === 'check'}
                onClick={() => inputRef.current?.click()}
                data-testid="import-choose"
              >
                {file ? t('people.import.chooseAgain') : t('people.import.choose')}
              </Button>
              <input
                ref={inputRef}
                type="file"
                accept={ACCEPT}
                hidden
                onChange={(e) => onFile(e.target.files?.[0])}
                data-testid="import-file-input"
              />
              {file && (
                <span data-testid="import-file-name">
                  <FileExcelOutlined /> {file.name} <span className="gz-muted">（{formatSize(file.size)}）</span>
                </span>
              )}
            </Space>
            <Typography.Paragraph type="secondary" className="gz-mt8 gz-small">
              {t('people.import.help')}
            </Typography.Paragraph>
          </div>
        )}

        {job && <JobProgress job={job} testId="import-progress" />}

        {error && (
          <Alert
            type="error"
            showIcon
            message={error instanceof ApiError ? t('people.import.failed') : error.message}
            description={error instanceof ApiError ? error.message : undefined}
            className="gz-mb16"
            data-testid="import-error-alert"
          />
        )}

        {report && !result && (
          <div data-testid="import-report">
            <Row gutter={16} className="gz-mb16">
              <Col xs={12} md={4}>
                <Statistic title={t('people.import.rows')} value={report.rows} valueRender={() => <span data-testid="import-count-rows">{report.rows}</span>} />
              </Col>
              <Col xs={12} md={5}>
                <Statistic
                  title={t('people.import.valid')}
                  value={report.valid}
                  valueStyle={{ color: '#389e0d' }}
                  valueRender={() => <span data-testid="import-count-valid">{report.valid}</span>}
                />
              </Col>
              <Col xs={12} md={5}>
                <Statistic
                  title={t('people.import.invalid')}
                  value={report.invalid}
                  valueStyle={report.invalid ? { color: '#cf1322' } : undefined}
                  valueRender={() => <span data-testid="import-count-invalid">{report.invalid}</span>}
                />
              </Col>
              <Col xs={12} md={5}>
                <Statistic title={t('people.import.new')} value={report.new} valueRender={() => <span data-testid="import-count-new">{report.new}</span>} />
              </Col>
              <Col xs={12} md={5}>
                <Statistic title={t('people.import.update')} value={report.update} valueRender={() => <span data-testid="import-count-update">{report.update}</span>} />
              </Col>
            </Row>
            <Alert
              type={report.invalid ? 'warning' : 'success'}
              showIcon
              message={report.invalid ? t('people.import.someBad', { invalid: report.invalid, valid: report.valid }) : t('people.import.allGood', { valid: report.valid })}
              description={t('people.import.nothingYet')}
              className="gz-mb16"
              data-testid="import-summary"
            />
            <Space className="gz-mb16" wrap>
              <Radio.Group value={only} onChange={(e) => setOnly(e.target.value)} optionType="button" data-testid="import-filter">
                <Radio.Button value="errors">
                  <span data-testid="import-filter-errors">{t('people.import.onlyErrors', { n: report.invalid })}</span>
                </Radio.Button>
                <Radio.Button value="all">
                  <span data-testid="import-filter-all">{t('people.import.allRows', { n: report.rows })}</span>
                </Radio.Button>
              </Radio.Group>
            </Space>
            <DataTable<ImportRowReport>
              rowKey="row"
              size="small"
              columns={columns}
              dataSource={rows}
              pageSize={50}
              rowTestId={(r) => `import-row-${r.row}`}
              empty={t('people.import.noErrors')}
              testId="import-table"
            />
            <div className="gz-import-actions">
              <Button
                type="primary"
                size="large"
                icon={<CloudUploadOutlined />}
                disabled={report.valid === 0}
                loading={busy === 'commit'}
                onClick={commit}
                data-testid="import-commit"
              >
                {t('people.import.commit', { n: report.valid })}
              </Button>
              {report.invalid > 0 && report.valid > 0 && (
                <Typography.Text type="secondary">{t('people.import.skipBad', { n: report.invalid })}</Typography.Text>
              )}
            </div>
          </div>
        )}

        {result && (
          <Result
            status="success"
            icon={<CheckCircleOutlined />}
            title={<span data-testid="import-result-title">{t('people.import.done', { n: result.valid })}</span>}
            subTitle={
              <span data-testid="import-result">
                {t('people.import.doneDetail', { new: result.new, update: result.update, invalid: result.invalid })}
              </span>
            }
            extra={[
              <Button type="primary" key="list" onClick={() => navigate(listUrl)} data-testid="import-back-list">
                {t('people.import.toList')}
              </Button>,
              <Button key="again" onClick={restart} data-testid="import-again">
                {t('people.import.again')}
              </Button>,
            ]}
          />
        )}
      </Card>
    </Page>
  );
}
