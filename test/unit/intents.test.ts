import { applyIntents, unsafeChange } from '../../shared/core/intents';
import type { ChangeIntent, IntentOverlayOptions } from '../../shared/core/intents';
import { backendKey } from '../../shared/core/keys';
import type { Backend, BackendAddress } from '../../shared/core/types';

const NOW = 1_800_000_000_000;
const b = (ip: string, health: Backend['health']): Backend => ({ ip, port: 5432, health, state: health });
const intent = (op: ChangeIntent['op'], ip: string, agoMs: number): ChangeIntent => ({
  op,
  key: `${ip}:5432`,
  atMs: NOW - agoMs,
});
const overlay = (
  described: Backend[],
  overrides: Partial<IntentOverlayOptions<BackendAddress>> = {},
): string[] =>
  applyIntents(described, {
    intents: [],
    nowMs: NOW,
    horizonMs: 600_000,
    consistencyMs: 5000,
    removalLandsWithinMs: 30_000,
    key: backendKey,
    addedThisRun: new Map(),
    removedThisRun: new Set(),
    ...overrides,
  }).map((m) => `${m.ip} ${m.health} (${m.state})`);

describe('applyIntents', () => {
  it.each<[string, Backend[], Partial<IntentOverlayOptions<BackendAddress>>, string[]]>([
    ['no journal: the describe as it is', [b('10.0.1.10', 'healthy')], {}, ['10.0.1.10 healthy (healthy)']],
    [
      'removed by this run: draining, whatever a lagging describe says',
      [b('10.0.1.10', 'healthy')],
      { removedThisRun: new Set(['10.0.1.10:5432']) },
      ['10.0.1.10 draining (healthy (removed))'],
    ],
    [
      'removal journaled 10 s ago by another run: draining, the removal is on its way',
      [b('10.0.1.10', 'healthy')],
      { intents: [intent('remove', '10.0.1.10', 10_000)] },
      ['10.0.1.10 draining (healthy (removal sent))'],
    ],
    [
      'removal journaled 40 s ago and still listed: it never landed, the describe is believed',
      [b('10.0.1.10', 'healthy')],
      { intents: [intent('remove', '10.0.1.10', 40_000)] },
      ['10.0.1.10 healthy (healthy)'],
    ],
    [
      'added 2 s ago: not yet trusted healthy',
      [b('10.0.2.20', 'healthy')],
      { intents: [intent('add', '10.0.2.20', 2000)] },
      ['10.0.2.20 pending (healthy (just added))'],
    ],
    [
      'added 6 s ago: healthy',
      [b('10.0.2.20', 'healthy')],
      { intents: [intent('add', '10.0.2.20', 6000)] },
      ['10.0.2.20 healthy (healthy)'],
    ],
    [
      'removed 20 s ago, added again since: the removal may still land, not trusted healthy',
      [b('10.0.1.10', 'healthy')],
      { intents: [intent('remove', '10.0.1.10', 20_000), intent('add', '10.0.1.10', 10_000)] },
      ['10.0.1.10 pending (healthy (removal may still land))'],
    ],
    [
      'removed 40 s ago, added again 1 s ago: just added',
      [b('10.0.1.10', 'healthy')],
      { intents: [intent('remove', '10.0.1.10', 40_000), intent('add', '10.0.1.10', 1000)] },
      ['10.0.1.10 pending (healthy (just added))'],
    ],
    [
      'an intent past the horizon says nothing',
      [b('10.0.1.10', 'healthy')],
      { intents: [intent('add', '10.0.1.10', 700_000)], consistencyMs: 800_000 },
      ['10.0.1.10 healthy (healthy)'],
    ],
    [
      'added by this run, not listed yet: pending, not missing',
      [b('10.0.1.10', 'healthy')],
      { addedThisRun: new Map([['10.0.2.20:5432', { ip: '10.0.2.20', port: 5432 }]]) },
      ['10.0.1.10 healthy (healthy)', '10.0.2.20 pending (added, not listed yet)'],
    ],
    [
      'added again by this run, still listed draining by a describe that lags: pending',
      [b('10.0.1.10', 'draining')],
      { addedThisRun: new Map([['10.0.1.10:5432', { ip: '10.0.1.10', port: 5432 }]]) },
      ['10.0.1.10 pending (draining (added again))'],
    ],
    [
      'a draining member stays draining',
      [b('10.0.1.10', 'draining')],
      { intents: [intent('add', '10.0.1.10', 1000)] },
      ['10.0.1.10 draining (draining)'],
    ],
  ])('%s', (_name, described, overrides, expected) => {
    expect(overlay(described, overrides)).toEqual(expected);
  });
});

describe('unsafeChange', () => {
  const remove = (...ips: string[]) => ({
    kind: 'remove' as const,
    remove: ips.map((ip) => ({ ip, port: 5432 })),
    because: 'desired-healthy' as const,
  });
  it.each<[string, Backend[], ReturnType<typeof remove>, string | undefined]>([
    [
      'removing the old one beside a healthy new one',
      [b('10.0.1.10', 'healthy'), b('10.0.2.20', 'healthy')],
      remove('10.0.1.10'),
      undefined,
    ],
    [
      'removing the only member',
      [b('10.0.1.10', 'unhealthy')],
      remove('10.0.1.10'),
      'it would leave the pool without a backend',
    ],
    [
      'removing the last healthy one beside a pending one',
      [b('10.0.1.10', 'healthy'), b('10.0.2.20', 'pending')],
      remove('10.0.1.10'),
      'it would remove the last healthy backend',
    ],
    [
      'removing an unhealthy one beside a pending one, none healthy',
      [b('10.0.1.10', 'unhealthy'), b('10.0.2.20', 'pending')],
      remove('10.0.1.10'),
      undefined,
    ],
    [
      'a draining member does not count as left',
      [b('10.0.1.10', 'healthy'), b('10.0.2.20', 'draining')],
      remove('10.0.1.10'),
      'it would leave the pool without a backend',
    ],
  ])('%s', (_name, current, change, expected) => {
    expect(unsafeChange(current, change, backendKey)).toBe(expected);
  });

  it('lets an atomic swap replace a failing member: the group never shrinks', () => {
    const current = [b('10.0.1.10', 'unhealthy')];
    const change = {
      kind: 'replace' as const,
      remove: [{ ip: '10.0.1.10', port: 5432 }],
      add: [{ ip: '10.0.3.30', port: 5432 }],
    };
    expect(unsafeChange(current, change, backendKey)).toBeUndefined();
  });
});
