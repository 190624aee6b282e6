// Keeps the Dockerfile, compose.yaml and .dockerignore honest without Docker (run by
// scripts/check-container.sh; docs/container.md says what this does and does not prove): the
// image's npm commands and CMD are package.json's, its runtime stage is what docs/container.md
// says, and compose.yaml names one image, one port, one database and one env file throughout.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file) => readFileSync(path.join(root, file), 'utf8');
const pkg = JSON.parse(read('package.json'));
const scripts = pkg.scripts ?? {};

/** The Dockerfile's instructions, continuation lines joined, comments left out, each with its stage. */
function instructions(text) {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replaceAll(/\\\n/g, ' ');
  let stage = -1;
  const list = [];
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    if (keyword === 'FROM') stage++;
    list.push({ keyword, args: match[2].trim(), stage });
  }
  return list;
}

const dockerfile = instructions(read('Dockerfile'));
const lastStage = Math.max(...dockerfile.map((entry) => entry.stage));
const runtime = dockerfile.filter((entry) => entry.stage === lastStage);
const all = (keyword, list = dockerfile) => list.filter((entry) => entry.keyword === keyword);
const one = (keyword, list = dockerfile) => all(keyword, list).at(-1);
/** An exec-form instruction's words (`["node", "dist/main.js"]`). */
const execForm = (entry) => (entry ? JSON.parse(entry.args.replace(/^CMD\s+/, '')) : undefined);
/** ENV KEY=VALUE … of the runtime stage. */
const env = Object.fromEntries(
  all('ENV', runtime).flatMap((entry) => [...entry.args.matchAll(/(\w+)=("[^"]*"|\S+)/g)].map((m) => [m[1], m[2].replaceAll('"', '')])),
);
const exposed = one('EXPOSE', runtime)?.args.split(/\s+/)[0];

const ignore = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith('#'));
const ignored = (file) => ignore.some((pattern) => path.matchesGlob(file, pattern) || file.startsWith(`${pattern}/`));

const compose = parse(read('compose.yaml'), { merge: true });
const services = compose?.services ?? {};
const postgresName = Object.keys(services).find((name) => String(services[name].image ?? '').startsWith('postgres'));
const postgres = postgresName ? services[postgresName] : undefined;
const xinbaos = Object.entries(services).filter(([, service]) => service.build !== undefined);

const checks = [
  [
    'every npm command the image runs is npm ci, npm prune or a package.json script',
    () =>
      all('RUN').flatMap((entry) =>
        [...entry.args.matchAll(/\bnpm\s+([^&;|]+)/g)].flatMap(([, command]) => {
          const [verb, name] = command.trim().split(/\s+/);
          if (verb === 'ci' || verb === 'prune') return [];
          if ((verb === 'run' || verb === 'run-script') && name in scripts) return [];
          return [`RUN npm ${command.trim()}: ${verb === 'run' ? `package.json has no script "${name}"` : 'not npm ci, npm prune or npm run SCRIPT'}`];
        }),
      ),
  ],
  [
    "the image's CMD is the command of a package.json script",
    () => {
      const cmd = execForm(one('CMD', runtime))?.join(' ');
      const script = Object.entries(scripts).find(([, command]) => command.replace(/^exec\s+/, '') === cmd);
      return script ? [] : [`CMD ${cmd}: no package.json script runs exactly this (add one, e.g. "start:prod": "node dist/main.js")`];
    },
  ],
  [
    "package.json's bin (npx xinbao) is inside what the runtime stage copies",
    () => {
      const copied = all('COPY', runtime).flatMap((entry) =>
        entry.args
          .split(/\s+/)
          .filter((word) => !word.startsWith('--'))
          .slice(0, -1),
      );
      const tops = new Set(copied.map((source) => source.replace(/^\/app\//, '').split('/')[0]));
      return Object.entries(pkg.bin ?? {}).flatMap(([name, file]) => {
        const top = path.normalize(file).split('/')[0];
        return tops.has(top) ? [] : [`bin ${name} is ${file}, but the runtime stage copies only ${[...tops].join(', ')}`];
      });
    },
  ],
  [
    'tini is PID 1, installed in the runtime stage',
    () => {
      const entrypoint = execForm(one('ENTRYPOINT', runtime));
      const installed = all('RUN', runtime).some((entry) => /apt-get install[^&]*\btini\b/.test(entry.args));
      return [
        ...(entrypoint?.[0] === '/usr/bin/tini' ? [] : [`ENTRYPOINT is ${JSON.stringify(entrypoint)}, not /usr/bin/tini`]),
        ...(installed ? [] : ['no apt-get install tini in the runtime stage']),
      ];
    },
  ],
  [
    'the runtime stage runs as a user other than root and installs no compiler',
    () => {
      const user = one('USER', runtime)?.args;
      const compilers = all('RUN', runtime).filter((entry) => /apt-get install[^&]*\s(g\+\+|gcc|make|python3)(?=\s|$)/.test(entry.args));
      return [
        ...(user && !['root', '0'].includes(user.split(':')[0]) ? [] : [`USER is ${user ?? 'not set'}`]),
        ...compilers.map((entry) => `RUN ${entry.args}: a build tool in the runtime stage`),
      ];
    },
  ],
  [
    'the SQLite database is in the /data VOLUME, the port EXPOSEd is PORT, the HEALTHCHECK asks /healthz with node',
    () => {
      const volumes = one('VOLUME', runtime)?.args ?? '';
      const health = one('HEALTHCHECK', runtime)?.args ?? '';
      return [
        ...(env.DATABASE_URL?.startsWith('file:/data/') && /["\s[]\/data["\s\]]|^\/data$/.test(volumes)
          ? []
          : [`DATABASE_URL ${env.DATABASE_URL}, VOLUME ${volumes}`]),
        ...(exposed && exposed === env.PORT ? [] : [`EXPOSE ${exposed}, PORT ${env.PORT}`]),
        ...(/CMD \["node",/.test(health) && health.includes('/healthz') && !/\b(curl|wget)\b/.test(health) ? [] : [`HEALTHCHECK ${health}`]),
      ];
    },
  ],
  [
    'every file COPYed from the build context exists and is not in .dockerignore',
    () =>
      all('COPY')
        .filter((entry) => !entry.args.includes('--from='))
        .flatMap((entry) =>
          entry.args
            .split(/\s+/)
            .filter((word) => !word.startsWith('--'))
            .slice(0, -1),
        )
        .filter((source) => source !== '.')
        .flatMap((source) => [
          ...(existsSync(path.join(root, source)) ? [] : [`COPY ${source}: no such file`]),
          ...(ignored(source) ? [`COPY ${source}: .dockerignore leaves it out`] : []),
        ]),
  ],
  [
    '.dockerignore and .gitignore keep out the installed modules, the databases and the secrets compose reads',
    () => {
      const envFiles = [...new Set(xinbaos.flatMap(([, service]) => [service.env_file ?? []].flat())), '.env'];
      const gitignore = read('.gitignore').split('\n');
      return [
        ...['node_modules', 'data/xinbao.db', 'src/store/generated'].filter((file) => !ignored(file)).map((file) => `.dockerignore lets ${file} in`),
        ...envFiles.filter((file) => !ignored(file)).map((file) => `.dockerignore lets ${file} in`),
        ...envFiles.filter((file) => !gitignore.includes(`/${file}`)).map((file) => `.gitignore does not name /${file}`),
      ];
    },
  ],
  [
    'compose.yaml runs PostgreSQL 15 with a volume and a pg_isready healthcheck',
    () => {
      if (!postgres) return ['no service with a postgres image'];
      const test = [postgres.healthcheck?.test ?? []].flat().join(' ');
      return [
        ...(/^postgres:15(\b|-)/.test(postgres.image) ? [] : [`image ${postgres.image}`]),
        ...((postgres.volumes ?? []).some((volume) => String(volume).endsWith(':/var/lib/postgresql/data')) ? [] : ['no volume at /var/lib/postgresql/data']),
        ...(test.includes('pg_isready') ? [] : [`healthcheck ${test || 'missing'}`]),
      ];
    },
  ],
  [
    "compose.yaml's Xinbao instances (two or more) share one image and its database, wait for it, read an env file and publish the image's port",
    () => {
      if (xinbaos.length < 2) return [`${xinbaos.length} Xinbao service(s)`];
      const problems = [];
      const user = postgres?.environment?.POSTGRES_USER;
      const database = postgres?.environment?.POSTGRES_DB;
      if (new Set(xinbaos.map(([, service]) => service.image)).size !== 1) problems.push('the Xinbao services name different images');
      const hostPorts = [];
      for (const [name, service] of xinbaos) {
        const url = /^postgres(?:ql)?:\/\/([^:@]+)(?::[^@]*)?@([^:/]+):(\d+)\/(\w+)$/.exec(service.environment?.DATABASE_URL ?? '');
        if (!url) problems.push(`${name}: DATABASE_URL is not postgresql://USER:PASSWORD@HOST:PORT/DB`);
        else if (url[1] !== user || url[2] !== postgresName || url[3] !== '5432' || url[4] !== database) {
          problems.push(`${name}: DATABASE_URL names ${url[1]}@${url[2]}:${url[3]}/${url[4]}, not ${user}@${postgresName}:5432/${database}`);
        }
        if (service.depends_on?.[postgresName]?.condition !== 'service_healthy') problems.push(`${name}: does not wait for ${postgresName} to be healthy`);
        if (!service.env_file) problems.push(`${name}: no env_file`);
        for (const port of service.ports ?? []) {
          const parts = String(port).split(':');
          if (parts.at(-1) !== exposed) problems.push(`${name}: publishes container port ${parts.at(-1)}, the image EXPOSEs ${exposed}`);
          hostPorts.push(parts.slice(0, -1).join(':'));
        }
        if (!service.ports?.length) problems.push(`${name}: publishes no port`);
      }
      if (new Set(hostPorts).size !== hostPorts.length) problems.push(`host ports collide: ${hostPorts.join(', ')}`);
      return problems;
    },
  ],
];

let failed = 0;
for (const [what, check] of checks) {
  const problems = check();
  if (problems.length === 0) {
    console.log(`ok    ${what}`);
    continue;
  }
  failed++;
  console.log(`FAIL  ${what}`);
  for (const problem of problems) console.log(`        ${problem}`);
}
console.log(failed === 0 ? `check-container: all ${checks.length} checks hold` : `check-container: ${failed} of ${checks.length} checks fail`);
process.exit(failed === 0 ? 0 : 1);
