import assert from 'node:assert/strict';
import { test } from 'node:test';
import { projectRoot } from '../helpers/cli';
import { importsOf, isNodeBuiltin, packageOf, sourceTree, type SourceImport } from '../helpers/source-imports';

// The boundaries the README states, checked on every source file's imports. Each rule says which files it
// governs and which of their imports (or, for routes, which code) it refuses; the contract's rule governs
// everything the contract imports, transitively, since the renderer bundles all of it.

const contractDir = 'electron/core/api/contract/';
// jsqr: the Vérifier screen reads QR codes from the camera and from photos in the renderer.
const rendererPackages = new Set(['vue', 'vue-router', 'pinia', 'jsqr']);

interface Rule {
  id: string;
  says: string;
  governs(file: string, contractClosure: ReadonlySet<string>): boolean;
  refuses(imp: SourceImport): boolean;
  /** Code the governed files may not hold, whatever they import. */
  refusesCode?: RegExp;
}

const under = (dir: string) => (file: string): boolean => file.startsWith(dir);

const rules: Rule[] = [
  {
    id: 'electron-shell',
    says: "only electron/main and electron/preload import 'electron'",
    governs: (f) => !/^electron\/(main|preload)\//.test(f),
    refuses: (imp) => imp.target === null && packageOf(imp.specifier) === 'electron',
  },
  {
    id: 'renderer-contract',
    says: 'the renderer imports from the engine only through @contract (and otherwise only vue, vue-router, pinia, jsqr)',
    governs: under('renderer/'),
    refuses: (imp) => (imp.target === null ? !rendererPackages.has(packageOf(imp.specifier)) : imp.specifier !== '@contract' && !imp.target.startsWith('renderer/')),
  },
  {
    id: 'routes-no-sqlite',
    says: 'route handlers do not reach SQLite: no better-sqlite3, no store, no db, no SQL',
    governs: under('electron/core/api/routes/'),
    refuses: (imp) => packageOf(imp.specifier) === 'better-sqlite3' || (imp.target?.startsWith('electron/core/store/') ?? false),
    refusesCode: /\.prepare\(|\bdb\b|\bDatabase\b/,
  },
  {
    id: 'templates-pure',
    says: 'templates import nothing of the engine (nothing outside templates/, never electron)',
    governs: under('templates/'),
    refuses: (imp) => (imp.target === null ? packageOf(imp.specifier) === 'electron' : !imp.target.startsWith('templates/')),
  },
  {
    id: 'contract-free',
    says: 'the contract and all it imports are free of Node, SQLite, Skia, Electron and the engine around it (typebox and the template lists only)',
    governs: (f, closure) => closure.has(f),
    refuses: (imp) => (imp.target === null ? packageOf(imp.specifier) !== 'typebox' || isNodeBuiltin(imp.specifier) : !imp.target.startsWith(contractDir) && !imp.target.startsWith('templates/')),
  },
];

interface Violation {
  rule: string;
  file: string;
  what: string;
}

/** The files the contract's files reach through their imports, its own included; an import that leaves
 * the contract and the templates is itself the breach, and is not followed further. */
function closureOfContract(graph: Map<string, SourceImport[]>): Set<string> {
  const allowed = (f: string): boolean => f.startsWith(contractDir) || f.startsWith('templates/');
  const seen = new Set<string>();
  const queue = [...graph.keys()].filter(under(contractDir));
  while (queue.length) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    for (const imp of graph.get(file) ?? []) if (imp.target && graph.has(imp.target) && allowed(imp.target)) queue.push(imp.target);
  }
  return seen;
}

function checkBoundaries(tree: Map<string, string>): Violation[] {
  const known = new Set(tree.keys());
  const graph = new Map([...tree].map(([file, text]) => [file, importsOf(file, text, known)] as const));
  const closure = closureOfContract(graph);
  const found: Violation[] = [];
  for (const [file, imports] of graph) {
    for (const rule of rules) {
      if (!rule.governs(file, closure)) continue;
      for (const imp of imports) if (rule.refuses(imp)) found.push({ rule: rule.id, file, what: `imports ${imp.specifier}` });
      const code = rule.refusesCode?.exec(tree.get(file) ?? '');
      if (code) found.push({ rule: rule.id, file, what: `holds "${code[0]}"` });
    }
  }
  return found;
}

