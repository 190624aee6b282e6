import { headers, UNIT_SHEET_HEADERS } from '../support/workbook.ts';
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import ExcelJS from 'exceljs';
import { SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { chatApps, read, sayTo, zh, type Who } from '../support/chat.ts';
import type { ChatEngine } from '../../src/chat/engine.ts';
import { renderOut } from '../../src/i18n/renderOut.ts';
import type { Reply } from '../../src/chat/types.ts';

// SAMPLE_ORG: 罗山 (targets: 10 a month, 1,103 a year) with zhangwei (reporter) and liuyang (lead),
// 固始 with wangfang, chenjing (editor), huangmin (leader); plus 汾阳 and an administrator.
const ORG = `${SAMPLE_ORG}  - { code: fy, name: 汾阳信息员, unit: fenyang, roles: [reporter] }
  - { code: admin, name: 管理员, roles: [admin] }
`.replace(
  'people:',
  `  - { code: fenyang, name: 汾阳市政府办, kind: county }
people:`,
);
const T0 = '2026-11-20T02:00:00Z'; // Friday 10:00 in Shanghai
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';

let app: TestApp;
let engine: ChatEngine;

const say = (who: Who, text: string) => sayTo(engine, who, text);

const zhangwei: Who = { userId: '100' };
const liuyang: Who = { userId: '200' };
const wangfang: Who = { userId: '300' };
const chenjing: Who = { userId: '400' };
const huangmin: Who = { userId: '500' };
const fy: Who = { userId: '600' };
const admin: Who = { userId: '700' };
const stranger: Who = { userId: '999' };

async function submitAs(who: Who, title: string): Promise<number> {
  const text = read(await say(who, `/submit ${title}\n${BODY}`));
  const id = Number(/#(\d+)/.exec(text)?.[1]);
  if (!id) throw new Error(text);
  return id;
}

async function xlsx(reply: Reply): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(reply.file!.data) as unknown as ExcelJS.Buffer);
  return book;
}
const rowOf = (sheet: ExcelJS.Worksheet, column: number, value: unknown) => {
  for (let n = 2; n <= sheet.rowCount; n += 1) if (sheet.getRow(n).getCell(column).value === value) return sheet.getRow(n);
  throw new Error(`no row with ${String(value)}`);
};

/** Set while the record is built; the copies keep the item numbers. */
let adoptedId: number;

// The record is built once per file; each test gets its own copy of it.
const withRecord = chatApps(ORG, T0, { zhangwei, liuyang, wangfang, chenjing, huangmin, fy, admin }, async (seeded, seededEngine) => {
  app = seeded;
  engine = seededEngine;
  // 罗山's year: 1,500 items against its target of 1,103 (seed 000 reads that as 136%), 1,497 of
  // them earlier in 2026 and three this week through the chat.
  const luoshan = (await app.store.units.byCode('luoshan'))!;
  const author = (await app.store.people.byCode('zhangwei'))!;
  await app.db.item.createMany({
    data: Array.from({ length: 1497 }, (_, i) => {
      const at = new Date(Date.UTC(2026, 0, 5) + i * 3 * 3600_000);
      return {
        title: `罗山信息${i + 1}`,
        body: BODY,
        category: 'dynamic',
        status: 'submitted',
        authorId: author.id,
        unitId: luoshan.id,
        createdAt: at,
        submittedAt: at,
      };
    }),
  });
  adoptedId = await submitAs(zhangwei, '罗山县推进秋冬种');
  await submitAs(zhangwei, '罗山县冬季消防检查');
  await submitAs(zhangwei, '罗山县义务教育均衡发展');
  const fenyang = await submitAs(fy, '汾阳市文旅融合发展');
  expect(read(await say(chenjing, `/adopt ${adoptedId} xinyang-kuaibao`))).toContain('4 分');
  expect(read(await say(chenjing, `/adopt ${fenyang} xinyang-zhengwu`))).toContain('1 分');
});

beforeEach(async () => {
  ({ app, engine } = await withRecord());
});

