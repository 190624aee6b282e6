/**
 * `xinbao rules check|load|list|recompute`: the office's rules file and its versions.
 * `check` reads only the file; the others open the database.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { rulesProblems } from '../domain/rules/parseRules.ts';
import { recomputePoints, type RulesActor } from '../domain/rules/recomputePoints.ts';
import { loadRulesVersion } from '../domain/rules/versions.ts';
import { formatLocal } from '../domain/time/index.ts';
import { errorText } from '../i18n/errorText.ts';
import { translator } from '../i18n/catalog.ts';
import { UsageError, withApp, type Subcommand, usageLine } from './shared.ts';

const USAGE = 'rules check|load FILE.yaml | rules list | rules recompute [--period P] [--as PERSON]';

/** The file's text, or null after saying why it cannot be read. */
function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    process.stderr.write(`xinbao: cannot read ${file}: check the path.\n`);
    return null;
  }
}

/** Prints every problem of the file as `FILE:LINE: key: reason`; true when there was none. */
function reportProblems(file: string, text: string): boolean {
  const problems = rulesProblems(text);
  for (const problem of problems) {
    process.stderr.write(`${file}:${problem.line}: ${problem.key ? `${problem.key}: ` : ''}${problem.reason}\n`);
  }
  return problems.length === 0;
}

async function check(file: string): Promise<number> {
  const text = readText(file);
  if (text === null) return 1;
  if (!reportProblems(file, text)) return 1;
  console.log('ok');
  return 0;
}

async function load(file: string): Promise<number> {
  const text = readText(file);
  if (text === null) return 1;
  if (!reportProblems(file, text)) {
    process.stderr.write('xinbao: nothing was loaded; fix the file and run the command again.\n');
    return 1;
  }
  return withApp(async (app) => {
    const result = await loadRulesVersion(app, { text, actor: 'cli' });
    if (!result.ok) {
      process.stderr.write(`xinbao: ${errorText(translator(app.config.locale), result.error)}\n`);
      return 1;
    }
    const loaded = result.value;
    console.log(
      loaded.changed
        ? `Loaded rules version ${loaded.version} (was ${loaded.previous}). Points already earned keep their prices; run "xinbao rules recompute" to re-price them.`
        : `unchanged: ${file} holds the rules of version ${loaded.version}, already in force; nothing was loaded.`,
    );
    return 0;
  });
}

async function list(): Promise<number> {
  return withApp(async (app) => {
    const versions = await app.store.rules.list();
    if (versions.length === 0) {
      console.log('0\t(built-in defaults)\tin force');
      return 0;
    }
    const last = versions[versions.length - 1]!.version;
    for (const v of versions) {
      console.log(`${v.version}\t${formatLocal(v.loadedAt, app.timezone)}\t${v.loadedBy ?? '-'}${v.version === last ? '\tin force' : ''}`);
    }
    return 0;
  });
}

async function recompute(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { period: { type: 'string' }, as: { type: 'string' } } });
  return withApp(async (app) => {
    const t = translator(app.config.locale);
    let editor: RulesActor = { operator: 'cli' };
    if (values.as) {
      const person = await app.store.people.byCode(values.as);
      if (!person) {
        process.stderr.write(`xinbao: ${t('error.PERSON.UNKNOWN', { code: values.as })}\n`);
        return 1;
      }
      editor = person;
    }
    const result = await recomputePoints(app, { editor, period: values.period });
    if (!result.ok) {
      process.stderr.write(`xinbao: ${errorText(t, result.error)}\n`);
      return 1;
    }
    const done = result.value;
    const period = done.period ?? 'all periods';
    if (done.adoptionsChanged + done.instructionsChanged === 0) {
      console.log(`unchanged: points in ${period} already follow rules version ${done.version}.`);
    } else {
      console.log(
        `Re-priced with rules version ${done.version} (${period}): ${done.adoptionsChanged} adoptions, ${done.instructionsChanged} instructions changed. ` +
          `Adoption points ${done.before.adoptions} -> ${done.after.adoptions}; instruction bonuses ${done.before.instructions} -> ${done.after.instructions}.`,
      );
    }
    if (done.adoptionsKept > 0) console.log(`${done.adoptionsKept} adoptions are by publications no longer in the rules; they keep their points.`);
    return 0;
  });
}

export const rulesCommand: Subcommand = {
  name: 'rules',
  usage: [
    usageLine('rules check FILE.yaml', 'validate a rules file (touches no database)'),
    usageLine('rules load FILE.yaml', 'put a rules file in force as a new version'),
    usageLine('rules list', 'the rules versions: when and by whom loaded'),
    usageLine('rules recompute [--period P] [--as PERSON]', 're-price points already earned with the rules in force'),
  ],
  async run(args) {
    const [action, ...rest] = args;
    switch (action) {
      case 'check':
      case 'load': {
        if (!rest[0] || rest.length > 1) throw new UsageError(`xinbao rules ${action} FILE.yaml`);
        return action === 'check' ? check(rest[0]) : load(rest[0]);
      }
      case 'list':
        return list();
      case 'recompute':
        return recompute(rest);
      default:
        throw new UsageError(`xinbao ${USAGE}`);
    }
  },
};
