/**
 * An urgent alert with photos and a place at the console, through the console session's output:
 * each file written to the out folder (XINBAO_OUT_DIR) with one line saying where, the place as a
 * line with a map link (docs/urgent.md, "Photos and files with the alert").
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declareWith, kept, photoBytes, place } from '../support/attachedReports.ts';
import { ORG } from '../support/outboxOffice.ts';
import { importWithConsoleChats, typeAtConsole } from '../support/console.ts';
import { createTestApp, testClock, type TestApp } from '../support/testApp.ts';

let app: TestApp;
let out: string;

beforeEach(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'xinbao-out-'));
  app = await createTestApp({ XINBAO_OUT_DIR: out }, testClock('2026-11-20T02:05:00Z'));
  await importWithConsoleChats(app, ORG, [
    ['zhangwei', 'rep1'],
    ['zhoujie', 'duty1'],
    ['chenjing', 'ed1'],
  ]);
});

afterEach(async () => {
  await app?.dispose();
  rmSync(out, { recursive: true, force: true });
});

/** Opens the console of chat account `userId` and types nothing; returns what it printed. */
const opened = (userId: string) => typeAtConsole(app, userId);

describe('an urgent alert with photos at the console', () => {
  it('writes each photo to the out folder, one line per file, and prints the place with a map link', async () => {
    const by = (await app.store.people.byCode('zhangwei'))!.id;
    await declareWith(app, [
      await kept(app, photoBytes(1, 3000), by, { fileName: '积水.jpg' }),
      await kept(app, photoBytes(2, 5000), by, { fileName: '桥面.jpg' }),
      place(32.2043, 114.5172, by),
    ]);
    const printed = await opened('duty1');
    expect(printed).toContain('紧急信息 #1');
    expect(printed).toMatch(/\[1\] 确认收到/);
    const fileLines = printed.split('\n').filter((line) => line.includes('📎'));
    // The duty officer's own alert, and the editor's in brief: each names both files.
    expect(fileLines.filter((line) => line.includes('积水.jpg'))).toHaveLength(2);
    expect(fileLines.find((line) => line.includes('桥面.jpg'))).toContain('（5000 字节）');
    expect(printed).toContain('📍 位置：32.204300, 114.517200 https://uri.amap.com/marker?position=114.517200,32.204300&coordinate=wgs84');
    expect(new Uint8Array(readFileSync(path.join(out, '积水.jpg')))).toEqual(photoBytes(1, 3000));
    expect(new Uint8Array(readFileSync(path.join(out, '桥面.jpg')))).toEqual(photoBytes(2, 5000));
  });
});
