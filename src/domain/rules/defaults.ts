/**
 * The built-in rules, used for whatever an office's rules file leaves out. Each value names its
 * source: `000` = the Xinyang city meeting speech, `002` = the Fenyang / Wanyuan summaries,
 * `003` = the fifteen speeches. Where the seeds give no number, the value is our choice and
 * says so; an office changes it in its rules file.
 */
import type { Rules } from './schema.ts';
import { ATTACHMENT_DEFAULTS } from '../attachments/port.ts';
import { DEFAULT_HOURS, DEFAULT_WORKDAYS } from '../time/calendar.ts';

export const defaultRules: Rules = {
  publications: [
    // 002 (Fenyang 2014): 《吕梁政务信息·普刊》 23 items = 23 points, so 1 point each.
    { code: 'lvliang-putong', name: '《吕梁政务信息·普刊》', level: 'city', points: 1 },
    // 002: 《晋政信息·普刊》 9 items = 36 points, so 4 points each.
    { code: 'jinzheng-putong', name: '《晋政信息·普刊》', level: 'province', points: 4 },
    // 002: 《晋政信息·互联网》 8 items = 16 points, so 2 points each.
    { code: 'jinzheng-internet', name: '《晋政信息·互联网》', level: 'province', points: 2 },
    // 000 names the Xinyang publications but not their points. Our choice, scaled like
    // Fenyang's: a city bulletin 1, a special report that goes to the city leaders 2, the
    // province's ordinary adoption 4 and its special issues 6, the State Council 10.
    { code: 'xinyang-zhengwu', name: '《信阳政务信息》', level: 'city', points: 1 },
    { code: 'xinxi-zhuanbao', name: '《信息专报》', level: 'city', points: 2 },
    { code: 'xinyang-kuaibao', name: '《信阳快报》', level: 'province', points: 4 },
    { code: 'zhengfu-gongzuo-kuaibao', name: '《政府工作快报》', level: 'province', points: 6 },
    { code: 'zhongyao-qingkuang-zhuanbao', name: '《重要情况专报》', level: 'province', points: 6 },
    { code: 'guoban-zhibao', name: '《国办直报信息》', level: 'state', points: 10 },
  ],

  bonuses: {
    // 000 counts instructions by province leaders (获…省政府领导批示20余次) but gives no points.
    // Our choice: rising with the leader's level, roughly like the publications.
    leaderInstruction: { county: 1, city: 2, province: 5, state: 10 },
    // 000: negative-feedback items 在信息成绩考核时，适当加分 ("a suitable bonus"). Our choice: 1 point.
    negativeFeedback: 1,
  },

  // 000 二(四), 003 篇2/篇3/篇7: late, missed or concealed urgent reports are held against the
  // unit (and cost it the year's awards, which the evaluation handles). The points are our choice;
  // a late follow-up (003 篇3: 随时续报，直至事情处理完毕) costs half a late first report.
  penalties: { lateUrgent: 2, missedUrgent: 5, lateFollowUp: 1 },

  urgent: {
    // 003 篇3: reported no later than 4 hours after the event (最迟不得晚于事发后4小时), with
    // continuing reports until handled (随时续报，直至事情处理完毕).
    // 003 篇6: major problems within 2 hours (重特大问题必须在2小时内报送).
    // Follow-up intervals are our choice: daily for general/large, tighter as severity grows.
    general: { firstReportHours: 4, followUpHours: 24 },
    large: { firstReportHours: 4, followUpHours: 24 },
    major: { firstReportHours: 2, followUpHours: 4 },
    grave: { firstReportHours: 2, followUpHours: 2 },
    // The ladder (domain rule 2: chased, then escalated). Our choice: 30 minutes of grace before
    // the unit lead and duty officers (003 篇3: 24小时值班) are reminded too; after 2 reminders
    // the office's editors and leaders are alerted; at most 4 reminders per slot.
    graceMinutes: 30,
    reminderCap: 4,
    escalateAfter: 2,
  },

  // 003 篇7: 盯住不放，不断跟踪，连续反馈 — a week to report back, then chased daily (our choice).
  instruction: { dueDays: 7, remindBeforeHours: 24, chaseEveryHours: 24 },

  // 000 约稿制度, 002 万源 约稿、催稿: a reminder a day before the due date, a daily chaser after
  // it (our choice).
  commission: { remindBeforeHours: 24, chaseEveryHours: 24 },

  // Targets (目标任务). 002: Fenyang, a county-level city, sent 238 items and had 40 adopted in
  // three quarters of 2014, so about 20 a month and 3–4 adopted. 003 篇5: each secretary writes
  // at least 2 items a week. 000: about 8,700 items a year reach Xinyang from ~10 counties and
  // their departments, and counties send to the province every working day.
  // Departments, townships and direct reporting points are our estimates below that.
  targets: {
    county: {
      week: { submitted: 5 },
      month: { submitted: 20, adopted: 3 },
      quarter: { submitted: 60, adopted: 10 },
      year: { submitted: 240, adopted: 40 },
    },
    department: {
      week: { submitted: 2 },
      month: { submitted: 8, adopted: 1 },
      quarter: { submitted: 24, adopted: 3 },
      year: { submitted: 100, adopted: 12 },
    },
    township: {
      month: { submitted: 4, adopted: 1 },
      quarter: { submitted: 12, adopted: 2 },
      year: { submitted: 48, adopted: 6 },
    },
    direct: {
      month: { submitted: 4, adopted: 1 },
      quarter: { submitted: 12, adopted: 2 },
      year: { submitted: 48, adopted: 6 },
    },
  },

  schedule: {
    // 003 篇5: 一周一通报 — Monday 09:00, for the week just ended.
    weeklyNotice: '0 9 * * 1',
    // 003 篇5: 两周一排名 — Monday 09:30; the job sends only when a two-week span has ended.
    biweeklyRanking: '30 9 * * 1',
    // 003 篇3: 每月通报采用情况 — the 1st of the month, 09:00.
    monthly: '0 9 1 * *',
    // 003 篇7: 季度通报 — the 1st of January, April, July and October, 10:00.
    quarterly: '0 10 1 1,4,7,10 *',
    // 003 篇7: 年终考评 — the year's evaluation on the 1st of January, 11:00.
    annual: '0 11 1 1 *',
    // 003 篇3: 紧急重大信息报送情况通报制度，定期汇总分析 — monthly, the 1st at 10:30.
    urgentTimeliness: '30 10 1 * *',
    // Domain rule 5: units below pace are reminded before the period ends — at 15:00 on each of
    // a period's last working days (our choice; only the time of day is used: the working
    // calendar decides the days, so holidays are skipped and 调休 days count).
    quotaReminders: '0 15 * * 1-5',
  },

  // Domain rule 5 ("before the period ends, not after"). The numbers are our choice.
  reminders: { quotaBeforeEndWorkingDays: 5, weeklyQuotaNudge: 'Mon 09:00', capBeforeEscalation: 3 },

  attachments: { ...ATTACHMENT_DEFAULTS, kinds: [...ATTACHMENT_DEFAULTS.kinds] },

  // China Standard Time, Monday to Friday; the usual government office hours
  // 08:30–12:00 and 14:30–17:30 (our choice of the common summer schedule). China's public
  // holidays and 调休 days come from the chinese-days package (src/domain/time/publicHolidays.ts);
  // these lists stay empty unless an office replaces or adds a year.
  calendar: {
    timezone: 'Asia/Shanghai',
    workdays: [...DEFAULT_WORKDAYS],
    hours: DEFAULT_HOURS.map((window) => ({ ...window })),
    holidays: [],
    workingDays: [],
  },
};
