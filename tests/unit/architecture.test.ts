import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type ImportGraph, fileEdges, findCycles, scanImports, specifiersOf } from '../../scripts/import-scan.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const graph = scanImports(root, 'src');

/** `file → what it imports` for every import that breaks `allowed`. */
function violations(files: (file: string) => boolean, allowed: (target: string, kind: 'file' | 'package') => boolean, g: ImportGraph = graph) {
  return [...g].filter(([file]) => files(file)).flatMap(([file, imports]) =>
    imports.flatMap((i) => {
      const target = i.kind === 'file' ? i.path : i.specifier;
      return allowed(target, i.kind) ? [] : [`${file} → ${target}`];
    }));
}

const under = (folder: string) => (path: string) => path.startsWith(`${folder}/`);

describe('the import scanner', () => {
  it('reads static, type-only, re-export, side-effect, multi-line and dynamic imports, not ones mentioned in comments', () => {
    const source = [
      "import 'reflect-metadata';",
      "import pino, { type Logger } from 'pino';",
      "import type { Order } from '../domain/order.js';",
      'import {',
      '  a,',
      '  b,',
      "} from './ab.js';",
      "export type * from './clock.js';",
      "export { c } from './c.js';",
      " * import { nothing } from './a-doc-comment.js';",
      "const lazy = () => import('./lazy.js');",
      "export const word = 'from';",
    ].join('\n');
    expect(specifiersOf(source)).toEqual(['reflect-metadata', 'pino', '../domain/order.js', './ab.js', './clock.js', './c.js', './lazy.js']);
  });

  it('sees every file under src with its imports, resolved to files', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/boot/main.ts')).toContainEqual({ kind: 'file', specifier: './compose.js', path: 'src/boot/compose.ts' });
    expect(graph.get('src/application/payments/reconcile-payments.ts'))
      .toContainEqual({ kind: 'file', specifier: '../ports/index.js', path: 'src/application/ports/index.ts' });
    expect(graph.get('src/adapters/http/app.ts')).toContainEqual({ kind: 'package', specifier: 'koa', name: 'koa' });
  });

  it('finds a cycle, and names its files in order', () => {
    const edges = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []], ['e', ['e']]]);
    expect(findCycles(edges)).toEqual([['a', 'b', 'c', 'a'], ['e', 'e']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });
});

describe('the architecture of src/', () => {
  it('has no import cycle between files (type-only imports included)', () => {
    expect(findCycles(fileEdges(graph)).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('keeps src/adapters from importing the composition root (src/boot)', () => {
    expect(violations(under('src/adapters'), (target) => !under('src/boot')(target))).toEqual([]);
  });

  it('keeps src/domain to itself: no other folder, no package, no node: built-in', () => {
    expect(violations(under('src/domain'), (target, kind) => kind === 'file' && under('src/domain')(target))).toEqual([]);
  });

  it('lets src/application import only src/domain and src/application: no adapter, no package, no node: built-in', () => {
    const inward = (target: string) => under('src/domain')(target) || under('src/application')(target);
    expect(violations(under('src/application'), (target, kind) => kind === 'file' && inward(target))).toEqual([]);
  });
});
