/**
 * The contact card (连心卡) drawn once as a list of shapes in millimetres, then rendered two ways: a PDF (pdfkit;
 * the font embedded as a subset of the glyphs used) and a PNG (an SVG whose text is the font's glyph outlines, so it
 * needs no font on the server, rasterised by sharp). The font is Noto Sans SC from the npm package
 * `@expo-google-fonts/noto-sans-sc`: nothing is downloaded at run time.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import sharp from 'sharp';

/** What a card shows. Nothing else reaches the renderer: a private number cannot be printed by mistake. */
export interface CardData {
  code: string; number: number; name: string;
  communityName: string; streetName: string | null;
  /** The grid's worker (the full-time one first), or null when nobody staffs it. */
  worker: { name: string; fullTime: boolean; workPhone: string | null; photo: Buffer | null } | null;
  hotline: string | null;
  /** Where the QR code leads: the resident report page for this grid. */
  url: string;
}

type Op =
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill?: string; stroke?: string; lw?: number }
  | { t: 'line'; x1: number; y1: number; x2: number; y2: number; color: string; lw: number }
  | { t: 'text'; x: number; y: number; size: number; text: string; color: string; align?: 'left' | 'center' | 'right'; maxWidth?: number }
  | { t: 'qr'; x: number; y: number; size: number; url: string }
  | { t: 'image'; x: number; y: number; w: number; h: number; jpeg: Buffer };

/** Business-card size (90 × 54 mm, the Chinese standard). */
export const CARD_W = 90, CARD_H = 54;
const A4_W = 210, A4_H = 297, COLS = 2, ROWS = 5;
const PT_PER_MM = 72 / 25.4;
const RED = '#c8161d';

// ---- the font ----

const FONT_FILE = 'NotoSansSC_500Medium.ttf';
let fontData: { buffer: Buffer; font: fontkit.Font } | null = null;

function findFile(dir: string, name: string, depth = 2): string | null {
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (entry === name) return p;
    if (depth > 0 && statSync(p).isDirectory()) {
      const hit = findFile(p, name, depth - 1);
      if (hit) return hit;
    }
  }
  return null;
}

/** The card font, read once per process (its package keeps a folder per weight, or all weights side by side). */
export function cardFont(): { buffer: Buffer; font: fontkit.Font } {
  if (fontData) return fontData;
  const pkg = path.dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc'));
  const file = findFile(pkg, FONT_FILE);
  if (!file) throw new Error(`${FONT_FILE} is missing from @expo-google-fonts/noto-sans-sc (${pkg})`);
  const buffer = readFileSync(file);
  fontData = { buffer, font: fontkit.create(buffer) };
  return fontData;
}

function textWidth(text: string, size: number): number {
  const { font } = cardFont();
  return (font.layout(text).advanceWidth / font.unitsPerEm) * size;
}

/** The size the text is drawn at (smaller when it would overflow its width) and where it starts. */
function placeText(op: Extract<Op, { t: 'text' }>): { x: number; size: number; width: number } {
  let size = op.size;
  let width = textWidth(op.text, size);
  if (op.maxWidth && width > op.maxWidth) {
    size = (size * op.maxWidth) / width;
    width = op.maxWidth;
  }
  const x = op.align === 'center' ? op.x - width / 2 : op.align === 'right' ? op.x - width : op.x;
  return { x, size, width };
}

// ---- the card, as shapes ----

