/**
 * 随手拍 (residents) / 上报事件 (grid workers): category, description, camera photos, GPS position
 * (WGS-84, with its accuracy) or an address, a contact and 匿名 for residents, 现场处置 for grid
 * workers. Every report is saved on the phone first (the offline queue) and then sent; with no
 * signal it waits there as 待发送 and goes out by itself when the signal returns.
 */
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Dialog, Form, NavBar, NoticeBar, TextArea, Toast } from 'antd-mobile';
import { useAuth } from '../../shared/auth';
import { FIELD_WORK, RESIDENT_HOME } from '../../shared/abilities';
import { PhotoPicker, useOnline } from './common';
import { useReportCategories } from './useReportCategories';
import { getReport, newClientRef, outboxIsPersistent, saveReport, sendNow } from './outbox';
import type { StoredPhoto } from './photos';
import { useCaseText } from './text';
import { categoryName, categoryPathLabel, fieldErrorsOf, mobileOk, type FieldErrors } from './reportForm';
import { useGridAt, useGridBrief, usePosition } from './usePosition';
import { CategoryPicker, ContactFields, desc, MAX_PHOTOS, OnTheSpotFields, PositionFields } from './ReportFields';

/** How long the form waits for the server before handing the report to the background queue. */
const SLOW_MS = 15_000;

export default function ReportCasePage() {
  const { ct, lang } = useCaseText();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const draftRef = params.get('draft');
  // ?grid=<code>: opened from a grid's contact card (its QR code); the report goes to that grid
  const [grid, setGrid] = useState<string | null>(() => (/^\d{15}$/.test(params.get('grid') ?? '') ? params.get('grid') : null));
  const cardGrid = useGridBrief(grid);
  const { user, can } = useAuth();
  const isWorker = can(FIELD_WORK);
  // reports as a resident (anonymous, contact phone): an account with a home to bind (people.myHousehold)
  const isResident = !isWorker && can(RESIDENT_HOME);
  const online = useOnline();

  const { categories, catNote } = useReportCategories(ct);
  const [pickerOpen, setPickerOpen] = useState(false);

  const [clientRef, setClientRef] = useState<string>(() => draftRef ?? newClientRef());
  const [categoryCode, setCategoryCode] = useState<string>('');
  const [description, setDescription] = useState('');
  const [photos, setPhotos] = useState<StoredPhoto[]>([]);
  const { geo, setGeo, locate, hasPoint } = usePosition(ct);
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
  /** A setter that also marks the form as changed (leaving then asks first). */
  const touching =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      touch();
      set(v);
    };

  useEffect(() => {
    void outboxIsPersistent().then((p) => setNoStorage(!p));
  }, []);

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
      setCategoryCode(d.input.categoryCode ?? '');
      setDescription(d.input.description);
      setPhotos(d.photos);
      if (d.input.lon !== undefined && d.input.lat !== undefined) setGeo({ status: 'ok', lon: d.input.lon, lat: d.input.lat, accuracy: undefined });
      else setGeo({ status: 'off' });
      setAddress(d.input.address ?? '');
      setGrid(d.input.grid ?? null);
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

  const gridName = useGridAt(isWorker && online, geo);

  const category = categories?.find((c) => c.code === categoryCode) ?? null;
  const categoryLabel = category ? categoryPathLabel(categories!, category.code, lang) : '';

  const addressRequired = !hasPoint && !grid;

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
          ...(grid ? { grid } : {}),
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
        categoryName: category ? categoryName(category, lang) : categoryCode,
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
            onChange={touching(setDescription)}
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
            onChange={touching(setPhotos)}
            max={MAX_PHOTOS}
            testId="m-report-photos"
          />
        </Form.Item>

        {grid && (
          <Form.Item label={ct('report.cardGrid')} description={ct('report.cardGridHint')} data-testid="m-report-grid">
            <span className="m-picked" data-testid="m-report-grid-name" data-grid={grid}>
              {cardGrid ? `${cardGrid.name}（${cardGrid.communityName}）` : grid}
            </span>
          </Form.Item>
        )}

        <PositionFields
          cardGrid={!!grid}
          geo={geo}
          hasPoint={hasPoint}
          gridName={gridName}
          onLocate={() => locate(true)}
          onNoPosition={() => setGeo({ status: 'off' })}
          address={address}
          onAddress={touching(setAddress)}
          addressError={errors.address}
        />

        {isResident && (
          <ContactFields
            anonymous={anonymous}
            onAnonymous={setAnonymous}
            contactName={contactName}
            onContactName={setContactName}
            contactPhone={contactPhone}
            onContactPhone={setContactPhone}
            phoneError={errors.contactPhone}
          />
        )}

        {isWorker && (
          <OnTheSpotFields
            onTheSpot={onTheSpot}
            onOnTheSpot={touching(setOnTheSpot)}
            result={spotResult}
            onResult={setSpotResult}
            resultError={errors.spotResult}
            photos={spotPhotos}
            onPhotos={setSpotPhotos}
          />
        )}
      </Form>

      <div className="m-submit-bar">
        <Button block color="primary" size="large" loading={submitting} loadingText={ct('report.sending')} onClick={() => void onSubmit()} data-testid="m-report-submit">
          {online ? ct('report.submit') : ct('report.submitOffline')}
        </Button>
      </div>

      <CategoryPicker
        categories={categories}
        value={categoryCode}
        open={pickerOpen}
        onClose={() => setPickerOpen(false)}
        onPick={(code) => {
          touch();
          setCategoryCode(code);
          setErrors((e) => ({ ...e, category: undefined }));
        }}
      />
    </div>
  );
}
