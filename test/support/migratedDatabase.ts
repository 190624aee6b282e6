/** The migrated database the test apps are copied from (test/support/databases.ts). */
export { migratedDatabase } from './databases.ts';
