/**
 * One zod schema over the environment (docs/configuration.md). `parseConfig(env)` is pure;
 * a bad value yields one sentence naming the variable and what to do, and start-up stops.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { LOCALES, type Locale } from '../domain/vocabulary.ts';

const url = (name: string) => z.string().refine((value) => URL.canParse(value), { message: `${name} must be a full URL such as https://example.org` });

const nonEmpty = z.string().trim().min(1);
const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'XINBAO_TZ must be an IANA time zone such as Asia/Shanghai' },
);

/** A postgresql:// (or postgres://) URL with a host and a database name. */
function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(value)) return false;
  try {
    const url = new URL(value);
    return url.hostname !== '' && url.pathname.length > 1;
  } catch {
    return false;
  }
}

/** A URL Xinbao can open a database at: a SQLite file URL or a PostgreSQL URL. */
export function isDatabaseUrl(value: string): boolean {
  return (value.startsWith('file:') && value.length > 'file:'.length) || isPostgresUrl(value);
}

/** What to write instead of a database URL that is not one, `name` being where it was given (DATABASE_URL, --to …). */
export const databaseUrlMessage = (name: string) =>
  `${name} must be a SQLite file URL such as file:./data/xinbao.db or a PostgreSQL URL such as postgresql://user:password@host:5432/xinbao`;

/** The levels LOG_LEVEL takes, from the most to the least said (docs/running.md, "Logs"). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** An address (`10.0.0.5`, `fd00::1`) or a network in CIDR notation (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressOrNetwork(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default('file:./data/xinbao.db')
    .refine(isDatabaseUrl, { message: databaseUrlMessage('DATABASE_URL') }),
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]+$/, { message: 'TELEGRAM_BOT_TOKEN must look like 123456:ABC-DEF… as given by @BotFather' })
    .optional(),
  TELEGRAM_API_ROOT: url('TELEGRAM_API_ROOT').default('https://api.telegram.org'),
  TELEGRAM_WEBHOOK_URL: url('TELEGRAM_WEBHOOK_URL').optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, {
      message: 'TELEGRAM_WEBHOOK_SECRET must be 1–256 letters, digits, _ or - (Telegram’s rule for secret tokens)',
    })
    .optional(),
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, { message: 'PORT must be a port number from 0 to 65535' })
    .transform(Number)
    .refine((port) => port <= 65535, { message: 'PORT must be a port number from 0 to 65535' })
    .default(3000),
  HOST: z.string().default('0.0.0.0'),
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, { message: 'SLACK_BOT_TOKEN must be a bot token starting with xoxb-' })
    .optional(),
  SLACK_SIGNING_SECRET: nonEmpty.optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, { message: 'SLACK_APP_TOKEN must be an app-level token starting with xapp-' })
    .optional(),
  SLACK_API_URL: url('SLACK_API_URL').default('https://slack.com/api/'),
  WECOM_BOT_ID: nonEmpty.optional(),
  WECOM_SECRET: nonEmpty.optional(),
  WECOM_WS_URL: z
    .string()
    .regex(/^wss?:\/\//, { message: 'WECOM_WS_URL must be a WebSocket address starting with wss:// or ws://' })
    .default('wss://openws.work.weixin.qq.com'),
  XINBAO_RULES: nonEmpty.optional(),
  XINBAO_TZ: timeZone.default('Asia/Shanghai'),
  XINBAO_LOCALE: z.enum(LOCALES, { message: 'XINBAO_LOCALE must be zh-CN or en' }).default('zh-CN'),
  XINBAO_OUT_DIR: z.string().default('./out'),
  XINBAO_FILES_DIR: z.string().default('./data/files'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).optional(),
  XINBAO_METRICS_ALLOW: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
    .refine((entries) => entries.every(isAddressOrNetwork), {
      message: 'XINBAO_METRICS_ALLOW must be addresses or networks separated by commas, such as 10.0.0.0/8,192.168.1.20',
    })
    .default([]),
});

export type TelegramConfig =
  | { mode: 'polling'; token: string; apiRoot: string }
  | { mode: 'webhook'; token: string; apiRoot: string; webhookUrl: string; secret: string };

export type SlackConfig =
  | { mode: 'http'; botToken: string; signingSecret: string; apiUrl: string }
  | { mode: 'socket'; botToken: string; appToken: string; signingSecret?: string; apiUrl: string };

/** The WeCom intelligent bot's long connection (docs/wecom.md). */
export type WeComConfig = { botId: string; secret: string; wsUrl: string };

