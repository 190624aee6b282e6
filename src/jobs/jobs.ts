/**
 * Every scheduled job: a function of `now` and the data, run by the scheduler each minute and
 * by `xinbao jobs run --at T` for any instant. Jobs send only through the nudge ledger, so the
 * same instant run twice, a restart, or two schedulers on one database send nothing twice, and
 * a reminder whose time passed while the service was down is sent on the next run.
 */
import type { UrgentDeps } from '../domain/urgent/declareUrgent.ts';
import { chaseUrgentFollowUps } from '../domain/urgent/chaseUrgentFollowUps.ts';
import { chaseInstructions } from '../domain/instructions/chaseInstructions.ts';
import { chaseCommissions } from '../domain/commissions/chaseCommissions.ts';

export type JobDeps = UrgentDeps;

export type Job = { name: string; run(deps: JobDeps, now: Date): Promise<number> };

export const jobs: Job[] = [{ name: 'urgent.chase', run: chaseUrgentFollowUps }];
// Leader-instruction follow-ups and commissions: reminders before the due time, chasers after it.
jobs.push({ name: 'instruction.chase', run: chaseInstructions }, { name: 'commission.chase', run: chaseCommissions });

/** Runs every job for the instant `now`; returns how many reminders each sent. */
export async function runJobs(deps: JobDeps, now: Date, list: Job[] = jobs): Promise<{ job: string; sent: number }[]> {
  const results = [];
  for (const job of list) results.push({ job: job.name, sent: await job.run(deps, now) });
  return results;
}