function layoutCard(c: CardData): Op[] {
  const worker = c.worker;
  const label = (k: string, v: string) => `${k}  ${v}`;
  const surname = worker ? Array.from(worker.name)[0] : '格';
  return [
    { t: 'rect', x: 0, y: 0, w: CARD_W, h: CARD_H, fill: '#ffffff' },
    { t: 'rect', x: 0, y: 0, w: CARD_W, h: 10.5, fill: RED },
    { t: 'text', x: 4, y: 7.3, size: 4.4, text: '网格连心卡', color: '#ffffff' },
    { t: 'text', x: CARD_W - 4, y: 7, size: 2.7, text: [c.streetName, c.communityName].filter(Boolean).join(' · '), color: '#ffffff', align: 'right', maxWidth: 52 },
    // the worker's photo, or a placeholder with the surname
    ...(worker?.photo
      ? [{ t: 'image', x: 4, y: 14, w: 15, h: 20, jpeg: worker.photo } as Op]
      : [{ t: 'rect', x: 4, y: 14, w: 15, h: 20, fill: '#f3f3f3', stroke: '#dddddd', lw: 0.2 } as Op, { t: 'text', x: 11.5, y: 26.8, size: 8, text: surname, color: '#b0b0b0', align: 'center' } as Op]),
    { t: 'text', x: 22, y: 17.6, size: 3.6, text: c.name, color: '#222222', maxWidth: 34 },
    { t: 'text', x: 22, y: 21.6, size: 2.3, text: label('网格编号', c.code), color: '#888888', maxWidth: 34 },
    { t: 'text', x: 22, y: 26.8, size: 2.9, text: label(worker && !worker.fullTime ? '网格员' : '专职网格员', worker?.name ?? '待配备'), color: '#222222', maxWidth: 34 },
    { t: 'text', x: 22, y: 31.3, size: 2.9, text: label('工作电话', worker?.workPhone ?? '—'), color: RED, maxWidth: 34 },
    { t: 'text', x: 22, y: 35.6, size: 2.6, text: label('社区热线', c.hotline ?? '—'), color: '#444444', maxWidth: 34 },
    { t: 'qr', x: 58.5, y: 12.5, size: 28, url: c.url },
    { t: 'text', x: 72.5, y: 43.2, size: 2.4, text: '微信扫码 反映问题', color: '#666666', align: 'center' },
    { t: 'line', x1: 4, y1: 46.5, x2: CARD_W - 4, y2: 46.5, color: '#e6e6e6', lw: 0.2 },
    { t: 'text', x: 4, y: 50.8, size: 2.3, text: '有事找网格员 · 人在网中走，事在格中办', color: '#888888', maxWidth: CARD_W - 8 },
  ];
}

/** The dark modules of a QR code as horizontal runs [row, firstColumn, length], inside a quiet zone of `quiet` modules. */
function qrRuns(url: string): { n: number; runs: [number, number, number][] } {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const runs: [number, number, number][] = [];
  for (let r = 0; r < size; r++) {
    let start = -1;
    for (let c = 0; c <= size; c++) {
      const dark = c < size && qr.modules.get(r, c);
      if (dark && start < 0) start = c;
      if (!dark && start >= 0) { runs.push([r, start, c - start]); start = -1; }
    }
  }
  return { n: size, runs };
}
const QUIET = 2;

// ---- PDF ----

function drawPdf(doc: PDFKit.PDFDocument, ops: Op[], ox: number, oy: number) {
  doc.save();
  doc.translate(ox * PT_PER_MM, oy * PT_PER_MM);
  doc.scale(PT_PER_MM);
  for (const op of ops) {
    if (op.t === 'rect') {
      doc.rect(op.x, op.y, op.w, op.h);
      if (op.fill && op.stroke) doc.lineWidth(op.lw ?? 0.2).fillAndStroke(op.fill, op.stroke);
      else if (op.fill) doc.fill(op.fill);
      else if (op.stroke) doc.lineWidth(op.lw ?? 0.2).stroke(op.stroke);
    } else if (op.t === 'line') {
      doc.moveTo(op.x1, op.y1).lineTo(op.x2, op.y2).lineWidth(op.lw).stroke(op.color);
    } else if (op.t === 'text') {
      const { x, size } = placeText(op);
      doc.fontSize(size).fillColor(op.color).text(op.text, x, op.y, { lineBreak: false, baseline: 'alphabetic' });
    } else if (op.t === 'image') {
      doc.image(op.jpeg, op.x, op.y, { width: op.w, height: op.h });
    } else {
      const { n, runs } = qrRuns(op.url);
      const m = op.size / (n + 2 * QUIET);
      doc.rect(op.x, op.y, op.size, op.size).fill('#ffffff');
      for (const [r, c, len] of runs) doc.rect(op.x + (QUIET + c) * m, op.y + (QUIET + r) * m, len * m + 0.01, m + 0.01);
      doc.fill('#000000');
    }
  }
  doc.restore();
}

function cropMarks(doc: PDFKit.PDFDocument, x0: number, y0: number, cols: number, rows: number) {
  const K = PT_PER_MM;
  const line = (x1: number, y1: number, x2: number, y2: number) => doc.moveTo(x1 * K, y1 * K).lineTo(x2 * K, y2 * K);
  const right = x0 + cols * CARD_W, bottom = y0 + rows * CARD_H;
  for (let i = 0; i <= cols; i++) {
    const x = x0 + i * CARD_W;
    line(x, y0 - 8, x, y0 - 2);
    line(x, bottom + 2, x, bottom + 8);
  }
  for (let j = 0; j <= rows; j++) {
    const y = y0 + j * CARD_H;
    line(x0 - 8, y, x0 - 2, y);
    line(right + 2, y, right + 8, y);
  }
  doc.lineWidth(0.3).stroke('#000000');
}

function pdfBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

function newPdf(title: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({ autoFirstPage: false, margin: 0, compress: true, info: { Title: title, Creator: 'Gongzhi 共治' } });
  doc.registerFont('card', cardFont().buffer);
  doc.font('card');
  return doc;
}

/** One card on a page of its own size. */
export function cardPdf(card: CardData): Promise<Buffer> {
  const doc = newPdf(`网格连心卡 ${card.code} ${card.name}`);
  doc.addPage({ size: [CARD_W * PT_PER_MM, CARD_H * PT_PER_MM], margin: 0 });
  drawPdf(doc, layoutCard(card), 0, 0);
  return pdfBuffer(doc);
}

/** Cards for printing: ten to an A4 page (2 × 5, edge to edge), crop marks where to cut. */
export function cardSheetPdf(title: string, cards: CardData[]): Promise<Buffer> {
  const doc = newPdf(title);
  const x0 = (A4_W - COLS * CARD_W) / 2, y0 = (A4_H - ROWS * CARD_H) / 2;
  const perPage = COLS * ROWS;
  for (let i = 0; i < cards.length; i += perPage) {
    doc.addPage({ size: 'A4', margin: 0 });
    const page = cards.slice(i, i + perPage);
    page.forEach((card, k) => drawPdf(doc, layoutCard(card), x0 + (k % COLS) * CARD_W, y0 + Math.floor(k / COLS) * CARD_H));
    cropMarks(doc, x0, y0, COLS, Math.ceil(page.length / COLS));
  }
  return pdfBuffer(doc);
}

// ---- PNG ----

function svgOf(ops: Op[], pxPerMm: number): string {
  const { font } = cardFont();
  const out: string[] = [];
  for (const op of ops) {
    if (op.t === 'rect') {
      out.push(`<rect x="${op.x}" y="${op.y}" width="${op.w}" height="${op.h}" fill="${op.fill ?? 'none'}"${op.stroke ? ` stroke="${op.stroke}" stroke-width="${op.lw ?? 0.2}"` : ''}/>`);
    } else if (op.t === 'line') {
      out.push(`<line x1="${op.x1}" y1="${op.y1}" x2="${op.x2}" y2="${op.y2}" stroke="${op.color}" stroke-width="${op.lw}"/>`);
    } else if (op.t === 'text') {
      // text as the glyphs' outlines (font units, y up): no font needed where the SVG is rasterised
      const { x, size } = placeText(op);
      const k = size / font.unitsPerEm;
      const run = font.layout(op.text);
      let pen = 0;
      const glyphs: string[] = [];
      run.glyphs.forEach((g, i) => {
        const p = run.positions[i];
        const d = g.path.toSVG();
        if (d) glyphs.push(`<path transform="translate(${pen + p.xOffset} ${p.yOffset})" d="${d}"/>`);
        pen += p.xAdvance;
      });
      out.push(`<g transform="translate(${x} ${op.y}) scale(${k} ${-k})" fill="${op.color}">${glyphs.join('')}</g>`);
    } else if (op.t === 'image') {
      out.push(`<image x="${op.x}" y="${op.y}" width="${op.w}" height="${op.h}" preserveAspectRatio="xMidYMid slice" xlink:href="data:image/jpeg;base64,${op.jpeg.toString('base64')}"/>`);
    } else {
      const { n, runs } = qrRuns(op.url);
      const m = op.size / (n + 2 * QUIET);
      const d = runs.map(([r, c, len]) => `M${op.x + (QUIET + c) * m} ${op.y + (QUIET + r) * m}h${len * m}v${m}h${-len * m}z`).join('');
      out.push(`<rect x="${op.x}" y="${op.y}" width="${op.size}" height="${op.size}" fill="#ffffff"/><path d="${d}" fill="#000000" shape-rendering="crispEdges"/>`);
    }
  }
  const w = Math.round(CARD_W * pxPerMm), h = Math.round(CARD_H * pxPerMm);
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${w}" height="${h}" viewBox="0 0 ${CARD_W} ${CARD_H}">${out.join('')}</svg>`;
}

/** The card as a PNG at `dpi` (300: 1063 × 638 pixels). */
export function cardPng(card: CardData, dpi = 300): Promise<Buffer> {
  const svg = svgOf(layoutCard(card), dpi / 25.4);
  return sharp(Buffer.from(svg), { density: 72 }).flatten({ background: '#ffffff' }).png({ compressionLevel: 9 }).toBuffer();
}
