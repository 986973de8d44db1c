/**
 * Every import of every TypeScript file under a folder, read with regular expressions rather than
 * the compiler: static `import … from '…'`, `import '…'`, `export … from '…'` (type-only ones
 * included) and `import('…')`. Relative specifiers are resolved to files (`./x.js` → `x.ts`,
 * a folder → its `index.ts`); anything else is a package (`node:` built-ins included).
 * For tests/unit/architecture.test.ts and scripts/import-graph.ts.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export type Import = Readonly<
  | { kind: 'file'; specifier: string; path: string }
  | { kind: 'package'; specifier: string; name: string }
>;

/** Files by path relative to the root given to `scanImports` (with `/`), each with its imports. */
export type ImportGraph = ReadonlyMap<string, readonly Import[]>;

// At the start of a line (so JSDoc and prose that mention an import are not taken for one), up to
// the first quoted specifier after `from`, across lines for `import {\n a,\n b,\n} from '…'`.
const STATIC = /^[ \t]*(?:import|export)\s+(?:type\s+)?(?:[\w$*\s{},]*?\s*from\s*)?['"]([^'"\n]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/** The specifiers one file imports, in order of appearance (static first). */
export function specifiersOf(source: string): string[] {
  return [...source.matchAll(STATIC), ...source.matchAll(DYNAMIC)].map((m) => m[1]!);
}

/** `node:fs/promises` → `node:fs`, `@koa/router/x` → `@koa/router`, `zod/v4` → `zod`. */
export function packageName(specifier: string): string {
  if (specifier.startsWith('node:')) return specifier.split('/')[0]!;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveFile(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  const found = candidates.find((c) => c.endsWith('.ts') && existsSync(c));
  if (!found) throw new Error(`${from}: cannot resolve import '${specifier}'`);
  return found;
}

const posix = (path: string) => path.split(sep).join('/');

/**
 * Scans every `.ts` file under `folder` (e.g. `src`); paths in the result are relative to `root`
 * (e.g. `src/boot/main.ts`). Throws on a relative import that names no file.
 */
export function scanImports(root: string, folder = 'src'): ImportGraph {
  const graph = new Map<string, Import[]>();
  for (const file of tsFiles(join(root, folder))) {
    const imports = specifiersOf(readFileSync(file, 'utf8')).map((specifier): Import =>
      specifier.startsWith('.')
        ? { kind: 'file', specifier, path: posix(relative(root, resolveFile(file, specifier))) }
        : { kind: 'package', specifier, name: packageName(specifier) });
    graph.set(posix(relative(root, file)), imports);
  }
  return graph;
}

/**
 * The import cycles among files: one path per strongly connected component of more than one
 * file (or a file importing itself), e.g. `[a, b, a]`. Empty when the graph is acyclic.
 */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm; the recursion is as deep as the longest import chain (a few dozen files).
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = (edges.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) components.push(component);
    }
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) visit(node);
  return components.map((component) => cyclePath(component, edges));
}

/** One cycle through a strongly connected component, as a path that ends where it starts. */
function cyclePath(component: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  // Breadth-first from `start` back to `start`, inside the component: the shortest such cycle.
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of edges.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path: string[] = [];
        for (let at = node; at !== start; at = previous.get(at)!) path.unshift(at);
        return [start, ...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

/** File → the files it imports (packages left out), for `findCycles`. */
export function fileEdges(graph: ImportGraph): Map<string, string[]> {
  return new Map([...graph].map(([file, imports]) => [file, imports.flatMap((i) => (i.kind === 'file' ? [i.path] : []))]));
}

/**
 * The folder a file belongs to in the architecture picture: `src/domain`, `src/application/<area>`
 * (`ports` is one), `src/adapters/<name>`, `src/boot`; other files keep their own folder.
 */
export function layerOf(file: string): string {
  const parts = file.split('/');
  if (parts[1] === 'application' || parts[1] === 'adapters') return parts.slice(0, 3).join('/');
  return parts.slice(0, Math.min(2, parts.length - 1)).join('/');
}
