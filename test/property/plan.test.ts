import { cidrMatcher } from '../../shared/core/cidr';
import { backendKey } from '../../shared/core/keys';
import { plan } from '../../shared/core/plan';
import type { PlanInput } from '../../shared/core/plan';
import type { Resolution } from '../../shared/core/resolution';
import type { Step } from '../../shared/core/step';
import type { Backend, BackendAddress, BackendHealth, OnHealthTimeout } from '../../shared/core/types';
import { fc, fcParams } from './fc-params';

const PORT = 5432;
const ALLOWED = ['10.0.0.0/16'];
const allowed = cidrMatcher(ALLOWED);
const INSIDE = ['10.0.1.10', '10.0.1.20', '10.0.1.30', '10.0.2.40', '10.0.255.1'];
const OUTSIDE = ['10.1.0.5', '54.1.2.3', '192.168.0.9'];
const HEALTHS: readonly BackendHealth[] = ['healthy', 'pending', 'unhealthy', 'draining'];

const resolutionArb: fc.Arbitrary<Resolution> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .uniqueArray(fc.constantFrom(...INSIDE), { maxLength: 3 })
      .map((addresses): Resolution => ({ ok: true, addresses, ttlSeconds: 5, chain: [], server: 'test' })),
  },
  {
    weight: 2,
    arbitrary: fc
      .uniqueArray(fc.constantFrom(...INSIDE, ...OUTSIDE), { minLength: 1, maxLength: 3 })
      .map((addresses): Resolution => ({ ok: true, addresses, ttlSeconds: 5, chain: [], server: 'test' })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('nxdomain', 'servfail', 'timeout', 'empty', 'refused', 'error' as const)
      .map((failure): Resolution => ({ ok: false, failure, detail: 'failed' })),
  },
);

const backendArb: fc.Arbitrary<Backend> = fc.record({
  ip: fc.constantFrom(...INSIDE, ...OUTSIDE),
  port: fc.constantFrom(PORT, PORT, 6543),
  health: fc.constantFrom(...HEALTHS),
  state: fc.constant('described'),
});

const inputArb: fc.Arbitrary<PlanInput> = fc.record({
  resolution: resolutionArb,
  port: fc.constant(PORT),
  current: fc.uniqueArray(backendArb, { maxLength: 5, selector: backendKey }),
  policy: fc.record({
    allowedCidrs: fc.constant(ALLOWED),
    maxBackends: fc.integer({ min: 1, max: 3 }),
    onHealthTimeout: fc.constantFrom<OnHealthTimeout>('keep-old', 'remove-old'),
  }),
  healthDeadlinePassed: fc.boolean(),
});

/** Inputs whose answer `plan()` obeys: 1 to 3 addresses inside the CIDRs, at most maxBackends. */
const obeyedInputArb: fc.Arbitrary<PlanInput> = fc
  .tuple(inputArb, fc.uniqueArray(fc.constantFrom(...INSIDE), { minLength: 1, maxLength: 3 }))
  .map(([input, addresses]) => ({
    ...input,
    resolution: { ok: true, addresses, ttlSeconds: 5, chain: [], server: 'test' },
    policy: { ...input.policy, maxBackends: 3 },
  }));

const desiredOf = (input: PlanInput): string[] =>
  input.resolution.ok ? input.resolution.addresses.map((ip) => backendKey({ ip, port: PORT })) : [];
const live = (input: PlanInput) => input.current.filter((b) => b.health !== 'draining');
const healthOf = (input: PlanInput, key: string) => live(input).find((b) => backendKey(b) === key)?.health;

