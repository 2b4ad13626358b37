/** Small pieces shared by the mobile case pages. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Dialog, ImageViewer, Tag, Toast } from 'antd-mobile';
import { CameraOutline, PicturesOutline } from 'antd-mobile-icons';
import { ApiError } from '../../shared/api';
import { CASE_STATE_LABELS, caseLabel, casesApi, type CaseState, type Category, type CaseSummary } from '../../shared/cases';
import { preparePhoto, photoUrl, type StoredPhoto } from './photos';
import { useCaseText } from './text';

// ------------------------------------------------------------------ network state

export function useOnline(): boolean {
  const [online, setOnline] = useState(() => typeof navigator === 'undefined' || navigator.onLine !== false);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** A network failure (no answer at all), as opposed to an answer that says no. */
export function isNetworkError(e: unknown): boolean {
  return e instanceof ApiError ? e.status === 0 : (e as Error)?.name !== 'AbortError';
}

// ------------------------------------------------------------------ categories (cached for offline use)

const CATEGORY_CACHE = 'gongzhi.caseCategories.v1';

export function cachedCategories(): Category[] | null {
  try {
    const raw = localStorage.getItem(CATEGORY_CACHE);
    return raw ? (JSON.parse(raw) as Category[]) : null;
  } catch {
    return null;
  }
}

/** The category list from the server, kept in localStorage so the report page works with no signal. */
export async function loadCategories(signal?: AbortSignal): Promise<Category[]> {
  const r = await casesApi.categories(signal);
  try {
    localStorage.setItem(CATEGORY_CACHE, JSON.stringify(r.items));
  } catch {
    /* storage full: the page still has them */
  }
  return r.items;
}

// ------------------------------------------------------------------ state tag

const STATE_TAG_COLOR: Record<string, string> = {
  reported: 'warning',
  registered: 'warning',
  rejected: 'default',
  dispatched: 'primary',
  accepted: 'primary',
  returned: 'danger',
  suspended: 'default',
  handled: '#13a8a8',
  verified: '#2f54eb',
  closed: 'success',
  merged: 'default',
};

export function CaseStateTag({ state }: { state: CaseState | string }) {
  const { lang } = useCaseText();
  return (
    <Tag color={STATE_TAG_COLOR[state] ?? 'default'} fill="solid" className="m-case-state" data-testid="m-case-state" data-state={state}>
      {caseLabel(CASE_STATE_LABELS, lang, state)}
    </Tag>
  );
}

export function DueTags({ c }: { c: Pick<CaseSummary, 'overdue' | 'nearDue'> }) {
  const { ct } = useCaseText();
  if (c.overdue)
    return (
      <Tag color="danger" fill="outline" className="m-tag-inline">
        {ct('cases.overdue')}
      </Tag>
    );
  if (c.nearDue)
    return (
      <Tag color="warning" fill="outline" className="m-tag-inline">
        {ct('cases.nearDue')}
      </Tag>
    );
  return null;
}

// ------------------------------------------------------------------ time

export function formatTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const sameYear = d.getFullYear() === new Date().getFullYear();
  const date = lang === 'en' ? `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` : `${sameYear ? '' : `${d.getFullYear()}年`}${d.getMonth() + 1}月${d.getDate()}日`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// ------------------------------------------------------------------ photos picked on the phone

/** Thumbnails of local photos (object URLs made once per photo and revoked when it goes). */
function useLocalUrls(photos: StoredPhoto[]): Record<string, string> {
  const urls = useRef<Record<string, string>>({});
  const keys = photos.map((p) => p.key).join(',');
  const current = useMemo(() => {
    const next: Record<string, string> = {};
    for (const p of photos) next[p.key] = urls.current[p.key] ?? photoUrl(p);
    for (const [k, u] of Object.entries(urls.current)) if (!next[k]) URL.revokeObjectURL(u);
    urls.current = next;
    return next;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keys]);
  useEffect(
    () => () => {
      for (const u of Object.values(urls.current)) URL.revokeObjectURL(u);
      urls.current = {};
    },
    [],
  );
  return current;
}

/**
 * Camera (capture="environment") and album buttons over hidden file inputs; each picked image
 * is scaled down and re-encoded at once, so what is kept and uploaded is small.
 */
export function PhotoPicker({
  value,
  onChange,
  max = 6,
  testId,
}: {
  value: StoredPhoto[];
  onChange: (next: StoredPhoto[]) => void;
  max?: number;
  testId: string;
}) {
  const { ct } = useCaseText();
  const camera = useRef<HTMLInputElement>(null);
  const album = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const urls = useLocalUrls(value);
  const latest = useRef(value);
  latest.current = value;

  const onFiles = async (files: FileList | null, input: HTMLInputElement | null) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    const picked = Array.from(files).slice(0, Math.max(0, max - latest.current.length));
    const added: StoredPhoto[] = [];
    for (const f of picked) {
      try {
        added.push(await preparePhoto(f));
      } catch {
        Toast.show({ content: ct('report.photoFailed') });
      }
    }
    if (input) input.value = ''; // the same photo can be picked again
    setBusy(false);
    if (added.length) onChange([...latest.current, ...added].slice(0, max));
  };

  const remove = async (key: string) => {
    const ok = await Dialog.confirm({ content: ct('report.photoRemove'), cancelText: ct('act.cancel'), confirmText: ct('act.confirm') });
    if (ok) onChange(latest.current.filter((p) => p.key !== key));
  };

  return (
    <div className="m-photos" data-testid={testId}>
      {value.map((p) => (
        <button type="button" key={p.key} className="m-photo" onClick={() => void remove(p.key)} data-testid={`${testId}-item`}>
          <img src={urls[p.key]} alt="" />
          <span className="m-photo-x" aria-hidden="true">
            ×
          </span>
        </button>
      ))}
      {value.length < max && (
        <>
          <button type="button" className="m-photo-add" disabled={busy} onClick={() => camera.current?.click()} data-testid={`${testId}-camera`}>
            <CameraOutline className="m-photo-add-icon" />
            <span>{busy ? '…' : ct('report.takePhoto')}</span>
          </button>
          <button type="button" className="m-photo-add m-photo-add-album" disabled={busy} onClick={() => album.current?.click()}>
            <PicturesOutline className="m-photo-add-icon" />
            <span>{ct('report.album')}</span>
          </button>
        </>
      )}
      <input
        ref={camera}
        type="file"
        accept="image/*"
        capture="environment"
        className="m-hidden-input"
        onChange={(e) => void onFiles(e.target.files, e.target)}
        data-testid={`${testId}-input`}
      />
      <input
        ref={album}
        type="file"
        accept="image/*"
        multiple
        className="m-hidden-input"
        onChange={(e) => void onFiles(e.target.files, e.target)}
      />
    </div>
  );
}

// ------------------------------------------------------------------ photos from the server

export function ServerPhotos({ photos, testId }: { photos: { id: string; url: string }[]; testId?: string }) {
  if (!photos.length) return null;
  const urls = photos.map((p) => p.url);
  return (
    <div className="m-photos" data-testid={testId}>
      {photos.map((p, i) => (
        <button
          type="button"
          key={p.id}
          className="m-photo"
          onClick={() => ImageViewer.Multi.show({ images: urls, defaultIndex: i })}
          data-testid={testId ? `${testId}-item` : undefined}
        >
          <img src={p.url} alt="" loading="lazy" />
        </button>
      ))}
    </div>
  );
}
