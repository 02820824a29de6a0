// Tests the window split: each consumer keeps its window total, each tick its busy seconds, the shape follows the seeds.
import { describe, expect, it } from 'vitest';
import { splitWindow } from '../../../src/engine/window-split.js';

const rowSums = (x: number[][]): number[] => x.map((r) => r.reduce((s, v) => s + v, 0));
const colSums = (x: number[][], n: number): number[] =>
  Array.from({ length: n }, (_, i) => x.reduce((s, r) => s + (r[i] ?? 0), 0));

describe('splitWindow', () => {
  it('returns seeds that already have the right sums, up to the 1e-3 floor', () => {
    // A: 1, 2, 1 s; B: 1, 0, 1 s; ticks 2, 2, 2 s busy.
    const x = splitWindow(
      [4, 2],
      [
        [1, 2, 1],
        [1, 0, 1],
      ],
      [2, 2, 2],
    );
    expect(x[0]?.[1]).toBeCloseTo(2, 2);
    expect(x[1]?.[1]).toBeCloseTo(0, 2);
    rowSums(x).forEach((s, i) => expect(s).toBeCloseTo([4, 2][i] as number, 9));
    colSums(x, 3).forEach((s) => expect(s).toBeCloseTo(2, 12));
  });

  it('spreads a consumer no tick saw by busy time, and fits both sums', () => {
    // C was seen nowhere; A and B were seen in full although the window gives them less: the rest is C's.
    const x = splitWindow(
      [3, 3, 3],
      [
        [1, 2, 1],
        [2, 1, 1],
        [0, 0, 0],
      ],
      [4, 4, 1],
    );
    rowSums(x).forEach((s) => expect(s).toBeCloseTo(3, 8));
    colSums(x, 3).forEach((s, i) => expect(s).toBeCloseTo([4, 4, 1][i] as number, 12));
    // C follows busy time roughly (4 : 4 : 1 before fitting): the third tick gets the least of it.
    expect(x[2]?.[2] ?? 0).toBeLessThan(x[2]?.[0] ?? 0);
  });

  it('puts nothing on a tick with no busy seconds and nothing for a consumer with no CPU', () => {
    const x = splitWindow(
      [2, 0],
      [
        [1, 1],
        [5, 5],
      ],
      [2, 0],
    );
    expect(x).toEqual([
      [2, 0],
      [0, 0],
    ]);
  });
});
