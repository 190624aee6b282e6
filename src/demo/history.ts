/**
 * The demo office's recent past, placed relative to the instant the demo is created: items of
 * the previous month and of this one, adopted (by the demo's publications), returned, declined
 * or waiting for sign-off; a leader's instruction awaiting the unit's feedback; an open
 * commission one unit has answered; and an urgent report whose follow-up fell due 20 minutes
 * ago, so the console's first minute shows its chaser. Every step goes through the use cases,
 * as if the people had done it then; nobody is bound yet, so nothing of it is sent.
 */
import { createCommission } from '../domain/commissions/createCommission.ts';
import { recordInstruction } from '../domain/instructions/recordInstruction.ts';
import { submitItem } from '../domain/items/submitItem.ts';
import type { ItemRecord } from '../domain/items/port.ts';
import type { PersonRecord } from '../domain/org/port.ts';
import type { DomainDeps } from '../domain/ports.ts';
import type { Result } from '../domain/result.ts';
import { declineItem } from '../domain/review/declineItem.ts';
import { recordAdoption } from '../domain/review/recordAdoption.ts';
import { returnItem } from '../domain/review/returnItem.ts';
import { signOffItem } from '../domain/review/signOffItem.ts';
import { atLocalTime, localDateKey, periodContaining, previousPeriod } from '../domain/time/index.ts';
import { declareUrgent } from '../domain/urgent/declareUrgent.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** What becomes of a sample item: adopted by a publication, returned or declined with a reason, or left with its unit's lead. */
type Outcome = { adopt: string } | { return: string } | { decline: string } | { awaitSignOff: true };

type Sample = { author: string; title: string; body: string; category: string; outcome: Outcome };

/** The previous month's items, spread over that month. */
const LAST_MONTH: Sample[] = [
  {
    author: 'zhangwei',
    title: '罗山县“田长制”助推秋冬种进度过半',
    body: '今年以来，罗山县推行县乡村三级“田长制”，落实田块管护责任到人。截至目前，全县秋冬种面积已完成计划的百分之五十五，比去年同期快八个百分点。',
    category: 'dynamic',
    outcome: { adopt: 'xinyang-kuaibao' },
  },
  {
    author: 'sunli',
    title: '浉河区探索“茶旅融合”带动茶农增收',
    body: '浉河区依托信阳毛尖核心产区，打造茶旅精品线路六条，带动沿线农家乐和民宿发展，茶农人均增收一千二百余元，经验做法值得推广。',
    category: 'experience',
    outcome: { adopt: 'xinxi-zhuanbao' },
  },
  {
    author: 'wangfang',
    title: '固始县推行政务服务“一次办好”',
    body: '固始县梳理高频政务服务事项一百二十项，推行一窗受理、一次办好，群众办事平均跑动次数由二点六次降至零点八次。',
    category: 'dynamic',
    outcome: { adopt: 'xinyang-zhengwu' },
  },
  {
    author: 'wuhua',
    title: '市应急管理局开展汛后隐患排查',
    body: '市应急管理局组织对全市水库、尾矿库和地质灾害隐患点开展汛后排查，发现问题隐患四十七处，已全部建立台账、明确整改时限。',
    category: 'dynamic',
    outcome: { decline: '与本月初报送的同类信息内容重复。' },
  },
  {
    author: 'zhoujie',
    title: '平桥区村级集体经济收入稳步增长',
    body: '平桥区通过盘活闲置资产、发展特色种养，全区村级集体经济收入十万元以上的村达到一百零六个，比上年增加二十三个。',
    category: 'dynamic',
    outcome: { adopt: 'xinyang-zhengwu' },
  },
  {
    author: 'zhangwei',
    title: '罗山县多措并举稳就业促增收',
    body: '罗山县建设就业帮扶车间三十八个，开展订单式技能培训两千余人次，今年以来新增城镇就业四千二百人，农村劳动力转移就业稳中有升。',
    category: 'experience',
    outcome: { adopt: 'zhengfu-gongzuo-kuaibao' },
  },
];

/** This month's items, spread between the month's start and now. */
const THIS_MONTH: Sample[] = [
  {
    author: 'zhangwei',
    title: '罗山县冬季农田水利建设全面铺开',
    body: '全县组织劳力两万余人次，新修和整修渠道一百二十公里，完成计划的六成以上，为明年春灌打下基础。',
    category: 'dynamic',
    outcome: { adopt: 'xinyang-zhengwu' },
  },
  {
    author: 'zhoujie',
    title: '平桥区部分乡镇冬季供水设施老化需关注',
    body: '近期调研发现，平桥区部分乡镇农村供水管网建成时间较早，冬季易冻裂漏水，影响群众用水，建议提前排查并安排维修资金。',
    category: 'problem',
    outcome: { adopt: 'zhongyao-qingkuang-zhuanbao' },
  },
  {
    author: 'zhangwei',
    title: '罗山县召开冬季森林防火工作会议',
    body: '罗山县召开冬季森林防火工作会议，安排部署今冬明春森林防火工作，要求各乡镇落实网格化管护责任。',
    category: 'dynamic',
    outcome: { return: '会议类信息请突出具体措施和成效，修改后重新报送。' },
  },
  {
    author: 'wangfang',
    title: '固始县开展农村道路交通安全整治',
    body: '固始县组织交警、交通运输和乡镇力量，对农村道路临水临崖路段开展集中整治，新增防护栏二十六公里。',
    category: 'dynamic',
    outcome: { awaitSignOff: true },
  },
];

