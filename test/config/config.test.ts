import { describe, it, expect } from 'vitest';
import { parseConfig, secretsOf, type Config } from '../../src/config/config.ts';

const TELEGRAM_TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
const SLACK_TOKEN = 'xoxb-1111-2222-SeCrEtBoTtOkEn';
const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const SLACK_APP = 'xapp-1-A111-222-SeCrEtApPtOkEn';
const WEBHOOK_SECRET = 'hook-Secret_123';

function config(env: Record<string, string | undefined>): Config {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(result.message);
  return result.config;
}

function refusal(env: Record<string, string | undefined>): string {
  const result = parseConfig(env);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.message;
}

describe('parseConfig: defaults', () => {
  it('runs on an embedded SQLite file in Shanghai, in Chinese, with no chat platform', () => {
    expect(config({})).toEqual({
      databaseUrl: 'file:./data/xinbao.db',
      port: 3000,
      host: '0.0.0.0',
      rulesFile: undefined,
      timezone: 'Asia/Shanghai',
      locale: 'zh-CN',
      outDir: './out',
      filesDir: './data/files',
      telegram: undefined,
      slack: undefined,
      logLevel: undefined,
      metricsAllow: [],
    });
  });

  it('treats an empty variable as unset', () => {
    expect(config({ PORT: '', XINBAO_TZ: '', TELEGRAM_BOT_TOKEN: '' })).toMatchObject({ port: 3000, timezone: 'Asia/Shanghai', telegram: undefined });
  });

  it('takes the values it is given', () => {
    expect(
      config({ DATABASE_URL: 'file:/var/lib/xinbao/x.db', PORT: '8080', HOST: '127.0.0.1', XINBAO_TZ: 'UTC', XINBAO_LOCALE: 'en', XINBAO_RULES: 'rules.yaml' }),
    ).toMatchObject({ databaseUrl: 'file:/var/lib/xinbao/x.db', port: 8080, host: '127.0.0.1', timezone: 'UTC', locale: 'en', rulesFile: 'rules.yaml' });
  });
});

describe('parseConfig: logs and metrics', () => {
  it('takes LOG_LEVEL and the addresses that may read the metrics', () => {
    expect(config({ LOG_LEVEL: 'debug', XINBAO_METRICS_ALLOW: ' 10.0.0.0/8, 192.168.1.20 ,fd00::/8,' })).toMatchObject({
      logLevel: 'debug',
      metricsAllow: ['10.0.0.0/8', '192.168.1.20', 'fd00::/8'],
    });
  });

  it('knows the secrets the log must mask: tokens, secrets and the database password', () => {
    const secrets = secretsOf(
      config({
        DATABASE_URL: 'postgresql://xinbao:p%40ss@db.example.org:5432/xinbao',
        TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
        TELEGRAM_WEBHOOK_URL: 'https://x.example.org/telegram',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        SLACK_BOT_TOKEN: SLACK_TOKEN,
        SLACK_SIGNING_SECRET: SLACK_SECRET,
        SLACK_APP_TOKEN: SLACK_APP,
      }),
    );
    expect(secrets.sort()).toEqual([TELEGRAM_TOKEN, WEBHOOK_SECRET, SLACK_TOKEN, SLACK_APP, SLACK_SECRET, 'p%40ss', 'p@ss'].sort());
  });
});

