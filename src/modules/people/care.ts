/** Care groups (关爱对象) and the derived "living alone aged 65+". */
export const CARE_GROUPS = ['living_alone', 'empty_nest', 'very_old', 'disabled', 'destitute', 'subsistence_allowance'] as const;
export type CareGroup = (typeof CARE_GROUPS)[number];

export const CARE_GROUP_NAMES: Record<CareGroup, { zh: string; en: string }> = {
  living_alone: { zh: '独居老人', en: 'Living alone' },
  empty_nest: { zh: '空巢老人', en: 'Empty nest' },
  very_old: { zh: '高龄老人（80岁以上）', en: 'Aged 80+' },
  disabled: { zh: '残疾人', en: 'Disabled' },
  destitute: { zh: '特困人员', en: 'Destitute' },
  subsistence_allowance: { zh: '低保对象', en: 'Subsistence allowance' },
};

export function careGroupFromText(s: string): CareGroup | null {
  const t = s.trim();
  for (const g of CARE_GROUPS) if (g === t || CARE_GROUP_NAMES[g].zh === t || CARE_GROUP_NAMES[g].zh.startsWith(t) || CARE_GROUP_NAMES[g].en.toLowerCase() === t.toLowerCase()) return g;
  if (t === '高龄') return 'very_old';
  return null;
}

/** Living alone aged 65+ (呼和浩特新城区 care plan): age ≥ 65 on the day and the only current member of the household. */
export const LIVING_ALONE_AGE = 65;

export function livingAlone65(age: number, householdMembers: number): boolean {
  return age >= LIVING_ALONE_AGE && householdMembers === 1;
}

/** SQL for the derived flag on `resident r` (current members of its household counted). */
export const LIVING_ALONE_SQL = `(r.deceased_on IS NULL AND r.household_id IS NOT NULL
  AND r.birth_date <= (current_date - interval '${LIVING_ALONE_AGE} years')::date
  AND (SELECT count(*) FROM household_member m WHERE m.household_id = r.household_id AND m.moved_out IS NULL) = 1)`;
