/**
 * Urgent reports and updates with attachments, for the tests of alerts that carry them: the bytes
 * kept in the file store and Attachment rows written in the use case's own transaction, right
 * after the report or update is stored, as intake does (docs/urgent.md, "Photos and files with
 * the alert").
 */
import type { App } from '../../src/app.ts';
import type { NewAttachment } from '../../src/domain/attachments/port.ts';
import type { Store } from '../../src/domain/ports.ts';
import { declareUrgent } from '../../src/domain/urgent/declareUrgent.ts';
import { recordFollowUp } from '../../src/domain/urgent/recordFollowUp.ts';
import { urgentDeps } from './outboxOffice.ts';

/** Bytes that stand for a photo: distinct per `seed`, `size` long. */
export const photoBytes = (seed: number, size = 2048) => Uint8Array.from({ length: size }, (_, index) => (index * 31 + seed * 7) % 256);

/** Keeps `bytes` in the file store and describes them as an attachment of `kind` added by `addedById`. */
export async function kept(
  app: App,
  bytes: Uint8Array,
  addedById: number,
  options: { kind?: 'photo' | 'document' | 'video'; mime?: string; fileName?: string | null } = {},
): Promise<NewAttachment> {
  const { hash, size } = await app.store.files.put(bytes);
  return {
    kind: options.kind ?? 'photo',
    hash,
    size,
    mime: options.mime ?? 'image/jpeg',
    fileName: options.fileName ?? null,
    latitude: null,
    longitude: null,
    sourceKey: null,
    addedById,
  };
}

/** A shared location as an attachment. */
export const place = (latitude: number, longitude: number, addedById: number): NewAttachment => ({
  kind: 'location',
  hash: null,
  size: 0,
  mime: null,
  fileName: null,
  latitude,
  longitude,
  sourceKey: null,
  addedById,
});

/** A store whose transactions add `report` rows to the report they create and `update` rows to the update they add. */
export function attachingStore(store: Store, rows: { report?: NewAttachment[]; update?: NewAttachment[] }): Store {
  const attaching = (tx: Store): Store => ({
    ...tx,
    transaction: (work) => tx.transaction((inner) => work(attaching(inner))),
    urgent: {
      ...tx.urgent,
      async create(input) {
        const report = await tx.urgent.create(input);
        if (rows.report?.length) await tx.attachments.add({ urgentReportId: report.id }, rows.report, input.reportedAt);
        return report;
      },
      async addUpdate(update) {
        const id = await tx.urgent.addUpdate(update);
        if (rows.update?.length) await tx.attachments.add({ urgentUpdateId: id }, rows.update, update.at);
        return id;
      },
    },
  });
  return { ...store, transaction: (work) => store.transaction((tx) => work(attaching(tx))) };
}

/** 张伟 reports a flood with these attachments: the alerts go to the duty officer and the editor. */
export async function declareWith(app: App, attachments: NewAttachment[], what = '罗山县城区内涝，积水深约一米，多辆车辆被淹') {
  const reporter = (await app.store.people.byCode('zhangwei'))!;
  const result = await declareUrgent({ ...urgentDeps(app), store: attachingStore(app.store, { report: attachments }) }, { reporter, what });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

/** 张伟 follows report `reportId` up (or closes it) with these attachments. */
export async function followUpWith(app: App, reportId: number, attachments: NewAttachment[], final = false) {
  const author = (await app.store.people.byCode('zhangwei'))!;
  const store = attachingStore(app.store, { update: attachments });
  const result = await recordFollowUp(
    { ...urgentDeps(app), store },
    { author, reportId, text: final ? '积水已退，交通恢复' : '水位仍在上涨，已转移群众120人', final },
  );
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}
