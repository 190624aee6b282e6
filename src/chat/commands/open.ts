/**
 * /open — the open work of the office for editors and leaders (docs/open-work.md): open leader
 * instructions, commissions and urgent reports, ten lines a page with previous/next buttons and a
 * button per line for its detail. Reads only.
 */
import { describeCommission } from '../../domain/overview/describeCommission.ts';
import { describeInstruction } from '../../domain/overview/describeInstruction.ts';
import { describeUrgent } from '../../domain/overview/describeUrgent.ts';
import { listOpenWork, type OpenCommission, type OpenInstruction, type OpenSection, type OpenUrgent } from '../../domain/overview/listOpenWork.ts';
import { excerpt } from '../../domain/tasks/text.ts';
import { formatLocal } from '../../domain/time/index.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { BoundContext } from '../context.ts';
import { type Button, type Reply, reply } from '../types.ts';
import { type CommandAction, defineCommand } from './command.ts';

/** Lines of the overview on one page. */
export const OPEN_PAGE_SIZE = 10;

/** What `/open WORD` shows: one section, by its English or Chinese name. */
const SECTION_WORDS: Record<string, OpenSection> = {
  instructions: 'instructions',
  instruction: 'instructions',
  批示: 'instructions',
  领导批示: 'instructions',
  commissions: 'commissions',
  commission: 'commissions',
  约稿: 'commissions',
  urgent: 'urgent',
  紧急: 'urgent',
  紧急信息: 'urgent',
};

type Scope = OpenSection | 'all';

/** The action of a page button: `open:p:<scope>:<page>`. */
export const pageAction = (scope: Scope, page: number) => `open:p:${scope}:${page}`;
const PAGE_ACTION = /^open:p:(all|instructions|commissions|urgent):(\d{1,4})$/;

/** The action of a detail button: `open:d:<kind>:<id>`. */
export const detailAction = (kind: Entry['kind'], id: number) => `open:d:${kind}:${id}`;
const DETAIL_ACTION = /^open:d:(instruction|commission|urgent):(\d{1,9})$/;

type Entry = OpenInstruction | OpenCommission | OpenUrgent;
const SECTION_OF: Record<Entry['kind'], OpenSection> = { instruction: 'instructions', commission: 'commissions', urgent: 'urgent' };

function entryLine(ctx: BoundContext, entry: Entry): string {
  const tz = ctx.deps.timezone;
  const overdue = entry.overdue ? ctx.t('open.overdue') : '';
  switch (entry.kind) {
    case 'instruction':
      return ctx.t('open.line.instruction', {
        id: entry.id,
        unit: entry.unit.name,
        leader: entry.leaderName,
        itemId: entry.itemId,
        due: formatLocal(entry.dueAt, tz),
        feedback: entry.lastFeedbackAt ? ctx.t('open.lastFeedback', { at: formatLocal(entry.lastFeedbackAt, tz) }) : ctx.t('open.noFeedback'),
        overdue,
      });
    case 'commission':
      return ctx.t('open.line.commission', {
        id: entry.id,
        topic: excerpt(entry.topic, 30),
        due: formatLocal(entry.dueAt, tz),
        answered: entry.answered,
        asked: entry.asked,
        overdue,
      });
    case 'urgent':
      return ctx.t('open.line.urgent', {
        id: entry.id,
        unit: entry.unit.name,
        severity: ctx.t(`severity.${entry.severity}`),
        what: excerpt(entry.what, 30),
        due: entry.nextDueAt ? formatLocal(entry.nextDueAt, tz) : ctx.t('open.noDue'),
        overdue,
        late: entry.late ? ctx.t('open.late') : '',
      });
  }
}

