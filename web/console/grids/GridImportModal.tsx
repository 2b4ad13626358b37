/**
 * GeoJSON import of grids: choose a file (parsed here), its coordinate system and the target
 * region; a dry run reports errors, warnings, overlaps and gaps; only a clean report enables the
 * real import. Choosing the (fixed) file again runs the check again.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, App as AntApp, Button, Col, Empty, List, Modal, Radio, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckCircleOutlined, FileSearchOutlined, UploadOutlined } from '@ant-design/icons';
import { api, ApiError } from '../../shared/api';
import type { Crs, GridImportReport, GridIssue, RegionRef, ScopeRoot } from '../../shared/types';
import { formatArea } from '../../shared/gridmap';
import { useI18n } from '../i18n';
import { RegionPicker } from '../regions/RegionPicker';
import { ApiErrorContent, featureLabel, issueText } from './gridsCommon';

interface ChosenFile {
  name: string;
  size: number;
  geojson: unknown;
  /** Changes each time a file is chosen, even the same one again. */
  nonce: number;
}

type IssueRow = GridIssue & { key: string; severity: 'error' | 'warning' };

const MAX_BYTES = 50 * 1024 * 1024;

/** A titled list of the check's overlaps or gaps (an empty note when there are none). */
function ReportList<T>(props: { label: string; items: T[]; empty: string; testId: string; render: (item: T) => ReactNode }) {
  return (
    <>
      <div className="gz-field-label">{props.label}</div>
      {props.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.empty} className="gz-empty-small" />
      ) : (
        <List size="small" bordered dataSource={props.items} data-testid={props.testId} renderItem={(x) => <List.Item>{props.render(x)}</List.Item>} />
      )}
    </>
  );
}