// This file holds the deliberate violations below as text: it is left out of the tree it checks.
const self = 'test/unit/boundaries.test.ts';
const tree = (): Map<string, string> => {
  const files = sourceTree(projectRoot, ['electron', 'renderer', 'templates', 'test']);
  files.delete(self);
  return files;
};

test('every source file keeps to the boundaries the README states', () => {
  const files = tree();
  assert.ok(files.size > 300, `read ${files.size} files`);
  assert.deepEqual(checkBoundaries(files).map((v) => `${v.rule}: ${v.file} ${v.what}`), []);
});

test('the renderer reaches the engine at all, and only through @contract; the contract reaches the template lists', () => {
  const files = tree();
  const graph = new Map([...files].map(([f, t]) => [f, importsOf(f, t, new Set(files.keys()))] as const));
  const rendererToEngine = [...graph].filter(([f]) => f.startsWith('renderer/')).flatMap(([, imps]) => imps).filter((i) => i.target?.startsWith('electron/'));
  assert.ok(rendererToEngine.length > 20, 'the screens use the contract');
  assert.ok(rendererToEngine.every((i) => i.specifier === '@contract'));
  const closure = closureOfContract(graph);
  assert.ok(closure.has('templates/kit/template-ids.ts') && closure.has('electron/core/api/contract/client.ts'), [...closure].join(', '));
});

/** Each rule, broken on purpose: the check names that rule and that file, and nothing else. */
const deliberate: { rule: string; file: string; text: string }[] = [
  { rule: 'electron-shell', file: 'electron/core/tray-icon.ts', text: "import { nativeImage } from 'electron';\n" },
  { rule: 'electron-shell', file: 'test/unit/window.test.ts', text: "const { BrowserWindow } = require('electron');\n" },
  { rule: 'renderer-contract', file: 'renderer/src/stores/tasks.ts', text: "import type { TaskStore } from '../../../electron/core/tasks/tasks';\n" },
  { rule: 'renderer-contract', file: 'renderer/src/views/Stray.vue', text: '<script setup lang="ts">\nimport Database from \'better-sqlite3\';\n</script>\n' },
  { rule: 'renderer-contract', file: 'renderer/src/card-kit.ts', text: "export { templateIds } from '../../templates/kit/template-ids';\n" },
  { rule: 'routes-no-sqlite', file: 'electron/core/api/routes/stray.ts', text: "import type { Database } from 'better-sqlite3';\n" },
  { rule: 'routes-no-sqlite', file: 'electron/core/api/routes/counts.ts', text: "export const count = (x: { prepare(s: string): unknown }) => x.prepare('SELECT 1');\n" },
  { rule: 'templates-pure', file: 'templates/kit/errors.ts', text: "import { AppError } from '../../electron/core/errors';\n" },
  { rule: 'contract-free', file: 'electron/core/api/contract/files.ts', text: "import { readFileSync } from 'node:fs';\n" },
  { rule: 'contract-free', file: 'electron/core/api/contract/tasks-view.ts', text: "import type { TaskStore } from '../../tasks/tasks';\n" },
];

for (const d of deliberate) {
  test(`a deliberate breach of ${d.rule} is caught: ${d.file}`, () => {
    const files = tree();
    files.set(d.file, d.text);
    const found = checkBoundaries(files);
    assert.ok(found.length > 0, 'caught');
    assert.deepEqual([...new Set(found.map((v) => `${v.rule} ${v.file}`))], [`${d.rule} ${d.file}`], JSON.stringify(found));
  });
}

test('the contract rule follows what the contract imports: a template list that pulls in Skia breaks it', () => {
  const files = tree();
  const units = 'templates/kit/units.ts';
  files.set(units, `import { createCanvas } from '@napi-rs/canvas';\n${files.get(units) ?? ''}`);
  assert.deepEqual(checkBoundaries(files).map((v) => [v.rule, v.file]), [['contract-free', units]]);
});