describe('parseConfig: Telegram', () => {
  it('uses long polling when only the token is set', () => {
    expect(config({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN }).telegram).toEqual({
      mode: 'polling',
      token: TELEGRAM_TOKEN,
      apiRoot: 'https://api.telegram.org',
    });
  });

  it('takes a self-hosted Bot API server', () => {
    expect(config({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: 'http://127.0.0.1:8081' }).telegram).toMatchObject({
      apiRoot: 'http://127.0.0.1:8081',
    });
  });

  it('uses a webhook when the webhook URL and secret are set', () => {
    expect(
      config({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_URL: 'https://xinbao.example.org/telegram', TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET })
        .telegram,
    ).toEqual({
      mode: 'webhook',
      token: TELEGRAM_TOKEN,
      apiRoot: 'https://api.telegram.org',
      webhookUrl: 'https://xinbao.example.org/telegram',
      secret: WEBHOOK_SECRET,
    });
  });

  it('refuses a webhook without a secret, naming TELEGRAM_WEBHOOK_SECRET', () => {
    const message = refusal({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_URL: 'https://xinbao.example.org/telegram' });
    expect(message).toContain('TELEGRAM_WEBHOOK_SECRET');
    expect(message).not.toContain(TELEGRAM_TOKEN);
  });

  it('refuses a webhook URL without a token', () => {
    expect(refusal({ TELEGRAM_WEBHOOK_URL: 'https://xinbao.example.org/telegram', TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET })).toContain('TELEGRAM_BOT_TOKEN');
  });
});

describe('parseConfig: Slack', () => {
  it('uses HTTP with a bot token and a signing secret', () => {
    expect(config({ SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_SIGNING_SECRET: SLACK_SECRET }).slack).toEqual({
      mode: 'http',
      botToken: SLACK_TOKEN,
      signingSecret: SLACK_SECRET,
      apiUrl: 'https://slack.com/api/',
    });
  });

  it('uses Socket Mode when an app token is set', () => {
    expect(config({ SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_APP_TOKEN: SLACK_APP }).slack).toMatchObject({
      mode: 'socket',
      botToken: SLACK_TOKEN,
      appToken: SLACK_APP,
      apiUrl: 'https://slack.com/api/',
    });
  });

  it('adds the trailing slash to another Slack API root', () => {
    expect(config({ SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_API_URL: 'http://127.0.0.1:9000/api' }).slack?.apiUrl).toBe(
      'http://127.0.0.1:9000/api/',
    );
  });

  it('runs Telegram and Slack side by side', () => {
    const both = config({ TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_SIGNING_SECRET: SLACK_SECRET });
    expect(both.telegram?.mode).toBe('polling');
    expect(both.slack?.mode).toBe('http');
  });
});

