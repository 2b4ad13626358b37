/** Deterministic synthetic people for demos and benchmarks: a seeded PRNG and common Chinese names. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The most common surnames, roughly by frequency (a name drawn twice as often appears twice).
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤王李张刘陈';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红建华文辉力晨宇浩然子涵欣怡梓轩雨萱佳琪思远晓东海燕志强春梅淑珍';

export function chineseName(rand: () => number): string {
  const s = SURNAMES[Math.floor(rand() * SURNAMES.length)];
  const n = rand() < 0.7 ? 2 : 1;
  let g = '';
  for (let i = 0; i < n; i++) g += GIVEN[Math.floor(rand() * GIVEN.length)];
  return s + g;
}
