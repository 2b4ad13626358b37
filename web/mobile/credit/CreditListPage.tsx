/**
 * 物业企业红黑榜 (/credit?region=<code>), public: opens with no session. Each published credit
 * period, newest first, with its red and black lists; a company opens its score's breakdown.
 * Without `region` a signed-in account's own region is used.
 */
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Empty, ErrorBlock, List, Tag } from 'antd-mobile';
import { useAuth } from '../../shared/auth';
import { companyRef, periodRef, propertyApi, schemeRef, type ListEntry, type PublicPeriod } from '../../shared/property/api';
import { PropertyPage, Show, useLoaded } from '../property/common';
import { chinaDate, gradeText, usePropertyText } from '../../shared/property/text';

function Entries({ entries, list, period, kind, region }: { entries: ListEntry[]; list: 'red' | 'black'; period: PublicPeriod; kind?: string; region: string }) {
  const { pt } = usePropertyText();
  const navigate = useNavigate();
  const periodId = periodRef(period).id;
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
          const c = companyRef(e);
          const open = periodId !== undefined && c.id !== undefined;
          return (
            <List.Item
              key={`${c.id ?? c.name}-${e.creditCode}`}
              onClick={open ? () => navigate(`/credit/${periodId}/companies/${c.id}?region=${encodeURIComponent(region)}`) : undefined}
              arrow={open}
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
                    {gradeText(e.grade, kind)}
                  </span>
                  <span className="m-muted">{pt('credit.score', { score: e.score })}</span>
                </span>
              }
            >
              <span data-testid="m-credit-company">{c.name}</span>
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
              periods.map((p) => {
                const period = periodRef(p);
                const scheme = schemeRef(p.scheme);
                return (
                  <div className="m-credit-period" key={period.id ?? period.name} data-testid="m-credit-period">
                    <div className="m-case-card">
                      <div className="m-prop-card-title" data-testid="m-credit-period-name">
                        {period.name}
                      </div>
                      <div className="m-prop-meta">
                        {p.region && <span>{p.region}</span>}
                        <span>{pt('credit.publishedAt', { date: chinaDate(p.publishedAt) })}</span>
                        {scheme && (
                          <span>
                            {pt('credit.scheme')}：<span data-testid="m-credit-scheme">{scheme.name}</span>
                            {scheme.version !== undefined && <Tag className="m-tag-inline">v{scheme.version}</Tag>}
                          </span>
                        )}
                      </div>
                    </div>
                    <Entries entries={p.red} list="red" period={p} kind={scheme?.kind ?? p.kind} region={region} />
                    <Entries entries={p.black} list="black" period={p} kind={scheme?.kind ?? p.kind} region={region} />
                  </div>
                );
              })
            )
          }
        </Show>
      )}
      <div className="m-footer m-prop-public">{pt('credit.public')}</div>
    </PropertyPage>
  );
}
