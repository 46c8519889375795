/**
 * `npm run check`'s dependency check: every import between rooms must go the documented way
 * (README.md "Layout", engine/README.md "Dependencies"), so a new cycle between rooms, or an
 * import against the direction, fails the check with the file and the rule it breaks.
 *
 * A room is the longest listed folder holding the file; `ALLOWED` says which rooms each may
 * import. The table has no cycle, so an import outside it is both a wrong direction and, if
 * left, the start of a cycle; the one cycle there is (engine/tensor/tensor.ts calling autograd
 * and ops, which build Tensors) is named in `EXCEPTIONS` with its reason. Tests, fixtures and
 * benches may import anything: they sit above what they check. The worker client starts
 * `host/worker.ts` by URL (`new URL(...)`), which is a message channel, not an import.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');

/** Each room and the rooms it may import (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  'engine/base': [],
  'engine/backends': ['engine/base'],
  'engine/tensor': ['engine/base', 'engine/backends'],
  'engine/autograd': ['engine/base', 'engine/backends', 'engine/tensor'],
  'engine/ops': ['engine/base', 'engine/backends', 'engine/tensor', 'engine/autograd'],
  'engine/nn': ['engine/base', 'engine/backends', 'engine/tensor', 'engine/autograd', 'engine/ops'],
  'engine/optim': ['engine/base', 'engine/backends', 'engine/tensor', 'engine/autograd', 'engine/ops', 'engine/nn'],
  'engine/serialization': ['engine/base', 'engine/backends', 'engine/tensor', 'engine/nn', 'engine/optim'],
  'engine/torch_backends': ['engine/base', 'engine/backends', 'engine/tensor'],
  'engine/api': ['engine/base', 'engine/backends', 'engine/tensor', 'engine/autograd', 'engine/ops', 'engine/nn', 'engine/optim', 'engine/serialization', 'engine/torch_backends'],
  'src/lab/tasks': [],
  'src/lab/config': ['src/lab/tasks'],
  'src/lab/run': ['engine/api', 'src/lab/tasks', 'src/lab/config'],
  'src/export': ['engine/api', 'src/lab/tasks', 'src/lab/config', 'src/lab/run'],
  'src/lab/host': ['engine/api', 'src/lab/tasks', 'src/lab/config', 'src/lab/run', 'src/lab/protocol', 'src/export'],
  'src/lab/protocol': ['engine/api', 'src/lab/tasks', 'src/lab/config', 'src/lab/run'],
  'src/lab/client': ['src/lab/tasks', 'src/lab/config', 'src/lab/run', 'src/lab/protocol'],
  'src/format': ['src/lab/tasks'],
  'src/charts': ['src/lab/tasks', 'src/lab/run', 'src/lab/protocol', 'src/format'],
  'src/state': ['src/lab/tasks', 'src/lab/config', 'src/lab/run', 'src/lab/protocol', 'src/lab/client', 'src/format'],
  'src/controls': ['src/lab/tasks', 'src/lab/config', 'src/lab/run', 'src/lab/protocol', 'src/format', 'src/state'],
  'src/views': ['src/lab/tasks', 'src/lab/config', 'src/lab/run', 'src/lab/protocol', 'src/format', 'src/state', 'src/charts', 'src/controls'],
  'src/learn': ['src/lab/config'],
  'src/app': ['src/lab/tasks', 'src/lab/config', 'src/lab/run', 'src/lab/protocol', 'src/lab/client', 'src/format', 'src/state', 'src/charts', 'src/controls', 'src/views', 'src/learn'],
};

/** Files that form a room of their own, ahead of their folder. */
const FILE_ROOMS: Record<string, string> = {
  'engine/errors.ts': 'engine/base',
  'engine/options.ts': 'engine/base',
  'engine/index.ts': 'engine/api',
  'engine/torch.ts': 'engine/api',
  // The contract between page and worker: the page may import it, never the rest of host/.
  'src/lab/host/protocol.ts': 'src/lab/protocol',
  'src/App.tsx': 'src/app',
  'src/main.tsx': 'src/app',
  'src/test_hook.ts': 'src/app',
};

const FOLDER_ROOMS = Object.keys(ALLOWED).filter((r) => !Object.values(FILE_ROOMS).includes(r) || r === 'src/lab/host');

/**
 * Imports against the table that are the documented rule. `Tensor`'s methods are the
 * PyTorch-style front of the ops (`x.add(y)`, `loss.backward()`), so tensor.ts calls into
 * autograd and ops while they build Tensors. It works because these imports are used only when
 * a method runs, never while modules load; attaching the methods from the ops side instead
 * (tfjs's chained ops) would be registration by side-effect import. Nothing else in
 * engine/tensor/ may import autograd or ops.
 */
const EXCEPTIONS: readonly { from: string; to: string; why: string }[] = [
  { from: 'engine/tensor/tensor.ts', to: 'engine/autograd', why: 'Tensor.backward and version counters, called when a method runs' },
  { from: 'engine/tensor/tensor.ts', to: 'engine/ops', why: "Tensor's methods call their op when they run" },
];

/** Not checked: they sit above what they test or measure. */
const UNCHECKED = [/\.test\.tsx?$/, /^engine\/testing\//, /^engine\/bench\//, /^src\/charts\/gallery\//, /\/wasm\/build\.ts$/];

function roomOf(file: string): string | undefined {
  const own = FILE_ROOMS[file];
  if (own) return own;
  return FOLDER_ROOMS.filter((r) => file.startsWith(`${r}/`)).sort((a, b) => b.length - a.length)[0];
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;

/** The repository paths a file imports (relative and `engine` specifiers; packages are skipped). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? '';
    if (spec.startsWith('.')) out.push(normalize(join(dirname(file), spec)));
    else if (spec === 'engine') out.push('engine/index.ts');
    else if (spec.startsWith('engine/')) out.push(spec);
  }
  return out;
}

export function violations(files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    if (UNCHECKED.some((re) => re.test(file))) continue;
    const from = roomOf(file);
    if (!from) {
      problems.push(`${file}: in no room; add its folder to ALLOWED in scripts/check_deps.ts (and to the README's layout table)`);
      continue;
    }
    for (const target of importsOf(file)) {
      const to = roomOf(target);
      if (!to || to === from) continue;
      if ((ALLOWED[from] ?? []).includes(to)) continue;
      if (EXCEPTIONS.some((e) => e.from === file && e.to === to)) continue;
      problems.push(`${file} imports ${relative('.', target)}: ${from} may not import ${to} (allowed: ${(ALLOWED[from] ?? []).join(', ') || 'nothing'})`);
    }
  }
  return problems;
}

/** The rooms in an order where each imports only earlier ones; throws where the table itself has a cycle. */
function layerOrder(): string[] {
  const done: string[] = [];
  const visiting = new Set<string>();
  const visit = (room: string, path: readonly string[]) => {
    if (done.includes(room)) return;
    if (visiting.has(room)) throw new Error(`ALLOWED has a cycle: ${[...path, room].join(' -> ')}`);
    visiting.add(room);
    for (const dep of ALLOWED[room] ?? []) visit(dep, [...path, room]);
    visiting.delete(room);
    done.push(room);
  };
  for (const room of Object.keys(ALLOWED)) visit(room, []);
  return done;
}

function main(): void {
  layerOrder();
  const files = [...sources('engine'), ...sources('src')];
  const problems = violations(files);
  if (problems.length > 0) {
    process.stderr.write(`Dependency check: ${problems.length} import(s) against the documented direction\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`Dependency check: ${files.length} files, every import between rooms goes the documented way\n`);
}

main();
