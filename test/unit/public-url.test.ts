import { describe, expect, it } from 'vitest';
import { publicUrlOf } from '../../src/core/config.js';
import { reportUrl } from '../../src/modules/grids/cards.js';

describe('GONGZHI_PUBLIC_URL (core/config.ts publicUrlOf)', () => {
  it.each([
    [undefined, null],
    ['', null],
    ['https://gz.example.gov.cn', 'https://gz.example.gov.cn'],
    ['https://gz.example.gov.cn/', 'https://gz.example.gov.cn'],
    ['http://10.0.0.5:8080/gongzhi//', 'http://10.0.0.5:8080/gongzhi'],
  ])('%s → %s', (raw, out) => expect(publicUrlOf(raw)).toBe(out));

  it.each(['gz.example.gov.cn', 'ftp://gz.example.gov.cn', 'https://gz.example.gov.cn/?a=1', 'https://gz.example.gov.cn/#x'])('refuses %s at start', (raw) => {
    expect(() => publicUrlOf(raw)).toThrow(/GONGZHI_PUBLIC_URL/);
  });

  it('a contact card\'s QR code opens the report page for its grid', () => {
    expect(reportUrl('https://gz.example.gov.cn/gongzhi', '150102005002001')).toBe('https://gz.example.gov.cn/gongzhi/m/report?grid=150102005002001');
  });
});
