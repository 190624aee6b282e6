/** Named settings kept in the database (the office's name, a chat account's language before it is bound). */
export interface SettingsRepo {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** When the office went live: the instant of its first org import (ISO 8601); the quota pace counts from its day. */
export const GO_LIVE_SETTING = 'office.goLive';