describe('plan() properties', () => {
  it('refuses every failed or empty resolution, and changes nothing then (invariant 1)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const step = plan(input);
        if (!input.resolution.ok || input.resolution.addresses.length === 0) {
          expect(step).toEqual({
            kind: 'refuse',
            refusal: { reason: 'resolution-failed', detail: expect.any(String) },
          });
        }
      }),
      fcParams(300),
    );
  });

  it('refuses an answer outside the CIDRs or above maxBackends; never adds outside them (invariant 2)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const step = plan(input);
        const addresses = input.resolution.ok ? input.resolution.addresses : [];
        if (addresses.some((ip) => !allowed(ip))) {
          expect(step).toMatchObject({ kind: 'refuse', refusal: { reason: 'outside-allowed-cidrs' } });
        } else if (addresses.length > input.policy.maxBackends) {
          expect(step).toMatchObject({ kind: 'refuse', refusal: { reason: 'too-many-addresses' } });
        }
        if (step.kind === 'add') {
          expect(step.add.every((b) => allowed(b.ip) && b.port === PORT)).toBe(true);
          expect(step.add.length).toBeLessThanOrEqual(input.policy.maxBackends);
          expect(step.add.every((b) => addresses.includes(b.ip))).toBe(true);
        }
      }),
      fcParams(300),
    );
  });

  it('removes only once every desired member is present and healthy, or at the deadline per remove-old (invariant 3)', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const step = plan(input);
        if (step.kind !== 'remove') return;
        const desired = desiredOf(input);
        const removed = step.remove.map(backendKey);
        // Only stale members that are there to remove, never a desired one, never one already draining.
        expect(removed.every((k) => !desired.includes(k) && healthOf(input, k) !== undefined)).toBe(true);
        // Every desired member is present, whatever the reason.
        expect(desired.every((k) => healthOf(input, k) !== undefined)).toBe(true);
        const desiredHealthy = desired.filter((k) => healthOf(input, k) === 'healthy');
        if (step.because === 'desired-healthy') {
          expect(desiredHealthy).toEqual(desired);
        } else {
          expect(step.because).toBe('health-deadline-passed');
          expect(input.healthDeadlinePassed).toBe(true);
          expect(input.policy.onHealthTimeout).toBe('remove-old');
          // No healthy member goes while no desired one is healthy.
          if (desiredHealthy.length === 0) {
            expect(removed.filter((k) => healthOf(input, k) === 'healthy')).toEqual([]);
          }
        }
      }),
      fcParams(500),
    );
  });

  it('converges to in-sync within 3 steps when health arrives, and in-sync is stable (invariant 4)', () => {
    fc.assert(
      fc.property(obeyedInputArb, (input) => {
        expect(plan(input).kind).not.toBe('refuse');
        // Health arrives before the deadline: the deadline has not passed.
        const inTime = { ...input, healthDeadlinePassed: false };
        let current: Backend[] = [...input.current];
        const steps: Step<BackendAddress>['kind'][] = [];
        for (let i = 0; i < 6; i += 1) {
          const step = plan({ ...inTime, current });
          steps.push(step.kind);
          if (step.kind === 'in-sync' || step.kind === 'hold') break;
          current = applied(current, step);
        }
        expect(steps[steps.length - 1]).toBe('in-sync');
        // add, await-health, remove, in-sync at most
        expect(steps.length).toBeLessThanOrEqual(4);
        const liveKeys = current
          .filter((b) => b.health !== 'draining')
          .map(backendKey)
          .sort();
        expect(liveKeys).toEqual(desiredOf(input).slice().sort());
        expect(plan({ ...inTime, current }).kind).toBe('in-sync');
        expect(plan({ ...input, current }).kind).toBe('in-sync');
      }),
      fcParams(500),
    );
  });
});

/** A pool model: adds register as pending, health arrives at the next wait, removals drain. */
function applied(current: readonly Backend[], step: Step<BackendAddress>): Backend[] {
  const key = backendKey;
  switch (step.kind) {
    case 'add': {
      const added = step.add.map((a): Backend => ({ ...a, health: 'pending', state: 'initial' }));
      return [...current.filter((b) => !step.add.some((a) => key(a) === key(b))), ...added];
    }
    case 'await-health':
      return current.map((b) =>
        step.waitingFor.some((w) => key(w) === key(b)) ? { ...b, health: 'healthy', state: 'healthy' } : b,
      );
    case 'remove':
      return current.map((b) =>
        step.remove.some((r) => key(r) === key(b)) ? { ...b, health: 'draining', state: 'draining' } : b,
      );
    default:
      throw new Error(`plan() answered ${step.kind}, which this model does not apply`);
  }
}
