/**
 * The office's own bulletin (docs/bulletins.md): /compile puts adopted items into the next issue
 * (第N期) as a .docx, /issue sends a compiled issue to the leaders and the units in it.
 *
 * `/compile PUB` picks the items with buttons, kept as a draft per chat account until the form
 * takes over for the note and the confirmation. Button data (≤ 64 bytes):
 *   bul:t:<item>  choose or drop an item      bul:p:<page>  a page of the choices
 *   bul:o         on to the order             bul:u:<item>  move an item up
 *   bul:l:<item>  make an item the lead       bul:d         done: on to the note
 */
import { compileChoices } from '../../domain/bulletins/compileChoices.ts';
import { compileIssue } from '../../domain/bulletins/compileIssue.ts';
import { bulletinPublications, findBulletin } from '../../domain/bulletins/bulletinPublication.ts';
import { issueBulletin } from '../../domain/bulletins/issueBulletin.ts';
import type { BulletinCandidate } from '../../domain/bulletins/port.ts';
import { excerpt } from '../../domain/tasks/text.ts';
import { errorText } from '../../i18n/errorText.ts';
import { bulletinDocx } from '../../reports/bulletinDocx.ts';
import type { BoundContext } from '../context.ts';
import type { FormSpec, Submission } from '../forms.ts';
import { type Button, type Reply, reply } from '../types.ts';
import { defineCommand, type Outcome } from './command.ts';
import { optionalAnswer } from './optional.ts';

/** Choices shown per page of buttons. */
export const PAGE_SIZE = 8;
const NOTE = /(?:^|\s)(?:按语|note)\s*[:：]\s*([\s\S]*)$/i;
const IDS = /^#?\d+(?:\s*[,，、\s]\s*#?\d+)*$/;

/** Item numbers as typed: `#12,#15,#9`, `12，15 9`; null for anything else. */
export function readIds(typed: string): number[] | null {
  const trimmed = typed.trim();
  if (!IDS.test(trimmed)) return null;
  return trimmed.split(/[\s,，、]+/).map((part) => Number(part.replace('#', '')));
}

const pubOptions = (ctx: BoundContext) => bulletinPublications(ctx.deps.rules).map((p) => ({ value: p.code, label: p.name }));

/** The reply to a publication code the rules do not know, listing the codes they do. */
function unknownPublication(ctx: BoundContext, code: string): Reply {
  const codes =
    bulletinPublications(ctx.deps.rules)
      .map((p) => p.code)
      .join(', ') || '—';
  return reply(errorText(ctx.t, { code: 'BULLETIN.PUBLICATION', params: { text: code, codes } }));
}

// ---------------------------------------------------------------------------------------------
// The draft of a guided compile: the publication, the items chosen in order, the page shown.

type Draft = { code: string; picked: number[]; page: number };
const draftKey = (ctx: BoundContext) => `bulletin.draft:${ctx.event.platform}:${ctx.event.chatId}|${ctx.event.userId}`;

async function loadDraft(ctx: BoundContext): Promise<Draft | null> {
  const saved = await ctx.deps.store.settings.get(draftKey(ctx));
  if (!saved) return null;
  try {
    return JSON.parse(saved) as Draft;
  } catch {
    return null;
  }
}
const saveDraft = (ctx: BoundContext, draft: Draft | null) => ctx.deps.store.settings.set(draftKey(ctx), draft ? JSON.stringify(draft) : '');

/** The still-available items of the draft's publication, or a reply saying why there are none. */
async function choicesFor(ctx: BoundContext, code: string) {
  const choices = await compileChoices(ctx.deps, { editor: ctx.person, publication: code });
  if (!choices.ok) return { ok: false as const, replies: [reply(errorText(ctx.t, choices.error))] };
  return { ok: true as const, value: choices.value };
}

