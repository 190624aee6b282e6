/**
 * Every scheduled job: a function of `now` and the data, run by the scheduler each minute and
 * by `xinbao jobs run --at T` for any instant. Jobs send only through the nudge ledger, so the
 * same instant run twice, a restart, or two schedulers on one database send nothing twice, and
 * a reminder whose time passed while the service was down is sent on the next run.
 */
import { chaseCommissions } from '../domain/commissions/chaseCommissions.ts';
import { sendCirculars } from '../domain/circulars/sendCirculars.ts';
import { chaseInstructions } from '../domain/instructions/chaseInstructions.ts';
import type { DomainDeps } from '../domain/ports.ts';
import { remindQuotas } from '../domain/quota/remindQuotas.ts';
import { officeCalendar } from '../domain/reminders/officeCalendar.ts';
import { remindHolidayYears } from '../domain/reminders/remindHolidayYears.ts';
import { isWorkingTime } from '../domain/time/index.ts';
import { chaseUrgentFollowUps } from '../domain/urgent/chaseUrgentFollowUps.ts';
import { drawCircularChart } from '../reports/circularChart.ts';

/** What the jobs read: the store, the clock, and the rules with the office's time zone. */
export type JobDeps = Pick<DomainDeps, 'store' | 'clock' | 'rules' | 'timezone'>;

/**
 * A scheduled job. Non-urgent jobs run only in the office's working time (rules.calendar: working
 * days with holidays and 调休, working hours, the office's time zone): outside it they do nothing
 * at that instant, so nothing is recorded and a reminder due then goes at the next working minute
 * without spending its tries. `urgent` jobs run at any hour.
 */
export type Job = { name: string; urgent?: boolean; run(deps: JobDeps, now: Date): Promise<number> };

/** Every scheduled job, once, in the order they run each minute. */
export const jobs: readonly Job[] = [
  // Urgent reports whose next update is due or late: at any hour (docs/urgent.md).
  { name: 'urgent.chase', urgent: true, run: chaseUrgentFollowUps },
  // Leader-instruction feedback: reminders before the due time, chasers after it (docs/instructions-and-commissions.md).
  { name: 'instruction.chase', run: chaseInstructions },
  // Commissions (约稿) not yet answered: reminders before the due time, chasers after it.
  { name: 'commission.chase', run: chaseCommissions },
  // Units and people behind a linear pace of their targets, before the period ends (docs/reminders.md).
  { name: 'quota.remind', run: remindQuotas },
  // Circulars on the rules' schedule, once per kind and period, each with its chart (docs/scores-and-circulars.md).
  { name: 'circulars.send', run: (deps, now) => sendCirculars({ ...deps, drawChart: drawCircularChart }, now) },
  // The coming year's public holidays not known by 1 December: the editors, once a week until they are (docs/rules.md).
  { name: 'calendar.years', run: remindHolidayYears },
];

/**
 * Runs every job for the instant `now`; returns how many reminders each sent (0 for a non-urgent
 * job outside working time).
 */
export async function runJobs(deps: JobDeps, now: Date, list: readonly Job[] = jobs): Promise<{ job: string; sent: number }[]> {
  const working = isWorkingTime(now, officeCalendar(deps.rules, deps.timezone));
  const results = [];
  for (const job of list) results.push({ job: job.name, sent: job.urgent || working ? await job.run(deps, now) : 0 });
  return results;
}
