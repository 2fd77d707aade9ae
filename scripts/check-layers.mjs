#!/usr/bin/env node
// The layer check: imports run commands → ui/store → core, never back up. Exits 1 naming every
// import that breaks a rule. Run by `npm test` (and so by .ci/run and integrate.sh).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Static imports, re-exports and dynamic imports with a literal specifier. */
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
/** Node modules with side effects on the world: the pure core never touches them. */
const IMPURE_NODE = /^(node:)?(fs|fs\/promises|child_process|os|net|http|https|tty|readline|worker_threads|process)$/;

function walk(dir) {
  const out = [];
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, d.name);
    if (d.isDirectory()) out.push(...walk(p));
    else if (/\.(ts|mts)$/.test(d.name) && !d.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The layer of a file, by its path under src/ (posix separators). */
export function layerOf(rel) {
  if (rel.startsWith('core/')) return 'core';
  if (rel.startsWith('store/')) return 'store';
  if (rel.startsWith('ui/')) return 'ui';
  if (rel.startsWith('commands/shared/')) return 'shared';
  if (rel.startsWith('commands/')) return 'command';
  return 'entry'; // cli.ts, main.ts, errors.ts
}

const ENTRY_ONLY = new Set(['cli.ts', 'main.ts']);

/** Why an import from `from` (layer path under src/) of `to` breaks a rule; undefined when it is fine. */
export function violation(from, to) {
  const a = layerOf(from);
  if (to.startsWith('node:') || !to.includes('/')) {
    // A bare specifier: only the core's purity is checked (its packages are free of I/O).
    if (a === 'core' && IMPURE_NODE.test(to)) return `core/ is pure: it does not import ${to}`;
    return undefined;
  }
  const b = layerOf(to);
  if (ENTRY_ONLY.has(to) && from !== 'cli.ts' && from !== 'main.ts') return `only the entry imports ${to}`;
  if (a === 'core' && b !== 'core' && b !== 'entry') return `core/ imports neither store/, ui/ nor commands/ (found ${to})`;
  if ((a === 'store' || a === 'ui') && (b === 'command' || b === 'shared')) return `${a}/ never imports commands/ (found ${to})`;
  if (a === 'store' && b === 'ui') return `store/ never imports ui/ (found ${to})`;
  if (a === 'ui' && b === 'store') return `ui/ never imports store/ (found ${to})`;
  if (a === 'command' && b === 'command')
    return `a command never imports another command (found ${to}); move shared code to commands/shared/`;
  if (a === 'shared' && b === 'command') return `commands/shared/ never imports a command (found ${to})`;
  return undefined;
}

/** Every rule broken under `srcDir`, as `file: import: why` lines. */
export function checkLayers(srcDir) {
  const root = resolve(srcDir);
  const problems = [];
  for (const file of walk(root)) {
    const from = relative(root, file).split(sep).join('/');
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (!spec) continue;
      let to = spec;
      if (spec.startsWith('.')) {
        to = relative(root, resolve(dirname(file), spec))
          .split(sep)
          .join('/')
          .replace(/\.js$/, '.ts');
        if (to.startsWith('..')) {
          problems.push(`src/${from}: ${spec}: imports from outside src/`);
          continue;
        }
      }
      const why = violation(from, to);
      if (why) problems.push(`src/${from}: ${spec}: ${why}`);
    }
  }
  return problems;
}

/** Size rules of issue 16: no src/store/ file over 250 lines; no function of the study command of 60 lines or more. */
export const MAX_STORE_LINES = 250;
export const MAX_RUN_STUDY_LINES = 59;

/** Every size rule broken under `srcDir`. */
export function checkSizes(srcDir) {
  const root = resolve(srcDir);
  const problems = [];
  for (const file of walk(join(root, 'store'))) {
    const lines = readFileSync(file, 'utf8').split('\n').length - 1;
    if (lines > MAX_STORE_LINES)
      problems.push(
        `src/store/${relative(join(root, 'store'), file)}: ${lines} lines (at most ${MAX_STORE_LINES}): split it by concern`,
      );
  }
  // The study command only reads, loops on keys and prints: none of its functions (runStudy and
  // the session loop it hands over to) reaches 60 lines.
  const study = readFileSync(join(root, 'commands', 'study.ts'), 'utf8').split('\n');
  let found = false;
  study.forEach((line, start) => {
    const m = /^(?:export )?(?:async )?function (\w+)/.exec(line);
    if (!m) return;
    found ||= m[1] === 'runStudy';
    const end = study.findIndex((l, i) => i > start && l === '}');
    const n = end - start + 1;
    if (n > MAX_RUN_STUDY_LINES)
      problems.push(`src/commands/study.ts: ${m[1]} is ${n} lines (under 60): move work into core/session.ts or helpers`);
  });
  if (!found) problems.push('src/commands/study.ts: runStudy not found');
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const src = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const problems = [...checkLayers(src), ...checkSizes(src)];
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`layer check: ${problems.length} problem(s): imports run commands → ui/store → core; files stay small`);
    process.exit(1);
  }
  console.log('layer check: ok');
}