export type Config = {
  databaseUrl: string;
  port: number;
  host: string;
  rulesFile?: string;
  timezone: string;
  locale: Locale;
  /** The folder the console writes the files it is given to (exports, circular charts). */
  outDir: string;
  /** The folder the file store keeps attachments and bulletin issues in (see docs/attachments.md). */
  filesDir: string;
  telegram?: TelegramConfig;
  slack?: SlackConfig;
  wecom?: WeComConfig;
  /** LOG_LEVEL; unset, the service logs from `info` and the console from `warn`. */
  logLevel?: LogLevel;
  /** Who else but this machine may read /metrics and /healthz/details: addresses and networks. */
  metricsAllow: string[];
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; message: string };

/** Parses the environment into a Config, or one sentence that says which variable to fix and how. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  // A variable set to blanks counts as unset.
  const cleaned = Object.fromEntries(
    Object.entries(env)
      .map(([name, value]) => [name, value?.trim()] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const message = issue.message.startsWith(name) ? issue.message : `${name}: ${issue.message}`;
    return { ok: false, message };
  }
  const e = parsed.data;
  let telegram: TelegramConfig | undefined;
  if (e.TELEGRAM_BOT_TOKEN) {
    if (e.TELEGRAM_WEBHOOK_URL) {
      if (!e.TELEGRAM_WEBHOOK_SECRET) {
        return { ok: false, message: 'TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is set, so forged webhook calls can be refused.' };
      }
      telegram = {
        mode: 'webhook',
        token: e.TELEGRAM_BOT_TOKEN,
        apiRoot: e.TELEGRAM_API_ROOT,
        webhookUrl: e.TELEGRAM_WEBHOOK_URL,
        secret: e.TELEGRAM_WEBHOOK_SECRET,
      };
    } else {
      telegram = { mode: 'polling', token: e.TELEGRAM_BOT_TOKEN, apiRoot: e.TELEGRAM_API_ROOT };
    }
  } else if (e.TELEGRAM_WEBHOOK_URL) {
    return { ok: false, message: 'TELEGRAM_BOT_TOKEN must be set when TELEGRAM_WEBHOOK_URL is set.' };
  }
  let slack: SlackConfig | undefined;
  if (e.SLACK_BOT_TOKEN) {
    const apiUrl = e.SLACK_API_URL.endsWith('/') ? e.SLACK_API_URL : `${e.SLACK_API_URL}/`;
    if (e.SLACK_APP_TOKEN) {
      slack = { mode: 'socket', botToken: e.SLACK_BOT_TOKEN, appToken: e.SLACK_APP_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, apiUrl };
    } else if (e.SLACK_SIGNING_SECRET) {
      slack = { mode: 'http', botToken: e.SLACK_BOT_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET, apiUrl };
    } else {
      return { ok: false, message: 'SLACK_SIGNING_SECRET must be set with SLACK_BOT_TOKEN (or set SLACK_APP_TOKEN for Socket Mode).' };
    }
  } else if (e.SLACK_SIGNING_SECRET || e.SLACK_APP_TOKEN) {
    return { ok: false, message: 'SLACK_BOT_TOKEN must be set as well: the Slack app needs its bot token (xoxb-…).' };
  }
  let wecom: WeComConfig | undefined;
  if (e.WECOM_BOT_ID && e.WECOM_SECRET) {
    wecom = { botId: e.WECOM_BOT_ID, secret: e.WECOM_SECRET, wsUrl: e.WECOM_WS_URL };
  } else if (e.WECOM_BOT_ID || e.WECOM_SECRET) {
    return { ok: false, message: 'WECOM_BOT_ID and WECOM_SECRET must be set together: the WeCom bot needs both (or neither).' };
  }
  return {
    ok: true,
    config: {
      databaseUrl: e.DATABASE_URL,
      port: e.PORT,
      host: e.HOST,
      rulesFile: e.XINBAO_RULES,
      timezone: e.XINBAO_TZ,
      locale: e.XINBAO_LOCALE,
      outDir: e.XINBAO_OUT_DIR,
      filesDir: e.XINBAO_FILES_DIR,
      telegram,
      slack,
      wecom,
      logLevel: e.LOG_LEVEL,
      metricsAllow: e.XINBAO_METRICS_ALLOW,
    },
  };
}

const decodedOr = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * The configured secrets as they could appear in a log line: the bot tokens, the signing and
 * webhook secrets, and the database password. The log masks each of them wherever it shows up.
 */
export function secretsOf(config: Config): string[] {
  const secrets = [config.telegram?.token, config.telegram?.mode === 'webhook' ? config.telegram.secret : undefined];
  if (config.slack) secrets.push(config.slack.botToken, config.slack.mode === 'socket' ? config.slack.appToken : undefined, config.slack.signingSecret);
  if (config.wecom) secrets.push(config.wecom.secret);
  if (URL.canParse(config.databaseUrl)) {
    const password = new URL(config.databaseUrl).password;
    if (password) secrets.push(password, decodedOr(password));
  }
  return [...new Set(secrets.filter((secret): secret is string => secret !== undefined && secret !== ''))];
}