afterEach(async () => {
  await app?.dispose();
});

describe('/rank', () => {
  it('ranks the units for this month, the asker’s unit marked ▶, with the counts and flags', async () => {
    const text = read(await say(zhangwei, '/rank'));
    expect(text).toContain('2026年11月 单位排名');
    expect(text).toContain('3 个单位 · 报送 4 条 · 采用 2 条 · 采用率 50%');
    expect(text).toContain('▶ 1. 罗山县政府办　4 分　新');
    expect(text).toContain('报送 3 · 采用 1 · 采用率 33.3% · 完成 30% · ⚠未达标');
    expect(text).toContain('2. 汾阳市政府办　1 分　新');
    expect(text).toContain('3. 固始县政府办　0 分　新');
    expect(text).toContain('⚠ 采用空白（1 个）：固始县政府办');
    expect(read(await say(fy, '/rank'))).toContain('▶ 2. 汾阳市政府办');
    // Leaders belong to no unit: nothing is marked.
    expect(read(await say(huangmin, '/rank'))).not.toContain('▶');
  });

  it('takes any period, and shows target completion as the seeds do: 1,500 items against 1,103 is 136%', async () => {
    const year = read(await say(liuyang, '/rank 2026'));
    expect(year).toContain('2026年 单位排名');
    expect(year).toContain('▶ 1. 罗山县政府办　4 分　新');
    expect(year).toContain('报送 1500 · 采用 1 · 采用率 0.1% · 完成 136%');
    expect(read(await say(liuyang, '/rank 2026-W47'))).toContain('2026年第47周 单位排名');
    expect(read(await say(liuyang, '/rank 2026-Q4'))).toContain('2026年第4季度 单位排名');
    expect(read(await say(liuyang, '/rank 2026-11-16..2026-11-29'))).toContain('2026-11-16至2026-11-29 单位排名');
  });

  it('says why in one sentence for a bad period or an unbound account', async () => {
    expect(read(await say(zhangwei, '/rank 2026-13'))).toBe(zh('error.PERIOD.INVALID', { text: '2026-13' }));
    expect(read(await say(stranger, '/rank'))).toBe(zh('error.AUTH.UNBOUND'));
  });
});

