/**
 * The text of a PDF written by pdfkit with one embedded (subset) font: its compressed streams inflated, the font's
 * ToUnicode map read, and each TJ/Tj string of glyph codes turned back into characters — enough for a test to say
 * what a page shows (and what it does not), which a byte search cannot: the glyphs are codes, not characters.
 */
import { inflateSync } from 'node:zlib';

function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const s = pdf.toString('latin1');
  for (const m of s.matchAll(/(?<!end)stream\r?\n/g)) {
    const dataStart = m.index + m[0].length;
    const end = s.indexOf('endstream', dataStart);
    if (end < 0) break;
    const raw = pdf.subarray(dataStart, end);
    try {
      out.push(inflateSync(raw).toString('latin1'));
    } catch {
      out.push(raw.toString('latin1'));
    }
  }
  return out;
}

const utf16 = (hex: string) => {
  let text = '';
  for (let i = 0; i + 4 <= hex.length; i += 4) text += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return text;
};

/** Every line of text (one per text-showing operator) of the PDF, in the order drawn. */
export function pdfText(pdf: Buffer): string[] {
  const all = streams(pdf);
  const map = new Map<number, string>();
  for (const s of all) {
    if (!s.includes('beginbfrange') && !s.includes('beginbfchar')) continue;
    const ranges = s.split('beginbfrange').slice(1).map((b) => b.split('endbfrange')[0]);
    for (const b of ranges) {
      for (const m of b.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
        const from = parseInt(m[1], 16);
        [...m[3].matchAll(/<([0-9a-fA-F]*)>/g)].forEach((d, k) => map.set(from + k, utf16(d[1])));
      }
      for (const m of b.replace(/\[[^\]]*\]/g, '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
        const from = parseInt(m[1], 16), to = parseInt(m[2], 16), dst = parseInt(m[3], 16);
        for (let c = from; c <= to; c++) map.set(c, String.fromCharCode(dst + c - from));
      }
    }
    const chars = s.split('beginbfchar').slice(1).map((b) => b.split('endbfchar')[0]);
    for (const b of chars) for (const m of b.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(m[1], 16), utf16(m[2]));
  }
  const lines: string[] = [];
  for (const s of all) {
    if (s.includes('beginbfrange') || s.includes('beginbfchar')) continue;
    for (const m of s.matchAll(/\[((?:<[0-9a-fA-F]*>|[\s\d.-])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const hexes = m[1] !== undefined ? [...m[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]) : [m[2]];
      let line = '';
      for (const h of hexes) for (let i = 0; i + 4 <= h.length; i += 4) line += map.get(parseInt(h.slice(i, i + 4), 16)) ?? '\uFFFD';
      lines.push(line);
    }
  }
  return lines;
}
