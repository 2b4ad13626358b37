/**
 * One disclosure (/disclosures/:compoundId/:id): what it says and, for a fund statement, the
 * opening balance, income and spending lines and the closing balance in yuan. 我有疑问 sends a
 * question that becomes a case the resident follows under 我的上报. Attachments (合同, 收支明细表
 * scans, photos) are listed with their size; a tap opens the file (images show a thumbnail).
 */
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Dialog, ErrorBlock, List, Popup, Tag } from 'antd-mobile';
import { useAuth } from '../../shared/auth';
import { propertyApi, type Disclosure, type DisclosureFile, type FundLine, type FundStatement } from '../../shared/property/api';
import { PropertyPage, Show, TextBox, useLoaded, useSubmit } from './common';
import { categoryLabel, chinaDate, formatFen, formatSize, periodLabel, usePropertyText } from '../../shared/property/text';

const sum = (lines: FundLine[]) => lines.reduce((a, l) => a + l.amount, 0);

function Lines({ lines, kind }: { lines: FundLine[]; kind: 'income' | 'spending' }) {
  const { pt } = usePropertyText();
  if (!lines.length)
    return (
      <tr className="m-fund-line">
        <td className="m-muted">{pt('disc.noLines')}</td>
        <td />
      </tr>
    );
  return (
    <>
      {lines.map((l, i) => (
        <tr key={i} className="m-fund-line" data-testid={`m-fund-${kind}`}>
          <td>{l.item}</td>
          <td className="m-fund-amount">{formatFen(l.amount)}</td>
        </tr>
      ))}
    </>
  );
}

/** A line of its own: a balance or a total. */
function Total({ label, amount, testId, className = '', sign = '' }: { label: string; amount: number; testId: string; className?: string; sign?: string }) {
  return (
    <tr className={className}>
      <th scope="row">{label}</th>
      <td className="m-fund-amount" data-testid={testId}>
        {sign}
        {formatFen(amount)}
      </td>
    </tr>
  );
}

export function FundTable({ figures }: { figures: FundStatement }) {
  const { pt } = usePropertyText();
  const income = sum(figures.income);
  const spending = sum(figures.spending);
  const diff = figures.opening + income - spending - figures.closing;
  return (
    <div className="m-case-card" data-testid="m-fund">
      <div className="m-prop-card-head">
        <span className="m-prop-card-title">{pt('disc.figures')}</span>
        <span className="m-muted">{pt('disc.unit')}</span>
      </div>
      <table className="m-fund-table">
        <tbody>
          <Total label={pt('disc.opening')} amount={figures.opening} testId="m-fund-opening" className="m-fund-balance" />
          <tr className="m-fund-group">
            <th colSpan={2}>{pt('disc.income')}</th>
          </tr>
          <Lines lines={figures.income} kind="income" />
          <Total label={pt('disc.incomeTotal')} amount={income} testId="m-fund-income-total" className="m-fund-subtotal m-fund-in" sign="+" />
          <tr className="m-fund-group">
            <th colSpan={2}>{pt('disc.spending')}</th>
          </tr>
          <Lines lines={figures.spending} kind="spending" />
          <Total label={pt('disc.spendingTotal')} amount={spending} testId="m-fund-spending-total" className="m-fund-subtotal m-fund-out" sign="−" />
          <Total label={pt('disc.closing')} amount={figures.closing} testId="m-fund-closing" className="m-fund-balance m-fund-closing" />
        </tbody>
      </table>
      {diff !== 0 && <div className="m-hint-warn">{pt('disc.unbalanced', { diff: formatFen(diff) })}</div>}
    </div>
  );
}

