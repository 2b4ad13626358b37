/**
 * The category tree: the event classes digital urban-management systems use (GB/T 30428:
 * 市容环境, 宣传广告, 施工管理, 突发事件, 街面秩序 … and the component classes 公用设施,
 * 道路交通, 园林绿化) and the community problems the seed names. Each category carries its
 * default handling level, its responsible department (and whether the matter is the
 * department's by the dispatch catalogue, so it may not be pushed down), its priority and
 * its time limits. These are defaults for the database; administrators edit the tree.
 * Default limits follow RULES.md's placeholders: urgent ≤ 2 h, utilities ≤ 24 h,
 * ordinary ≤ 7 days, complex ≤ 15 days.
 */
export type Level = 'grid' | 'community' | 'street';
export type Priority = 'urgent' | 'high' | 'normal';
export type LimitUnit = 'working_hours' | 'working_days';

export interface CategorySeed {
  code: string; parent: string | null; name: string; nameEn: string;
  level?: Level; department?: string | null; departmentMatter?: boolean; priority?: Priority;
  responseHours?: number; resolve?: { value: number; unit: LimitUnit };
  registration?: string; closing?: string;
}

export const DEPARTMENTS: Record<string, { zh: string; en: string }> = {
  urban_management: { zh: '城市管理（综合执法）', en: 'Urban management (enforcement)' },
  sanitation: { zh: '环境卫生', en: 'Sanitation' },
  water: { zh: '供排水', en: 'Water and drainage' },
  heating: { zh: '供热', en: 'Heating' },
  housing: { zh: '住房和城乡建设', en: 'Housing and construction' },
  fire: { zh: '消防救援', en: 'Fire and rescue' },
  police: { zh: '公安', en: 'Police' },
  greening: { zh: '园林绿化', en: 'Parks and greening' },
  health: { zh: '卫生健康', en: 'Health' },
};

const ORDINARY = { value: 7, unit: 'working_days' } as const;
const COMPLEX = { value: 15, unit: 'working_days' } as const;
const UTILITY = { value: 24, unit: 'working_hours' } as const;
const URGENT = { value: 2, unit: 'working_hours' } as const;

