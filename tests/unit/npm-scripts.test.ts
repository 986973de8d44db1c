import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
const docs = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('the npm scripts', () => {
  it('are named for what they do: postman:generate rewrites the collection, postman:check only checks it', () => {
    expect(scripts['postman']).toBeUndefined();
    expect(scripts['postman:generate']).toBe('tsx scripts/postman.ts');
    expect(scripts['postman:check']).toBe('tsx scripts/postman.ts --check');
  });

  it('are the ones the documentation names', () => {
    const named = docs.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/npm run (?:-s )?([\w:-]+)/g)].map((m) => [file, m[1]!] as const));
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter(([, name]) => !(name in scripts))).toEqual([]);
  });
});
