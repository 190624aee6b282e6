import { listMyItems } from '../../domain/items/listMyItems.ts';
import { completionPercent, unitStatus } from '../../domain/units/unitStatus.ts';
import type { Period } from '../../domain/time/index.ts';
import { formatLocal } from '../../domain/time/index.ts';
import type { ChatContext } from '../context.ts';
import { errorText } from '../../i18n/errorText.ts';
import { reply } from '../types.ts';
import { defineCommand } from './command.ts';

/** A period as people say it: 2026年11月, 2026年第47周, 2026年第4季度, 2026年. */
export function periodLabel(ctx: ChatContext, period: Period): string {
  const [year, part = ''] = period.key.split(/-[WQ]?/);
  return ctx.t(`period.${period.kind}`, { key: period.key, year, n: Number(part) || part });
}

const formatPoints = (points: number) => (Number.isInteger(points) ? String(points) : points.toFixed(1));

/** /status [PERIOD] — the unit's submitted, adopted, points, target, gap, days left and rank. */
export const status = defineCommand({
  name: 'status',
  readOnly: true,
  who: ['reporter', 'lead'],
  help: 'cmd.status',
  async run(ctx, args) {
    const unit = ctx.person.unit;
    if (!unit) return [reply(ctx.t('error.AUTH.NO_UNIT'))];
    const result = await unitStatus(ctx.deps, { unit, period: args });
    if (!result.ok) return [reply(errorText(ctx.t, result.error))];
    const s = result.value;
    const lines = [
      ctx.t('status.submittedLine', { submitted: s.submitted }),
      ctx.t('status.adoptedLine', { adopted: s.adopted }),
      ctx.t('status.pointsLine', { points: formatPoints(s.points) }),
      s.target.submitted === null
        ? ctx.t('status.noTarget')
        : ctx.t('status.targetLine', { target: s.target.submitted, percent: completionPercent(s.submitted, s.target.submitted)!, gap: s.gap }),
    ];
    if (s.target.adopted !== null) {
      lines.push(ctx.t('status.adoptedTargetLine', { target: s.target.adopted, percent: completionPercent(s.adopted, s.target.adopted)! }));
    }
    lines.push(ctx.t('status.daysLeft', { days: s.daysLeft }), ctx.t('status.rank', { rank: s.rank, of: s.rankedUnits }));
    if (s.lateUrgent + s.missedUrgent > 0) lines.push(ctx.t('status.urgentLapses', { late: s.lateUrgent, missed: s.missedUrgent }));
    if (!s.awardEligible) lines.push(ctx.t('status.notEligible'));
    return [reply(lines, { title: ctx.t('status.title', { unit: unit.name, period: periodLabel(ctx, s.period) }) })];
  },
});

/** /mine — the person's recent items and what became of them. */
export const mine = defineCommand({
  name: 'mine',
  readOnly: true,
  who: ['reporter'],
  help: 'cmd.mine',
  async run(ctx) {
    const items = await listMyItems(ctx.deps, { person: ctx.person });
    if (items.length === 0) return [reply(ctx.t('mine.empty'))];
    const publications = new Map(ctx.deps.rules.publications.map((p) => [p.code, p.name]));
    const separator = ctx.t('list.separator');
    return [
      reply(
        items.map((item) =>
          ctx.t('mine.line', {
            id: item.id,
            date: formatLocal(item.createdAt, ctx.deps.timezone, 'MM-dd HH:mm'),
            title: item.title,
            status: ctx.t(`status.${item.status}`),
            // Publications by name (a code since dropped from the rules by its code).
            adoptions: item.adoptions.length
              ? ctx.t('mine.adoptions', { list: item.adoptions.map((a) => publications.get(a.publicationCode) ?? a.publicationCode).join(separator) })
              : '',
            reason:
              item.reviewNote && (item.status === 'returned' || item.status === 'declined')
                ? ctx.t(`mine.reason.${item.status}`, { reason: item.reviewNote })
                : '',
          }),
        ),
        { title: ctx.t('mine.title') },
      ),
    ];
  },
});
