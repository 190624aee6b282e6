/**
 * The item lifecycle (docs/reporting.md, docs/review.md): `/edit #N` (a new version of an item's
 * text), the item half of `/withdraw #N` (called from the commission command in commissions.ts:
 * an editor withdraws a commission, anyone else their item), `/item #N` (one item in full) and
 * `/find WORDS [PERIOD]` (items by their text, ten a page).
 *
 * Button data (≤ 64 bytes, checked by the patterns below; anything else is button.stale):
 *   it:<item>            /item #N
 *   it:<item>:v<K>       /item #N vK (an earlier version's text)
 *   fd:<page>:<query>    the page of /find QUERY: the query as typed (single spaces), UTF-8 in
 *                        base64url, as Telegram takes printable ASCII only
 */
import { itemAttachmentFiles } from '../../domain/attachments/itemAttachmentFiles.ts';
import type { AttachmentRecord } from '../../domain/attachments/port.ts';
import { editItem } from '../../domain/items/editItem.ts';
import { findItems } from '../../domain/items/findItems.ts';
import { listEditableItems } from '../../domain/items/listEditableItems.ts';
import { listReadableItems } from '../../domain/items/listReadableItems.ts';
import { listWithdrawableItems } from '../../domain/items/listWithdrawableItems.ts';
import { openForEdit } from '../../domain/items/openForEdit.ts';
import type { ItemRecord } from '../../domain/items/port.ts';
import { type ItemView, showItem } from '../../domain/items/showItem.ts';
import { BODY_MIN, readTitleLine, validateItem } from '../../domain/items/validateItem.ts';
import { withdrawItem } from '../../domain/items/withdrawItem.ts';
import { excerpt } from '../../domain/tasks/text.ts';
import { formatLocal } from '../../domain/time/index.ts';
import { errorText } from '../../i18n/errorText.ts';
import type { BoundContext, ChatContext } from '../context.ts';
import type { FieldSpec, FormSpec, Submission } from '../forms.ts';
import { type Button, type Reply, reply } from '../types.ts';
import { type CommandAction, defineCommand, type Outcome } from './command.ts';
import { parseRef } from './reference.ts';
import { refusal } from './reviewChecks.ts';
import { periodLabel } from './status.ts';

const CHOICES_MAX = 20;
const ACTION_BYTES = 64;
const RESULT_BUTTONS_PER_ROW = 5;

/** Words that keep the title or the body as it is in a guided edit. */
const KEEP_WORDS = new Set(['不变', '不改', '同上', '原样', 'same', 'keep', 'unchanged']);
const isKeep = (value: string) => KEEP_WORDS.has(value.trim().toLowerCase());

const fits = (action: string) => Buffer.byteLength(action, 'utf8') <= ACTION_BYTES;
const formatPoints = (points: number) => (Number.isInteger(points) ? String(points) : points.toFixed(1));
const itemOption = (ctx: ChatContext, item: ItemRecord) => ({
  value: String(item.id),
  label: ctx.t('itemDesk.option', { id: item.id, title: excerpt(item.title, 20) }),
});
const chosenId = (value: string | undefined) => (value && /^\d{1,9}$/.test(value) ? Number(value) : null);
const when = (ctx: ChatContext, at: Date) => formatLocal(at, ctx.deps.timezone);
const day = (ctx: ChatContext, at: Date) => formatLocal(at, ctx.deps.timezone, 'yyyy-MM-dd');

// ——— /edit ———

/** The title line as typed: its leading [类别] tag read as the category, as /submit does. */
const titleLine = (value: string): { title: string; category?: string } => readTitleLine(value);

function titleProblem(value: string, ctx: BoundContext): string | null {
  if (isKeep(value)) return null;
  if (value.trim().includes('\n')) return errorText(ctx.t, { code: 'ITEM.ONE_SHOT_FORMAT' });
  const result = validateItem({ title: titleLine(value).title, body: 'x'.repeat(BODY_MIN), category: 'dynamic' });
  return result.ok ? null : errorText(ctx.t, result.error);
}

