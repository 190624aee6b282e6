/** Named settings (Setting): one value per key. */
import type { SettingsRepo } from '../../domain/settings/port.ts';
import type { Tx } from '../records.ts';

export function settingsRepo(db: Tx): SettingsRepo {
  return {
    async get(key) {
      return (await db.setting.findUnique({ where: { key } }))?.value ?? null;
    },
    async set(key, value) {
      await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
    },
  };
}
