/** `xinbao migrate`: applies the pending database migrations. */
import { migrate } from '../store/migrate.ts';
import { loadConfig, type Subcommand, usageLine } from './shared.ts';

export const migrateCommand: Subcommand = {
  name: 'migrate',
  usage: [usageLine('migrate', 'apply pending database migrations')],
  async run() {
    const applied = await migrate(loadConfig().databaseUrl);
    console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date.');
    return 0;
  },
};