/** The disclosure's attachments: a tap opens the file in a new page (the browser's PDF or image viewer). */
function Attachments({ files }: { files: DisclosureFile[] }) {
  const { pt } = usePropertyText();
  if (!files.length) return null;
  return (
    <div className="m-case-card" data-testid="m-disc-files">
      <div className="m-prop-card-head">
        <span className="m-prop-card-title">{pt('disc.files')}</span>
        <span className="m-muted">{pt('disc.filesCount', { n: files.length })}</span>
      </div>
      {files.map((f) => {
        const image = f.mime.startsWith('image/');
        return (
          <a
            key={f.id}
            href={propertyApi.fileUrl(f.id)}
            target="_blank"
            rel="noopener"
            data-testid="m-disc-file"
            data-file-id={f.id}
            style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '10px 0', borderTop: '1px solid #f0f0f0', color: 'inherit', textDecoration: 'none' }}
          >
            {image ? (
              <img src={propertyApi.fileUrl(f.id)} alt="" data-testid="m-disc-file-thumb" style={{ width: 48, height: 48, objectFit: 'cover', borderRadius: 4, flex: 'none' }} />
            ) : (
              <span style={{ width: 48, height: 48, flex: 'none', borderRadius: 4, background: '#fdecea', color: '#c62828', fontWeight: 600, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>PDF</span>
            )}
            <span style={{ flex: 1, minWidth: 0 }}>
              <span data-testid="m-disc-file-name" style={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {f.name}
              </span>
              <span className="m-muted">
                {image ? pt('disc.fileImage') : pt('disc.filePdf')} · {formatSize(f.size)}
              </span>
            </span>
            <span className="m-muted">{pt('disc.fileOpen')} ›</span>
          </a>
        );
      })}
    </div>
  );
}

function AskPopup({ disclosure, onClose }: { disclosure: Disclosure | null; onClose: () => void }) {
  const { pt } = usePropertyText();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const { busy, error, setError, run } = useSubmit();

  const submit = () => {
    if (!disclosure) return;
    if (text.trim().length < 2) return setError(pt('disc.askTooShort'));
    void run(async () => {
      const r = await propertyApi.ask(disclosure.id, text.trim());
      setText('');
      onClose();
      Dialog.show({
        content: (
          <div data-testid="m-disc-asked">
            <div className="m-prop-asked">{pt('disc.asked', { number: r.caseNumber })}</div>
            <div className="m-muted">{pt('disc.askedHint')}</div>
          </div>
        ),
        closeOnAction: true,
        actions: [
          [
            { key: 'close', text: pt('disc.close') },
            { key: 'case', text: pt('disc.openCase'), bold: true, onClick: () => navigate(`/cases/${r.caseId}`) },
          ],
        ],
      });
    });
  };

  return (
    <Popup visible={!!disclosure} onMaskClick={onClose} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12 }}>
      <div className="m-popup" data-testid="m-disc-ask-popup">
        <div className="m-popup-title">{pt('disc.askTitle')}</div>
        <div className="m-dialog-hint">{pt('disc.askHint')}</div>
        <TextBox value={text} onChange={setText} placeholder={pt('disc.askPlaceholder')} rows={4} maxLength={2000} error={error} testId="m-disc-ask-text" />
        <div className="m-popup-buttons">
          <Button block onClick={onClose}>
            {pt('common.cancel')}
          </Button>
          <Button block color="primary" loading={busy} onClick={submit} data-testid="m-disc-ask-submit">
            {pt('common.submit')}
          </Button>
        </div>
      </div>
    </Popup>
  );
}

export default function DisclosurePage() {
  const { compoundId = '', id = '' } = useParams();
  const { pt, lang } = usePropertyText();
  const navigate = useNavigate();
  const { can } = useAuth();
  const [asking, setAsking] = useState<Disclosure | null>(null);
  const state = useLoaded(
    (signal) => propertyApi.disclosures(compoundId, signal).then((r) => r.items.find((d) => String(d.id) === id) ?? false),
    `${compoundId}/${id}`,
  );
  const back = () => navigate(`/disclosures/${compoundId}`);
  return (
    <PropertyPage title={pt('disc.title')} testId="m-disc-detail" onBack={back}>
      <Show state={state}>
        {(d) =>
          d === false ? (
            <ErrorBlock status="empty" title={pt('disc.notFound')} />
          ) : (
            <div className="m-case-detail">
              <div className="m-case-card">
                <div>
                  <Tag color="primary" fill="solid" data-testid="m-disc-category">
                    {categoryLabel(d.category, lang)}
                  </Tag>
                </div>
                <div className="m-prop-card-title" data-testid="m-disc-title">
                  {d.title}
                </div>
                <List className="m-prop-facts">
                  <List.Item extra={<span data-testid="m-disc-period">{periodLabel(d.period, lang)}</span>}>{pt('disc.period')}</List.Item>
                  <List.Item extra={<span className="m-extra-wrap">{d.publisher?.name ?? '—'}</span>}>{pt('disc.publisher')}</List.Item>
                  <List.Item extra={chinaDate(d.publishedAt)}>{pt('disc.publishedAt')}</List.Item>
                </List>
                <div className="m-case-full-text" data-testid="m-disc-content">
                  {d.content}
                </div>
              </div>
              {d.figures && <FundTable figures={d.figures} />}
              <Attachments files={d.attachments ?? []} />
              {can('property.ask') && (
                <div className="m-action-bar">
                  <Button color="primary" onClick={() => setAsking(d)} data-testid="m-disc-ask">
                    {pt('disc.ask')}
                  </Button>
                </div>
              )}
              <AskPopup disclosure={asking} onClose={() => setAsking(null)} />
            </div>
          )
        }
      </Show>
    </PropertyPage>
  );
}
