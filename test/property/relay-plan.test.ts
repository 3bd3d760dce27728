import { relayKey } from '../../shared/core/keys';
import { planRelays } from '../../shared/core/relay-plan';
import type { RelayMember, RelayPlanInput } from '../../shared/core/relay-plan';
import type { BackendHealth } from '../../shared/core/types';
import { fc, fcParams } from './fc-params';

const PORT = 3306;
const IDS = ['i-1', 'i-2', 'i-3', 'i-4', 'i-5'];
const FOREIGN = ['i-x', 'i-y'];

const memberArb: fc.Arbitrary<RelayMember> = fc.record({
  serverId: fc.constantFrom(...IDS, ...FOREIGN),
  port: fc.constantFrom(PORT, PORT, PORT, 3307),
  weight: fc.constantFrom(100, 50),
  health: fc.constantFrom<BackendHealth>('healthy', 'pending', 'unhealthy'),
  state: fc.constant('described'),
});

const inputArb: fc.Arbitrary<RelayPlanInput> = fc
  .record({
    relays: fc.uniqueArray(fc.constantFrom(...IDS), { minLength: 1, maxLength: 5 }),
    activeRelays: fc.integer({ min: 1, max: 3 }),
    port: fc.constant(PORT),
    weight: fc.constant(100),
    current: fc.uniqueArray(memberArb, { maxLength: 5, selector: relayKey }),
    exclude: fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 3 }),
    healthDeadlinePassed: fc.boolean(),
  })
  .map(({ exclude, ...rest }) => ({
    ...rest,
    exclude: new Set(exclude.map((serverId) => relayKey({ serverId, port: PORT }))),
  }));

const configured = (input: RelayPlanInput, m: { serverId: string; port: number }) =>
  input.relays.includes(m.serverId) && m.port === input.port;
const inGroup = (input: RelayPlanInput, key: string) => input.current.some((m) => relayKey(m) === key);

describe('planRelays() properties', () => {
  it('a replace never shrinks the group: as many spares in as failing relays out, none already there', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const step = planRelays(input);
        if (step.kind !== 'replace') return;
        expect(step.add.length).toBe(step.remove.length);
        expect(step.add.length).toBeGreaterThan(0);
        expect(step.add.filter((a) => inGroup(input, relayKey(a)))).toEqual([]);
        // Only failing members go.
        const health = (key: string) => input.current.find((m) => relayKey(m) === key)?.health;
        expect(step.remove.map((r) => health(relayKey(r)))).toEqual(step.remove.map(() => 'unhealthy'));
      }),
      fcParams(500),
    );
  });

  it('never swaps in (nor adds) an excluded relay, nor anything but a configured relay on its port', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const step = planRelays(input);
        if (step.kind !== 'replace' && step.kind !== 'add') return;
        expect(step.add.filter((a) => input.exclude.has(relayKey(a)))).toEqual([]);
        expect(step.add.every((a) => configured(input, a) && a.weight === input.weight)).toBe(true);
      }),
      fcParams(500),
    );
  });

  it('never removes a foreign member: one it did not configure is drift, reported', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const step = planRelays(input);
        const removed = step.kind === 'replace' || step.kind === 'remove' ? step.remove : [];
        expect(removed.every((r) => configured(input, r))).toBe(true);
        const foreign = input.current.filter((m) => !configured(input, m));
        if (foreign.length > 0 && step.kind !== 'refuse') {
          expect(step.drift?.[0]).toBe(`not configured as relays: ${foreign.map(relayKey).join(', ')}`);
        }
      }),
      fcParams(500),
    );
  });
  it('removes only failing relays beyond activeRelays, and only while activeRelays others are healthy', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const step = planRelays(input);
        if (step.kind !== 'remove') return;
        const mine = input.current.filter((m) => configured(input, m));
        const health = (key: string) => input.current.find((m) => relayKey(m) === key)?.health;
        expect(step.remove.map((r) => health(relayKey(r)))).toEqual(step.remove.map(() => 'unhealthy'));
        expect(mine.length - step.remove.length).toBeGreaterThanOrEqual(input.activeRelays);
        expect(mine.filter((m) => m.health === 'healthy').length).toBeGreaterThanOrEqual(input.activeRelays);
      }),
      fcParams(500),
    );
  });

  it('takes out the dead relay a re-sent replace left behind, keeping the healthy spare', () => {
    const step = planRelays({
      relays: ['i-1', 'i-2', 'i-3'],
      activeRelays: 1,
      port: PORT,
      weight: 100,
      current: [
        { serverId: 'i-1', port: PORT, weight: 100, health: 'unhealthy', state: 'abnormal' },
        { serverId: 'i-2', port: PORT, weight: 100, health: 'healthy', state: 'normal' },
      ],
      exclude: new Set(),
      healthDeadlinePassed: false,
    });
    expect(step).toEqual({
      kind: 'remove',
      remove: [{ serverId: 'i-1', port: PORT, weight: 100 }],
      because: 'desired-healthy',
      drift: [],
    });
  });
});
