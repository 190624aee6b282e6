// Compiles src/ to dist/ for the production entry, `node dist/main.js` (docs/running.md,
// "Production"): each .ts file becomes the .js file of the same path, its imports of .ts files
// rewritten to .js, and every other file of src/ (the provider schema module, the demo office's
// YAML) is copied as it is, so paths taken from import.meta.url find the same files from dist/.
// Each file is compiled alone by esbuild, as tsx compiles it when it runs src/ (no type check:
// `npm run typecheck` does that); the whole tree takes well under a second.
//
//   node scripts/build.mjs            builds dist/
//   node scripts/build.mjs --if-stale builds it only when missing or older than a source
import { existsSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = path.join(root, 'src');
const distDir = path.join(root, 'dist');
/** Written last by a build, with the time the build began: dist/ is fresh while no source is newer. */
const stampFile = path.join(distDir, '.built');

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full, base);
    return entry.isFile() ? [path.relative(base, full)] : [];
  });
}

/** Whether dist/ is missing, or older than a file of src/ or than this script. */
export function buildIsStale() {
  let builtAt;
  try {
    builtAt = statSync(stampFile).mtimeMs;
  } catch {
    return true;
  }
  // A copy without src/ (dist/ alone) is as fresh as it was built.
  const sources = existsSync(srcDir) ? filesUnder(srcDir).map((file) => path.join(srcDir, file)) : [];
  sources.push(fileURLToPath(import.meta.url));
  return sources.some((file) => statSync(file).mtimeMs > builtAt);
}

const isTypeScript = (file) => file.endsWith('.ts') && !file.endsWith('.d.ts');
const isDeclaration = (file) => /\.d\.[mc]?ts$/.test(file);

/**
 * Builds dist/ afresh: into a new folder, which then replaces dist/, so a build that fails
 * leaves the previous one as it was.
 */
export async function build() {
  const began = new Date();
  const { build: esbuild } = await import('esbuild');
  const files = filesUnder(srcDir);
  const next = `${distDir}.${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  try {
    await esbuild({
      entryPoints: files.filter(isTypeScript).map((file) => path.join(srcDir, file)),
      outdir: next,
      outbase: srcDir,
      // "Bundling" each file with every import left out: esbuild then rewrites `./x.ts` to `./x.js`.
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20.19',
      logLevel: 'warning',
      plugins: [
        {
          name: 'each-file-alone',
          setup(builder) {
            builder.onResolve({ filter: /.*/ }, (args) => {
              if (args.kind === 'entry-point') return undefined;
              const relative = args.path.startsWith('./') || args.path.startsWith('../');
              return { path: relative ? args.path.replace(/\.ts$/, '.js') : args.path, external: true };
            });
          },
        },
      ],
    });
    for (const file of files.filter((file) => !isTypeScript(file) && !isDeclaration(file))) {
      mkdirSync(path.dirname(path.join(next, file)), { recursive: true });
      copyFileSync(path.join(srcDir, file), path.join(next, file));
    }
    writeFileSync(path.join(next, '.built'), '');
    utimesSync(path.join(next, '.built'), began, began);
    rmSync(distDir, { recursive: true, force: true });
    renameSync(next, distDir);
  } finally {
    if (existsSync(next)) rmSync(next, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || buildIsStale()) {
    const started = performance.now();
    await build();
    process.stderr.write(`xinbao: built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
