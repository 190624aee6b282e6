/**
 * Every scheduled job: a function of `now` and the data, run by the scheduler each minute and
 * by `xinbao jobs run --at T` for any instant. Jobs send only through the nudge ledger, so the
 * same instant run twice, a restart, or two schedulers on one database send nothing twice, and
 * a reminder whose time passed while the service was down is sent on the next run.
 */
import type { DomainDeps } from '../domain/ports.ts';
import { chaseUrgentFollowUps } from '../domain/urgent/chaseUrgentFollowUps.ts';
import { chaseInstructions } from '../domain/instructions/chaseInstructions.ts';
import { chaseCommissions } from '../domain/commissions/chaseCommissions.ts';
import { remindQuotas } from '../domain/quota/remindQuotas.ts';
import { officeCalendar } from '../domain/reminders/officeCalendar.ts';
import { isWorkingTime } from '../domain/time/index.ts';
import { sendCirculars } from '../domain/circulars/sendCirculars.ts';
import { drawCircularChart } from '../reports/circularChart.ts';

export type JobDeps = Pick<DomainDeps, 'store' | 'clock' | 'rules' | 'timezone'>;

/**
 * A scheduled job. Non-urgent jobs run only in the office's working time (rules.calendar: working
 * days with holidays and 调休, working hours, the office's time zone): outside it they do nothing
 * at that instant, so nothing is recorded and a reminder due then goes at the next working minute
 * without spending its tries. `urgent` jobs run at any hour.
 */
export type Job = { name: string; urgent?: boolean; run(deps: JobDeps, now: Date): Promise<number> };

export const jobs: Job[] = [{ name: 'urgent.chase', urgent: true, run: chaseUrgentFollowUps }];
// Leader-instruction follow-ups and commissions: reminders before the due time, chasers after it.
jobs.push({ name: 'instruction.chase', run: chaseInstructions }, { name: 'commission.chase', run: chaseCommissions });
// Targets: units and people behind a linear pace are reminded before the period ends (src/domain/quota).
jobs.push({ name: 'quota.remind', run: remindQuotas });
// Circulars on the rules' schedule, once per kind and period (CircularRun), each with its chart.
jobs.push({ name: 'circulars.send', run: (deps, now) => sendCirculars({ ...deps, drawChart: drawCircularChart }, now) });

/**
 * Runs every job for the instant `now`; returns how many reminders each sent (0 for a non-urgent
 * job outside working time).
 */
export async function runJobs(deps: JobDeps, now: Date, list: Job[] = jobs): Promise<{ job: string; sent: number }[]> {
  const working = isWorkingTime(now, officeCalendar(deps.rules, deps.timezone));
  const results = [];
  for (const job of list) results.push({ job: job.name, sent: job.urgent || working ? await job.run(deps, now) : 0 });
  return results;
}
