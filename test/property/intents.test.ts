import { applyIntents, latestIntents, unsafeChange } from '../../shared/core/intents';
import type { ChangeIntent } from '../../shared/core/intents';
import { backendKey } from '../../shared/core/keys';
import type { Change, Described } from '../../shared/core/step';
import type { BackendAddress, BackendHealth } from '../../shared/core/types';
import { fc, fcParams } from './fc-params';

const NOW_MS = 10_000_000;
const HORIZON_MS = 600_000;
const CONSISTENCY_MS = 5000;
const IPS = ['10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.4'];
const keyOf = (ip: string) => backendKey({ ip, port: 5432 });

const memberArb: fc.Arbitrary<Described<BackendAddress>> = fc.record({
  ip: fc.constantFrom(...IPS),
  port: fc.constant(5432),
  health: fc.constantFrom<BackendHealth>('healthy', 'pending', 'unhealthy', 'draining'),
  state: fc.constant('described'),
});
const poolArb = fc.uniqueArray(memberArb, { maxLength: 4, selector: backendKey });

const intentArb: fc.Arbitrary<ChangeIntent> = fc.record({
  op: fc.constantFrom<'add' | 'remove'>('add', 'remove'),
  key: fc.constantFrom(...IPS).map(keyOf),
  // Some beyond the horizon, some inside the consistency window, some in between.
  atMs: fc.oneof(
    fc.integer({ min: NOW_MS - 2 * HORIZON_MS, max: NOW_MS - HORIZON_MS - 1 }),
    fc.integer({ min: NOW_MS - HORIZON_MS, max: NOW_MS - CONSISTENCY_MS }),
    fc.integer({ min: NOW_MS - CONSISTENCY_MS + 1, max: NOW_MS }),
  ),
});

interface OverlayInput {
  readonly described: Described<BackendAddress>[];
  readonly intents: ChangeIntent[];
  readonly addedThisRun: string[];
}

const overlayArb: fc.Arbitrary<OverlayInput> = fc.record({
  described: poolArb,
  intents: fc.array(intentArb, { maxLength: 8 }),
  addedThisRun: fc.uniqueArray(fc.constantFrom(...IPS), { maxLength: 3 }),
});

function overlay({ described, intents, addedThisRun }: OverlayInput) {
  return applyIntents(described, {
    intents,
    nowMs: NOW_MS,
    horizonMs: HORIZON_MS,
    consistencyMs: CONSISTENCY_MS,
    key: backendKey,
    addedThisRun: new Map(
      addedThisRun.map((ip): [string, BackendAddress] => [keyOf(ip), { ip, port: 5432 }]),
    ),
  });
}

/** The latest intent per key within the horizon, written out independently of `latestIntents`. */
function latestOf(intents: readonly ChangeIntent[], key: string): ChangeIntent | undefined {
  const recent = intents.filter((i) => i.key === key && i.atMs >= NOW_MS - HORIZON_MS);
  return recent.reduce<ChangeIntent | undefined>((a, b) => (a && a.atMs > b.atMs ? a : b), undefined);
}

describe('applyIntents() properties: each correction only makes a removal less likely', () => {
  it('never makes a member healthier: healthy after the overlay implies healthy as described', () => {
    fc.assert(
      fc.property(overlayArb, (input) => {
        const healthyBefore = input.described.filter((m) => m.health === 'healthy').map(backendKey);
        const healthyAfter = overlay(input)
          .filter((m) => m.health === 'healthy')
          .map(backendKey);
        expect(healthyAfter.filter((k) => !healthyBefore.includes(k))).toEqual([]);
      }),
      fcParams(300),
    );
  });

  it('a member whose latest intent is remove counts as draining; one added < consistencyMs ago is not healthy', () => {
    fc.assert(
      fc.property(overlayArb, (input) => {
        for (const member of overlay(input)) {
          const latest = latestOf(input.intents, backendKey(member));
          if (latest?.op === 'remove') expect(member.health).toBe('draining');
          if (latest?.op === 'add' && NOW_MS - latest.atMs < CONSISTENCY_MS) {
            expect(member.health).not.toBe('healthy');
          }
        }
      }),
      fcParams(300),
    );
  });

  it('lists every described member once, plus this run’s unlisted adds as pending, and nothing else', () => {
    fc.assert(
      fc.property(overlayArb, (input) => {
        const result = overlay(input);
        const described = input.described.map(backendKey);
        const unlisted = input.addedThisRun
          .map(keyOf)
          .filter((k) => !described.includes(k) && latestOf(input.intents, k)?.op !== 'remove');
        expect(result.map(backendKey)).toEqual([...described, ...unlisted]);
        expect(result.slice(described.length).map((m) => m.health)).toEqual(unlisted.map(() => 'pending'));
      }),
      fcParams(300),
    );
  });

  it('ignores intents older than the horizon', () => {
    fc.assert(
      fc.property(overlayArb, (input) => {
        const recent = input.intents.filter((i) => i.atMs >= NOW_MS - HORIZON_MS);
        expect(overlay(input)).toEqual(overlay({ ...input, intents: recent }));
        expect([...latestIntents(input.intents, NOW_MS - HORIZON_MS).keys()].sort()).toEqual(
          [...new Set(recent.map((i) => i.key))].sort(),
        );
      }),
      fcParams(300),
    );
  });
});

const changeArb: fc.Arbitrary<Change<BackendAddress>> = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    add: fc
      .uniqueArray(fc.constantFrom(...IPS), { maxLength: 2 })
      .map((ips) => ips.map((ip) => ({ ip, port: 5432 }))),
  }),
  fc.record({
    kind: fc.constant('remove' as const),
    remove: fc
      .uniqueArray(fc.constantFrom(...IPS), { maxLength: 3 })
      .map((ips) => ips.map((ip) => ({ ip, port: 5432 }))),
    because: fc.constantFrom('desired-healthy' as const, 'health-deadline-passed' as const),
  }),
  fc.record({
    kind: fc.constant('replace' as const),
    remove: fc
      .uniqueArray(fc.constantFrom(...IPS), { maxLength: 2 })
      .map((ips) => ips.map((ip) => ({ ip, port: 5432 }))),
    add: fc
      .uniqueArray(fc.constantFrom(...IPS), { maxLength: 2 })
      .map((ips) => ips.map((ip) => ({ ip, port: 5432 }))),
  }),
);

describe('unsafeChange() properties: the last line of invariant 3', () => {
  it('says unsafe exactly when the change leaves no live member, or takes away the last healthy one', () => {
    fc.assert(
      fc.property(poolArb, changeArb, (current, change) => {
        // The pool after the change, worked out by hand: removals drain, adds arrive pending.
        const removed = new Set(change.kind === 'add' ? [] : change.remove.map(backendKey));
        const live = current.filter((m) => m.health !== 'draining');
        const kept = live.filter((m) => !removed.has(backendKey(m)));
        const added = change.kind === 'remove' ? [] : change.add.map(backendKey);
        const after = new Set([...kept.map(backendKey), ...added]);
        const healthyBefore = live.some((m) => m.health === 'healthy');
        const healthyAfter = kept.some((m) => m.health === 'healthy');

        const verdict = unsafeChange(current, change, backendKey);

        if (after.size === 0) expect(verdict).toBe('it would leave the pool without a backend');
        else if (healthyBefore && !healthyAfter)
          expect(verdict).toBe('it would remove the last healthy backend');
        else expect(verdict).toBeUndefined();
      }),
      fcParams(500),
    );
  });
});
