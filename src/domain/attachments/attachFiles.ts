/**
 * Writes the attachments waiting with a submission beside the item, report or update they came
 * with, inside that one's transaction (docs/attachments.md): a refused submission writes none.
 */
import type { Store } from '../ports.ts';
import type { AttachmentOwner, AttachmentRecord } from './port.ts';
import type { PendingAttachment } from './receiveFile.ts';

export async function attachFiles(
  tx: Store,
  owner: AttachmentOwner,
  input: { attachments: PendingAttachment[] | undefined; addedById: number; at: Date },
): Promise<AttachmentRecord[]> {
  const attachments = input.attachments ?? [];
  if (attachments.length === 0) return [];
  return tx.attachments.add(
    owner,
    attachments.map((attachment) => ({ ...attachment, addedById: input.addedById })),
    input.at,
  );
}