const ANSWER: Omit<Sample, 'outcome'> = {
  author: 'sunli',
  title: '浉河区冬季安全生产大检查进展顺利',
  body: '浉河区组织八个检查组，对辖区重点企业和人员密集场所开展冬季安全生产大检查，已检查单位二百一十家，整改隐患六十三处。',
  category: 'dynamic',
};

type Deps = DomainDeps;

/** Fails loudly: the demo's own data must fit the rules, or the demo is broken. */
function must<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`The demo could not ${what}: ${result.error.code}`);
  return result.value;
}

/** Records the demo office's recent past for `deps.clock.now()`. */
export async function createHistory(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  const at = (instant: number) => ({ ...deps, clock: { now: () => new Date(instant) } });
  const person = async (code: string): Promise<PersonRecord> => {
    const found = await deps.store.people.byCode(code);
    if (!found) throw new Error(`The demo org file has no person ${code}`);
    return found;
  };
  const editor = await person('chenjing');
  // A publication of the demo's, or the first one in force when an office's own rules replaced them.
  const publication = (code: string) => (deps.rules.publications.some((p) => p.code === code) ? code : deps.rules.publications[0]?.code);

  /** Submits a sample at `t` and decides it at `t + gap`. */
  const place = async (sample: Sample | Omit<Sample, 'outcome'>, t: number, gap: number, commissionId?: number): Promise<ItemRecord> => {
    const author = await person(sample.author);
    const item = must(await submitItem(at(t), { ...sample, author, commissionId }), `submit “${sample.title}”`);
    if (!('outcome' in sample)) return item;
    const { outcome } = sample;
    if ('awaitSignOff' in outcome) return item;
    if (item.status === 'signoff') {
      const lead = (await deps.store.people.withRole('lead', author.unit!.id))[0]!;
      must(await signOffItem(at(t + gap / 2), { lead, itemId: item.id }), `sign off “${sample.title}”`);
    }
    if ('adopt' in outcome) {
      const code = publication(outcome.adopt);
      if (code) must(await recordAdoption(at(t + gap), { editor, itemId: item.id, publication: code }), `adopt “${sample.title}”`);
    } else if ('return' in outcome) {
      must(await returnItem(at(t + gap), { editor, itemId: item.id, reason: outcome.return }), `return “${sample.title}”`);
    } else {
      must(await declineItem(at(t + gap), { editor, itemId: item.id, reason: outcome.decline }), `decline “${sample.title}”`);
    }
    return item;
  };

  const month = periodContaining('month', now, deps.timezone);
  const last = previousPeriod(month, deps.timezone);
  /** `t` moved into its day's office hours (from 09:00, local) when that stays within [from, to]. */
  const officeHours = (t: number, from: number, to: number, minutes: number) => {
    const moved = atLocalTime(localDateKey(new Date(t), deps.timezone), '09:00', deps.timezone).getTime() + (minutes % 480) * 60_000;
    return moved >= from && moved <= to ? moved : t;
  };
  // Last month: spread over its days, each decided a few hours later.
  const lastStart = last.start.getTime();
  const lastItems: ItemRecord[] = [];
  for (const [index, sample] of LAST_MONTH.entries()) {
    const t = officeHours(lastStart + ((index + 0.5) / LAST_MONTH.length) * (last.end.getTime() - lastStart) * 0.9, lastStart, last.end.getTime(), 47 * index);
    lastItems.push(await place(sample, t, 5 * HOUR));
  }
  // This month: between its start and now, however little of it has passed.
  const monthStart = month.start.getTime();
  for (const [index, sample] of THIS_MONTH.entries()) {
    const t = officeHours(monthStart + (index / THIS_MONTH.length) * (now.getTime() - monthStart) * 0.8, monthStart, now.getTime(), 53 * index);
    await place(sample, t, Math.min(5 * HOUR, (now.getTime() - t) / 2));
  }

  // A commission to three units, due in four days; 浉河区 has answered it (within this month).
  const commissionAt = Math.max(month.start.getTime(), now.getTime() - DAY);
  const commission = must(
    await createCommission(at(commissionAt), {
      editor,
      units: ['luoshan', 'shihe', 'pingqiao'],
      dueAt: new Date(now.getTime() + 4 * DAY),
      topic: '冬季安全生产工作进展情况',
    }),
    'commission',
  );
  const answeredAt = commissionAt + (now.getTime() - commissionAt) / 2;
  const answer = await place(ANSWER, answeredAt, 0, commission.id);
  must(
    await recordAdoption(at(answeredAt + (now.getTime() - answeredAt) / 2), { editor, itemId: answer.id, publication: publication('xinyang-zhengwu')! }),
    'adopt the answer',
  );

  // The city leader's instruction on 罗山县's employment item, awaiting the unit's feedback within five days.
  must(
    await recordInstruction(at(now.getTime() - 2 * DAY), {
      editor,
      itemId: lastItems[5]!.id,
      leader: 'huangmin',
      text: '罗山县的做法很好，请总结经验，在全市推广。',
      dueAt: new Date(now.getTime() + 5 * DAY),
    }),
    'record the instruction',
  );

  // An urgent report whose daily follow-up fell due 20 minutes ago.
  const followUpHours = deps.rules.urgent.general.followUpHours;
  const reportedAt = now.getTime() - followUpHours * HOUR - 20 * 60_000;
  must(
    await declareUrgent(at(reportedAt), {
      reporter: await person('zhangwei'),
      what: '罗山县某镇一农资仓库发生火情，已组织扑救，暂无人员伤亡',
      occurredAt: new Date(reportedAt - HOUR),
      severity: 'general',
    }),
    'declare the urgent report',
  );
}
