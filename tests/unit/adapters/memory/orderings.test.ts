import { describe, expect, it } from 'vitest';
import { Orderings, orderingKey } from '../../../../src/adapters/memory/orderings.js';

type Row = { id: string; createdAt: Date; tags: string[] };
const row = (id: string, seconds: number, ...tags: string[]): Row => ({ id, createdAt: new Date(seconds * 1000), tags });
const make = () => new Orderings<Row>((r) => r.tags);
const at = (seconds: number) => new Date(seconds * 1000);

describe('Orderings', () => {
  it('lists newest first by (createdAt, id) whatever the insertion order, ties broken by id', () => {
    const o = make();
    for (const r of [row('b', 2, 'x'), row('a', 5, 'x'), row('c', 2, 'x'), row('d', 1, 'x'), row('e', 9, 'x'), row('a0', 2, 'x')]) o.put(r);
    expect(o.newestFirst('x', { limit: 10 })).toEqual(['e', 'a', 'c', 'b', 'a0', 'd']);
    expect(o.newestFirst('x', { limit: 2 })).toEqual(['e', 'a']);
    expect(o.newestFirst('x', { limit: 0 })).toEqual([]);
    expect(o.newestFirst('nothing', { limit: 10 })).toEqual([]);
  });

  it('starts strictly after the key given, whether or not a row has it', () => {
    const o = make();
    for (const r of [row('a', 1, 'x'), row('b', 2, 'x'), row('c', 2, 'x'), row('d', 3, 'x')]) o.put(r);
    expect(o.newestFirst('x', { limit: 10, after: { createdAt: at(2), id: 'c' } })).toEqual(['b', 'a']);
    expect(o.newestFirst('x', { limit: 10, after: { createdAt: at(2), id: 'bb' } })).toEqual(['b', 'a']);
    expect(o.newestFirst('x', { limit: 10, after: { createdAt: at(2.5), id: 'z' } })).toEqual(['c', 'b', 'a']);
    expect(o.newestFirst('x', { limit: 10, after: { createdAt: at(9), id: 'a' } })).toEqual(['d', 'c', 'b', 'a']);
    expect(o.newestFirst('x', { limit: 10, after: { createdAt: at(1), id: 'a' } })).toEqual([]);
  });

  it('moves a row between orderings when its keys change, and takes it out on remove', () => {
    const o = make();
    o.put(row('a', 1, 'x', 'y'));
    o.put(row('b', 2, 'x'));
    o.put(row('a', 1, 'y', 'z'));
    expect([o.newestFirst('x', { limit: 9 }), o.newestFirst('y', { limit: 9 }), o.newestFirst('z', { limit: 9 })]).toEqual([['b'], ['a'], ['a']]);
    o.remove('a');
    o.remove('unknown');
    expect([o.newestFirst('x', { limit: 9 }), o.newestFirst('y', { limit: 9 }), o.newestFirst('z', { limit: 9 })]).toEqual([['b'], [], []]);
  });

  it('refiles a row stored again with another createdAt at its new place', () => {
    const o = make();
    for (const r of [row('a', 1, 'x'), row('b', 2, 'x'), row('c', 3, 'x')]) o.put(r);
    o.put(row('c', 0, 'x'));
    expect(o.newestFirst('x', { limit: 9 })).toEqual(['b', 'a', 'c']);
  });

  it('lists oldest first before a cutoff, up to the limit', () => {
    const o = make();
    for (const r of [row('c', 3, 'q'), row('a', 1, 'q'), row('b', 2, 'q'), row('d', 10, 'q')]) o.put(r);
    expect(o.oldestFirst('q', at(10), 10)).toEqual(['a', 'b', 'c']);
    expect(o.oldestFirst('q', at(10), 2)).toEqual(['a', 'b']);
    expect(o.oldestFirst('q', at(1), 10)).toEqual([]);
    expect(o.oldestFirst('q', at(99), 0)).toEqual([]);
  });

  it('agrees with a plain filter and sort after thousands of random writes', () => {
    let seed = 42;
    const pick = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const o = make();
    const model = new Map<string, Row>();
    const tags = ['x', 'y', 'z'];
    for (let step = 0; step < 3000; step++) {
      const id = `r${pick(300).toString().padStart(3, '0')}`;
      if (pick(10) === 0) {
        o.remove(id);
        model.delete(id);
      } else {
        const r = row(id, pick(50), ...tags.filter(() => pick(2) === 0));
        o.put(r);
        model.set(id, r);
      }
    }
    const key = (r: Row) => r.createdAt.getTime() * 1000 + Number(r.id.slice(1));
    for (const tag of tags) {
      const expected = [...model.values()].filter((r) => r.tags.includes(tag)).sort((a, b) => key(b) - key(a)).map((r) => r.id);
      expect(o.newestFirst(tag, { limit: 10_000 })).toEqual(expected);
      const middle = model.get(expected[Math.floor(expected.length / 2)]!)!;
      expect(o.newestFirst(tag, { limit: 5, after: middle })).toEqual(expected.slice(expected.indexOf(middle.id) + 1).slice(0, 5));
    }
  });

  it('names orderings so that different parts never share a name', () => {
    expect(orderingKey('a|b', 'c')).not.toBe(orderingKey('a', 'b|c'));
    expect(orderingKey(null, 'x')).not.toBe(orderingKey('x'));
    expect(orderingKey()).not.toBe(orderingKey(''));
  });
});
