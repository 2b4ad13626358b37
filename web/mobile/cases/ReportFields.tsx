/** The report form's field groups: position and address, the resident's contact, the grid worker's 现场处置. */
import { useMemo } from 'react';
import type { ReactNode } from 'react';
import { Button, Cascader, Form, Input, Switch, TextArea } from 'antd-mobile';
import { categoryTree, type Category } from '../../shared/cases';
import { pathTo, pickerOptions } from './reportForm';
import { PhotoPicker } from './common';
import type { StoredPhoto } from './photos';
import { useCaseText } from './text';
import type { Geo } from './usePosition';

export const MAX_PHOTOS = 6;
/** Above this accuracy radius the position alone is too vague: ask for an address too. */
const VAGUE_M = 200;

/** A field's line under it: the error when there is one, else the hint. */
export function desc(error: string | undefined, hint?: string | null): ReactNode {
  if (error) return <span className="m-field-error">{error}</span>;
  return hint ? <span className="m-field-hint">{hint}</span> : undefined;
}

/** A one-line text field of the report. */
function TextField(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  placeholder: string;
  maxLength: number;
  testId: string;
  description?: ReactNode;
  required?: boolean;
  type?: string;
}) {
  const { label, required, description, testId, ...input } = props;
  return (
    <Form.Item label={label} required={required} description={description}>
      <Input {...input} clearable data-testid={testId} />
    </Form.Item>
  );
}

export function PositionFields(props: {
  geo: Geo;
  hasPoint: boolean;
  gridName: string | null;
  /** A grid named by the page's ?grid= (a contact card's QR code): no address needed. */
  cardGrid?: boolean;
  onLocate: () => void;
  onNoPosition: () => void;
  address: string;
  onAddress: (v: string) => void;
  addressError?: string;
}) {
  const { ct } = useCaseText();
  const { geo, hasPoint, gridName } = props;
  const addressRequired = !hasPoint && !props.cardGrid;
  const positionText = (() => {
    switch (geo.status) {
      case 'locating':
        return ct('report.locating');
      case 'ok':
        return geo.accuracy !== undefined ? ct('report.located', { m: geo.accuracy }) : `${geo.lon?.toFixed(6)}, ${geo.lat?.toFixed(6)}`;
      case 'error':
        return geo.message ?? '';
      case 'off':
        return ct('report.positionOff');
      default:
        return '';
    }
  })();
  return (
    <>
      <Form.Header>{ct('report.position')}</Form.Header>
      <Form.Item label={ct('report.position')}>
        <div className="m-geo" data-testid="m-report-geo" data-status={geo.status}>
          <div className={`m-geo-text m-geo-${geo.status}`} data-testid="m-report-geo-text">
            {positionText}
          </div>
          {hasPoint && (
            <div className="m-geo-coords m-mono" data-testid="m-report-coords">
              {geo.lon!.toFixed(6)}, {geo.lat!.toFixed(6)}
            </div>
          )}
          {hasPoint && geo.accuracy !== undefined && geo.accuracy > VAGUE_M && <div className="m-hint-warn">{ct('report.lowAccuracy')}</div>}
          {gridName && <div className="m-geo-grid">{ct('report.gridAt', { name: gridName })}</div>}
          <div className="m-geo-actions">
            <Button size="mini" color="primary" fill="outline" onClick={props.onLocate} loading={geo.status === 'locating'} data-testid="m-report-locate">
              {geo.status === 'off' || geo.status === 'idle' ? ct('report.useLocation') : ct('report.locateAgain')}
            </Button>
            {geo.status !== 'off' && (
              <Button size="mini" fill="none" onClick={props.onNoPosition} data-testid="m-report-no-position">
                {ct('report.noPosition')}
              </Button>
            )}
          </div>
        </div>
      </Form.Item>
      <TextField
        label={ct('report.address')}
        required={addressRequired}
        description={desc(props.addressError, addressRequired ? ct('report.addressRequired') : ct(props.cardGrid && !hasPoint ? 'report.addressOptionalGrid' : 'report.addressOptional'))}
        value={props.address}
        onChange={props.onAddress}
        placeholder={ct('report.addressPlaceholder')}
        maxLength={200}
        testId="m-report-address"
      />
    </>
  );
}

