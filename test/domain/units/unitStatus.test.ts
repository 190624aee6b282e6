import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { seededApps, type TestApp } from '../../support/testApp.ts';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import { submitItem } from '../../../src/domain/items/submitItem.ts';
import { completionPercent, unitStatus } from '../../../src/domain/units/unitStatus.ts';
import type { ItemRecord } from '../../../src/domain/items/port.ts';
import type { UnitRecord } from '../../../src/domain/org/port.ts';

/**
 * The units of SAMPLE_ORG (罗山 with a monthly target of 10 and a yearly one of 1,103; 固始 with sign-off) plus
 * three Lüliang counties for the Fenyang 2014 figures of seed 002, whose ranking put Fenyang 3rd.
 */
const ORG = `office: 测试市人民政府办公室
units:
  - code: luoshan
    name: 罗山县政府办
    kind: county
    targets:
      month: { submitted: 10, adopted: 3 }
      year: { submitted: 1103 }
  - code: gushi
    name: 固始县政府办
    kind: county
    signOff: true
  - { code: fenyang, name: 汾阳市政府办, kind: county }
  - { code: xiaoyi, name: 孝义市政府办, kind: county }
  - { code: jiaocheng, name: 交城县政府办, kind: county }
people:
  - { code: zhangwei, name: 张伟, unit: luoshan, roles: [reporter] }
  - { code: wangfang, name: 王芳, unit: gushi, roles: [reporter] }
  - { code: fy, name: 汾阳信息员, unit: fenyang, roles: [reporter] }
  - { code: xy, name: 孝义信息员, unit: xiaoyi, roles: [reporter] }
  - { code: jc, name: 交城信息员, unit: jiaocheng, roles: [reporter] }
  - { code: chenjing, name: 陈静, roles: [editor] }
`;

const SH = 'Asia/Shanghai';
const BODY = '本县召开专题会议，研究部署信息报送工作，明确专人负责，确保当天采集、当天编写、当天报送。';

let app: TestApp;
const units: Record<string, UnitRecord> = {};

let submitted = 0;
async function submitAt(at: string, personCode: string, title = `一则信息${++submitted}`): Promise<ItemRecord> {
  app.clock.set(at);
  const author = await app.store.people.byCode(personCode);
  const result = await submitItem(app, { author: author!, title, body: BODY, category: 'dynamic' });
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
}

async function adopt(item: ItemRecord, publicationCode: string, level: string, points: number, adoptedAt: string, deletedAt?: string) {
  await app.db.adoption.create({
    data: {
      itemId: item.id,
      publicationCode,
      level,
      points,
      rulesVersion: 1,
      adoptedAt: new Date(adoptedAt),
      ...(deletedAt ? { deletedAt: new Date(deletedAt) } : {}),
    },
  });
}

const statusOf = async (code: string, period?: string) => {
  const result = await unitStatus(app.chatDeps, { unit: units[code]!, period });
  if (!result.ok) throw new Error(`${code} ${period}: ${result.error.code}`);
  return result.value;
};