describe('/award and /unadopt', () => {
  it('an editor adds +50 to a unit with a reason; the ranking and the audit log show it', async () => {
    const text = read(await say(chenjing, '/award fenyang 50 入选全省政务信息先进单位'));
    expect(text).toBe(zh('award.done', { target: '汾阳市政府办', points: '+50', reason: '入选全省政务信息先进单位', date: '2026-11-20' }));
    expect(read(await say(fy, '/rank'))).toContain('▶ 1. 汾阳市政府办　51 分');
    expect((await app.store.audit.list()).at(-1)).toMatchObject({ actor: 'chenjing', action: 'award.add', subject: 'unit:fenyang' });
  });

  it('deductions, dated awards and awards to a person; refusals say how to write it', async () => {
    expect(read(await say(admin, '/award gushi -3 @2026-11-02 报送数据失实'))).toBe(
      zh('award.done', { target: '固始县政府办', points: '-3', reason: '报送数据失实', date: '2026-11-02' }),
    );
    expect(read(await say(chenjing, '/award zhangwei 2 年度优秀信息员'))).toContain('张伟');
    expect(read(await say(chenjing, '/award fenyang'))).toBe(zh('error.AWARD.USAGE'));
    expect(read(await say(chenjing, '/award fenyang lots 理由'))).toBe(zh('error.AWARD.POINTS', { text: 'lots' }));
    expect(read(await say(chenjing, '/award fenyang 5.5 理由'))).toBe(zh('error.AWARD.POINTS', { text: '5.5' }));
    // The office's first month on Xinbao is November 2026 (its org was imported on the 20th).
    expect(read(await say(chenjing, '/award fenyang 5 @1900-01-01 理由'))).toBe(
      zh('error.AWARD.DATE', { text: '@1900-01-01', earliest: '2026-11-01', latest: '2026-11-20' }),
    );
    expect(read(await say(chenjing, '/award nobody 5 理由'))).toBe(zh('error.AWARD.TARGET', { code: 'nobody' }));
    expect(read(await say(zhangwei, '/award luoshan 5 自己加分'))).toBe(zh('error.AUTH.FORBIDDEN'));
    // Guided: target, points (checked at once), reason.
    expect(read(await say(chenjing, '/award'))).toBe(zh('award.ask.target'));
    expect(read(await say(chenjing, 'gushi'))).toBe(zh('award.ask.points'));
    expect(read(await say(chenjing, 'abc'))).toContain(zh('error.AWARD.POINTS', { text: 'abc' }));
    expect(read(await say(chenjing, '1'))).toBe(zh('award.ask.reason'));
    expect(read(await say(chenjing, '约稿完成及时'))).toContain('固始县政府办');
  });

  it('an award named for a period counts in that period’s ranking, not in the month it was entered', async () => {
    // 20 November: the +50 is for the whole year 2026, not for November.
    expect(read(await say(chenjing, '/award fenyang 50 @2026 入选全省政务信息先进单位'))).toBe(
      zh('award.doneFor', { target: '汾阳市政府办', points: '+50', reason: '入选全省政务信息先进单位', period: '2026年' }),
    );
    expect(read(await say(fy, '/rank 2026'))).toContain('▶ 1. 汾阳市政府办　51 分');
    expect(read(await say(fy, '/rank'))).toContain('▶ 2. 汾阳市政府办　1 分');
    expect(read(await say(chenjing, '/award fenyang 5 @2026-12 理由'))).toBe(
      zh('error.AWARD.DATE', { text: '@2026-12', earliest: '2026-11-01', latest: '2026-11-20' }),
    );
  });

  it('/unadopt withdraws an adoption once; the score changes once', async () => {
    const text = read(await say(chenjing, `/unadopt ${adoptedId} xinyang-kuaibao`));
    expect(text).toContain(zh('unadopt.done', { id: adoptedId, title: '罗山县推进秋冬种', publication: '《信阳快报》', unit: '罗山县政府办', points: '4' }));
    expect(text).toContain(zh('unadopt.backToQueue', { id: adoptedId }));
    expect(read(await say(zhangwei, '/rank'))).toContain('罗山县政府办　0 分');
    expect(read(await say(chenjing, `/unadopt ${adoptedId} xinyang-kuaibao`))).toBe(
      zh('error.ADOPTION.NONE', { id: adoptedId, publication: 'xinyang-kuaibao' }),
    );
    expect(read(await say(chenjing, '/unadopt'))).toBe(zh('review.ask.ref'));
    expect(read(await say(chenjing, '/cancel'))).toBe(zh('cancel.done'));
    expect(read(await say(zhangwei, `/unadopt ${adoptedId} xinyang-kuaibao`))).toBe(zh('error.AUTH.FORBIDDEN'));
    // Adopted again: 4 points again, not 8.
    await say(chenjing, `/adopt ${adoptedId} xinyang-kuaibao`);
    expect(read(await say(zhangwei, '/rank'))).toContain('罗山县政府办　4 分');
  });
});

