/** The closed sets of the domain, kept as checked strings in the store. */
export const ROLES = ['reporter', 'lead', 'editor', 'duty', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const UNIT_KINDS = ['county', 'department', 'township', 'direct'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Item categories: 动态, 经验做法, 问题(报忧), 调研, 建议. */
export const CATEGORIES = ['dynamic', 'experience', 'problem', 'research', 'suggestion'] as const;
export type Category = (typeof CATEGORIES)[number];

export const PERIOD_KINDS = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** Urgent severities: 一般, 较大, 重大, 特别重大. */
export const SEVERITIES = ['general', 'large', 'major', 'grave'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const LEADER_LEVELS = ['county', 'city', 'province', 'state'] as const;
export type LeaderLevel = (typeof LEADER_LEVELS)[number];

export const ITEM_STATUSES = ['signoff', 'submitted', 'returned', 'declined', 'adopted', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** The languages people read Xinbao in: Chinese first, English second. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
