/** Masks shown by default everywhere (responses, exports): the full value needs a reveal. */
export function maskIdNumber(id: string): string {
  // 460100********1234: the region part and the last four stay
  return id.length === 18 ? `${id.slice(0, 6)}${'*'.repeat(8)}${id.slice(14)}` : id.length > 4 ? `${'*'.repeat(id.length - 4)}${id.slice(-4)}` : '****';
}

export function maskPhone(p: string): string {
  return p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : p.length > 4 ? `${'*'.repeat(p.length - 4)}${p.slice(-4)}` : '****';
}

/** A person's name as shown to those who may not see names: the first character kept (王伟 → 王*, 欧阳娜娜 → 欧***). */
export function maskName(n: string): string {
  const chars = [...n.trim()];
  if (chars.length === 0) return '*';
  if (chars.length === 1) return `${chars[0]}*`;
  return chars[0] + '*'.repeat(chars.length - 1);
}
