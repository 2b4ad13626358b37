/**
 * Images from the outside world (case photos, disclosure scans): checked by decoding them (not by
 * name or Content-Type), turned upright, and re-encoded without any metadata — EXIF, GPS position,
 * camera serials are gone. Used by every module that stores uploaded images.
 */
import sharp from 'sharp';

export const IMAGE_FORMATS: Record<string, { mime: string; ext: string }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' }, png: { mime: 'image/png', ext: 'png' }, webp: { mime: 'image/webp', ext: 'webp' },
};
const MAX_PIXELS = 50_000_000; // refuses decompression bombs

export interface CleanImage { data: Buffer; mime: string; ext: string; width: number; height: number; }

/** The image re-encoded upright and without metadata, or null when the bytes are not a JPEG, PNG or WebP we can decode. */
export async function cleanImage(input: Buffer): Promise<CleanImage | null> {
  let meta;
  try {
    meta = await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata();
  } catch {
    return null;
  }
  const fmt = meta.format ? IMAGE_FORMATS[meta.format] : undefined;
  if (!fmt || !meta.width || !meta.height) return null;
  try {
    // .rotate() applies the EXIF orientation; output carries no metadata unless asked (none is)
    const img = sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate();
    const encoded = meta.format === 'png' ? img.png() : meta.format === 'webp' ? img.webp({ quality: 85 }) : img.jpeg({ quality: 85, mozjpeg: true });
    const out = await encoded.toBuffer({ resolveWithObject: true });
    return { data: out.data, mime: fmt.mime, ext: fmt.ext, width: out.info.width, height: out.info.height };
  } catch {
    return null;
  }
}
