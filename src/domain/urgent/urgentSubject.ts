/**
 * The subject an urgent report's messages are queued with (`urgent:12`), the same one its
 * chasers' nudge keys name: the dispatcher stops retrying them once the report is closed.
 */

/** The outbox subject of report `id`'s messages. */
export const urgentSubject = (id: number) => `urgent:${id}`;

/** The urgent report a subject names, or null. */
export function reportOfSubject(subject: string | null): number | null {
  const match = /^urgent:(\d+)$/.exec(subject ?? '');
  return match ? Number(match[1]) : null;
}