function bodyProblem(value: string, ctx: BoundContext): string | null {
  if (isKeep(value)) return null;
  const result = validateItem({ title: 'x', body: value, category: 'dynamic' });
  return result.ok ? null : errorText(ctx.t, result.error);
}

/** The item's current text, shown above the title question so it can be copied and changed. */
async function currentText(ctx: BoundContext, values: Record<string, string>): Promise<string[]> {
  const id = chosenId(values.item);
  const open = id === null ? null : await openForEdit(ctx.deps, { person: ctx.person, itemId: id });
  if (!open?.ok) return [];
  const item = open.value;
  return [
    ctx.t('itemDesk.edit.current', { id: item.id, version: item.version }),
    ctx.t('itemDesk.edit.currentTitle', { tag: ctx.t(`itemDesk.tag.${item.category}`), title: item.title }),
    ctx.t('itemDesk.edit.currentBody', { body: item.body }),
  ];
}

async function edited(ctx: BoundContext, values: Record<string, string>): Promise<Submission> {
  const id = chosenId(values.item);
  if (id === null) return { ok: false, message: ctx.t('itemDesk.edit.none') };
  const open = await openForEdit(ctx.deps, { person: ctx.person, itemId: id });
  if (!open.ok) return { ok: false, message: refusal(ctx, open.error) };
  const item = open.value;
  const given = values.newTitle ?? '';
  const line = isKeep(given) ? { title: item.title, category: item.category } : titleLine(given);
  const body = isKeep(values.newBody ?? '') ? item.body : (values.newBody ?? '');
  const result = await editItem(ctx.deps, { person: ctx.person, itemId: id, title: line.title, body, category: line.category });
  if (!result.ok) {
    const code = result.error.code;
    const field = code.startsWith('ITEM.TITLE') || code === 'ITEM.CATEGORY' ? 'newTitle' : code.startsWith('ITEM.BODY') ? 'newBody' : undefined;
    return { ok: false, field, message: refusal(ctx, result.error) };
  }
  const { item: now, resent, author } = result.value;
  const lines = [ctx.t('itemDesk.edit.done', { id: now.id, title: now.title, version: now.version })];
  if (resent) lines.push(ctx.t(now.status === 'signoff' ? 'itemDesk.edit.resentSignoff' : 'itemDesk.edit.resent'));
  if (author.id !== ctx.person.id) lines.push(ctx.t('itemDesk.edit.authorTold', { author: author.name }));
  return { ok: true, replies: [reply(lines)] };
}

export const editForm: FormSpec = {
  id: 'edit',
  title: 'cmd.edit',
  fields: [
    {
      name: 'item',
      kind: 'choice',
      prompt: 'itemDesk.edit.ask',
      whenEmpty: 'itemDesk.edit.none',
      options: async (ctx) => (await listEditableItems(ctx.deps, { person: ctx.person, limit: CHOICES_MAX })).map((item) => itemOption(ctx, item)),
    },
    { name: 'newTitle', kind: 'text', prompt: 'itemDesk.edit.askTitle', shows: currentText, validate: titleProblem },
    { name: 'newBody', kind: 'longtext', prompt: 'itemDesk.edit.askBody', validate: bodyProblem },
  ],
  submit: edited,
};

/**
 * `/edit #N TITLE` newline `BODY` (one-shot, the shape of /submit, a leading [类别] setting the
 * category); `/edit #N TITLE` asks for the body and `/edit #N` for both, showing the current text.
 */
