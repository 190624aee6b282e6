import { answerAction } from '../../domain/commissions/commissionMessages.ts';
import { listTasks } from '../../domain/tasks/listTasks.ts';
import { excerpt } from '../../domain/tasks/text.ts';
import { formatLocal } from '../../domain/time/index.ts';
import { errorText } from '../../i18n/errorText.ts';
import { reply, type Button } from '../types.ts';
import { defineCommand } from './command.ts';

/**
 * /tasks — the unit's open commissions and leader-instruction follow-ups, soonest due first,
 * with a button to answer each commission (for reporters).
 */
export const tasks = defineCommand({
  name: 'tasks',
  readOnly: true,
  who: ['reporter', 'lead'],
  help: 'cmd.tasks',
  async run(ctx) {
    const result = await listTasks(ctx.deps, { viewer: ctx.person });
    if (!result.ok) return [reply(errorText(ctx.t, result.error))];
    if (result.value.length === 0) return [reply(ctx.t('tasks.empty'))];
    const tz = ctx.deps.timezone;
    const lines = result.value.flatMap((task) => {
      const common = { id: task.id, due: formatLocal(task.dueAt, tz), overdue: task.overdue ? ctx.t('tasks.overdue') : '' };
      if (task.kind === 'instruction')
        return [ctx.t('tasks.instruction', { ...common, leader: task.leaderName, text: excerpt(task.text, 30), itemId: task.itemId })];
      const line = ctx.t('tasks.commission', { ...common, topic: task.topic });
      return task.requirements ? [line, ctx.t('desk.tasks.requirements', { requirements: task.requirements })] : [line];
    });
    const buttons: Button[][] = ctx.person.roles.includes('reporter')
      ? result.value.flatMap((task) =>
          task.kind === 'commission' ? [[{ label: ctx.t('tasks.answerButton', { id: task.id }), action: answerAction(task.id) }]] : [],
        )
      : [];
    return [reply([...lines, ctx.t('tasks.hint')], { title: ctx.t('tasks.title', { unit: ctx.person.unit!.name }), ...(buttons.length ? { buttons } : {}) })];
  },
});