/** The page of toggle buttons: each item ☑/☐, paging, and on to the order. */
function pickReply(ctx: BoundContext, draft: Draft, candidates: BulletinCandidate[], head: string[] = []): Reply {
  const pages = Math.max(1, Math.ceil(candidates.length / PAGE_SIZE));
  const page = Math.min(Math.max(draft.page, 0), pages - 1);
  const shown = candidates.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const buttons: Button[][] = shown.map((item) => [
    {
      label: ctx.t(draft.picked.includes(item.id) ? 'bulletin.picked' : 'bulletin.unpicked', { id: item.id, title: excerpt(item.title, 24) }),
      action: `bul:t:${item.id}`,
    },
  ]);
  const paging: Button[] = [];
  if (page > 0) paging.push({ label: ctx.t('bulletin.prevPage'), action: `bul:p:${page - 1}` });
  if (page < pages - 1) paging.push({ label: ctx.t('bulletin.nextPage'), action: `bul:p:${page + 1}` });
  if (paging.length > 0) buttons.push(paging);
  buttons.push([{ label: ctx.t('bulletin.toOrder'), action: 'bul:o' }]);
  const lines = [...head, ...shown.map((item) => ctx.t('bulletin.candidate', { id: item.id, title: item.title, unit: item.unit.name }))];
  return reply([...lines, ctx.t('bulletin.pick', { count: draft.picked.length })], { buttons });
}

/** The order: the chosen items numbered, the lead marked, with ↑ and 头条 buttons. */
function orderReply(ctx: BoundContext, draft: Draft, candidates: BulletinCandidate[]): Reply {
  const byId = new Map(candidates.map((item) => [item.id, item]));
  const lines = draft.picked.map((id, i) =>
    ctx.t('bulletin.orderLine', { position: i + 1, id, title: `${i === 0 ? ctx.t('bulletin.leadMark') : ''}${byId.get(id)?.title ?? ''}` }),
  );
  const buttons: Button[][] = draft.picked.slice(1).map((id) => [
    { label: ctx.t('bulletin.moveUp', { id }), action: `bul:u:${id}` },
    { label: ctx.t('bulletin.makeLead', { id }), action: `bul:l:${id}` },
  ]);
  buttons.push([{ label: ctx.t('bulletin.done'), action: 'bul:d' }]);
  return reply([ctx.t('bulletin.order', { code: draft.code, ids: draft.picked.map((id) => `#${id}`).join(',') }), ...lines], { buttons });
}

/** `/compile PUB`: the next number, and the items to choose from as buttons. */
async function startPicking(ctx: BoundContext, code: string): Promise<Reply[]> {
  const choices = await choicesFor(ctx, code);
  if (!choices.ok) return choices.replies;
  const { publication, masthead, next, candidates } = choices.value;
  const head = ctx.t('bulletin.next', { masthead, year: next.year, number: next.number, total: next.totalNumber });
  if (candidates.length === 0) return [reply([head, ctx.t('bulletin.noCandidates', { publication: publication.name })])];
  const draft: Draft = { code: publication.code, picked: [], page: 0 };
  await saveDraft(ctx, draft);
  return [pickReply(ctx, draft, candidates, [head])];
}

