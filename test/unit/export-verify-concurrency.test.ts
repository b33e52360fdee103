import { describe, expect, it } from 'vitest';
import { MAX_CONCURRENT_VERIFY, verifyChunk, type RenderedProfile } from '../../src/export/chunk.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { Target } from '../../src/targets/types.js';

/** Targets whose verify calls record how many run at once and finish in a shuffled order. */
function probeTargets(n: number, fail = new Set<string>()) {
  const seen = { now: 0, most: 0, calls: 0 };
  const targets: Target[] = Array.from({ length: n }, (_, i) => ({
    id: `t${i}`,
    summary: '',
    fileNames: [`t${i}.txt`],
    consoles: [],
    emmConsoles: 'neutral',
    checkedAgainst: '',
    carries: { channel: 'url' } as const,
    render: () => ({ artifacts: [], diagnostics: [] }),
    async verify(artifacts): Promise<Diagnostic[][]> {
      seen.now += 1;
      seen.calls += 1;
      seen.most = Math.max(seen.most, seen.now);
      await new Promise((r) => setTimeout(r, (i * 7) % 5));
      seen.now -= 1;
      if (fail.has(`t${i}`)) throw new Error('boom');
      return artifacts.map(() => []);
    },
  }));
  return { targets, seen };
}

function chunk(targets: Target[], names: string[]): RenderedProfile[] {
  return names.map((name) => ({
    source: `${name}.yaml`,
    name,
    diagnostics: [],
    ok: true,
    artifacts: targets.map((t) => ({ target: t.id, fileName: t.fileNames[0]!, contents: name })),
  }));
}

describe('verifyChunk concurrency', () => {
  it(`runs at most ${MAX_CONCURRENT_VERIFY} verify calls at once, across chunks in flight, and still calls each target`, async () => {
    const { targets, seen } = probeTargets(6);
    const a = chunk(targets, ['a1', 'a2']);
    const b = chunk(targets, ['b1']);
    await Promise.all([verifyChunk(a, targets, '/out'), verifyChunk(b, targets, '/out')]);
    expect(seen.calls).toBe(12);
    expect(seen.most).toBe(MAX_CONCURRENT_VERIFY);
    expect([...a, ...b].every((r) => r.ok && r.artifacts.length === 6)).toBe(true);
  });

  it('a verify call that throws frees its slot and fails only its profiles', async () => {
    const { targets, seen } = probeTargets(5, new Set(['t0', 't1', 't2']));
    const a = chunk(targets, ['a1']);
    await verifyChunk(a, targets, '/out');
    expect(seen.calls).toBe(5);
    expect(a[0]!.ok).toBe(false);
    expect(a[0]!.diagnostics.filter((d) => d.code === 'internal-error').map((d) => d.target).sort()).toEqual(['t0', 't1', 't2']);
  });
});
