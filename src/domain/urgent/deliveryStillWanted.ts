import type { Store } from '../ports.ts';
import { reportOfSubject } from './urgentSubject.ts';

/**
 * Whether an urgent message is still worth retrying: not once its report was closed after it was
 * queued (an alert or chaser nobody needs any more). The final report itself, queued as the report
 * closes, and a message tied to no report, are retried until delivered. See docs/urgent.md.
 */
export async function deliveryStillWanted(store: Store, message: { subject: string | null; createdAt: Date }): Promise<boolean> {
  const reportId = reportOfSubject(message.subject);
  if (reportId === null) return true;
  const report = await store.urgent.byId(reportId);
  return !report?.closedAt || report.closedAt.getTime() <= message.createdAt.getTime();
}