describe('/circulate', () => {
  it('is for editors', async () => {
    expect(read(await say(zhangwei, '/circulate'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(chenjing, '/circulate 2026-99'))).toBe(zh('error.PERIOD.INVALID', { text: '2026-99' }));
  });

  it('sends this month’s circular now to the leader and every unit, with its chart; the editor sees what leaders got', async () => {
    const mark = (await app.db.outboxMessage.findFirst({ orderBy: { id: 'desc' } }))?.id ?? 0;
    const replies = await say(chenjing, '/circulate');
    expect(replies).toHaveLength(2);
    expect(read([replies[0]!])).toBe(zh('circulate.done', { title: '2026年11月 政务信息采用情况通报', messages: 5 }));
    expect(replies[1]!.title).toBe('2026年11月 政务信息采用情况通报');
    expect(replies[1]!.file).toMatchObject({ name: 'monthly-2026-11.png', mime: 'image/png' });
    expect(Buffer.from(replies[1]!.file!.data).subarray(1, 4).toString('latin1')).toBe('PNG');

    const rows = await app.db.outboxMessage.findMany({ where: { id: { gt: mark } }, orderBy: { id: 'asc' } });
    const byChat = new Map(rows.map((row) => [row.chatId, renderOut(JSON.parse(row.payload), 'zh-CN')]));
    expect([...byChat.keys()].sort()).toEqual(['100', '200', '300', '500', '600']);
    expect(byChat.get('300')!.lines.join('\n')).toContain('▶ 3. 固始县政府办');
    expect(byChat.get('500')!.lines.join('\n')).not.toContain('▶');
  });

  it('sends the urgent-timeliness circular with “urgent”', async () => {
    const replies = await say(chenjing, '/circulate urgent 2026-11');
    expect(replies[1]!.title).toBe('2026年11月 紧急信息报送情况通报');
    expect(replies[1]!.lines).toEqual([zh('circular.urgent.none')]);
  });
});

describe('/export', () => {
  it('sends the period’s spreadsheet as a file that reads back: sheets, Chinese headers, numbers', async () => {
    await say(chenjing, '/award fenyang 50 入选全省政务信息先进单位');
    const replies = await say(huangmin, '/export 2026');
    expect(replies).toHaveLength(1);
    const reply = replies[0]!;
    expect(reply.file).toMatchObject({ name: 'xinbao-2026.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(read(replies)).toContain('2026年 政务信息报表：3 个单位');
    const book = await xlsx(reply);
    expect(book.worksheets.map((sheet) => sheet.name)).toEqual(['单位排名', '个人排名', '采用明细', '紧急信息时效']);
    const units = book.getWorksheet('单位排名')!;
    expect(headers(units)).toEqual(UNIT_SHEET_HEADERS);
    const luoshan = rowOf(units, 2, '罗山县政府办');
    expect(luoshan.getCell(4).value).toBe(1500);
    expect(luoshan.getCell(7).value).toBe(1103);
    expect(luoshan.getCell(8).value).toBe(1.36);
    expect(luoshan.getCell(8).numFmt).toBe('0%');
    const fenyang = rowOf(units, 2, '汾阳市政府办');
    expect(fenyang.getCell(1).value).toBe(1);
    expect(fenyang.getCell(3).value).toBe(51);
    // Its points by source sum to them.
    const parts = [13, 14, 15, 16].map((column) => fenyang.getCell(column).value as number);
    expect(parts.reduce((sum, part) => sum + part, 0)).toBe(51);
    expect(fenyang.getCell(9).value).toBe(40); // the rules' yearly county target: 40 adopted
    const people = book.getWorksheet('个人排名')!;
    expect(rowOf(people, 2, '张伟').getCell(5).value).toBe(1500);
    const adoptions = book.getWorksheet('采用明细')!;
    expect(headers(adoptions)).toEqual(['稿件编号', '标题', '单位', '作者', '刊物', '级别', '得分', '采用时间', '附件数']);
    expect(adoptions.rowCount).toBe(3);
    expect((rowOf(adoptions, 2, '汾阳市文旅融合发展').values as unknown[]).slice(1)).toEqual([
      expect.any(Number),
      '汾阳市文旅融合发展',
      '汾阳市政府办',
      '汾阳信息员',
      '《信阳政务信息》',
      '市级',
      1,
      '2026-11-20 10:00',
      0,
    ]);
    expect(units.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(units.autoFilter).toBe('A1:P1');
  });

  it('defaults to this month, and is for editors and leaders', async () => {
    expect((await say(chenjing, '/export'))[0]!.file!.name).toBe('xinbao-2026-11.xlsx');
    expect(read(await say(zhangwei, '/export'))).toBe(zh('error.AUTH.FORBIDDEN'));
    expect(read(await say(huangmin, '/export 2026-13'))).toBe(zh('error.PERIOD.INVALID', { text: '2026-13' }));
  });
});