// The record is built once per file; each test gets its own copy of it.
const seededApp = seededApps(
  async (seeded) => {
    app = seeded;
    const imported = await importOrg(app, { text: ORG, actor: 'test' });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    for (const unit of await app.store.units.list()) units[unit.code] = unit;

    // 罗山, autumn 2026 (local times in Shanghai in the comments).
    await submitAt('2026-10-31T15:30:00Z', 'zhangwei', 'A'); // Sat 31 Oct 23:30 — still October
    await submitAt('2026-10-31T16:30:00Z', 'zhangwei', 'B'); // Sun 1 Nov 00:30 — November, ISO week 44
    const c = await submitAt('2026-11-17T02:00:00Z', 'zhangwei', 'C'); // Tue 17 Nov, week 47
    const d = await submitAt('2026-11-20T02:00:00Z', 'zhangwei', 'D'); // Fri 20 Nov, week 47
    // C adopted by the city bulletin and by the province (one item, two adoptions); D's adoption was deleted.
    await adopt(c, 'xinyang-zhengwu', 'city', 1, '2026-11-18T02:00:00Z');
    await adopt(c, 'henan-kuaibao', 'province', 4, '2026-11-19T02:00:00Z');
    await adopt(d, 'xinyang-zhuanbao', 'city', 3, '2026-11-21T02:00:00Z', '2026-11-21T03:00:00Z');

    // 固始 needs sign-off: its item waits and counts for nothing.
    await submitAt('2026-11-18T02:00:00Z', 'wangfang');

    // December 2026 replays Fenyang's 2014 (seed 002): 23 adopted by 《吕梁政务信息·普刊》 at 1 point,
    // 9 by 《晋政信息·普刊》 at 4, 8 by 《晋政信息·互联网》 at 2: 40 items, 75 points.
    for (let i = 0; i < 40; i += 1) {
      const item = await submitAt(`2026-12-01T0${i % 10}:00:00Z`, 'fy', `汾阳信息${i + 1}`);
      if (i < 23) await adopt(item, 'lvliang-putong', 'city', 1, '2026-12-15T02:00:00Z');
      else if (i < 32) await adopt(item, 'jinzheng-putong', 'province', 4, '2026-12-15T02:00:00Z');
      else await adopt(item, 'jinzheng-internet', 'province', 2, '2026-12-15T02:00:00Z');
    }
    // Two counties ahead of Fenyang: 孝义 80 points, 交城 76 points.
    for (let i = 0; i < 20; i += 1) await adopt(await submitAt('2026-12-02T02:00:00Z', 'xy'), 'jinzheng-putong', 'province', 4, '2026-12-16T02:00:00Z');
    for (let i = 0; i < 19; i += 1) await adopt(await submitAt('2026-12-02T02:00:00Z', 'jc'), 'jinzheng-putong', 'province', 4, '2026-12-16T02:00:00Z');
  },
  { XINBAO_TZ: SH },
);

beforeEach(async () => {
  app = await seededApp();
  for (const unit of await app.store.units.list()) units[unit.code] = unit;
});

afterEach(async () => {
  await app?.dispose();
});

describe('unitStatus: periods in the office time zone', () => {
  it('counts an item sent at 00:30 on 1 November Shanghai time in November, not one sent an hour earlier', async () => {
    app.clock.set('2026-11-21T04:00:00Z');
    expect((await statusOf('luoshan', '2026-11')).submitted).toBe(3); // B, C, D
    expect((await statusOf('luoshan', '2026-10')).submitted).toBe(1); // A
  });

  it('defaults to the current month in Shanghai', async () => {
    app.clock.set('2026-11-21T04:00:00Z');
    const status = await statusOf('luoshan');
    expect(status.period.key).toBe('2026-11');
    expect(status.submitted).toBe(3);

    // 2026-10-31T16:30Z is still October in UTC but already November in Shanghai.
    app.clock.set('2026-10-31T16:30:00Z');
    expect((await statusOf('luoshan')).period.key).toBe('2026-11');
    app.clock.set('2026-10-31T15:59:00Z');
    expect((await statusOf('luoshan')).period.key).toBe('2026-10');
  });

  it('takes an explicit week, quarter, year or range', async () => {
    app.clock.set('2026-11-21T04:00:00Z');
    const week = await statusOf('luoshan', '2026-W47');
    expect(week.period.key).toBe('2026-W47');
    expect(week.submitted).toBe(2); // C, D
    expect(week.daysLeft).toBe(2); // Saturday and Sunday of week 47
    expect((await statusOf('luoshan', '2026-W44')).submitted).toBe(2); // A (Sat 31 Oct) and B (Sun 1 Nov)

    expect((await statusOf('luoshan', '2026-Q4')).submitted).toBe(4);
    const year = await statusOf('luoshan', '2026');
    expect(year.submitted).toBe(4);
    expect(year.target.submitted).toBe(1103);
    expect(year.gap).toBe(1099);

    const range = await statusOf('luoshan', '2026-11-16..2026-11-17');
    expect(range.period.kind).toBe('range');
    expect(range.submitted).toBe(1); // C
    expect((await statusOf('luoshan', '2026-11-01..2026-11-30')).submitted).toBe(3);
  });

  it('refuses a period it cannot read', async () => {
    for (const text of ['2026-13', 'last month', '2026-W54', '2026-11-30..2026-11-01']) {
      expect(await unitStatus(app.chatDeps, { unit: units.luoshan!, period: text })).toEqual({
        ok: false,
        error: { code: 'PERIOD.INVALID', params: { text } },
      });
    }
  });
});

