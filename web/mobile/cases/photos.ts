/**
 * Photos taken on the phone: big camera pictures (4000 × 3000, 3–8 MB) are scaled down in a
 * canvas to at most {@link MAX_SIDE} px on the long side and re-encoded as JPEG before they are
 * kept or uploaded — a weak signal moves 300 KB, not 6 MB. Small images that the server accepts
 * as they are (JPEG/PNG/WebP) are kept unchanged.
 */

export const MAX_SIDE = 1600;
const JPEG_QUALITY = 0.82;
/** Below this size an accepted image within MAX_SIDE is kept as it is. */
const KEEP_BYTES = 900 * 1024;
const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'];

export interface StoredPhoto {
  /** Local id (for React keys and removal). */
  key: string;
  name: string;
  type: string;
  /** The bytes (ArrayBuffer: storable in IndexedDB on every web view). */
  data: ArrayBuffer;
  width: number;
  height: number;
  /** Set once uploaded (POST /api/case-photos), so a retry does not upload it again. */
  uploadedId?: string;
}

function loadImage(file: Blob): Promise<HTMLImageElement> {
  return new Promise((ok, fail) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      ok(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      fail(new Error('not an image'));
    };
    img.src = url;
  });
}

function canvasToBlob(canvas: HTMLCanvasElement, type: string, quality: number): Promise<Blob | null> {
  return new Promise((ok) => {
    if (canvas.toBlob) canvas.toBlob((b) => ok(b), type, quality);
    else {
      // very old web views: go through a data URL
      try {
        const dataUrl = canvas.toDataURL(type, quality);
        const bin = atob(dataUrl.split(',')[1] ?? '');
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        ok(new Blob([bytes], { type }));
      } catch {
        ok(null);
      }
    }
  });
}

export function newKey(): string {
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

/**
 * Scales and re-encodes one picked file. Throws when the file is not a decodable image
 * (the caller shows a message). EXIF orientation is honoured by the browser when it draws
 * (image-orientation: from-image is the default in current Chrome/WebKit), and the canvas
 * output carries no EXIF at all — so no GPS leaves the phone in the photo either.
 */
export async function preparePhoto(file: File): Promise<StoredPhoto> {
  const img = await loadImage(file);
  const w0 = img.naturalWidth || img.width;
  const h0 = img.naturalHeight || img.height;
  if (!w0 || !h0) throw new Error('not an image');
  const scale = Math.min(1, MAX_SIDE / Math.max(w0, h0));
  const keep = scale === 1 && file.size <= KEEP_BYTES && ACCEPTED.includes(file.type);
  if (keep) {
    return { key: newKey(), name: file.name || 'photo', type: file.type, data: await file.arrayBuffer(), width: w0, height: h0 };
  }
  const w = Math.max(1, Math.round(w0 * scale));
  const h = Math.max(1, Math.round(h0 * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  ctx.fillStyle = '#fff'; // transparent PNG areas become white, not black, in JPEG
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(img, 0, 0, w, h);
  const blob = await canvasToBlob(canvas, 'image/jpeg', JPEG_QUALITY);
  canvas.width = canvas.height = 0; // free the bitmap at once on low-memory phones
  if (!blob) {
    if (ACCEPTED.includes(file.type)) {
      return { key: newKey(), name: file.name || 'photo', type: file.type, data: await file.arrayBuffer(), width: w0, height: h0 };
    }
    throw new Error('cannot encode');
  }
  const base = (file.name || 'photo').replace(/\.[^.]*$/, '');
  return { key: newKey(), name: `${base}.jpg`, type: 'image/jpeg', data: await blob.arrayBuffer(), width: w, height: h };
}

export function photoBlob(p: StoredPhoto): Blob {
  return new Blob([p.data], { type: p.type });
}

/** Object URLs for thumbnails, revoked by the caller. */
export function photoUrl(p: StoredPhoto): string {
  return URL.createObjectURL(photoBlob(p));
}
