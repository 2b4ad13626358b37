/**
 * 物业公示 for residents: the compounds of their community (/disclosures), then what was disclosed
 * to one of them, newest first (/disclosures/:compoundId).
 */
import { useNavigate, useParams } from 'react-router-dom';
import { Empty, List, Tag } from 'antd-mobile';
import { propertyApi } from '../../shared/property/api';
import { PropertyPage, Show, useLoaded } from './common';
import { categoryLabel, chinaDate, periodLabel, usePropertyText } from '../../shared/property/text';

function Compounds() {
  const { pt } = usePropertyText();
  const navigate = useNavigate();
  const state = useLoaded((signal) => propertyApi.myCompounds(signal), 'mine');
  return (
    <PropertyPage title={pt('disc.title')} testId="m-disc-compounds" onBack={() => navigate('/')}>
      <Show state={state}>
        {({ items }) =>
          items.length === 0 ? (
            <Empty className="m-empty" description={pt('disc.noCompounds')} />
          ) : (
            <List header={pt('disc.pickCompound')} mode="card" className="m-list">
              {items.map((c) => (
                <List.Item
                  key={c.id}
                  description={c.communityName}
                  onClick={() => navigate(`/disclosures/${c.id}`)}
                  data-testid="m-compound-item"
                  data-compound-id={c.id}
                >
                  {c.name}
                </List.Item>
              ))}
            </List>
          )
        }
      </Show>
    </PropertyPage>
  );
}

function Disclosures({ compoundId }: { compoundId: string }) {
  const { pt, lang } = usePropertyText();
  const navigate = useNavigate();
  const state = useLoaded(
    (signal) => Promise.all([propertyApi.disclosures(compoundId, signal), propertyApi.myCompounds(signal)]),
    compoundId,
  );
  const name = state.data?.[1].items.find((c) => String(c.id) === compoundId)?.name ?? state.data?.[0].items[0]?.compoundName;
  return (
    <PropertyPage title={name ?? pt('disc.title')} testId="m-disc-list" onBack={() => navigate('/disclosures')}>
      <Show state={state}>
        {([{ items }]) =>
          items.length === 0 ? (
            <Empty className="m-empty" description={pt('disc.empty')} data-testid="m-disc-empty" />
          ) : (
            <>
              <div className="m-list-meta">
                <span>{pt('disc.title')}</span>
                <span>{pt('disc.count', { n: items.length })}</span>
              </div>
              <List className="m-disc-list">
                {items.map((d) => (
                  <List.Item
                    key={d.id}
                    onClick={() => navigate(`/disclosures/${compoundId}/${d.id}`)}
                    data-testid="m-disc-item"
                    data-disclosure-id={d.id}
                    description={
                      <div className="m-prop-meta">
                        <span data-testid="m-disc-item-period">{periodLabel(d.period, lang)}</span>
                        {d.publisher?.name && <span>{d.publisher.name}</span>}
                        <span>{chinaDate(d.publishedAt)}</span>
                        {!!d.attachments?.length && (
                          <span data-testid="m-disc-item-files">
                            {pt('disc.files')} {d.attachments.length}
                          </span>
                        )}
                      </div>
                    }
                  >
                    <Tag color="primary" fill="outline" className="m-tag-inline" data-testid="m-disc-item-category">
                      {categoryLabel(d.category, lang)}
                    </Tag>
                    <div className="m-disc-title">{d.title}</div>
                  </List.Item>
                ))}
              </List>
            </>
          )
        }
      </Show>
    </PropertyPage>
  );
}

export default function DisclosuresPage() {
  const { compoundId } = useParams();
  return compoundId ? <Disclosures compoundId={compoundId} /> : <Compounds />;
}
