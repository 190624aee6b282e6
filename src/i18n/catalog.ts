/**
 * The message catalog: every sentence a user reads, keyed, in zh-CN first and en second.
 * Each feature keeps its messages in `messages/<feature>.ts`; this file merges them.
 * `{name}` in a message is filled from the params.
 */
import type { Locale } from '../domain/vocabulary.ts';
import * as bulletins from './messages/bulletins.ts';
import * as attachments from './messages/attachments.ts';
import * as common from './messages/common.ts';
import * as desk from './messages/desk.ts';
import * as errors from './messages/errors.ts';
import * as items from './messages/items.ts';
import * as leaders from './messages/leaders.ts';
import * as outFiles from './messages/outFiles.ts';
import * as itemDesk from './messages/itemDesk.ts';
import * as reports from './messages/reports.ts';
import * as rules from './messages/rules.ts';
import * as review from './messages/review.ts';
import * as slack from './messages/slack.ts';
import * as tasks from './messages/tasks.ts';
import * as reminders from './messages/reminders.ts';
import * as urgent from './messages/urgent.ts';

const zh = {
  ...common.zh,
  ...errors.zh,
  ...items.zh,
  ...itemDesk.zh,
  ...urgent.zh,
  ...slack.zh,
  ...reports.zh,
  ...rules.zh,
  ...review.zh,
  ...tasks.zh,
  ...reminders.zh,
  ...leaders.zh,
  ...desk.zh,
  ...outFiles.zh,
  ...bulletins.zh,
  ...attachments.zh,
};
const en: Record<keyof typeof zh, string> = {
  ...common.en,
  ...errors.en,
  ...items.en,
  ...itemDesk.en,
  ...urgent.en,
  ...slack.en,
  ...reports.en,
  ...rules.en,
  ...review.en,
  ...tasks.en,
  ...reminders.en,
  ...leaders.en,
  ...desk.en,
  ...outFiles.en,
  ...bulletins.en,
  ...attachments.en,
};

export type MessageKey = keyof typeof zh;
export type Params = Record<string, string | number | undefined>;
export type Translate = (key: MessageKey, params?: Params) => string;

const catalogs: Record<Locale, Record<string, string>> = { 'zh-CN': zh, en };

/** Whether the catalog has a sentence for `key` (error codes are looked up this way). */
export function hasMessage(key: string): key is MessageKey {
  return key in zh;
}

/** The sentence for `key` in `locale`, with `{param}` placeholders filled. */
export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
  const template = catalogs[locale][key] ?? zh[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** A translate function bound to one locale. */
export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** Every key with its zh-CN and en text (used by the catalog test). */
export function allMessages(): { key: string; zh: string; en: string }[] {
  return Object.keys(zh).map((key) => ({ key, zh: zh[key as MessageKey], en: en[key as MessageKey] }));
}
