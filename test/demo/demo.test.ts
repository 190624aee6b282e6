/**
 * The demo office through the real console (its input and output streams, in this process so the
 * clock can be set): its data lives on any day, what the product sends is printed, files are
 * written, and its publications and help examples fit it.
 */
import { typeAtConsole } from '../support/console.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDemo } from '../../src/demo/createDemo.ts';
import { zh } from '../support/chat.ts';
import { seededApps, type TestApp } from '../support/testApp.ts';

/** A demo office created at `at`, once per file; every test gets its own copy, files going to its own folder. */
const demoAt = (at: string) =>
  seededApps(async (app) => {
    app.clock.set(at);
    expect(await createDemo(app)).toBe(true);
  });

const apps: TestApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose();
});

async function open(demo: () => Promise<TestApp>, outDir?: (app: TestApp) => string): Promise<TestApp> {
  const app = await demo();
  apps.push(app);
  app.config.outDir = outDir ? outDir(app) : path.join(app.dir, 'out');
  return app;
}

/** Types `lines` into a console session as `person`; returns what it printed. */
const chat = (app: TestApp, person: string, lines: string[]) => typeAtConsole(app, { actAs: person }, lines);

const SUBMIT = ['/submit 罗山县开展冬季消防安全大检查\\', '检查企业和人员密集场所一百四十家，发现并整改隐患三十二处。'];