export function ContactFields(props: {
  anonymous: boolean;
  onAnonymous: (v: boolean) => void;
  contactName: string;
  onContactName: (v: string) => void;
  contactPhone: string;
  onContactPhone: (v: string) => void;
  phoneError?: string;
}) {
  const { ct } = useCaseText();
  return (
    <>
      <Form.Header>{ct('report.contactHeader')}</Form.Header>
      <Form.Item label={ct('report.anonymous')} description={desc(undefined, ct('report.anonymousHint'))} childElementPosition="right">
        <Switch checked={props.anonymous} onChange={props.onAnonymous} data-testid="m-report-anonymous" />
      </Form.Item>
      <TextField
        label={ct('report.contactName')}
        value={props.contactName}
        onChange={props.onContactName}
        placeholder={ct('report.contactNamePlaceholder')}
        maxLength={50}
        testId="m-report-contact-name"
      />
      <TextField
        label={ct('report.contactPhone')}
        description={desc(props.phoneError)}
        value={props.contactPhone}
        onChange={props.onContactPhone}
        placeholder={ct('report.contactPhonePlaceholder')}
        type="tel"
        maxLength={20}
        testId="m-report-contact-phone"
      />
    </>
  );
}

export function OnTheSpotFields(props: {
  onTheSpot: boolean;
  onOnTheSpot: (v: boolean) => void;
  result: string;
  onResult: (v: string) => void;
  resultError?: string;
  photos: StoredPhoto[];
  onPhotos: (p: StoredPhoto[]) => void;
}) {
  const { ct } = useCaseText();
  return (
    <>
      <Form.Item label={ct('report.onTheSpot')} description={desc(undefined, ct('report.onTheSpotHint'))} childElementPosition="right">
        <Switch checked={props.onTheSpot} onChange={props.onOnTheSpot} data-testid="m-report-on-the-spot" />
      </Form.Item>
      {props.onTheSpot && (
        <>
          <Form.Item label={ct('report.spotResult')} required description={desc(props.resultError)}>
            <TextArea
              value={props.result}
              onChange={props.onResult}
              placeholder={ct('report.spotResultPlaceholder')}
              maxLength={2000}
              autoSize={{ minRows: 2, maxRows: 6 }}
              data-testid="m-report-spot-result"
            />
          </Form.Item>
          <Form.Item label={ct('report.spotPhotos')}>
            <PhotoPicker value={props.photos} onChange={props.onPhotos} max={MAX_PHOTOS} testId="m-report-spot-photos" />
          </Form.Item>
        </>
      )}
    </>
  );
}

/** The category picker (a leaf only); `categories` null while none are known. */
export function CategoryPicker(props: { categories: Category[] | null; value: string; open: boolean; onClose: () => void; onPick: (code: string) => void }) {
  const { ct, lang } = useCaseText();
  const { categories, value } = props;
  const options = useMemo(() => (categories ? pickerOptions(categoryTree(categories), lang) : []), [categories, lang]);
  return (
    <Cascader
      title={ct('report.category')}
      placeholder={ct('report.categoryPick')}
      options={options}
      visible={props.open}
      onClose={props.onClose}
      value={value && categories ? pathTo(categories, value) : []}
      onConfirm={(v) => {
        const leaf = v[v.length - 1];
        if (typeof leaf === 'string' && categories && !categories.some((c) => c.parent === leaf)) props.onPick(leaf);
      }}
      cancelText={ct('act.cancel')}
      confirmText={ct('act.confirm')}
    />
  );
}
