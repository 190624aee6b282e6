import { recomputePoints } from '../../domain/rules/recomputePoints.ts';
import { errorText } from '../../i18n/errorText.ts';
import { reply } from '../types.ts';
import { defineCommand } from './command.ts';

/** /recompute [PERIOD] — an editor re-prices points already earned with the rules in force. */
export const recompute = defineCommand({
  name: 'recompute',
  who: ['editor', 'admin'],
  help: 'cmd.recompute',
  async run(ctx, args) {
    const result = await recomputePoints(ctx.deps, { editor: ctx.person, period: args.trim() || undefined });
    if (!result.ok) return [reply(errorText(ctx.t, result.error))];
    const done = result.value;
    const period = done.period ?? ctx.t('rules.period.all');
    const changed = done.adoptionsChanged + done.instructionsChanged > 0;
    const lines = [
      changed
        ? ctx.t('rules.recomputed', {
            version: done.version,
            period,
            adoptions: done.adoptionsChanged,
            instructions: done.instructionsChanged,
            adoptionsBefore: done.before.adoptions,
            adoptionsAfter: done.after.adoptions,
            instructionsBefore: done.before.instructions,
            instructionsAfter: done.after.instructions,
          })
        : ctx.t('rules.recomputeUnchanged', { version: done.version, period }),
    ];
    if (done.adoptionsKept > 0) lines.push(ctx.t('rules.recomputeKept', { count: done.adoptionsKept }));
    return [reply(lines)];
  },
});
