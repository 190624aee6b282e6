/**
 * The files attached to an item, with their bytes from the file store, for someone who may read
 * the item (docs/attachments.md): what /item's 发送附件 button sends to the chat. Changes nothing.
 */
import { mayRead } from '../items/rights.ts';
import type { PersonRecord } from '../org/port.ts';
import type { DomainDeps } from '../ports.ts';
import { fail, ok, type Result } from '../result.ts';
import type { AttachmentRecord } from './port.ts';

export async function itemAttachmentFiles(
  deps: Pick<DomainDeps, 'store'>,
  input: { viewer: PersonRecord; itemId: number },
): Promise<Result<{ attachment: AttachmentRecord; data: Uint8Array | null }[]>> {
  const item = await deps.store.items.byId(input.itemId);
  if (!item) return fail('REVIEW.UNKNOWN', { id: input.itemId });
  if (!mayRead(input.viewer, item)) return fail('ITEM.NOT_ENTITLED', { id: item.id });
  const attachments = await deps.store.attachments.listFor({ itemId: item.id });
  const files = [];
  for (const attachment of attachments) files.push({ attachment, data: attachment.hash ? await deps.store.files.get(attachment.hash) : null });
  return ok(files);
}