/** One page of the overview (the last one when `page` is past it), or the one sentence saying nothing is open. */
async function overview(ctx: BoundContext, scope: Scope, page: number): Promise<Reply[]> {
  const result = await listOpenWork(ctx.deps, { viewer: ctx.person, ...(scope === 'all' ? {} : { section: scope }) });
  if (!result.ok) return [reply(errorText(ctx.t, result.error))];
  const work = result.value;
  const entries: Entry[] = [...work.instructions, ...work.commissions, ...work.urgent];
  if (entries.length === 0) {
    return [reply(scope === 'all' ? ctx.t('open.empty') : ctx.t('open.emptySection', { section: ctx.t(`open.section.${scope}`) }))];
  }
  const pages = Math.ceil(entries.length / OPEN_PAGE_SIZE);
  const current = Math.min(Math.max(page, 1), pages);
  const shown = entries.slice((current - 1) * OPEN_PAGE_SIZE, current * OPEN_PAGE_SIZE);
  const lines: string[] = [];
  let section: OpenSection | null = null;
  for (const entry of shown) {
    if (SECTION_OF[entry.kind] !== section) {
      section = SECTION_OF[entry.kind];
      lines.push(ctx.t('open.heading', { section: ctx.t(`open.section.${section}`), count: work[section].length }));
    }
    lines.push(entryLine(ctx, entry));
  }
  lines.push(ctx.t('open.hint'));
  const details = shown.map((entry): Button => ({ label: ctx.t(`open.button.${entry.kind}`, { id: entry.id }), action: detailAction(entry.kind, entry.id) }));
  const buttons: Button[][] = [];
  for (let i = 0; i < details.length; i += 2) buttons.push(details.slice(i, i + 2));
  const paging: Button[] = [];
  if (current > 1) paging.push({ label: ctx.t('open.button.previous'), action: pageAction(scope, current - 1) });
  if (current < pages) paging.push({ label: ctx.t('open.button.next'), action: pageAction(scope, current + 1) });
  if (paging.length > 0) buttons.push(paging);
  return [reply(lines, { title: ctx.t('open.title', { page: current, pages }), buttons })];
}

const backButton = (ctx: BoundContext): Button[][] => [[{ label: ctx.t('open.button.back'), action: pageAction('all', 1) }]];

async function instructionDetail(ctx: BoundContext, id: number): Promise<Reply[]> {
  const result = await describeInstruction(ctx.deps, { viewer: ctx.person, instructionId: id });
  if (!result.ok) return [reply(errorText(ctx.t, result.error))];
  const { instruction: i, nextDueAt, overdue, feedback } = result.value;
  const tz = ctx.deps.timezone;
  const lines = [
    ctx.t('open.instruction.leader', { leader: i.leaderName }),
    ctx.t('open.instruction.item', { itemId: i.itemId, title: i.itemTitle, unit: i.unit.name }),
    ctx.t('open.instruction.text', { text: i.text }),
    ctx.t('open.instruction.due', { due: formatLocal(i.dueAt, tz), next: formatLocal(nextDueAt, tz), overdue: overdue ? ctx.t('open.overdue') : '' }),
  ];
  if (feedback.length === 0) lines.push(ctx.t('open.noFeedback'));
  else {
    lines.push(ctx.t('open.instruction.feedbackHeading', { count: feedback.length }));
    for (const f of feedback) lines.push(ctx.t('open.instruction.feedback', { at: formatLocal(f.at, tz), author: f.authorName, text: f.text }));
  }
  const title = ctx.t('open.instruction.title', { id: i.id, status: ctx.t(`open.instruction.status.${i.status}`) });
  return [reply(lines, { title, buttons: backButton(ctx) })];
}

