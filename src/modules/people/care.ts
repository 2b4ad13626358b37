/** Care groups (关爱对象) and the derived "living alone aged 65+". */
export const CARE_GROUPS = ['living_alone', 'empty_nest', 'very_old', 'disabled', 'destitute', 'subsistence_allowance'] as const;
export type CareGroup = (typeof CARE_GROUPS)[number];

export const CARE_GROUP_NAMES: Record<CareGroup, { zh: string; en: string }> = {
  living_alone: { zh: '独居老人（关爱对象登记）', en: 'Living alone (registered care group)' },
  empty_nest: { zh: '空巢老人', en: 'Empty nest' },
  very_old: { zh: '高龄老人（关爱对象登记）', en: 'Aged 80+ (registered care group)' },
  disabled: { zh: '残疾人', en: 'Disabled' },
  destitute: { zh: '特困人员', en: 'Destitute' },
  subsistence_allowance: { zh: '低保对象', en: 'Subsistence allowance' },
};

export function careGroupFromText(s: string): CareGroup | null {
  const t = s.trim();
  for (const g of CARE_GROUPS) if (g === t || CARE_GROUP_NAMES[g].zh === t || CARE_GROUP_NAMES[g].zh.startsWith(t) || CARE_GROUP_NAMES[g].en.toLowerCase() === t.toLowerCase()) return g;
  if (t.startsWith('高龄')) return 'very_old'; // 高龄, 高龄老人（80岁以上） as earlier templates wrote it
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

/**
 * The two "living alone" figures, each with one definition and its own name wherever it is shown
 * (issue #12: 独居65+ 57 beside 独居老人 76 read as a contradiction):
 *  - livingAlone65: derived from the registry — aged 65+ and the only current member of the
 *    household — or as set by staff (override with a reason); the care plan's people;
 *  - careGroups.living_alone: residents staff have registered in the care group 独居老人 (any age
 *    the local practice uses, often 60+; kept until ended), whatever the household shows now.
 */
export const FIGURE_DEFINITIONS = {
  livingAlone65: {
    name: { zh: '独居老人（65岁及以上，按户籍单人户）', en: 'Living alone aged 65+ (one-person household)' },
    definition: {
      zh: '年满 65 岁、户内仅本人（按户籍成员推算），含工作人员人工认定或排除；关爱计划（每周电话 2 次、每半月入户 1 次）的对象。',
      en: 'Aged 65 or over and the only current member of the household (from the registry), as overridden by staff; the people of the care plan.',
    },
  },
  careLivingAlone: {
    name: { zh: CARE_GROUP_NAMES.living_alone.zh, en: CARE_GROUP_NAMES.living_alone.en },
    definition: {
      zh: '工作人员登记为关爱对象“独居老人”的居民（不限 65 岁，登记后直到撤销），与按户籍推算的“独居老人（65岁及以上）”口径不同。',
      en: 'Residents staff registered in the care group "living alone" (no age limit, until ended); not the same as the derived figure for aged 65+.',
    },
  },
  careVeryOld: {
    name: { zh: CARE_GROUP_NAMES.very_old.zh, en: CARE_GROUP_NAMES.very_old.en },
    definition: {
      zh: '工作人员登记为关爱对象“高龄老人”的居民（登记后直到撤销），与按出生日期计算的“80 岁以上”口径不同。',
      en: 'Residents staff registered in the care group "aged 80+" (until ended); not the same as "80 and over" computed from birth dates.',
    },
  },
  partyMembers: {
    name: { zh: '居住在本辖区的党员（人口登记）', en: 'Party members living here (resident registry)' },
    definition: {
      zh: '人口登记中标注为党员、现居住在本辖区的居民；其组织关系可能在本社区党组织，也可能在工作单位。',
      en: 'Residents living here marked as party members in the registry; their membership may be held here or at their workplace.',
    },
  },
} as const;