export const edit = defineCommand({
  name: 'edit',
  aliases: ['修改'],
  who: ['reporter', 'editor'],
  help: 'cmd.edit',
  form: editForm,
  async run(ctx, args) {
    const ref = parseRef(args);
    if (!ref) return [reply(errorText(ctx.t, { code: 'ITEM.EDIT_USAGE' }))];
    const open = await openForEdit(ctx.deps, { person: ctx.person, itemId: ref.id });
    if (!open.ok) return [reply(refusal(ctx, open.error))];
    const item = String(ref.id);
    if (ref.rest === '') return { prefill: { item } as Record<string, string> };
    const [first = '', ...rest] = ref.rest.split('\n');
    const body = rest.join('\n').trim();
    const problem = titleProblem(first, ctx);
    if (problem) return [reply(problem)];
    if (body === '') return { prefill: { item, newTitle: first } };
    const outcome = await editForm.submit(ctx, { item, newTitle: first, newBody: body });
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
});

// ——— /withdraw (the item half; the command is in commissions.ts) ———

/** The guided /withdraw's choice of item: a reporter's withdrawable items (none for an editor, who withdraws commissions). */
export const withdrawItemField: FieldSpec = {
  name: 'item',
  kind: 'choice',
  prompt: 'itemDesk.withdraw.ask',
  async options(ctx) {
    if (ctx.person.roles.includes('editor')) return [];
    return (await listWithdrawableItems(ctx.deps, { author: ctx.person, limit: CHOICES_MAX })).map((item) => itemOption(ctx, item));
  },
};

/** Withdraws the reporter's item chosen or named (`value` its number). */
export async function itemWithdrawn(ctx: BoundContext, value: string | undefined): Promise<Submission> {
  const id = chosenId(value);
  if (id === null) return { ok: false, message: ctx.t('itemDesk.withdraw.none') };
  const result = await withdrawItem(ctx.deps, { author: ctx.person, itemId: id });
  if (!result.ok) return { ok: false, message: refusal(ctx, result.error) };
  const { item, commission } = result.value;
  const lines = [ctx.t('itemDesk.withdraw.done', { id: item.id, title: item.title })];
  if (commission === 'moved') lines.push(ctx.t('itemDesk.withdraw.commissionMoved', { commission: item.commissionId! }));
  if (commission === 'cleared') lines.push(ctx.t('itemDesk.withdraw.commissionCleared', { commission: item.commissionId! }));
  return { ok: true, replies: [reply(lines)] };
}

/** One-shot `/withdraw #N` from a reporter. */
export async function withdrawItemNow(ctx: BoundContext, args: string): Promise<Reply[]> {
  const ref = parseRef(args);
  if (!ref || ref.rest) return [reply(errorText(ctx.t, { code: 'ITEM.WITHDRAW_USAGE' }))];
  const outcome = await itemWithdrawn(ctx, String(ref.id));
  return outcome.ok ? outcome.replies : [reply(outcome.message)];
}

// ——— /item ———

const itemAction = (id: number, version?: number) => (version === undefined ? `it:${id}` : `it:${id}:v${version}`);

/** The decision trail: sign-off, arrival in the queue, return or decline, revision, withdrawal, in time order. */
function trail(ctx: ChatContext, view: ItemView): string[] {
  const { item } = view;
  const events: { at: Date; line: string }[] = [];
  if (view.signedAt) events.push({ at: view.signedAt, line: ctx.t('itemDesk.item.signed', { at: when(ctx, view.signedAt), lead: view.signedByName ?? '' }) });
  if (item.submittedAt) events.push({ at: item.submittedAt, line: ctx.t('itemDesk.item.submitted', { at: when(ctx, item.submittedAt) }) });
  // A reason is kept from the last return or decline; an item revised since was returned.
  const decision = item.status === 'returned' || item.status === 'declined' ? item.status : item.revisedAt && item.reviewNote ? 'returned' : null;
  if (view.reviewedAt && decision) {
    const status = ctx.t(`status.${decision}`);
    const line = item.reviewNote
      ? ctx.t('itemDesk.item.reviewed', { at: when(ctx, view.reviewedAt), status, reason: item.reviewNote })
      : ctx.t('itemDesk.item.reviewedPlain', { at: when(ctx, view.reviewedAt), status });
    events.push({ at: view.reviewedAt, line });
  }
  if (item.revisedAt) events.push({ at: item.revisedAt, line: ctx.t('itemDesk.item.revised', { at: when(ctx, item.revisedAt) }) });
  if (item.withdrawnAt) events.push({ at: item.withdrawnAt, line: ctx.t('itemDesk.item.withdrawn', { at: when(ctx, item.withdrawnAt) }) });
  const lines = events.sort((a, b) => a.at.getTime() - b.at.getTime()).map((event) => event.line);
  // Sent back by the unit lead before reaching the office: no review time, only the reason.
  if (!view.reviewedAt && item.reviewNote && (item.status === 'returned' || item.revisedAt))
    lines.push(ctx.t('itemDesk.item.sentBack', { reason: item.reviewNote }));
  return lines;
}

function itemReply(ctx: ChatContext, view: ItemView): Reply {
  const { item } = view;
  const lines = [
    ctx.t('itemDesk.item.from', {
      unit: view.unit.name,
      author: view.author.name,
      category: ctx.t(`category.${item.category}`),
      status: ctx.t(`status.${item.status}`),
    }),
    ctx.t('itemDesk.item.created', { created: when(ctx, item.createdAt), version: item.version, editor: view.current.name, at: when(ctx, view.current.at) }),
    ctx.t('itemDesk.item.body', { body: item.body }),
  ];
  const buttons: Button[][] = [];
  if (view.versions.length > 0) {
    lines.push(ctx.t('itemDesk.item.versions'));
    for (const v of view.versions)
      lines.push(ctx.t('itemDesk.item.version', { version: v.version, editor: v.editedByName, at: when(ctx, v.editedAt), title: v.title }));
    lines.push(ctx.t('itemDesk.item.versionHint', { id: item.id }));
    const versionButtons = view.versions.map((v) => ({
      label: ctx.t('itemDesk.button.version', { version: v.version }),
      action: itemAction(item.id, v.version),
    }));
    for (let i = 0; i < versionButtons.length && i < 3 * RESULT_BUTTONS_PER_ROW; i += RESULT_BUTTONS_PER_ROW)
      buttons.push(versionButtons.slice(i, i + RESULT_BUTTONS_PER_ROW));
  }
  const decisions = trail(ctx, view);
  if (decisions.length > 0) lines.push(ctx.t('itemDesk.item.trail'), ...decisions);
  if (item.adoptions.length > 0) {
    const publications = new Map(ctx.deps.rules.publications.map((p) => [p.code, p.name]));
    lines.push(ctx.t('itemDesk.item.adoptions'));
    for (const a of item.adoptions) {
      lines.push(
        ctx.t('itemDesk.item.adoption', {
          date: day(ctx, a.adoptedAt),
          publication: publications.get(a.publicationCode) ?? a.publicationCode,
          points: formatPoints(a.points),
        }),
      );
    }
  }
  if (view.instructions.length > 0) {
    lines.push(ctx.t('itemDesk.item.instructions'));
    for (const n of view.instructions) {
      const state = n.status === 'resolved' && n.resolvedAt ? ctx.t('itemDesk.item.resolved', { date: day(ctx, n.resolvedAt) }) : ctx.t('itemDesk.item.open');
      lines.push(ctx.t('itemDesk.item.instruction', { id: n.id, date: day(ctx, n.createdAt), leader: n.leaderName, text: n.text, state }));
      for (const f of n.feedback) lines.push(ctx.t('itemDesk.item.feedback', { date: when(ctx, f.at), author: f.authorName, text: f.text }));
    }
  }
  if (view.attachments.length > 0) {
    lines.push(ctx.t('attach.title'), ...attachmentLines(ctx, view.attachments));
    if (view.attachments.some((attachment) => attachment.hash)) buttons.push([{ label: ctx.t('attach.send'), action: attachmentsAction(item.id) }]);
  }
  return reply(lines, { title: ctx.t('itemDesk.item.title', { id: item.id, title: item.title }), ...(buttons.length > 0 ? { buttons } : {}) });
}

const attachmentsAction = (id: number) => `ia:${id}`;

/** A line per attachment: kind, name and size, or where a location is (docs/attachments.md). */
function attachmentLines(ctx: ChatContext, attachments: AttachmentRecord[]): string[] {
  return attachments.map((attachment, i) =>
    attachment.kind === 'location'
      ? ctx.t('attach.locationLine', { n: i + 1, latitude: attachment.latitude ?? '?', longitude: attachment.longitude ?? '?' })
      : ctx.t('attach.line', { n: i + 1, kind: ctx.t(`attach.kind.${attachment.kind}`), name: attachment.fileName ?? '', size: sizeText(attachment.size) }),
  );
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** The 发送附件 button under /item #N: each kept file sent to the chat as a reply with the file. */
const sendAttachments: CommandAction = {
  pattern: /^ia:(\d{1,9})$/,
  async run(ctx, match) {
    const result = await itemAttachmentFiles(ctx.deps, { viewer: ctx.person, itemId: Number(match[1]) });
    if (!result.ok) return [reply(refusal(ctx, result.error))];
    const files = result.value.filter((file) => file.attachment.hash);
    if (files.length === 0) return [reply(ctx.t('attach.none'))];
    return files.map(({ attachment, data }, i) => {
      const name = attachment.fileName ?? `${attachment.kind}-${i + 1}${extensionOf(attachment.mime)}`;
      if (!data) return reply(ctx.t('attach.missing', { name }));
      return reply(ctx.t('attach.line', { n: i + 1, kind: ctx.t(`attach.kind.${attachment.kind}`), name, size: sizeText(attachment.size) }), {
        file: { name, mime: attachment.mime ?? 'application/octet-stream', data },
      });
    });
  },
};

const extensionOf = (mime: string | null) => (mime === 'image/jpeg' ? '.jpg' : mime === 'image/png' ? '.png' : mime === 'video/mp4' ? '.mp4' : '');

/** /item #N, or /item #N vK: one earlier version's text. */
async function itemReplies(ctx: BoundContext, id: number, version?: number): Promise<Reply[]> {
  const shown = await showItem(ctx.deps, { viewer: ctx.person, itemId: id });
  if (!shown.ok) return [reply(refusal(ctx, shown.error))];
  const view = shown.value;
  if (version === undefined || version === view.item.version) return [itemReply(ctx, view)];
  const old = view.versions.find((v) => v.version === version);
  if (!old) return [reply(errorText(ctx.t, { code: 'ITEM.NO_VERSION', params: { id, version, current: view.item.version } }))];
  return [
    reply([ctx.t('itemDesk.item.oldCategory', { category: ctx.t(`category.${old.category}`) }), ctx.t('itemDesk.item.body', { body: old.body })], {
      title: ctx.t('itemDesk.item.oldTitle', { id, version, editor: old.editedByName, at: when(ctx, old.editedAt), title: old.title }),
      buttons: [[{ label: ctx.t('itemDesk.button.current'), action: itemAction(id) }]],
    }),
  ];
}

const openItem: CommandAction = {
  pattern: /^it:(\d{1,9})(?::v(\d{1,4}))?$/,
  run: (ctx, match) => itemReplies(ctx, Number(match[1]), match[2] === undefined ? undefined : Number(match[2])),
};

/** `/item #N [vK]`; sent alone, the latest items the person may read, as buttons. Reads only. */
export const itemCommand = defineCommand({
  name: 'item',
  aliases: ['信息'],
  readOnly: true,
  who: ['reporter', 'lead', 'editor', 'duty', 'leader', 'admin'],
  help: 'cmd.item',
  actions: [openItem, sendAttachments],
  async run(ctx, args): Promise<Outcome> {
    if (args.trim() === '') {
      const items = await listReadableItems(ctx.deps, { viewer: ctx.person, limit: 10 });
      if (items.length === 0) return [reply(ctx.t('itemDesk.item.none'))];
      const buttons = items.map((item) => ({ label: itemOption(ctx, item).label, action: itemAction(item.id) }));
      const rows: Button[][] = [];
      for (let i = 0; i < buttons.length; i += 2) rows.push(buttons.slice(i, i + 2));
      return [reply(ctx.t('itemDesk.item.choose'), { buttons: rows })];
    }
    const match = /^#?(\d{1,9})(?:\s+[vV](\d{1,4}))?$/.exec(args.trim());
    if (!match) return [reply(errorText(ctx.t, { code: 'ITEM.VIEW_USAGE' }))];
    return itemReplies(ctx, Number(match[1]), match[2] === undefined ? undefined : Number(match[2]));
  },
});

// ——— /find ———

const findAction = (page: number, query: string) => `fd:${page}:${Buffer.from(query, 'utf8').toString('base64url')}`;

/** The query a page button carries; null when it is not one this command made. */
function queryOf(encoded: string): string | null {
  const query = Buffer.from(encoded, 'base64url').toString('utf8');
  return Buffer.from(query, 'utf8').toString('base64url') === encoded && query.trim() !== '' ? query : null;
}

/** One page of /find QUERY: a line per item, a button per item opening it, and the page buttons. */
async function foundReplies(ctx: BoundContext, query: string, page: number): Promise<Submission> {
  const normalised = query.trim().split(/\s+/).join(' ');
  const result = await findItems(ctx.deps, { viewer: ctx.person, query: normalised, page });
  if (!result.ok) return { ok: false, field: 'words', message: refusal(ctx, result.error) };
  const found = result.value;
  const words = found.words.join(' ');
  const period = found.period ? ctx.t('itemDesk.find.period', { period: periodLabel(ctx, found.period) }) : '';
  if (found.total === 0) return { ok: true, replies: [reply(ctx.t('itemDesk.find.none', { words, period }))] };
  const lines = found.items.map((item) =>
    ctx.t('itemDesk.find.line', {
      id: item.id,
      date: day(ctx, item.createdAt),
      unit: item.unitName,
      title: item.title,
      status: ctx.t(`status.${item.status}`),
    }),
  );
  const open = found.items.map((item) => ({ label: `#${item.id}`, action: itemAction(item.id) }));
  const buttons: Button[][] = [];
  for (let i = 0; i < open.length; i += RESULT_BUTTONS_PER_ROW) buttons.push(open.slice(i, i + RESULT_BUTTONS_PER_ROW));
  const paging: Button[] = [];
  if (found.pages > 1) {
    if (fits(findAction(found.pages, normalised))) {
      if (found.page > 1) paging.push({ label: ctx.t('itemDesk.button.prev'), action: findAction(found.page - 1, normalised) });
      if (found.page < found.pages) paging.push({ label: ctx.t('itemDesk.button.next'), action: findAction(found.page + 1, normalised) });
    } else lines.push(ctx.t('itemDesk.find.tooLong'));
  }
  if (paging.length > 0) buttons.push(paging);
  const title = ctx.t('itemDesk.find.title', { words, period, total: found.total, page: found.page, pages: found.pages });
  return { ok: true, replies: [reply(lines, { title, buttons })] };
}

export const findForm: FormSpec = {
  id: 'find',
  title: 'cmd.find',
  fields: [{ name: 'words', kind: 'text', prompt: 'itemDesk.find.ask' }],
  submit: (ctx, values) => foundReplies(ctx, values.words ?? '', 1),
};

const findPage: CommandAction = {
  pattern: /^fd:(\d{1,4}):([A-Za-z0-9_-]{1,58})$/,
  async run(ctx, match) {
    const query = queryOf(match[2]!);
    if (query === null) return [reply(ctx.t('button.stale'))];
    const outcome = await foundReplies(ctx, query, Number(match[1]));
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
};

/** `/find WORDS [PERIOD]`: items whose title or body holds every word, newest first, ten a page. */
export const find = defineCommand({
  name: 'find',
  aliases: ['查找'],
  who: ['editor', 'leader', 'duty', 'admin'],
  help: 'cmd.find',
  form: findForm,
  actions: [findPage],
  async run(ctx, args) {
    const outcome = await foundReplies(ctx, args, 1);
    return outcome.ok ? outcome.replies : [reply(outcome.message)];
  },
});