/** A button of the draft: the draft changed and shown again, or the form for the note once done. */
async function onDraft(ctx: BoundContext, match: RegExpExecArray): Promise<Outcome> {
  const draft = await loadDraft(ctx);
  if (!draft) return [reply(ctx.t('bulletin.draftGone'))];
  const choices = await choicesFor(ctx, draft.code);
  if (!choices.ok) return choices.replies;
  const { candidates } = choices.value;
  // Items compiled by someone else meanwhile drop out of the draft.
  draft.picked = draft.picked.filter((id) => candidates.some((item) => item.id === id));
  const [, verb, value] = match;
  const id = Number(value);
  switch (verb) {
    case 't':
      if (!candidates.some((item) => item.id === id)) return [reply(ctx.t('button.stale'))];
      draft.picked = draft.picked.includes(id) ? draft.picked.filter((other) => other !== id) : [...draft.picked, id];
      break;
    case 'p':
      draft.page = id;
      break;
    case 'u':
    case 'l': {
      const at = draft.picked.indexOf(id);
      if (at <= 0) break;
      const rest = draft.picked.filter((other) => other !== id);
      draft.picked = verb === 'l' ? [id, ...rest] : [...rest.slice(0, at - 1), id, ...rest.slice(at - 1)];
      break;
    }
    case 'd':
      if (draft.picked.length === 0) return [reply(ctx.t('bulletin.noneChosen'))];
      await saveDraft(ctx, null);
      return { prefill: { publication: draft.code, items: draft.picked.join(',') } };
    default:
      break;
  }
  await saveDraft(ctx, draft);
  if (verb === 't' || verb === 'p') return [pickReply(ctx, draft, candidates)];
  if (draft.picked.length === 0) return [reply(ctx.t('bulletin.noneChosen')), pickReply(ctx, draft, candidates)];
  return [orderReply(ctx, draft, candidates)];
}

// ---------------------------------------------------------------------------------------------
// Compiling: the form (note and confirmation after the buttons; every field in a Slack modal) and one-shot.

async function compiled(ctx: BoundContext, input: { publication: string; items: string; note?: string }): Promise<Submission> {
  const ids = readIds(input.items);
  if (!ids) return { ok: false, field: 'items', message: errorText(ctx.t, { code: 'BULLETIN.NO_ITEMS' }) };
  const note = optionalAnswer(input.note);
  const result = await compileIssue({ ...ctx.deps, writeBulletin: bulletinDocx }, { editor: ctx.person, publication: input.publication, itemIds: ids, note });
  if (!result.ok) {
    const code = result.error.code;
    const field = code === 'BULLETIN.PUBLICATION' ? 'publication' : code === 'BULLETIN.NOTE_TOO_LONG' ? 'note' : 'items';
    return { ok: false, field, message: errorText(ctx.t, result.error) };
  }
  const issue = result.value;
  return {
    ok: true,
    replies: [
      reply(
        ctx.t('bulletin.compiled', {
          masthead: issue.masthead,
          year: issue.year,
          number: issue.number,
          total: issue.totalNumber,
          count: issue.items.length,
          lead: issue.items[0]!.id,
          code: issue.publication.code,
        }),
      ),
    ],
  };
}

export const compileForm: FormSpec = {
  id: 'compile',
  title: 'cmd.compile',
  fields: [
    { name: 'publication', kind: 'choice', prompt: 'bulletin.ask.publication', options: pubOptions },
    {
      name: 'items',
      kind: 'longtext',
      prompt: 'bulletin.ask.items',
      // The choices, for a chat sent /compile alone; /compile PUB chooses with buttons instead.
      async shows(ctx, values) {
        const choices = values.publication ? await compileChoices(ctx.deps, { editor: ctx.person, publication: values.publication }) : null;
        if (!choices?.ok) return [];
        const { masthead, next, candidates, publication } = choices.value;
        return [
          ctx.t('bulletin.next', { masthead, year: next.year, number: next.number, total: next.totalNumber }),
          ...(candidates.length === 0
            ? [ctx.t('bulletin.noCandidates', { publication: publication.name })]
            : candidates.map((item) => ctx.t('bulletin.candidate', { id: item.id, title: item.title, unit: item.unit.name }))),
        ];
      },
      validate: (value, ctx) => (readIds(value) ? null : errorText(ctx.t, { code: 'BULLETIN.NO_ITEMS' })),
    },
    {
      name: 'note',
      kind: 'longtext',
      prompt: 'bulletin.ask.note',
      optional: true,
      shows: async (ctx, values) => [ctx.t('bulletin.chosen', { list: (readIds(values.items ?? '') ?? []).map((id) => `#${id}`).join(', ') })],
    },
    { name: 'confirm', kind: 'choice', prompt: 'bulletin.ask.confirm', options: (ctx) => [{ value: 'yes', label: ctx.t('bulletin.confirm.yes') }] },
  ],
  submit: (ctx, values) => compiled(ctx, { publication: values.publication ?? '', items: values.items ?? '', note: values.note }),
};

