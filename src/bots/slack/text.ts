/**
 * The Slack adapter's own sentences (src/i18n/messages/slack.ts), in a person's language.
 * Everything else comes from the shared catalog through the chat context.
 */
import type { Locale } from '../../domain/vocabulary.ts';
import * as slack from '../../i18n/messages/slack.ts';

export type SlackKey = keyof typeof slack.zh;

const catalogs: Record<Locale, Record<string, string>> = { 'zh-CN': slack.zh, en: slack.en };

/** The sentence for `key` in `locale`. */
export function slackText(locale: Locale, key: SlackKey): string {
  return catalogs[locale][key] ?? slack.zh[key];
}

/** The sentence for a key made up at run time (`slack.field.<name>`), or undefined when there is none. */
export function slackTextIf(locale: Locale, key: string): string | undefined {
  return key in slack.zh ? slackText(locale, key as SlackKey) : undefined;
}