describe('parseConfig: a bad value stops start-up with a sentence naming the variable', () => {
  const cases: { env: Record<string, string>; names: string }[] = [
    { env: { PORT: 'abc' }, names: 'PORT' },
    { env: { PORT: '70000' }, names: 'PORT' },
    { env: { PORT: '-1' }, names: 'PORT' },
    { env: { PORT: '80.5' }, names: 'PORT' },
    { env: { XINBAO_TZ: 'Mars/Base' }, names: 'XINBAO_TZ' },
    { env: { XINBAO_LOCALE: 'fr' }, names: 'XINBAO_LOCALE' },
    { env: { DATABASE_URL: 'mysql://x' }, names: 'DATABASE_URL' },
    { env: { TELEGRAM_BOT_TOKEN: 'nonsense' }, names: 'TELEGRAM_BOT_TOKEN' },
    { env: { TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_API_ROOT: 'not a url' }, names: 'TELEGRAM_API_ROOT' },
    {
      env: { TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_URL: 'https://x.example.org/telegram', TELEGRAM_WEBHOOK_SECRET: 'has spaces in it' },
      names: 'TELEGRAM_WEBHOOK_SECRET',
    },
    { env: { SLACK_BOT_TOKEN: SLACK_TOKEN }, names: 'SLACK_SIGNING_SECRET' },
    { env: { SLACK_BOT_TOKEN: 'xoxp-user-token-not-a-bot-one', SLACK_SIGNING_SECRET: SLACK_SECRET }, names: 'SLACK_BOT_TOKEN' },
    { env: { SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_APP_TOKEN: 'xoxa-wrong-kind-of-token' }, names: 'SLACK_APP_TOKEN' },
    { env: { SLACK_APP_TOKEN: SLACK_APP }, names: 'SLACK_BOT_TOKEN' },
    { env: { SLACK_SIGNING_SECRET: SLACK_SECRET }, names: 'SLACK_BOT_TOKEN' },
    { env: { LOG_LEVEL: 'verbose' }, names: 'LOG_LEVEL' },
    { env: { XINBAO_METRICS_ALLOW: '10.0.0.0/33' }, names: 'XINBAO_METRICS_ALLOW' },
    { env: { XINBAO_METRICS_ALLOW: 'prometheus.office.internal' }, names: 'XINBAO_METRICS_ALLOW' },
    { env: { XINBAO_METRICS_ALLOW: '10.0.0.0/8/8' }, names: 'XINBAO_METRICS_ALLOW' },
  ];

  for (const { env, names } of cases) {
    it(`${JSON.stringify(env).slice(0, 70)} → names ${names}`, () => {
      const message = refusal(env);
      expect(message).toContain(names);
      expect(message.split('\n')).toHaveLength(1);
    });
  }

  it('does not read a blank PORT as port 0 (a random port)', () => {
    const result = parseConfig({ PORT: ' ' });
    if (result.ok) expect(result.config.port).toBe(3000);
    else expect(result.message).toContain('PORT');
  });

  it('never repeats a token or secret in the message', () => {
    const secrets = [
      TELEGRAM_TOKEN,
      'nonsense',
      SLACK_TOKEN,
      SLACK_SECRET,
      SLACK_APP,
      WEBHOOK_SECRET,
      'has spaces in it',
      'xoxp-user-token-not-a-bot-one',
      'xoxa-wrong-kind-of-token',
    ];
    const envs: Record<string, string>[] = [
      ...cases.map((c) => c.env),
      { TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, PORT: 'abc' },
      { TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_URL: 'https://x.example.org/telegram' },
      { SLACK_BOT_TOKEN: SLACK_TOKEN, SLACK_SIGNING_SECRET: SLACK_SECRET, XINBAO_LOCALE: 'fr' },
      { SLACK_BOT_TOKEN: 'xoxp-user-token-not-a-bot-one', SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_APP_TOKEN: SLACK_APP },
      {
        TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
        TELEGRAM_WEBHOOK_URL: 'https://x.example.org/telegram',
        TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        SLACK_BOT_TOKEN: SLACK_TOKEN,
      },
    ];
    for (const env of envs) {
      const message = refusal(env);
      for (const secret of secrets) expect(message, `message for ${Object.keys(env).join(',')}`).not.toContain(secret);
    }
  });
});

describe('parseConfig: WeCom', () => {
  const WECOM_SECRET = 'wecom-SeCrEt-123';

  it('takes the bot id and secret together, on the SDK default address unless WECOM_WS_URL says otherwise', () => {
    expect(config({ WECOM_BOT_ID: 'aib1', WECOM_SECRET }).wecom).toEqual({ botId: 'aib1', secret: WECOM_SECRET, wsUrl: 'wss://openws.work.weixin.qq.com' });
    expect(config({ WECOM_BOT_ID: 'aib1', WECOM_SECRET, WECOM_WS_URL: 'wss://ws.example.gov.cn' }).wecom?.wsUrl).toBe('wss://ws.example.gov.cn');
    expect(config({}).wecom).toBeUndefined();
  });

  it('refuses one without the other in one sentence that does not show the secret', () => {
    expect(refusal({ WECOM_BOT_ID: 'aib1' })).toBe('WECOM_BOT_ID and WECOM_SECRET must be set together: the WeCom bot needs both (or neither).');
    const message = refusal({ WECOM_SECRET });
    expect(message).toContain('WECOM_BOT_ID');
    expect(message).not.toContain(WECOM_SECRET);
    expect(refusal({ WECOM_BOT_ID: 'aib1', WECOM_SECRET, WECOM_WS_URL: 'https://x' })).toContain('WECOM_WS_URL');
  });

  it('masks the secret in the log', () => {
    expect(secretsOf(config({ WECOM_BOT_ID: 'aib1', WECOM_SECRET }))).toEqual([WECOM_SECRET]);
  });
});
