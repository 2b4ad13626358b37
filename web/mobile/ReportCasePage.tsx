/**
 * 随手拍 (residents) / 上报事件 (grid workers): category, description, camera photos, GPS position
 * (WGS-84, with its accuracy) or an address, a contact and 匿名 for residents, 现场处置 for grid
 * workers. Every report is saved on the phone first (the offline queue) and then sent; with no
 * signal it waits there as 待发送 and goes out by itself when the signal returns.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  Button,
  Cascader,
  Dialog,
  Form,
  Input,
  NavBar,
  NoticeBar,
  Switch,
  TextArea,
  Toast,
} from 'antd-mobile';
import type { CascaderOption } from 'antd-mobile/es/components/cascader-view';
import { api } from '../shared/api';
import { useAuth } from '../shared/auth';
import { FIELD_WORK, RESIDENT_HOME } from '../shared/abilities';
import { categoryTree, type Category, type CategoryNode } from '../shared/cases';
import { cachedCategories, isNetworkError, loadCategories, PhotoPicker, useOnline } from './cases/common';
import { getReport, newClientRef, outboxIsPersistent, saveReport, sendNow, type OutboxError } from './cases/outbox';
import type { StoredPhoto } from './cases/photos';
import { useCaseText } from './cases/text';

const MAX_PHOTOS = 6;
/** How long the form waits for the server before handing the report to the background queue. */
const SLOW_MS = 15_000;
/** A mainland mobile number, as the server accepts it (spaces, dashes and +86 allowed). */
const mobileOk = (raw: string) => /^1[3-9]\d{9}$/.test(raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, ''));
/** Above this accuracy radius the position alone is too vague: ask for an address too. */
const VAGUE_M = 200;

interface Geo {
  status: 'idle' | 'locating' | 'ok' | 'error' | 'off';
  lon?: number;
  lat?: number;
  accuracy?: number;
  message?: string;
}

type FieldErrors = Partial<Record<'category' | 'description' | 'address' | 'contactPhone' | 'spotResult' | 'photos', string>>;

function pickerOptions(nodes: CategoryNode[], lang: string): CascaderOption[] {
  const out: CascaderOption[] = [];
  for (const n of nodes) {
    if (!n.active) continue;
    const label = lang === 'en' ? n.nameEn || n.name : n.name;
    if (n.children.length === 0) out.push({ label, value: n.code });
    else {
      const children = pickerOptions(n.children, lang);
      if (children.length) out.push({ label, value: n.code, children });
    }
  }
  return out;
}

/** The path of codes from a root to `code` (the Cascader's value). */
function pathTo(items: Category[], code: string): string[] {
  const byCode = new Map(items.map((c) => [c.code, c]));
  const path: string[] = [];
  let c = byCode.get(code);
  while (c) {
    path.unshift(c.code);
    c = c.parent ? byCode.get(c.parent) : undefined;
  }
  return path;
}

/** The server's validation details ({ field, message }) mapped onto the form's fields. */
function fieldErrorsOf(err: OutboxError | null, details: unknown[]): FieldErrors {
  const out: FieldErrors = {};
  if (!err) return out;
  for (const d of details as { field?: string; message?: string }[]) {
    const f = (d.field ?? '').replace(/^\/?(body\/)?/, '');
    const msg = d.message ?? err.message;
    if (f.startsWith('categoryCode')) out.category = msg;
    else if (f.startsWith('description')) out.description = msg;
    else if (f.startsWith('address') || f === 'lon' || f === 'lat') out.address = msg;
    else if (f.startsWith('contactPhone')) out.contactPhone = msg;
    else if (f.startsWith('onTheSpot')) out.spotResult = msg;
  }
  if (err.code === 'case_location_required' || err.code === 'point_outside_china') out.address = err.message;
  if (err.stage === 'photo') out.photos = err.message;
  return out;
}

/** A field's line under it: the error when there is one, else the hint. */
function desc(error: string | undefined, hint?: string | null) {
  if (error) return <span className="m-field-error">{error}</span>;
  return hint ? <span className="m-field-hint">{hint}</span> : undefined;
}

