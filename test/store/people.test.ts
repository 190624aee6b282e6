/** The hottest read: the person behind a chat account, in one statement, the same record as by id. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importOrg } from '../../src/domain/org/importOrg.ts';
import { SAMPLE_ORG, seededApps, type TestApp } from '../support/testApp.ts';

const ORG = `${SAMPLE_ORG}  - { code: zhaolei, name: 赵磊, unit: luoshan, roles: [reporter, lead, duty] }
`;

const office = seededApps(async (seeded) => {
  const imported = await importOrg(seeded, { text: ORG, actor: 'test' });
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
});

let app: TestApp;
beforeEach(async () => {
  app = await office();
});
afterEach(async () => {
  await app?.dispose();
});

const bind = async (code: string, userId: string) => {
  const person = (await app.store.people.byCode(code))!;
  await app.store.identities.bind(person.id, { platform: 'telegram', platformUserId: userId, chatId: userId });
  return person;
};

describe('the person behind a chat account', () => {
  it.each([
    ['a reporter with a unit', 'zhangwei'],
    ['someone with three roles', 'zhaolei'],
    ['an editor without a unit', 'chenjing'],
    ['a city-level leader', 'huangmin'],
  ])('is %s, read exactly as by id', async (_name, code) => {
    const person = await bind(code, `u-${code}`);
    expect(await app.store.people.byIdentity('telegram', `u-${code}`)).toEqual(await app.store.people.byId(person.id));
  });

  it('is nobody for an account that is not bound, or bound on another platform', async () => {
    await bind('zhangwei', '42');
    expect(await app.store.people.byIdentity('telegram', '43')).toBeNull();
    expect(await app.store.people.byIdentity('slack', '42')).toBeNull();
  });

  it('keeps a language the person chose, and a unit that was retired', async () => {
    const person = await bind('zhangwei', '42');
    await app.db.person.update({ where: { id: person.id }, data: { locale: 'en' } });
    await app.db.unit.update({ where: { code: 'luoshan' }, data: { active: false } });
    const read = await app.store.people.byIdentity('telegram', '42');
    expect(read?.locale).toBe('en');
    expect(read?.unit).toMatchObject({ code: 'luoshan', active: false });
    expect(read).toEqual(await app.store.people.byId(person.id));
  });
});