describe('the demo office is alive on any day', () => {
  for (const [at, month, lastMonth] of [
    ['2026-12-01T00:30:00+08:00', '2026年12月', '2026-11'],
    ['2027-03-15T10:00:00+08:00', '2027年3月', '2027-02'],
  ] as const) {
    const demo = demoAt(at);

    it(`on ${at}: this month and last have items and adoptions, a commission and an instruction are open, an urgent follow-up is overdue`, async () => {
      const app = await open(demo);
      const reporter = await chat(app, 'zhangwei', ['/status', `/status ${lastMonth}`, '/tasks']);
      const [thisMonthStatus, lastMonthStatus] = reporter.split('【罗山县政府办 · ').slice(1);
      expect(thisMonthStatus).toContain(`${month}】`);
      for (const status of [thisMonthStatus, lastMonthStatus]) {
        expect(status).toMatch(/报送：[1-9]\d* 条/);
        expect(status).toMatch(/采用：[1-9]\d* 条/);
        expect(status).toMatch(/得分：[1-9]\d* 分/);
      }
      expect(reporter).toMatch(/约稿 #1“冬季安全生产工作进展情况”/);
      expect(reporter).toMatch(/批示 #1 黄敏：/);
      // The chaser of the overdue follow-up, printed at the start.
      expect(reporter).toContain(`📨 发给您：\n【${zh('urgent.chase.reporterTitle', { id: 1 })}】`);
      const duty = await chat(app, 'zhengqiang', ['/urgents']);
      expect(duty).toMatch(/#1 一般 罗山县政府办：.*已逾期/);
    });
  }
});

describe('the console shows what the product sends', () => {
  const demo = demoAt('2026-12-08T10:00:00+08:00');

  it('an urgent report reaches the duty officer, the editor and the leader; an adoption reaches the reporter; nothing stays pending', async () => {
    const app = await open(demo);
    const reporter = await chat(app, 'zhangwei', [...SUBMIT, '/urgent 罗山县某镇一处民房发生火灾，已扑灭，无人员伤亡']);
    expect(reporter).toContain('已报送 #12《罗山县开展冬季消防安全大检查》');
    expect(reporter).toContain(`📨 发给 郑强、陈静、黄敏：\n  【${zh('urgent.alert.title', { id: 2, severity: '一般' })}】`);
    const editor = await chat(app, 'chenjing', ['/review', '1']);
    expect(editor).toContain(`📨 发给 张伟：\n  【${zh('review.notify.adoptedTitle', { id: 12 })}】`);
    expect(await app.store.outbox.counts()).toMatchObject({ pending: 0 });
    // The sessions' dispatchers let go when they end: no heartbeat is left to look dead.
    expect(await app.store.dispatchers.all()).toEqual([]);
    // Shown once: the next session of the reporter does not print it again.
    expect(await chat(app, 'zhangwei', ['/mine'])).not.toContain('📨');
  });

  it('/export and /circulate write their files to XINBAO_OUT_DIR and print where; the circular reaches the units and the leader', async () => {
    const app = await open(demo);
    const editor = await chat(app, 'chenjing', ['/export', '/circulate']);
    const xlsx = path.join(app.config.outDir, 'xinbao-2026-12.xlsx');
    const png = path.join(app.config.outDir, 'monthly-2026-12.png');
    expect(editor).toContain(`📎 已保存：${xlsx}（${readFileSync(xlsx).byteLength} 字节）`);
    expect(readFileSync(xlsx).subarray(0, 2).toString()).toBe('PK');
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    expect(editor).toMatch(
      /📨 发给 (张伟|黄敏|孙丽|周杰|刘洋|王芳|赵磊|吴华)(、(张伟|黄敏|孙丽|周杰|刘洋|王芳|赵磊|吴华)){7}：\n {2}【2026年12月 政务信息采用情况通报】/,
    );
    expect(editor).toContain(`  📎 已保存：${png}`);
    expect(await app.store.outbox.counts()).toMatchObject({ pending: 0 });
  });

  it('a folder that cannot be written is named in one sentence, and the chat goes on', async () => {
    const app = await open(demo, (app) => path.join(app.dir, 'taken'));
    writeFileSync(app.config.outDir, 'a file where the folder should be');
    const editor = await chat(app, 'chenjing', ['/export', '/status']);
    expect(editor).toContain(zh('console.fileFailed', { name: 'xinbao-2026-12.xlsx', dir: app.config.outDir }));
    expect(existsSync(path.join(app.config.outDir, 'xinbao-2026-12.xlsx'))).toBe(false);
  });

  it('speaks the language of the person at the console: buttons, labels and what they are sent', async () => {
    const app = await open(demo);
    const zhangwei = (await app.store.people.byCode('zhangwei'))!;
    await app.store.people.setLocale(zhangwei.id, 'en');
    const printed = await chat(app, 'zhangwei', ['/tasks']);
    expect(printed).toContain('Xinbao console — as 张伟');
    expect(printed).toContain('📨 To you:\n【⏰ Emergency #1: follow-up overdue】');
    expect(printed).toContain('Buttons (type the number to choose):');
    expect(printed).not.toContain('按钮');
    // Switched in the session, the next replies follow.
    const switched = await chat(app, 'liuyang', ['/lang en', '/leave']);
    expect(switched).toContain('Language set to English.');
    expect(switched).toContain('Which days?');
  });
});

describe('the demo fits its office and its help', () => {
  const demo = demoAt('2026-12-08T10:00:00+08:00');

  it('the review card offers the Xinyang publications, 《国办直报信息》 among them, and no Shanxi one', async () => {
    const app = await open(demo);
    await chat(app, 'zhangwei', SUBMIT);
    const card = await chat(app, 'chenjing', ['/review']);
    const buttons = card.match(/\[\d\] 《[^》]+》 \d+分/g);
    expect(buttons).toEqual([
      '[1] 《信阳政务信息》 1分',
      '[2] 《信息专报》 2分',
      '[3] 《信阳快报》 4分',
      '[4] 《政府工作快报》 6分',
      '[5] 《重要情况专报》 6分',
      '[6] 《国办直报信息》 10分',
    ]);
    expect(card).not.toMatch(/晋政|吕梁/);
  });

  it('/help’s examples work: /award on a unit of the demo, /leave and /instruct on dates ahead of today', async () => {
    const app = await open(demo);
    const editorHelp = await chat(app, 'chenjing', ['/help']);
    const award = /(\/award \S+ -?\d+ \S+)/.exec(editorHelp)![1]!;
    expect(await chat(app, 'chenjing', [award])).toContain('已为罗山县政府办记 +50 分');
    expect(editorHelp).toContain('[截止 2026-12-15]');
    const reporterHelp = await chat(app, 'zhangwei', ['/help']);
    const [leave, from, to] = /\/leave (\d{4}-\d\d-\d\d)\.\.(\d{4}-\d\d-\d\d)/.exec(reporterHelp)!;
    expect([from, to]).toEqual(['2026-12-14', '2026-12-18']);
    expect(await chat(app, 'zhangwei', [leave])).toContain(zh('leave.set.self', { from: from!, to: to! }));
    // Another day, other dates.
    const later = await open(demo);
    later.clock.set('2027-03-15T10:00:00+08:00');
    expect(await chat(later, 'zhangwei', ['/help'])).toContain('/leave 2027-03-22..2027-03-26');
  });
});
