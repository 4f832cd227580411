import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative } from 'node:path';

// What each source file imports, read from its text: static and type imports, re-exports, dynamic
// import() and require(). Paths are project-relative with '/', so the boundary rules read as paths.

export interface SourceImport {
  /** As written: '../cache/metadata-cache', 'better-sqlite3', '@contract'. */
  specifier: string;
  /** The project file it names (relative or the @contract alias), or null for a package. */
  target: string | null;
}

/** The one path alias of the project (tsconfig.json "paths", vite.config.ts "resolve.alias"). */
export const aliases: Record<string, string> = { '@contract': 'electron/core/api/contract/index.ts' };

const nodeBuiltins = new Set(builtinModules);
/** node:fs, fs, fs/promises… */
export const isNodeBuiltin = (specifier: string): boolean =>
  specifier.startsWith('node:') || nodeBuiltins.has(specifier) || nodeBuiltins.has(specifier.split('/')[0] ?? '');

/** The package a bare specifier names: '@napi-rs/canvas/x' → '@napi-rs/canvas', 'vue' → 'vue'. */
export const packageOf = (specifier: string): string =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);

const patterns = [
  /\bimport\s+(?:type\s+)?[\w*{}\s,$]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bexport\s+(?:type\s+)?(?:\*(?:\s+as\s+\w+)?|\{[^}]*\})\s*from\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** The code of a file: a .vue file's <script> blocks, without comments. */
function codeOf(file: string, text: string): string {
  const code = file.endsWith('.vue') ? [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') : text;
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** The project file a specifier names from a file, among the files known (extension and index tried). */
export function resolveTarget(from: string, specifier: string, known: ReadonlySet<string>): string | null {
  const aliased = aliases[specifier];
  if (aliased) return aliased;
  if (!specifier.startsWith('.')) return null;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [base, `${base}.ts`, `${base}.mts`, `${base}.vue`, `${base}/index.ts`, base.replace(/\.m?js$/, '.ts')];
  return candidates.find((c) => known.has(c)) ?? base;
}

export function importsOf(file: string, text: string, known: ReadonlySet<string>): SourceImport[] {
  const code = codeOf(file, text);
  const specifiers = new Set(patterns.flatMap((p) => [...code.matchAll(p)].map((m) => m[1] ?? '')));
  return [...specifiers].filter(Boolean).map((specifier) => ({ specifier, target: resolveTarget(file, specifier, known) }));
}

/** Every source file under the given top-level folders, by project-relative path. */
export function sourceTree(root: string, folders: string[]): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'fixtures' && e.name !== 'golden') walk(path);
      } else if (/\.(ts|mts|cts|js|mjs|cjs|vue)$/.test(e.name)) {
        files.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
      }
    }
  };
  for (const folder of folders) walk(join(root, folder));
  return files;
}
