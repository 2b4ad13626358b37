/**
 * 物业企业红黑榜 (/credit?region=<code>), public: opens with no session. Each published credit
 * period, newest first, with its red and black lists; a company opens its score's breakdown.
 * Without `region` a signed-in account's own region is used.
 */
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Empty, ErrorBlock, List } from 'antd-mobile';
import { useAuth } from '../../shared/auth';
import { propertyApi, type ListEntry, type PublicPeriod } from '../../shared/property/api';
import { PropertyPage, Show, useLoaded } from '../property/common';
import { chinaDate, gradeText, usePropertyText } from '../../shared/property/text';

function Entries({ entries, list, period, region }: { entries: ListEntry[]; list: 'red' | 'black'; period: PublicPeriod; region: string }) {
  const { pt } = usePropertyText();
  const navigate = useNavigate();
  return (
    <List
      header={
        <span className={`m-credit-list-head m-credit-${list}`} data-testid={`m-credit-${list}-head`}>
          {pt(list === 'red' ? 'credit.red' : 'credit.black')}
        </span>
      }
      className="m-credit-list"
      data-testid={`m-credit-${list}`}
    >
      {entries.length === 0 ? (
        <List.Item>
          <span className="m-muted">{pt('credit.none')}</span>
        </List.Item>
      ) : (
        entries.map((e) => {
          return (
            <List.Item
              key={`${e.companyId}-${e.creditCode}`}
              onClick={() => navigate(`/credit/${period.periodId}/companies/${e.companyId}?region=${encodeURIComponent(region)}`)}
              arrow
              data-testid="m-credit-entry"
              data-list={list}
              description={
                <span className="m-mono" data-testid="m-credit-code">
                  {pt('credit.creditCode')} {e.creditCode}
                </span>
              }
              extra={
                <span className="m-credit-score">
                  <span className={`m-credit-grade m-credit-grade-${list}`} data-testid="m-credit-grade">
                    {gradeText(e.grade, period.kind)}
                  </span>
                  <span className="m-muted">{pt('credit.score', { score: e.score })}</span>
                </span>
              }
            >
              <span data-testid="m-credit-company">{e.company}</span>
            </List.Item>
          );
        })
      )}
    </List>
  );
}

export default function CreditListPage() {
  const { pt } = usePropertyText();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { status, user } = useAuth();
  const region = params.get('region') || user?.roles.find((r) => r.regionCode)?.regionCode || '';
  const state = useLoaded(
    (signal) => (region ? propertyApi.publicLists(region, signal) : Promise.resolve({ periods: [] })),
    region,
  );
  const signedIn = status === 'authenticated';
  return (
    <PropertyPage title={pt('credit.title')} testId="m-credit" onBack={signedIn ? () => navigate('/') : undefined}>
      {!region ? (
        status === 'loading' ? null : <ErrorBlock status="empty" title={pt('credit.noRegion')} />
      ) : (
        <Show state={state}>
          {({ periods }) =>
            periods.length === 0 ? (
              <Empty className="m-empty" description={pt('credit.empty')} data-testid="m-credit-empty" />
            ) : (
              periods.map((p) => (
                <div className="m-credit-period" key={p.periodId} data-testid="m-credit-period">
                  <div className="m-case-card">
                    <div className="m-prop-card-title" data-testid="m-credit-period-name">
                      {p.period}
                    </div>
                    <div className="m-prop-meta">
                      {p.region && <span>{p.region}</span>}
                      <span>{pt('credit.publishedAt', { date: chinaDate(p.publishedAt) })}</span>
                      <span>
                        {pt('credit.scheme')}：<span data-testid="m-credit-scheme">{p.scheme}</span>
                      </span>
                    </div>
                  </div>
                  <Entries entries={p.red} list="red" period={p} region={region} />
                  <Entries entries={p.black} list="black" period={p} region={region} />
                </div>
              ))
            )
          }
        </Show>
      )}
      <div className="m-footer m-prop-public">{pt('credit.public')}</div>
    </PropertyPage>
  );
}
