/**
 * `xinbao export --period P --out FILE.xlsx`: the period's figures as a spreadsheet (units and
 * people ranked, adoptions, urgent-report timeliness), the same as /export sends in chat. A
 * progress bar goes to stderr when it is a terminal.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { errorText } from '../i18n/errorText.ts';
import { gatherExport } from '../domain/export/gatherExport.ts';
import { parsePeriod } from '../domain/time/index.ts';
import { translator } from '../i18n/catalog.ts';
import { periodWorkbook } from '../reports/periodWorkbook.ts';
import { terminalProgress } from '../reports/progress.ts';
import { loadConfig, UsageError, withApp, type Subcommand, usageLine } from './shared.ts';

const USAGE = 'xinbao export --period P --out FILE.xlsx   (P: 2026-W47, 2026-11, 2026-Q4, 2026 or 2026-11-16..2026-11-29)';

export const exportCommand: Subcommand = {
  name: 'export',
  usage: [usageLine('export --period P --out FILE.xlsx', "the period's figures as a spreadsheet")],
  async run(args) {
    const { values } = parseArgs({ args, options: { period: { type: 'string' }, out: { type: 'string' } } });
    if (!values.period?.trim() || !values.out?.trim()) throw new UsageError(USAGE);
    const config = loadConfig();
    const period = parsePeriod(values.period, config.timezone);
    if (!period.ok) {
      process.stderr.write(`xinbao: ${errorText(translator(config.locale), period.error)}\n`);
      return 2;
    }
    const out = values.out;
    return withApp(async (app) => {
      const data = await gatherExport(app, period.value);
      const { title, buffer } = await periodWorkbook(data, {
        locale: config.locale,
        timezone: app.timezone,
        rules: app.rules,
        onProgress: terminalProgress(`xinbao export ${period.value.key}`),
      });
      try {
        writeFileSync(out, buffer);
      } catch (error) {
        process.stderr.write(`xinbao: cannot write ${out}: ${error instanceof Error ? error.message : String(error)}\n`);
        return 1;
      }
      const urgent = data.urgent.length + data.misses.length;
      console.log(
        `Wrote ${out} (${title}): ${data.units.length} units, ${data.people.length} people, ${data.adoptions.length} adoptions, ${urgent} urgent reports.`,
      );
      return 0;
    });
  },
};
