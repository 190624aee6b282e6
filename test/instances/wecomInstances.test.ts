/**
 * Two `npm start` processes on one PostgreSQL database, both configured for one WeCom bot, against
 * the fake WeCom long connection (docs/wecom.md, "Two instances"): WeCom keeps one connection per
 * bot, so only the holder of the `wecom.connection` lease connects. The holder answers; it is
 * killed with SIGKILL, the other takes the lease over and connects within 60 s, and answers every
 * message pushed after that, each exactly once. A relay in front of the fake logs every connection,
 * so a second one subscribing while the first was still up would show.
 *
 * PostgreSQL only (vitest.config.ts, POSTGRESQL_ONLY): two instances share a PostgreSQL
 * database, not a SQLite file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { FAKE_WECOM_BOT_ID, FAKE_WECOM_SECRET, type FakeWeCom, startFakeWeCom } from '../fakes/wecomServer.ts';
import { testDialect } from '../support/databases.ts';
import { killServices, startService } from '../support/service.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../support/testApp.ts';
import { until } from '../support/wait.ts';
import { startWeComRelay, type WeComRelay } from './wecomRelay.ts';

/** Ten reporters in luoshan, WeCom users rep1…rep10. */
const REPORTERS = Array.from({ length: 10 }, (_, i) => `rep${i + 1}`);
const ORG = `${SAMPLE_ORG}${REPORTERS.map((code) => `  - { code: ${code}, name: 信息员${code.slice(3)}, unit: luoshan, roles: [reporter] }\n`).join('')}`;
const BODY = '今年以来，罗山县坚持把秋冬种作为农业生产的重中之重，落实面积、强化服务，确保种足种好。';

let app: TestApp;
let wecom: FakeWeCom;
let relay: WeComRelay;
let invites: Record<string, string>;

afterEach(async () => {
  await killServices();
  await app?.dispose();
  await relay?.close();
  await wecom?.close();
});

/** The service on the test's database with WeCom alone, through the relay, until it listens. */
const startInstance = () => startService(app, { WECOM_BOT_ID: FAKE_WECOM_BOT_ID, WECOM_SECRET: FAKE_WECOM_SECRET, WECOM_WS_URL: relay.url });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The markdown text of a message the bot pushed. */
const markdownOf = (body: Record<string, unknown> | undefined) => (body?.markdown as { content?: string } | undefined)?.content ?? '';