/**
 * `/compile PUB #12,#15,#9 [按语：…]` compiles at once, the first item the lead story;
 * `/compile PUB` chooses with buttons; `/compile` alone asks for everything.
 */
export const compile = defineCommand({
  name: 'compile',
  who: ['editor'],
  help: 'cmd.compile',
  form: compileForm,
  async run(ctx, args) {
    const noted = NOTE.exec(args);
    const head = (noted ? args.slice(0, noted.index) : args).trim();
    const [code = '', ...rest] = head.split(/\s+/);
    const items = rest.join(' ');
    if (!findBulletin(ctx.deps.rules, code)) return [unknownPublication(ctx, code)];
    if (items === '' && !noted) return startPicking(ctx, code);
    const outcome = await compiled(ctx, { publication: code, items, note: noted?.[1] });
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
  actions: [{ pattern: /^bul:([tpuld]|o)(?::(\d{1,9}))?$/, run: onDraft }],
});

// ---------------------------------------------------------------------------------------------
// Issuing

async function issued(ctx: BoundContext, input: { publication: string; number: string }): Promise<Submission> {
  const number = Number(input.number.trim().replace(/^第|期$/g, ''));
  if (!Number.isInteger(number) || number < 1) return { ok: false, field: 'number', message: errorText(ctx.t, { code: 'BULLETIN.NUMBER' }) };
  const result = await issueBulletin(ctx.deps, { editor: ctx.person, publication: input.publication, number });
  if (!result.ok) {
    const field = result.error.code === 'BULLETIN.PUBLICATION' ? 'publication' : result.error.code === 'BULLETIN.UNKNOWN_ISSUE' ? 'number' : undefined;
    return { ok: false, field, message: errorText(ctx.t, result.error) };
  }
  const sent = result.value;
  return {
    ok: true,
    replies: [
      reply(
        ctx.t('bulletin.issuedDone', {
          masthead: sent.masthead,
          number: sent.number,
          total: sent.totalNumber,
          leaders: sent.leaders,
          units: sent.units,
          messages: sent.messages,
        }),
      ),
    ],
  };
}

export const issueForm: FormSpec = {
  id: 'issue',
  title: 'cmd.issue',
  fields: [
    { name: 'publication', kind: 'choice', prompt: 'bulletin.ask.issuePublication', options: pubOptions },
    {
      name: 'number',
      kind: 'text',
      prompt: 'bulletin.ask.number',
      async shows(ctx, values) {
        const publication = findBulletin(ctx.deps.rules, values.publication ?? '');
        const latest = publication ? await ctx.deps.store.bulletins.latest(publication.code) : null;
        return latest ? [ctx.t('bulletin.latest', { year: latest.year, number: latest.number, status: ctx.t(`bulletin.status.${latest.status}`) })] : [];
      },
    },
  ],
  submit: (ctx, values) => issued(ctx, { publication: values.publication ?? '', number: values.number ?? '' }),
};

/** `/issue PUB N` sends this year's issue N; `/issue PUB` asks for the number, showing the latest issue. */
export const issue = defineCommand({
  name: 'issue',
  who: ['editor'],
  help: 'cmd.issue',
  form: issueForm,
  async run(ctx, args) {
    const [code = '', number = ''] = args.trim().split(/\s+/);
    if (!findBulletin(ctx.deps.rules, code)) return [unknownPublication(ctx, code)];
    if (number === '') return { prefill: { publication: findBulletin(ctx.deps.rules, code)!.code } };
    const outcome = await issued(ctx, { publication: code, number });
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
});
