/**
 * 两个覆盖: organisational and work coverage of the owners' committees and of the property
 * companies and outlets of a region, per child region below, and the demonstration compounds.
 */
import { Alert, Card, Col, Row, Space, Statistic, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { LevelTag, LoadingCard, rowTestId } from '../components';
import { fmtPct } from '../party/partyCommon';
import { useLoad } from '../../shared/useLoad';
import { partyApi } from '../party/partyApi';
import type { CoverageFigures, PartyCoverage } from '../party/partyApi';
import type { PropertyCtx } from './bodyActions';
import { DataTable } from '../lists';

type Side = 'owners' | 'property';
type ChildRow = PartyCoverage['children'][number];
const COUNTS = ['total', 'withPartyOrg', 'withInstructor', 'withThreeMembers'] as const;
const SHARES = ['organisationCoverage', 'workCoverage'] as const;

function Definitions() {
  const { t } = useI18n();
  return (
    <Tooltip
      overlayStyle={{ maxWidth: 460 }}
      title={
        <ul style={{ paddingLeft: 16, margin: 0 }} data-testid="coverage-definitions">
          {(['withPartyOrg', 'withInstructor', 'withThreeMembers', 'organisationCoverage', 'workCoverage', 'bodies'] as const).map((k) => (
            <li key={k}>{t(`party.cov.def.${k}`)}</li>
          ))}
        </ul>
      }
    >
      <QuestionCircleOutlined className="gz-muted" aria-label={t('party.cov.definitions')} data-testid="coverage-help" />
    </Tooltip>
  );
}

function FiguresCard({ side, figures }: { side: Side; figures: CoverageFigures }) {
  const { t } = useI18n();
  return (
    <Card
      className="gz-card"
      size="small"
      title={
        <Space>
          {t(`party.cov.${side}`)}
          <Definitions />
        </Space>
      }
      data-testid={`cov-${side}`}
    >
      <Row gutter={[16, 16]}>
        {COUNTS.map((k) => (
          <Col key={k} xs={12} md={8}>
            <div data-testid={`cov-${side}-${k}`} data-value={figures[k]}>
              <Statistic title={t(`party.cov.${k}`)} value={figures[k]} />
            </div>
          </Col>
        ))}
        {SHARES.map((k) => (
          <Col key={k} xs={12} md={8}>
            <div data-testid={`cov-${side}-${k}`} data-value={figures[k] ?? ''}>
              <Statistic
                title={t(`party.cov.${k}`)}
                value={fmtPct(figures[k])}
                valueStyle={figures[k] === null ? { color: '#8c8c8c' } : { color: figures[k]! >= 1 ? '#389e0d' : '#c8161d' }}
              />
            </div>
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary" className="gz-small gz-mt8" style={{ display: 'block' }}>
        {t('party.cov.orgSplit', { own: figures.ownOrg, joint: figures.jointOrg, share: fmtPct(figures.withPartyOrgShare) })}
      </Typography.Text>
    </Card>
  );
}

export default function CoverageTab({ ctx }: { ctx: PropertyCtx }) {
  const { t } = useI18n();
  const { region } = ctx;
  const cov = useLoad(region ? (s) => partyApi.coverage(region, s) : null, [region, ctx.nonce]);
  const d = cov.data && cov.data.region.code === region ? cov.data : null;

  const part = (side: Side, key: 'ownersCommittees' | 'propertyCompanies', shares: readonly (typeof SHARES)[number][]): TableColumnsType<ChildRow>[number] => ({
    title: t(`party.cov.${side}`),
    children: [
      ...(['total', 'withPartyOrg', 'withInstructor'] as const).map((k) => ({
        title: t(`party.cov.${k}`),
        key: `${side}-${k}`,
        align: 'right' as const,
        render: (_: unknown, r: ChildRow) => r[key][k],
      })),
      ...shares.map((k) => ({
        title: t(`party.cov.${k}`),
        key: `${side}-${k}`,
        align: 'right' as const,
        render: (_: unknown, r: ChildRow) => fmtPct(r[key][k]),
      })),
    ],
  });

  const columns: TableColumnsType<ChildRow> = [
    {
      title: t('regions.name'),
      dataIndex: 'name',
      render: (name: string, r) => (
        <Space size={6}>
          <Typography.Link onClick={() => ctx.setRegion(r.code)} data-testid={`cov-drill-${r.code}`}>
            {name}
          </Typography.Link>
          {r.level && <LevelTag level={r.level} />}
        </Space>
      ),
    },
    part('owners', 'ownersCommittees', ['workCoverage']),
    part('property', 'propertyCompanies', SHARES),
  ];

  if (cov.error) return <Alert type="error" showIcon message={t('error.loadFailed')} description={cov.error} />;
  if (!d) return <LoadingCard />;
  return (
    <div className="gz-stack" data-testid="party-coverage">
      <Space size={10} className="gz-mb8">
        <b data-testid="cov-region-name">{d.region.name}</b>
        <LevelTag level={d.region.level} />
        <span className="gz-muted gz-small">{t('party.cov.rule')}</span>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <FiguresCard side="owners" figures={d.ownersCommittees} />
        </Col>
        <Col xs={24} xl={10}>
          <FiguresCard side="property" figures={d.propertyCompanies} />
        </Col>
        <Col xs={24} xl={4}>
          <Card className="gz-card" size="small" title={t('party.cov.demonstration')}>
            <div data-testid="cov-demonstration" data-value={d.demonstrationCompounds}>
              <Statistic value={d.demonstrationCompounds} suffix={t('party.cov.demoUnit')} />
            </div>
            <Typography.Text type="secondary" className="gz-small">
              {t('party.cov.demoHint')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Card className="gz-card" size="small" title={t('party.cov.children')}>
        <DataTable<ChildRow>
          rowKey="code"
          size="small"
          bordered
          columns={columns}
          dataSource={d.children}
          loading={cov.loading}
          pageSize={20}
          rowTestId={(r) => `cov-row-${r.code}`}
          empty={t('coverage.noRows')}
          testId="cov-children"
        />
      </Card>
    </div>
  );
}