export default function ReportCasePage() {
  const { ct, lang } = useCaseText();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const draftRef = params.get('draft');
  const { user, can } = useAuth();
  const isWorker = can(FIELD_WORK);
  // reports as a resident (anonymous, contact phone): an account with a home to bind (people.myHousehold)
  const isResident = !isWorker && can(RESIDENT_HOME);
  const online = useOnline();

  const [categories, setCategories] = useState<Category[] | null>(() => cachedCategories());
  const [catNote, setCatNote] = useState<string | null>(null);
  const [pickerOpen, setPickerOpen] = useState(false);

  const [clientRef, setClientRef] = useState<string>(() => draftRef ?? newClientRef());
  const [categoryCode, setCategoryCode] = useState<string>('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<StoredPhoto[]>([]);
  const [geo, setGeo] = useState<Geo>({ status: 'idle' });
  const [gridName, setGridName] = useState<string | null>(null);
  const [address, setAddress] = useState('');
  const [anonymous, setAnonymous] = useState(false);
  const [contactName, setContactName] = useState(user?.displayName ?? '');
  const [contactPhone, setContactPhone] = useState('');
  const [onTheSpot, setOnTheSpot] = useState(false);
  const [spotResult, setSpotResult] = useState('');
  const [spotPhotos, setSpotPhotos] = useState<StoredPhoto[]>([]);

  const [errors, setErrors] = useState<FieldErrors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [noStorage, setNoStorage] = useState(false);
  const dirty = useRef(false);
  const touch = () => {
    dirty.current = true;
  };

  useEffect(() => {
    void outboxIsPersistent().then((p) => setNoStorage(!p));
  }, []);

  // Categories: from the server when there is a signal, else what was cached last time.
  useEffect(() => {
    const ac = new AbortController();
    loadCategories(ac.signal)
      .then((items) => {
        setCategories(items);
        setCatNote(null);
      })
      .catch((e) => {
        if (ac.signal.aborted) return;
        setCatNote(cachedCategories() ? ct('report.categoriesOffline') : isNetworkError(e) ? ct('report.categoriesFailed') : (e as Error).message);
      });
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** `fresh`: the user asked again, so no cached fix. */
  const locate = useCallback((fresh = false) => {
    if (!('geolocation' in navigator)) {
      setGeo({ status: 'error', message: ct('report.locateUnsupported') });
      return;
    }
    setGeo((g) => ({ ...g, status: 'locating', message: undefined }));
    navigator.geolocation.getCurrentPosition(
      (pos) =>
        setGeo({
          status: 'ok',
          lon: Math.round(pos.coords.longitude * 1e7) / 1e7,
          lat: Math.round(pos.coords.latitude * 1e7) / 1e7,
          accuracy: Math.round(pos.coords.accuracy),
        }),
      (err) =>
        setGeo({
          status: 'error',
          message:
            err.code === err.PERMISSION_DENIED
              ? ct('report.locateDenied')
              : err.code === err.TIMEOUT
                ? ct('report.locateTimeout')
                : ct('report.locateFailed', { msg: err.message || String(err.code) }),
        }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: fresh ? 0 : 30_000 },
    );
  }, [ct]);

  // A draft being fixed (a report the server did not accept): load it; else locate at once.
  useEffect(() => {
    if (!draftRef) {
      locate();
      return;
    }
    let cancelled = false;
    void getReport(draftRef).then((d) => {
      if (cancelled) return;
      if (!d) {
        setClientRef(newClientRef());
        locate();
        return;
      }
      setCategoryCode(d.input.categoryCode);
      setDescription(d.input.description);
      setPhotos(d.photos);
      if (d.input.lon !== undefined && d.input.lat !== undefined) setGeo({ status: 'ok', lon: d.input.lon, lat: d.input.lat, accuracy: undefined });
      else setGeo({ status: 'off' });
      setAddress(d.input.address ?? '');
      setAnonymous(!!d.input.anonymous);
      setContactName(d.input.contactName ?? '');
      setContactPhone(d.input.contactPhone ?? '');
      setOnTheSpot(!!d.onTheSpot);
      setSpotResult(d.onTheSpot?.result ?? '');
      setSpotPhotos(d.spotPhotos);
      if (d.error) {
        setServerError(d.error.message);
        setErrors(fieldErrorsOf(d.error, []));
      }
    });
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draftRef]);

  // Which grid the point falls in (grid workers may ask; a hint only).
  useEffect(() => {
    setGridName(null);
    if (!isWorker || geo.status !== 'ok' || geo.lon === undefined || geo.lat === undefined || !online) return;
    const ac = new AbortController();
    api
      .locateGrid(geo.lon, geo.lat, 'wgs84', ac.signal)
      .then((r) => setGridName(r.grid?.name ?? r.community?.name ?? null))
      .catch(() => undefined);
    return () => ac.abort();
  }, [isWorker, geo.status, geo.lon, geo.lat, online]);

  const options = useMemo(() => (categories ? pickerOptions(categoryTree(categories), lang) : []), [categories, lang]);
  const category = categories?.find((c) => c.code === categoryCode) ?? null;
  const categoryLabel = category
    ? pathTo(categories!, category.code)
        .map((code) => {
          const c = categories!.find((x) => x.code === code)!;
          return lang === 'en' ? c.nameEn || c.name : c.name;
        })
        .join(' / ')
    : '';

  const hasPoint = geo.status === 'ok' && geo.lon !== undefined && geo.lat !== undefined;
  const addressRequired = !hasPoint;

  const validate = (): FieldErrors => {
    const e: FieldErrors = {};
    if (!categoryCode) e.category = ct('report.categoryRequired');
    if (!description.trim()) e.description = ct('report.descriptionRequired');
    if (addressRequired && !address.trim()) e.address = ct('report.addressRequired');
    if (isResident && contactPhone.trim() && !mobileOk(contactPhone.trim())) e.contactPhone = ct('report.phoneInvalid');
    if (isWorker && onTheSpot && !spotResult.trim()) e.spotResult = ct('report.spotResultRequired');
    return e;
  };

  const onSubmit = async () => {
    if (submitting) return;
    const e = validate();
    setErrors(e);
    setServerError(null);
    if (Object.keys(e).length) {
      Toast.show({ content: Object.values(e)[0] });
      return;
    }
    setSubmitting(true);
    try {
      await saveReport({
        clientRef,
        accountId: String(user!.id),
        input: {
          categoryCode,
          description: description.trim(),
          ...(hasPoint ? { lon: geo.lon, lat: geo.lat } : {}),
          ...(address.trim() ? { address: address.trim() } : {}),
          ...(isResident
            ? {
                anonymous,
                ...(contactName.trim() ? { contactName: contactName.trim() } : {}),
                ...(contactPhone.trim() ? { contactPhone: contactPhone.trim() } : {}),
              }
            : {}),
        },
        onTheSpot: isWorker && onTheSpot ? { result: spotResult.trim() } : null,
        photos,
        spotPhotos: isWorker && onTheSpot ? spotPhotos : [],
        categoryName: category ? (lang === 'en' ? category.nameEn || category.name : category.name) : categoryCode,
      });
      dirty.current = false;
      if (!navigator.onLine) {
        Toast.show({ content: ct('report.savedOffline'), duration: 3000 });
        navigate('/cases', { replace: true });
        return;
      }
      // A weak signal can take minutes: after a while let the user go, the queue keeps sending.
      const r = await Promise.race([sendNow(clientRef), new Promise<'slow'>((ok) => setTimeout(() => ok('slow'), SLOW_MS))]);
      if (r === 'slow') {
        Toast.show({ content: ct('report.sendingBackground'), duration: 3000 });
        navigate('/cases', { replace: true });
      } else if (r.kind === 'sent') {
        Toast.show({ icon: 'success', content: ct('report.sent', { number: r.caseDetail.number }), duration: 2500 });
        navigate(`/cases/${r.caseDetail.id}`, { replace: true });
      } else if (r.kind === 'failed') {
        setServerError(r.error.message);
        setErrors(fieldErrorsOf(r.error, []));
        Toast.show({ content: r.error.message });
      } else {
        Toast.show({ content: r.kind === 'queued' && !navigator.onLine ? ct('report.savedOffline') : ct('report.savedWeak'), duration: 3000 });
        navigate('/cases', { replace: true });
      }
    } catch (err) {
      Toast.show({ content: (err as Error).message });
    } finally {
      setSubmitting(false);
    }
  };

  const onBack = async () => {
    if (dirty.current) {
      const ok = await Dialog.confirm({ content: ct('report.leaveConfirm'), cancelText: ct('act.cancel'), confirmText: ct('act.confirm') });
      if (!ok) return;
    }
    if (window.history.length > 1) navigate(-1);
    else navigate('/', { replace: true });
  };

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
    <div className="m-page m-report" data-testid="m-report">
      <NavBar onBack={() => void onBack()} className="m-navbar" backIcon>
        {isWorker ? ct('report.titleWorker') : ct('report.titleResident')}
      </NavBar>
      {!online && (
        <NoticeBar content={ct('report.offlineBanner')} color="alert" wrap data-testid="m-report-offline" />
      )}
      {noStorage && <NoticeBar content={ct('report.noStorage')} color="alert" wrap />}
      {draftRef && <NoticeBar content={ct('report.editingDraft')} color="info" />}
      {serverError && (
        <div className="m-form-error" data-testid="m-report-error">
          {serverError}
        </div>
      )}

      <Form layout="vertical" className="m-report-form" mode="card">
        <Form.Item
          label={ct('report.category')}
          required
          description={desc(errors.category, catNote ?? category?.registration)}
          onClick={() => categories && setPickerOpen(true)}
          arrowIcon
          data-testid="m-report-category"
        >
          <span className={categoryLabel ? 'm-picked' : 'm-placeholder'} data-testid="m-report-category-value">
            {categoryLabel || ct('report.categoryPick')}
          </span>
        </Form.Item>

        <Form.Item
          label={ct('report.description')}
          required
          description={desc(errors.description)}
        >
          <TextArea
            value={description}
            onChange={(v) => {
              touch();
              setDescription(v);
            }}
            placeholder={ct('report.descriptionPlaceholder')}
            maxLength={2000}
            showCount
            autoSize={{ minRows: 3, maxRows: 8 }}
            data-testid="m-report-description"
          />
        </Form.Item>

        <Form.Item
          label={ct('report.photos')}
          description={desc(errors.photos, ct('report.photosHint', { n: MAX_PHOTOS }))}
        >
          <PhotoPicker
            value={photos}
            onChange={(p) => {
              touch();
              setPhotos(p);
            }}
            max={MAX_PHOTOS}
            testId="m-report-photos"
          />
        </Form.Item>

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
              <Button size="mini" color="primary" fill="outline" onClick={() => locate(true)} loading={geo.status === 'locating'} data-testid="m-report-locate">
                {geo.status === 'off' || geo.status === 'idle' ? ct('report.useLocation') : ct('report.locateAgain')}
              </Button>
              {geo.status !== 'off' && (
                <Button size="mini" fill="none" onClick={() => setGeo({ status: 'off' })} data-testid="m-report-no-position">
                  {ct('report.noPosition')}
                </Button>
              )}
            </div>
          </div>
        </Form.Item>
        <Form.Item
          label={ct('report.address')}
          required={addressRequired}
          description={desc(errors.address, addressRequired ? ct('report.addressRequired') : ct('report.addressOptional'))}
        >
          <Input
            value={address}
            onChange={(v) => {
              touch();
              setAddress(v);
            }}
            placeholder={ct('report.addressPlaceholder')}
            maxLength={200}
            clearable
            data-testid="m-report-address"
          />
        </Form.Item>

        {isResident && (
          <>
            <Form.Header>{ct('report.contactHeader')}</Form.Header>
            <Form.Item label={ct('report.anonymous')} description={desc(undefined, ct('report.anonymousHint'))} childElementPosition="right">
              <Switch checked={anonymous} onChange={setAnonymous} data-testid="m-report-anonymous" />
            </Form.Item>
            <Form.Item label={ct('report.contactName')}>
              <Input
                value={contactName}
                onChange={setContactName}
                placeholder={ct('report.contactNamePlaceholder')}
                maxLength={50}
                clearable
                data-testid="m-report-contact-name"
              />
            </Form.Item>
            <Form.Item
              label={ct('report.contactPhone')}
              description={desc(errors.contactPhone)}
            >
              <Input
                value={contactPhone}
                onChange={setContactPhone}
                placeholder={ct('report.contactPhonePlaceholder')}
                type="tel"
                maxLength={20}
                clearable
                data-testid="m-report-contact-phone"
              />
            </Form.Item>
          </>
        )}

        {isWorker && (
          <>
            <Form.Item label={ct('report.onTheSpot')} description={desc(undefined, ct('report.onTheSpotHint'))} childElementPosition="right">
              <Switch
                checked={onTheSpot}
                onChange={(v) => {
                  touch();
                  setOnTheSpot(v);
                }}
                data-testid="m-report-on-the-spot"
              />
            </Form.Item>
            {onTheSpot && (
              <>
                <Form.Item
                  label={ct('report.spotResult')}
                  required
                  description={desc(errors.spotResult)}
                >
                  <TextArea
                    value={spotResult}
                    onChange={setSpotResult}
                    placeholder={ct('report.spotResultPlaceholder')}
                    maxLength={2000}
                    autoSize={{ minRows: 2, maxRows: 6 }}
                    data-testid="m-report-spot-result"
                  />
                </Form.Item>
                <Form.Item label={ct('report.spotPhotos')}>
                  <PhotoPicker value={spotPhotos} onChange={setSpotPhotos} max={MAX_PHOTOS} testId="m-report-spot-photos" />
                </Form.Item>
              </>
            )}
          </>
        )}
      </Form>

      <div className="m-submit-bar">
        <Button block color="primary" size="large" loading={submitting} loadingText={ct('report.sending')} onClick={() => void onSubmit()} data-testid="m-report-submit">
          {online ? ct('report.submit') : ct('report.submitOffline')}
        </Button>
      </div>

      <Cascader
        title={ct('report.category')}
        placeholder={ct('report.categoryPick')}
        options={options}
        visible={pickerOpen}
        onClose={() => setPickerOpen(false)}
        value={categoryCode && categories ? pathTo(categories, categoryCode) : []}
        onConfirm={(v) => {
          const leaf = v[v.length - 1];
          if (typeof leaf === 'string' && categories && !categories.some((c) => c.parent === leaf)) {
            touch();
            setCategoryCode(leaf);
            setErrors((e) => ({ ...e, category: undefined }));
          }
        }}
        cancelText={ct('act.cancel')}
        confirmText={ct('act.confirm')}
      />
    </div>
  );
}