// Two instances share a PostgreSQL database only; vitest.config.ts runs this file in slow-pg alone.
describe.skipIf(testDialect !== 'postgresql')('two instances on one WeCom bot', () => {
  beforeEach(async () => {
    wecom = await startFakeWeCom();
    relay = await startWeComRelay(wecom.url);
    app = await createTestApp();
    app.clock.set(new Date());
    const imported = await importOrg(app, { text: ORG, actor: 'test' });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    invites = Object.fromEntries(imported.value.invites.map((entry) => [entry.person, entry.invite]));
  }, 60_000);

  it('connect on one at a time; when the holder is killed the other connects within 60 s and answers every message once', async () => {
    // Throughout: never two connections accepted at once, at the fake or in the relay's log.
    let mostAuthenticated = 0;
    const sampler = setInterval(() => {
      mostAuthenticated = Math.max(mostAuthenticated, wecom.authenticated(), relay.authenticated());
    }, 20);
    try {
      const instances = await Promise.all([startInstance(), startInstance()]);
      const roles = await Promise.all(instances.map(async (instance) => (await instance.details()).wecomConnection));
      expect([...roles].sort()).toEqual(['holder', 'standby']);
      const holder = instances[roles.indexOf('holder')]!;
      const survivor = instances[roles.indexOf('standby')]!;
      const survivorId = (await survivor.details()).instance;
      expect((await holder.details()).adapters).toEqual(['wecom']);
      await until(() => wecom.authenticated() === 1, 'the holder connected', 30_000);

      // The reporters bind with /start CODE; the holder answers each.
      for (const code of REPORTERS) wecom.pushText(code, `/start ${invites[code]}`);
      await until(async () => (await app.db.chatIdentity.count({ where: { platform: 'wecom' } })) === REPORTERS.length, 'the reporters bound', 30_000);
      await until(
        () => REPORTERS.every((code) => wecom.sent('aibot_send_msg').some((frame) => frame.body?.chatid === code && markdownOf(frame.body).includes('您好'))),
        'every welcome',
        30_000,
      );

      // One-shot submissions, two from each reporter; each answer names its title, so it maps back to its msgid.
      let n = 0;
      const titleOf = new Map<string, string>();
      const submit = () => {
        n += 1;
        const reporter = REPORTERS[n % REPORTERS.length]!;
        const title = `罗山县第${n}项重点工作进展情况`;
        titleOf.set(wecom.pushText(reporter, `/submit ${title}\n${BODY}`), `${reporter} ${title}`);
      };
      /** Each submission's answers at the fake, per msgid, with the fake connections they came on. */
      const answers = () => {
        const found = new Map<string, number[]>();
        for (const frame of wecom.sent('aibot_send_msg')) {
          const title = /已报送 #\d+《(.+?)》/.exec(markdownOf(frame.body))?.[1];
          if (title) found.set(`${frame.body?.chatid} ${title}`, [...(found.get(`${frame.body?.chatid} ${title}`) ?? []), frame.connection]);
        }
        return new Map([...titleOf].map(([msgid, key]) => [msgid, found.get(key) ?? []]));
      };
      const answeredCount = () => [...answers().values()].filter((on) => on.length > 0).length;

      for (let i = 0; i < 20; i += 1) {
        submit();
        await sleep(100);
      }
      await until(() => answeredCount() === 20, 'the first 20 answered', 30_000);
      // All on the holder's one connection; the standby never connected.
      expect(wecom.connectionsOpened()).toBe(1);
      expect(relay.connections).toHaveLength(1);
      expect(new Set([...answers().values()].flat())).toEqual(new Set([1]));
      expect((await survivor.details()).wecomConnection).toBe('standby');

      const killedAt = Date.now();
      holder.child.kill('SIGKILL');
      await holder.exited;
      await until(() => wecom.authenticated() === 0, "the killed holder's connection closed", 30_000);
      // WeCom cannot deliver to a bot that is not connected: wait for the survivor's connection before pushing.
      await until(
        async () => wecom.authenticated() === 1 && (await survivor.details()).wecomConnection === 'holder',
        'the survivor to take the connection over',
        60_000 - (Date.now() - killedAt),
      );
      const takeoverMs = Date.now() - killedAt;
      for (let i = 0; i < 20; i += 1) {
        submit();
        await sleep(200);
      }
      await until(() => answeredCount() === 40, 'every message answered', 30_000);
      await sleep(1000); // room for a second answer to any of them, which must not come

      // Each message answered exactly once: the first 20 on the holder's connection, the rest on the survivor's.
      const final = [...answers().values()];
      expect(final.map((on) => on.length)).toEqual(Array(40).fill(1));
      expect(final.slice(0, 20).flat()).toEqual(Array(20).fill(1));
      expect(final.slice(20).flat()).toEqual(Array(20).fill(2));
      expect(await app.db.item.count()).toBe(40);

      // The connection log: the holder's, closed by its death, then the survivor's, subscribed only after.
      expect(wecom.connectionsOpened()).toBe(2);
      const [first, second] = relay.connections;
      expect(relay.connections).toHaveLength(2);
      expect(relay.connections.map((entry) => entry.kicked)).toEqual([false, false]);
      expect(first!.closedBy).toBe('bot');
      expect(first!.closedAt).toBeGreaterThanOrEqual(killedAt);
      expect(second!.subscribedAt).toBeGreaterThan(first!.closedAt!);
      expect(second!.authenticatedAt).toBeDefined();
      expect(second!.closedAt).toBeUndefined();
      expect(mostAuthenticated).toBe(1);
      expect(survivor.stderr()).toContain(`lease wecom.connection: taken by ${survivorId}`);
      process.stdout.write(`two instances (WeCom): the connection taken over ${takeoverMs} ms after the kill; 40 messages answered once each\n`);

      // Stopped, the survivor closes the connection and gives the lease up at once.
      survivor.child.kill('SIGTERM');
      await survivor.exited;
      expect(await app.db.lease.findUnique({ where: { name: 'wecom.connection' } })).toBeNull();
      await until(() => wecom.authenticated() === 0, "the survivor's connection closed", 30_000);
      expect(relay.connections[1]!.closedBy).toBe('bot');
    } finally {
      clearInterval(sampler);
    }
  }, 240_000);
});
