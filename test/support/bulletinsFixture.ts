/**
 * The office's own bulletin in tests (docs/bulletins.md): rules with one bulletin publication
 * (总第 counting on from 100), and adopted items of SAMPLE_ORG's units made directly in the store.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import type { App } from '../../src/app.ts';
import { type ChatEngine, createChatEngine } from '../../src/chat/engine.ts';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { bindThroughChat, type Who } from './chat.ts';
import { SAMPLE_ORG, seededApps, type TestApp } from './testApp.ts';

export const BULLETIN = 'xinyang-zhengwu';

/** A rules file: 《信阳政务信息》 is the office's bulletin (总第 from 100), 《信阳快报》 is not. */
export function bulletinRulesFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'xinbao-bulletin-rules-'));
  const file = path.join(dir, 'rules.yaml');
  writeFileSync(
    file,
    `publications:
  - { code: ${BULLETIN}, name: 《信阳政务信息》, level: city, points: 1, bulletin: true, title: 信阳政务信息, totalStart: 100, issuer: 信阳市人民政府办公室 }
  - { code: xinyang-kuaibao, name: 《信阳快报》, level: province, points: 4 }
`,
  );
  return file;
}

/** An item of `reporter` adopted by `publication`; its id. */
export async function adoptedItem(app: App, title: string, options: { reporter?: string; publication?: string; body?: string } = {}): Promise<number> {
  const reporter = (await app.store.people.byCode(options.reporter ?? 'zhangwei'))!;
  const at = app.clock.now();
  const item = await app.store.items.create({
    title,
    body: options.body ?? `${title}。第一段正文。\n第二段正文。`,
    category: 'dynamic',
    status: 'adopted',
    authorId: reporter.id,
    unitId: reporter.unit!.id,
    commissionId: null,
    createdAt: at,
    submittedAt: at,
  });
  await app.db.adoption.create({
    data: { itemId: item.id, publicationCode: options.publication ?? BULLETIN, level: 'city', points: 1, rulesVersion: 0, adoptedAt: at },
  });
  return item.id;
}

/** The text of word/document.xml in a .docx. */
export async function documentXml(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  return zip.file('word/document.xml')!.async('string');
}

/**
 * Chat apps under the bulletin rules with SAMPLE_ORG imported at 1 December 2026 and each person
 * bound through `/start` (as `chatApps`), seeded once per test file.
 */
export function bulletinChatApps(people: Record<string, Who>): () => Promise<{ app: TestApp; engine: ChatEngine }> {
  const open = seededApps(
    async (app) => {
      app.clock.set('2026-12-01T02:00:00Z');
      const imported = await importOrg(app, { text: SAMPLE_ORG, actor: 'test' });
      if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
      const engine = createChatEngine(app.chatDeps);
      for (const [code, who] of Object.entries(people)) await bindThroughChat(app, engine, code, who);
    },
    { XINBAO_RULES: bulletinRulesFile() },
  );
  return async () => {
    const app = await open();
    return { app, engine: createChatEngine(app.chatDeps) };
  };
}