async function commissionDetail(ctx: BoundContext, id: number): Promise<Reply[]> {
  const result = await describeCommission(ctx.deps, { viewer: ctx.person, commissionId: id });
  if (!result.ok) return [reply(errorText(ctx.t, result.error))];
  const { commission: c, answered, asked, units } = result.value;
  const tz = ctx.deps.timezone;
  const lines: string[] = [];
  if (c.status === 'withdrawn') lines.push(ctx.t('open.commission.withdrawn'));
  if (c.requirements) lines.push(ctx.t('desk.commission.requirements', { requirements: c.requirements }));
  lines.push(ctx.t('open.commission.due', { due: formatLocal(c.dueAt, tz) }), ctx.t('open.commission.count', { answered, asked }));
  for (const row of units) {
    const person = row.addressee ? ctx.t('desk.commission.addressedTo', { name: row.addressee.name }) : '';
    lines.push(
      row.answeredAt
        ? ctx.t('open.commission.answered', { unit: row.unit.name, person, itemId: row.answerItemId ?? '', at: formatLocal(row.answeredAt, tz) })
        : ctx.t('open.commission.silent', {
            unit: row.unit.name,
            person,
            due: row.ownDueAt ? ctx.t('desk.commission.ownDue', { due: formatLocal(row.ownDueAt, tz) }) : '',
            overdue: row.overdue ? ctx.t('open.overdue') : '',
          }),
    );
  }
  return [reply(lines, { title: ctx.t('open.commission.title', { id: c.id, topic: c.topic }), buttons: backButton(ctx) })];
}

async function urgentDetail(ctx: BoundContext, id: number): Promise<Reply[]> {
  const result = await describeUrgent(ctx.deps, { viewer: ctx.person, reportId: id });
  if (!result.ok) return [reply(errorText(ctx.t, result.error))];
  const { report: r, overdue, updates } = result.value;
  const tz = ctx.deps.timezone;
  const lines = [ctx.t('open.urgent.unit', { unit: r.unit.name }), ctx.t('open.urgent.what', { what: r.what })];
  if (r.place) lines.push(ctx.t('open.urgent.place', { place: r.place }));
  lines.push(
    ctx.t('open.urgent.reported', { occurred: formatLocal(r.occurredAt, tz), reported: formatLocal(r.reportedAt, tz), late: r.late ? ctx.t('open.late') : '' }),
  );
  if (r.nextDueAt) lines.push(ctx.t('open.urgent.next', { due: formatLocal(r.nextDueAt, tz), overdue: overdue ? ctx.t('open.overdue') : '' }));
  if (updates.length === 0) lines.push(ctx.t('open.urgent.noUpdates'));
  else {
    lines.push(ctx.t('open.urgent.updatesHeading', { count: updates.length }));
    for (const u of updates) {
      lines.push(
        ctx.t('open.urgent.update', {
          at: formatLocal(u.at, tz),
          kind: ctx.t(`open.urgent.kind.${u.kind}`),
          author: u.authorName,
          text: u.text,
          late: u.late ? ctx.t('open.urgent.updateLate') : '',
        }),
      );
    }
  }
  const title = ctx.t('open.urgent.title', { id: r.id, severity: ctx.t(`severity.${r.severity}`), status: ctx.t(`open.urgent.status.${r.status}`) });
  return [reply(lines, { title, buttons: backButton(ctx) })];
}

const pageButtons: CommandAction = {
  pattern: PAGE_ACTION,
  run: (ctx, match) => overview(ctx, match[1] as Scope, Number(match[2])),
};

const detailButtons: CommandAction = {
  pattern: DETAIL_ACTION,
  async run(ctx, match) {
    const id = Number(match[2]);
    if (match[1] === 'instruction') return instructionDetail(ctx, id);
    if (match[1] === 'commission') return commissionDetail(ctx, id);
    return urgentDetail(ctx, id);
  },
};

/** `/open`, or one section: `/open 批示|约稿|紧急` (`instructions|commissions|urgent`). */
export const open = defineCommand({
  name: 'open',
  readOnly: true,
  who: ['editor', 'leader'],
  help: 'cmd.open',
  actions: [pageButtons, detailButtons],
  async run(ctx, args) {
    const word = args.trim().toLowerCase();
    if (word === '') return overview(ctx, 'all', 1);
    const section = SECTION_WORDS[word];
    if (!section) return [reply(errorText(ctx.t, { code: 'OPEN.USAGE' }))];
    return overview(ctx, section, 1);
  },
});