export const CATEGORY_SEED: CategorySeed[] = [
  { code: '01', parent: null, name: '市容环境', nameEn: 'City appearance' },
  { code: '0101', parent: '01', name: '暴露垃圾', nameEn: 'Exposed litter', level: 'grid', department: 'sanitation', resolve: { value: 1, unit: 'working_days' }, registration: '路面、绿地、小区公共区域可见垃圾', closing: '垃圾清运完毕，现场照片为证' },
  { code: '0102', parent: '01', name: '积存垃圾渣土', nameEn: 'Accumulated waste and spoil', level: 'community', department: 'sanitation', resolve: { value: 3, unit: 'working_days' } },
  { code: '0103', parent: '01', name: '道路不洁', nameEn: 'Dirty road', level: 'community', department: 'sanitation', resolve: { value: 1, unit: 'working_days' } },
  { code: '02', parent: null, name: '宣传广告', nameEn: 'Advertising' },
  { code: '0201', parent: '02', name: '违法小广告', nameEn: 'Illegal fly-posting', level: 'grid', resolve: { value: 2, unit: 'working_days' } },
  { code: '0202', parent: '02', name: '违规户外广告', nameEn: 'Unlawful outdoor advertising', level: 'street', department: 'urban_management', departmentMatter: true, resolve: ORDINARY },
  { code: '03', parent: null, name: '施工管理', nameEn: 'Construction' },
  { code: '0301', parent: '03', name: '违法建设', nameEn: 'Illegal structure', level: 'street', department: 'urban_management', departmentMatter: true, priority: 'high', resolve: COMPLEX, registration: '未取得规划许可的新建、扩建、改建', closing: '自行拆除或依法拆除完毕' },
  { code: '0302', parent: '03', name: '施工扰民', nameEn: 'Construction disturbance', level: 'street', department: 'urban_management', departmentMatter: true, resolve: { value: 3, unit: 'working_days' } },
  { code: '04', parent: null, name: '突发事件', nameEn: 'Emergencies' },
  { code: '0401', parent: '04', name: '供热管道泄漏', nameEn: 'Heating pipe leak', level: 'street', department: 'heating', departmentMatter: true, priority: 'urgent', responseHours: 0.5, resolve: UTILITY },
  { code: '0402', parent: '04', name: '消防通道堵塞', nameEn: 'Blocked fire lane', level: 'community', department: 'fire', priority: 'high', responseHours: 2, resolve: { value: 2, unit: 'working_days' } },
  { code: '0403', parent: '04', name: '电动车违规充电', nameEn: 'Unsafe e-bike charging', level: 'community', department: 'fire', priority: 'high', responseHours: 2, resolve: { value: 3, unit: 'working_days' } },
  { code: '0404', parent: '04', name: '井盖缺失', nameEn: 'Missing manhole cover', level: 'street', department: 'water', departmentMatter: true, priority: 'urgent', responseHours: 0.5, resolve: URGENT },
  { code: '05', parent: null, name: '街面秩序', nameEn: 'Street order' },
  { code: '0501', parent: '05', name: '车辆乱停放', nameEn: 'Illegal parking', level: 'community', resolve: { value: 3, unit: 'working_days' } },
  { code: '0502', parent: '05', name: '不文明养犬', nameEn: 'Uncivil dog keeping', level: 'community', department: 'police', resolve: { value: 5, unit: 'working_days' } },
  { code: '0503', parent: '05', name: '占道经营', nameEn: 'Street vending on the road', level: 'street', department: 'urban_management', departmentMatter: true, resolve: { value: 3, unit: 'working_days' } },
  { code: '06', parent: null, name: '公用设施', nameEn: 'Public utilities' },
  { code: '0601', parent: '06', name: '下水道堵塞', nameEn: 'Blocked sewer', level: 'community', department: 'water', priority: 'high', responseHours: 4, resolve: UTILITY, registration: '污水外溢或排水不畅', closing: '疏通完毕，排水正常' },
  { code: '0602', parent: '06', name: '路灯损坏', nameEn: 'Broken street light', level: 'street', department: 'urban_management', departmentMatter: true, resolve: { value: 3, unit: 'working_days' } },
  { code: '0603', parent: '06', name: '供水故障', nameEn: 'Water supply failure', level: 'street', department: 'water', departmentMatter: true, priority: 'urgent', responseHours: 1, resolve: UTILITY },
  { code: '07', parent: null, name: '道路交通', nameEn: 'Roads and traffic' },
  { code: '0701', parent: '07', name: '道路破损', nameEn: 'Damaged road', level: 'street', department: 'urban_management', departmentMatter: true, resolve: ORDINARY },
  { code: '08', parent: null, name: '园林绿化', nameEn: 'Parks and greening' },
  { code: '0801', parent: '08', name: '绿地脏乱', nameEn: 'Untidy green space', level: 'community', department: 'greening', resolve: { value: 3, unit: 'working_days' } },
  { code: '0802', parent: '08', name: '树木倒伏', nameEn: 'Fallen tree', level: 'street', department: 'greening', departmentMatter: true, priority: 'urgent', responseHours: 1, resolve: URGENT },
  { code: '09', parent: null, name: '房屋土地', nameEn: 'Buildings and land' },
  { code: '0901', parent: '09', name: '房屋安全隐患', nameEn: 'Unsafe building', level: 'street', department: 'housing', departmentMatter: true, priority: 'high', resolve: COMPLEX },
  { code: '0902', parent: '09', name: '物业服务纠纷', nameEn: 'Property service dispute', level: 'community', department: 'housing', resolve: ORDINARY },
  { code: '10', parent: null, name: '其他', nameEn: 'Other' },
  { code: '1001', parent: '10', name: '其他问题', nameEn: 'Other problem', level: 'community', resolve: ORDINARY },
];

/** Defaults filled in: a leaf without its own values takes the ordinary ones. */
export function withDefaults(c: CategorySeed) {
  return {
    code: c.code, parent: c.parent, name: c.name, nameEn: c.nameEn,
    level: c.level ?? 'community', department: c.department ?? null, departmentMatter: c.departmentMatter ?? false,
    priority: c.priority ?? 'normal', responseHours: c.responseHours ?? (c.priority === 'urgent' ? 0.5 : 8),
    resolve: c.resolve ?? ORDINARY, registration: c.registration ?? null, closing: c.closing ?? null,
  };
}
