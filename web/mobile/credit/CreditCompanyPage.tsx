/**
 * One company's published credit score (/credit/:periodId/companies/:companyId), public: the total
 * and grade, each dimension with its weight, score and evidence, the credit records counted and
 * the notes on how the score was reached.
 */
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { List, Tag } from 'antd-mobile';
import { propertyApi, type Breakdown, type CompanyScore } from '../../shared/property/api';
import { PropertyPage, Show, useLoaded } from '../property/common';
import { evidenceLabel, gradeText, usePropertyText } from '../../shared/property/text';

const pct = (w: number) => `${Math.round(w * 1000) / 10}%`;

function Dimensions({ b }: { b: Breakdown }) {
  const { pt, lang } = usePropertyText();
  return (
    <List header={pt('credit.dimensions')} mode="card" className="m-list" data-testid="m-credit-dimensions">
      {b.dimensions.map((d) => (
        <List.Item
          key={d.key}
          data-testid="m-credit-dimension"
          data-key={d.key}
          extra={<b className="m-credit-dim-score">{d.score}</b>}
          description={
            <div>
              <div className="m-prop-meta">
                {/* points schemes add (+1) or take off (−1) a whole part: no weight to show */}
                {Math.abs(d.weight) !== 1 && <span>{pt('credit.weight', { w: pct(d.weight) })}</span>}
                <span>{pt('credit.weighted', { v: d.weighted })}</span>
              </div>
              {d.evidence.length === 0 ? (
                <div className="m-muted">{pt('credit.noEvidence')}</div>
              ) : (
                <ul className="m-evidence">
                  {d.evidence.map((e, i) => (
                    <li key={i} data-testid="m-credit-evidence">
                      <Tag fill="outline" className="m-tag-inline">
                        {evidenceLabel(e.kind, lang)}
                      </Tag>
                      <span className="m-evidence-label">{e.label}</span>
                      {e.value !== null && e.value !== undefined && e.value !== '' && <b className="m-evidence-value">{e.value}</b>}
                      {e.detail && <div className="m-evidence-detail">{e.detail}</div>}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          }
        >
          {d.name}
        </List.Item>
      ))}
    </List>
  );
}

function Records({ b }: { b: Breakdown }) {
  const { pt } = usePropertyText();
  if (!b.records?.length) return null;
  return (
    <List header={pt('credit.records')} mode="card" className="m-list" data-testid="m-credit-records">
      {b.records.map((r, i) => (
        <List.Item
          key={i}
          description={[r.occurredOn, r.serious ? pt('credit.serious') : '', r.counted === false ? pt('credit.notCounted') : ''].filter(Boolean).join(' · ')}
          extra={<b className={r.kind === 'bad' ? 'm-credit-grade-black' : 'm-credit-grade-red'}>{r.kind === 'bad' ? `−${r.points}` : `+${r.points}`}</b>}
        >
          <Tag color={r.kind === 'bad' ? 'danger' : 'success'} fill="outline" className="m-tag-inline">
            {pt(r.kind === 'bad' ? 'credit.bad' : 'credit.good')}
          </Tag>
          {r.reason}
        </List.Item>
      ))}
    </List>
  );
}

function Score({ r }: { r: CompanyScore }) {
  const { pt } = usePropertyText();
  const b = r.breakdown;
  return (
    <>
      <div className="m-case-card" data-testid="m-credit-summary">
        <div className="m-prop-card-title" data-testid="m-credit-company-name">
          {r.company}
        </div>
        <div className="m-prop-meta">
          <span>{r.period}</span>
          <span>{r.scheme}</span>
          {r.creditCode && <span className="m-mono">{r.creditCode}</span>}
        </div>
        <div className="m-credit-total">
          <div>
            <div className="m-muted">{pt('credit.total')}</div>
            <div className="m-credit-total-value" data-testid="m-credit-total">
              {b.total}
            </div>
          </div>
          <div>
            <div className="m-muted">{pt('credit.grade')}</div>
            <div className={`m-credit-grade m-credit-grade-${b.list ?? 'none'}`} data-testid="m-credit-detail-grade">
              {gradeText(b.grade, r.kind)}
            </div>
          </div>
          {b.list && (
            <Tag color={b.list === 'red' ? 'danger' : 'default'} fill="solid" className={`m-credit-tag-${b.list}`} data-testid="m-credit-detail-list">
              {pt(b.list === 'red' ? 'credit.red' : 'credit.black')}
            </Tag>
          )}
        </div>
        {b.consequence && <div className="m-hint-warn">{b.consequence}</div>}
      </div>
      <Dimensions b={b} />
      <Records b={b} />
      {b.reasons?.length > 0 && (
        <List header={pt('credit.reasons')} mode="card" className="m-list" data-testid="m-credit-reasons">
          {b.reasons.map((x, i) => (
            <List.Item key={i}>{x}</List.Item>
          ))}
        </List>
      )}
    </>
  );
}

export default function CreditCompanyPage() {
  const { periodId = '', companyId = '' } = useParams();
  const [params] = useSearchParams();
  const { pt } = usePropertyText();
  const navigate = useNavigate();
  const region = params.get('region');
  const state = useLoaded((signal) => propertyApi.publicScore(periodId, companyId, signal), `${periodId}/${companyId}`);
  return (
    <PropertyPage
      title={pt('credit.company')}
      testId="m-credit-company"
      onBack={() => navigate(region ? `/credit?region=${encodeURIComponent(region)}` : '/credit')}
    >
      <Show state={state}>{(r) => <Score r={r} />}</Show>
      <div className="m-footer m-prop-public">{pt('credit.public')}</div>
    </PropertyPage>
  );
}