describe('unitStatus: target, gap and days left', () => {
  it('on 21 November (Shanghai) 罗山 has 3 of 10 items, 7 to go and 10 days left', async () => {
    app.clock.set('2026-11-20T16:30:00Z'); // Sat 21 Nov 00:30 in Shanghai
    const status = await statusOf('luoshan', '2026-11');
    expect(status).toMatchObject({ submitted: 3, target: { submitted: 10, adopted: 3 }, gap: 7, daysLeft: 10 });
  });

  it('takes the rules’ default for its kind for a unit without its own target, as /rank does', async () => {
    app.clock.set('2026-11-21T04:00:00Z');
    const status = await statusOf('fenyang', '2026-11');
    expect(status.target).toEqual({ submitted: 20, adopted: 3 }); // the built-in county month
    expect(status.gap).toBe(20);
    // Two whole weeks: twice the week's target (county: 5 submitted, no adoption target).
    expect((await statusOf('fenyang', '2026-11-16..2026-11-29')).target).toEqual({ submitted: 10, adopted: null });
  });

  it('has no target and no gap for a range that is not whole weeks', async () => {
    app.clock.set('2026-11-21T04:00:00Z');
    const status = await statusOf('fenyang', '2026-11-16..2026-11-18');
    expect(status.target).toEqual({ submitted: null, adopted: null });
    expect(status.gap).toBe(0);
  });

  it('does not count items still waiting for sign-off', async () => {
    app.clock.set('2026-11-21T04:00:00Z');
    expect((await statusOf('gushi', '2026-11')).submitted).toBe(0);
  });
});

describe('unitStatus: adoptions, points and rank', () => {
  it('counts the Fenyang figures: 40 items adopted for 75 points', async () => {
    app.clock.set('2026-12-20T04:00:00Z');
    const status = await statusOf('fenyang', '2026-12');
    expect(status).toMatchObject({ submitted: 40, adopted: 40, points: 75 });
  });

  it('counts an item adopted twice once, with both points, and ignores a deleted adoption', async () => {
    app.clock.set('2026-11-21T04:00:00Z');
    const status = await statusOf('luoshan', '2026-11');
    expect(status.adopted).toBe(1);
    expect(status.points).toBe(5);
  });

  it('counts an adoption in the period it was adopted in', async () => {
    app.clock.set('2026-11-21T04:00:00Z');
    expect((await statusOf('luoshan', '2026-11-16..2026-11-18')).points).toBe(1);
    expect((await statusOf('luoshan', '2026-10')).points).toBe(0);
  });

  it('ranks units by points: Fenyang third behind 孝义 and 交城', async () => {
    app.clock.set('2026-12-20T04:00:00Z');
    const xiaoyi = await statusOf('xiaoyi', '2026-12');
    const jiaocheng = await statusOf('jiaocheng', '2026-12');
    const fenyang = await statusOf('fenyang', '2026-12');
    expect([xiaoyi.points, jiaocheng.points, fenyang.points]).toEqual([80, 76, 75]);
    expect([xiaoyi.rank, jiaocheng.rank, fenyang.rank]).toEqual([1, 2, 3]);
    expect(fenyang.rankedUnits).toBe(5);
    // Units with nothing in the period share the place after the last unit that has something.
    expect((await statusOf('luoshan', '2026-12')).rank).toBe(4);
    expect((await statusOf('gushi', '2026-12')).rank).toBe(4);
  });

  it('ranks the only unit with points first in November', async () => {
    app.clock.set('2026-11-21T04:00:00Z');
    expect((await statusOf('luoshan', '2026-11')).rank).toBe(1);
  });
});

describe('completionPercent', () => {
  it('rounds to whole percent as seed 000 reports it (1,500 items against 1,103 is 136%)', () => {
    expect(completionPercent(1500, 1103)).toBe(136);
    expect(completionPercent(985, 400)).toBe(246); // 985 sent to the province: 246%
    expect(completionPercent(415, 200)).toBe(208); // 415 adopted: 208% (207.5 rounds up)
    expect(completionPercent(3, 10)).toBe(30);
  });

  it('has no percentage without a target', () => {
    expect(completionPercent(5, null)).toBeNull();
    expect(completionPercent(5, 0)).toBeNull();
  });
});
