/** Named settings kept in the database (the office's name, a chat account's language before it is bound). */
export interface SettingsRepo {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}
