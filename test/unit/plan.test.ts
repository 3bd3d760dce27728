import { plan } from '../../shared/core/plan';
import type { PlanInput } from '../../shared/core/plan';
import type { Step } from '../../shared/core/step';
import type { Resolution } from '../../shared/core/resolution';
import type { Backend, BackendAddress, PlanPolicy } from '../../shared/core/types';

const policy: PlanPolicy = {
  allowedCidrs: ['10.0.0.0/8', '100.64.0.0/10'],
  maxBackends: 2,
  onHealthTimeout: 'keep-old',
};

const resolved = (...addresses: string[]): Resolution => ({
  ok: true,
  addresses,
  ttlSeconds: 5,
  chain: ['orders.example'],
  server: '127.0.0.1',
});

const backend = (ip: string, health: Backend['health'], port = 5432): Backend => ({
  ip,
  port,
  health,
  state: health,
});

const input = (overrides: Partial<PlanInput>): PlanInput => ({
  resolution: resolved('10.0.0.2'),
  port: 5432,
  current: [],
  policy,
  healthDeadlinePassed: false,
  ...overrides,
});

describe('plan()', () => {
  const cases: [string, Partial<PlanInput>, Step<BackendAddress>][] = [
    [
      'desired backend present and healthy: in sync',
      { current: [backend('10.0.0.2', 'healthy')] },
      { kind: 'in-sync' },
    ],
    [
      'desired present but not yet healthy, nothing stale: in sync, nothing to remove',
      { current: [backend('10.0.0.2', 'pending')] },
      { kind: 'in-sync' },
    ],
    [
      'empty pool: register the desired backend',
      { current: [] },
      { kind: 'add', add: [{ ip: '10.0.0.2', port: 5432 }] },
    ],
    [
      'failover: register the new backend first and keep the old one',
      { current: [backend('10.0.0.1', 'healthy')] },
      { kind: 'add', add: [{ ip: '10.0.0.2', port: 5432 }] },
    ],
    [
      'new backend registered, still initial: wait for health, old one stays',
      { current: [backend('10.0.0.1', 'healthy'), backend('10.0.0.2', 'pending')] },
      {
        kind: 'await-health',
        waitingFor: [{ ip: '10.0.0.2', port: 5432 }],
      },
    ],
    [
      'new backend unhealthy before the deadline: still wait',
      { current: [backend('10.0.0.1', 'healthy'), backend('10.0.0.2', 'unhealthy')] },
      {
        kind: 'await-health',
        waitingFor: [{ ip: '10.0.0.2', port: 5432 }],
      },
    ],
    [
      'new backend healthy: deregister the old one',
      { current: [backend('10.0.0.1', 'healthy'), backend('10.0.0.2', 'healthy')] },
      { kind: 'remove', remove: [backend('10.0.0.1', 'healthy')], because: 'desired-healthy' },
    ],
    [
      'deadline passed, policy keep-old: hold, remove nothing',
      {
        current: [backend('10.0.0.1', 'healthy'), backend('10.0.0.2', 'pending')],
        healthDeadlinePassed: true,
      },
      {
        kind: 'hold',
        reason:
          '10.0.0.2:5432 not healthy by the health deadline; kept 10.0.0.1:5432 (onHealthTimeout: keep-old)',
      },
    ],
    [
      'deadline passed, policy remove-old: remove the old one that fails its checks',
      {
        current: [backend('10.0.0.1', 'unhealthy'), backend('10.0.0.2', 'pending')],
        healthDeadlinePassed: true,
        policy: { ...policy, onHealthTimeout: 'remove-old' },
      },
      { kind: 'remove', remove: [backend('10.0.0.1', 'unhealthy')], because: 'health-deadline-passed' },
    ],
    [
      'deadline passed, policy remove-old: an old one still healthy is the last working path, kept',
      {
        current: [backend('10.0.0.1', 'healthy'), backend('10.0.0.2', 'pending')],
        healthDeadlinePassed: true,
        policy: { ...policy, onHealthTimeout: 'remove-old' },
      },
      {
        kind: 'hold',
        reason:
          '10.0.0.2:5432 not healthy by the health deadline; kept 10.0.0.1:5432: still healthy, the last path that works',
      },
    ],
    [
      'deadline passed, policy remove-old, one of two desired healthy: every old one goes',
      {
        resolution: resolved('10.0.0.2', '10.0.0.3'),
        current: [
          backend('10.0.0.1', 'healthy'),
          backend('10.0.0.2', 'healthy'),
          backend('10.0.0.3', 'pending'),
        ],
        healthDeadlinePassed: true,
        policy: { ...policy, onHealthTimeout: 'remove-old' },
      },
      { kind: 'remove', remove: [backend('10.0.0.1', 'healthy')], because: 'health-deadline-passed' },
    ],
    [
      'a draining backend does not count as present: register it again',
      { current: [backend('10.0.0.2', 'draining')] },
      { kind: 'add', add: [{ ip: '10.0.0.2', port: 5432 }] },
    ],
    [
      'a draining old backend is not stale: nothing left to remove',
      { current: [backend('10.0.0.1', 'draining'), backend('10.0.0.2', 'healthy')] },
      { kind: 'in-sync' },
    ],
    [
      'same IP on another port is another backend',
      { current: [backend('10.0.0.2', 'healthy', 3306)] },
      {
        kind: 'add',
        add: [{ ip: '10.0.0.2', port: 5432 }],
      },
    ],
    [
      'two desired addresses, one missing: register only the missing one',
      { resolution: resolved('10.0.0.2', '10.0.0.3'), current: [backend('10.0.0.2', 'healthy')] },
      { kind: 'add', add: [{ ip: '10.0.0.3', port: 5432 }] },
    ],
    [
      'two desired, one healthy one pending, stale present: wait for the pending one only',
      {
        resolution: resolved('10.0.0.2', '10.0.0.3'),
        current: [
          backend('10.0.0.1', 'healthy'),
          backend('10.0.0.2', 'healthy'),
          backend('10.0.0.3', 'pending'),
        ],
      },
      {
        kind: 'await-health',
        waitingFor: [{ ip: '10.0.0.3', port: 5432 }],
      },
    ],
    [
      'carrier-grade NAT range is allowed',
      { resolution: resolved('100.64.1.9'), current: [backend('100.64.1.9', 'healthy')] },
      { kind: 'in-sync' },
    ],
  ];

  it.each(cases)('%s', (_name, overrides, expected) => {
    // Act
    const result = plan(input(overrides));
    // Assess
    expect(result).toEqual(expected);
  });

  const refusals: [string, Partial<PlanInput>, string, string][] = [
    [
      'NXDOMAIN',
      { resolution: { ok: false, failure: 'nxdomain', detail: 'orders.example does not exist' } },
      'resolution-failed',
      'nxdomain: orders.example does not exist',
    ],
    [
      'SERVFAIL',
      { resolution: { ok: false, failure: 'servfail', detail: 'server failure' } },
      'resolution-failed',
      'servfail: server failure',
    ],
    [
      'timeout',
      { resolution: { ok: false, failure: 'timeout', detail: 'no answer in 2000 ms' } },
      'resolution-failed',
      'timeout: no answer in 2000 ms',
    ],
    [
      'empty typed answer',
      { resolution: { ok: false, failure: 'empty', detail: 'no A record' } },
      'resolution-failed',
      'empty: no A record',
    ],
    [
      'ok but no address',
      { resolution: resolved() },
      'resolution-failed',
      'empty: the resolution returned no address',
    ],
    [
      'public address',
      { resolution: resolved('54.12.3.4') },
      'outside-allowed-cidrs',
      '54.12.3.4 outside the allowed CIDRs 10.0.0.0/8, 100.64.0.0/10',
    ],
    [
      'one of two outside',
      { resolution: resolved('10.0.0.2', '192.168.1.1') },
      'outside-allowed-cidrs',
      '192.168.1.1 outside the allowed CIDRs 10.0.0.0/8, 100.64.0.0/10',
    ],
    [
      'more addresses than maxBackends',
      { resolution: resolved('10.0.0.2', '10.0.0.3', '10.0.0.4') },
      'too-many-addresses',
      '3 addresses resolved, at most 2 allowed',
    ],
  ];

  it.each(refusals)('refuses %s and never removes a backend', (_name, overrides, reason, detail) => {
    // Prepare: a healthy old backend that a naive sync would remove
    const current = [backend('10.0.0.1', 'healthy')];
    // Act
    const result = plan(input({ ...overrides, current, healthDeadlinePassed: true }));
    // Assess
    expect(result).toEqual({ kind: 'refuse', refusal: { reason, detail } });
  });
});