export default function GridImportModal(props: {
  open: boolean;
  onClose: () => void;
  onImported: (report: GridImportReport) => void;
  defaultRegion: RegionRef | null;
  roots: ScopeRoot[] | null;
}) {
  const { t, lang } = useI18n();
  const { message } = AntApp.useApp();
  const { open, onClose, onImported, defaultRegion, roots } = props;

  const [file, setFile] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const [crs, setCrs] = useState<Crs>('wgs84');
  const [region, setRegion] = useState<string | null>(null);
  const [report, setReport] = useState<GridImportReport | null>(null);
  /** What the shown report was computed for: file nonce, crs, region. */
  const [reportFor, setReportFor] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [importing, setImporting] = useState(false);
  const [requestError, setRequestError] = useState<unknown>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const nonce = useRef(0);

  // A fresh dialog each time it opens.
  useEffect(() => {
    if (!open) return;
    setFile(null);
    setFileError(null);
    setReport(null);
    setReportFor(null);
    setRequestError(null);
    setCrs('wgs84');
    setRegion(defaultRegion && (defaultRegion.level === 'community' || defaultRegion.level === 'street') ? defaultRegion.code : null);
  }, [open, defaultRegion]);

  const key = file && region ? `${file.nonce}|${crs}|${region}` : null;
  const reportCurrent = !!report && reportFor === key;

  const runCheck = async (f: ChosenFile | null = file) => {
    if (!f || !region) return;
    const k = `${f.nonce}|${crs}|${region}`;
    setChecking(true);
    setRequestError(null);
    try {
      const r = await api.importGrids({ region, crs, geojson: f.geojson, dryRun: true });
      setReport(r);
      setReportFor(k);
    } catch (e) {
      setReport(null);
      setReportFor(null);
      setRequestError(e);
    } finally {
      setChecking(false);
    }
  };

  // Check automatically once a file, a coordinate system and a region are chosen (and on change).
  useEffect(() => {
    if (open && file && region && reportFor !== `${file.nonce}|${crs}|${region}`) void runCheck(file);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, file, crs, region]);

  const onFile = (f: File | undefined) => {
    if (inputRef.current) inputRef.current.value = ''; // the same file can be chosen again
    if (!f) return;
    setFileError(null);
    setReport(null);
    setReportFor(null);
    setRequestError(null);
    if (f.size > MAX_BYTES) {
      setFile(null);
      setFileError(t('grids.import.tooLarge', { name: f.name }));
      return;
    }
    setReading(true);
    const reader = new FileReader();
    reader.onerror = () => {
      setReading(false);
      setFile(null);
      setFileError(t('grids.import.readFailed', { name: f.name }));
    };
    reader.onload = () => {
      setReading(false);
      const text = String(reader.result ?? '').replace(/^\uFEFF/, '');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        setFile(null);
        setFileError(t('grids.import.notJson', { name: f.name, reason: (e as Error).message }));
        return;
      }
      const type = parsed && typeof parsed === 'object' ? (parsed as { type?: unknown }).type : undefined;
      if (typeof type !== 'string' || !['FeatureCollection', 'Feature', 'Polygon', 'MultiPolygon'].includes(type)) {
        setFile(null);
        setFileError(t('grids.import.notGeoJson', { name: f.name }));
        return;
      }
      nonce.current += 1;
      setFile({ name: f.name, size: f.size, geojson: parsed, nonce: nonce.current });
    };
    reader.readAsText(f, 'utf-8');
  };

  const onImport = async () => {
    if (!file || !region || !reportCurrent) return;
    setImporting(true);
    setRequestError(null);
    try {
      const r = await api.importGrids({ region, crs, geojson: file.geojson, dryRun: false });
      message.success(t('grids.import.done', { created: r.created, updated: r.updated }));
      onImported(r);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'grid_import_invalid' && report) {
        // The data changed since the dry run: show the server's errors in the report.
        setReport({ ...report, errors: e.details as GridIssue[] });
      }
      setRequestError(e);
    } finally {
      setImporting(false);
    }
  };

  const rows: IssueRow[] = report
    ? [
        ...report.errors.map((e, i) => ({ ...e, key: `e${i}`, severity: 'error' as const })),
        ...report.warnings.map((w, i) => ({ ...w, key: `w${i}`, severity: 'warning' as const })),
      ]
    : [];

  const columns: TableColumnsType<IssueRow> = [
    {
      title: t('grids.import.severity'),
      dataIndex: 'severity',
      width: 70,
      render: (s: IssueRow['severity']) =>
        s === 'error' ? (
          <Tag color="error" bordered={false}>
            {t('grids.import.error')}
          </Tag>
        ) : (
          <Tag color="warning" bordered={false}>
            {t('grids.import.warning')}
          </Tag>
        ),
    },
    {
      title: t('grids.import.where'),
      dataIndex: 'feature',
      width: 110,
      render: (f: number | null) => <span className="gz-nowrap">{featureLabel(t, f)}</span>,
    },
    {
      title: t('grids.name'),
      dataIndex: 'name',
      width: 170,
      render: (n: string | undefined, r) => (
        <div>
          <div>{n || <span className="gz-muted">—</span>}</div>
          {r.grid && <span className="gz-mono gz-muted gz-small">{r.grid}</span>}
        </div>
      ),
    },
    {
      title: t('grids.import.message'),
      dataIndex: 'message',
      render: (m: string | undefined, r) => (
        <div>
          <div>{m ?? issueText(t, lang, r, false)}</div>
          <span className="gz-mono gz-muted gz-small">{r.code}</span>
        </div>
      ),
    },
  ];

  const hasErrors = !!report && report.errors.length > 0;
  const canImport = reportCurrent && !hasErrors && !checking && (report?.features ?? 0) > 0;

  return (
    <Modal
      open={open}
      onCancel={onClose}
      title={t('grids.import.title')}
      width={920}
      destroyOnHidden
      maskClosable={false}
      footer={
        <Space>
          <Button onClick={onClose}>{t('m.cancel')}</Button>
          <Button
            icon={<FileSearchOutlined />}
            onClick={() => runCheck()}
            disabled={!file || !region || importing}
            loading={checking}
            data-testid="grid-import-check"
          >
            {t('grids.import.check')}
          </Button>
          <Button
            type="primary"
            icon={<CheckCircleOutlined />}
            onClick={onImport}
            disabled={!canImport}
            loading={importing}
            data-testid="grid-import-confirm"
          >
            {t('grids.import.confirm')}
          </Button>
        </Space>
      }
    >
      <div data-testid="grid-import">
        <Row gutter={[16, 12]} className="gz-import-form">
          <Col xs={24} md={12}>
            <div className="gz-field-label">{t('grids.import.file')}</div>
            <Space wrap>
              <Button icon={<UploadOutlined />} onClick={() => inputRef.current?.click()} loading={reading}>
                {file ? t('grids.import.chooseAgain') : t('grids.import.choose')}
              </Button>
              <input
                ref={inputRef}
                type="file"
                accept=".geojson,.json,application/geo+json,application/json"
                style={{ display: 'none' }}
                data-testid="grid-import-file"
                onChange={(e) => onFile(e.target.files?.[0])}
              />
              {file && (
                <Typography.Text data-testid="grid-import-filename">
                  {file.name} <span className="gz-muted">({Math.max(1, Math.round(file.size / 1024))} KB)</span>
                </Typography.Text>
              )}
            </Space>
            <div className="gz-muted gz-small gz-mt4">{t('grids.import.fileHint')}</div>
          </Col>
          <Col xs={24} md={12}>
            <div className="gz-field-label">{t('grids.import.region')}</div>
            <RegionPicker
              value={region}
              roots={roots}
              levels={['street', 'community']}
              onChange={(code) => setRegion(code)}
              style={{ width: '100%' }}
              placeholder={t('grids.import.regionPlaceholder')}
              testId="grid-import-region"
            />
          </Col>
          <Col span={24}>
            <div className="gz-field-label">{t('grids.import.crs')}</div>
            <Radio.Group value={crs} onChange={(e) => setCrs(e.target.value as Crs)} data-testid="grid-import-crs">
              <Radio value="wgs84">{t('grids.crs.wgs84')}</Radio>
              <Radio value="gcj02">{t('grids.crs.gcj02')}</Radio>
              <Radio value="bd09">{t('grids.crs.bd09')}</Radio>
            </Radio.Group>
          </Col>
        </Row>

        {fileError && <Alert type="error" showIcon message={fileError} className="gz-mt12" data-testid="grid-import-file-error" />}
        {!!requestError && (
          <Alert
            type="error"
            showIcon
            className="gz-mt12"
            message={t('grids.import.requestFailed')}
            description={<ApiErrorContent error={requestError} />}
            data-testid="grid-import-request-error"
          />
        )}

        {report && (
          <div className="gz-import-report gz-mt12" data-testid="grid-import-report">
            {hasErrors ? (
              <Alert
                type="error"
                showIcon
                message={t('grids.import.hasErrors', { n: report.errors.length })}
                description={t('grids.import.fixAndChoose')}
                data-testid="grid-import-verdict"
              />
            ) : (
              <Alert
                type="success"
                showIcon
                message={t('grids.import.ok', { features: report.features, created: report.created, updated: report.updated })}
                description={report.warnings.length ? t('grids.import.okWithWarnings', { n: report.warnings.length }) : undefined}
                data-testid="grid-import-verdict"
              />
            )}
            <Row gutter={12} className="gz-mt12 gz-import-stats">
              <Col span={4}>
                <Statistic title={t('grids.import.features')} value={report.features} />
              </Col>
              <Col span={4}>
                <Statistic title={t('grids.import.created')} value={report.created} />
              </Col>
              <Col span={4}>
                <Statistic title={t('grids.import.updated')} value={report.updated} />
              </Col>
              <Col span={4}>
                <Statistic title={t('grids.import.errors')} value={report.errors.length} valueStyle={report.errors.length ? { color: '#cf1322' } : undefined} />
              </Col>
              <Col span={4}>
                <Statistic title={t('grids.import.warnings')} value={report.warnings.length} valueStyle={report.warnings.length ? { color: '#d48806' } : undefined} />
              </Col>
              <Col span={4}>
                <Statistic title={t('grids.import.overlaps')} value={report.overlaps.length} />
              </Col>
            </Row>

            {rows.length > 0 && (
              <Table<IssueRow>
                className="gz-mt12"
                size="small"
                rowKey="key"
                columns={columns}
                dataSource={rows}
                pagination={rows.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
                data-testid="grid-import-issues"
              />
            )}

            <Row gutter={16} className="gz-mt12">
              <Col xs={24} md={14}>
                <ReportList
                  label={`${t('grids.import.overlapList')} (${report.overlaps.length})`}
                  items={report.overlaps}
                  empty={t('grids.import.noOverlaps')}
                  testId="grid-import-overlaps"
                  render={(o) => (
                    <>
                      <span>
                        {o.aName || o.a} <span className="gz-muted">×</span> {o.bName || o.b}
                      </span>
                      <span className="gz-muted">{formatArea(o.areaM2, lang)}</span>
                    </>
                  )}
                />
              </Col>
              <Col xs={24} md={10}>
                <ReportList
                  label={`${t('grids.import.gapList')} (${report.gaps.length})`}
                  items={report.gaps}
                  empty={t('grids.import.noGaps')}
                  testId="grid-import-gaps"
                  render={(g) => (
                    <>
                      <span className="gz-mono">{g.communityCode}</span>
                      <span className="gz-muted">
                        {formatArea(g.areaM2, lang)} · {g.center.map((x) => x.toFixed(5)).join(', ')}
                      </span>
                    </>
                  )}
                />
              </Col>
            </Row>
          </div>
        )}
        {!report && !fileError && !requestError && (
          <div className="gz-import-help gz-mt12">
            <Typography.Paragraph type="secondary" className="gz-small">
              {t('grids.import.help')}
            </Typography.Paragraph>
          </div>
        )}
      </div>
    </Modal>
  );
}
