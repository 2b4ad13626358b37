/**
 * 物业满意度测评 (/survey): each open survey (a credit period × the company serving the resident's
 * compound) is rated 1–5 stars with an optional comment, once per household; answered ones show
 * as done, and the server's 409 survey_already_answered is shown as it says. The household is the
 * one the account is bound to: unbound, the page sends the resident to 我的房屋 first.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Empty, Rate, Tag, Toast } from 'antd-mobile';
import { ApiError } from '../../shared/api';
import { propertyApi, type OpenSurvey } from '../../shared/property/api';
import { PropertyPage, Show, TextBox, useLoaded, useSubmit } from '../property/common';
import { usePropertyText } from '../../shared/property/text';

const surveyKey = (s: OpenSurvey) => `${s.periodId}-${s.companyId}-${s.compoundId}`;

function SurveyCard({ survey, onAnswered }: { survey: OpenSurvey; onAnswered: () => void }) {
  const { pt } = usePropertyText();
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const { busy, error, setError, run } = useSubmit();

  const submit = () => {
    if (score < 1) return setError(pt('survey.scoreRequired'));
    void run(
      async () => {
        await propertyApi.answerSurvey(survey.periodId, {
          companyId: survey.companyId,
          compoundId: survey.compoundId,
          score,
          ...(comment.trim() ? { comment: comment.trim() } : {}),
        });
        Toast.show({ icon: 'success', content: pt('survey.thanks') });
        onAnswered();
      },
      // answered from another phone of the household: the server's message says so
      (e) => e instanceof ApiError && e.code === 'survey_already_answered' && onAnswered(),
    );
  };

  return (
    <div className="m-case-card" data-testid="m-survey-item" data-answered={survey.answered ? 'true' : 'false'}>
      <div className="m-prop-card-head">
        <span className="m-prop-card-title">{survey.periodName}</span>
        {survey.answered && (
          <Tag color="success" fill="solid" data-testid="m-survey-done">
            {pt('survey.answered')}
          </Tag>
        )}
      </div>
      <div className="m-prop-meta">
        <span>
          {pt('survey.company')}：<b data-testid="m-survey-company">{survey.companyName}</b>
        </span>
        <span>
          {pt('survey.compound')}：{survey.compoundName}
        </span>
      </div>
      {!survey.answered && (
        <>
          <div className="m-form-row">
            <span>{pt('survey.score')}</span>
            <span className="m-survey-rate">
              <Rate value={score} onChange={setScore} data-testid="m-survey-rate" />
              <span className="m-muted">{score ? pt('survey.stars', { n: score }) : ''}</span>
            </span>
          </div>
          <div className="m-form-label">{pt('survey.comment')}</div>
          <TextBox value={comment} onChange={setComment} placeholder={pt('survey.commentPlaceholder')} rows={2} maxLength={500} testId="m-survey-comment" />
        </>
      )}
      {error && (
        <div className="m-reason-error" data-testid="m-survey-error">
          {error}
        </div>
      )}
      {!survey.answered && (
        <Button color="primary" block loading={busy} onClick={submit} data-testid="m-survey-submit">
          {pt('common.submit')}
        </Button>
      )}
    </div>
  );
}

export default function SurveyPage() {
  const { pt } = usePropertyText();
  const navigate = useNavigate();
  const state = useLoaded((signal) => propertyApi.openSurveys(signal), 'open');
  const markAnswered = (key: string) =>
    state.update((d) => ({ ...d, items: d.items.map((s) => (surveyKey(s) === key ? { ...s, answered: true } : s)) }));
  return (
    <PropertyPage title={pt('survey.title')} testId="m-survey" onBack={() => navigate('/')}>
      <div className="m-list-meta">{pt('survey.intro')}</div>
      <Show state={state}>
        {({ household, items }) =>
          !household.bound ? (
            <div className="m-section" data-testid="m-survey-bind">
              <div className="m-list-meta">{pt('survey.bindFirst')}</div>
              <Button color="primary" block onClick={() => navigate('/my-home')} data-testid="m-survey-bind-go">
                {pt('survey.bindAction')}
              </Button>
            </div>
          ) : items.length === 0 ? (
            <Empty className="m-empty" description={pt('survey.empty')} data-testid="m-survey-empty" />
          ) : (
            items.map((s) => <SurveyCard key={surveyKey(s)} survey={s} onAnswered={() => markAnswered(surveyKey(s))} />)
          )
        }
      </Show>
    </PropertyPage>
  );
}
