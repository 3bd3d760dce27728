import { planRelays } from '../../shared/core/relay-plan';
import type { RelayAddress, RelayMember, RelayPlanInput } from '../../shared/core/relay-plan';
import type { Step } from '../../shared/core/step';

const HEALTH = {
  normal: 'healthy',
  abnormal: 'unhealthy',
  unavailable: 'pending',
  unknown: 'pending',
} as const;
const member = (serverId: string, state: keyof typeof HEALTH, port = 3306): RelayMember => ({
  serverId,
  port,
  weight: 100,
  health: HEALTH[state],
  state,
});
const relay = (serverId: string, port = 3306): RelayAddress => ({ serverId, port, weight: 100 });
const input = (overrides: Partial<RelayPlanInput>): RelayPlanInput => ({
  relays: ['i-primary', 'i-standby'],
  activeRelays: 1,
  port: 3306,
  weight: 100,
  current: [member('i-primary', 'normal')],
  exclude: new Set(),
  healthDeadlinePassed: false,
  ...overrides,
});
const noDrift: string[] = [];

describe('planRelays()', () => {
  const cases: [string, Partial<RelayPlanInput>, Step<RelayAddress>][] = [
    ['primary serving and healthy: in sync', {}, { kind: 'in-sync', drift: noDrift }],
    [
      'primary failing: swap it for the standby in one call',
      { current: [member('i-primary', 'abnormal')] },
      {
        kind: 'replace',
        remove: [relay('i-primary')],
        add: [relay('i-standby')],
        drift: noDrift,
      },
    ],
    [
      'standby just swapped in, not yet checked: wait for it',
      { current: [member('i-standby', 'unavailable')], exclude: new Set(['i-primary:3306']) },
      { kind: 'await-health', waitingFor: [relay('i-standby')], drift: noDrift },
    ],
    [
      'standby failing too, primary already seen failing: hold, nothing left to swap in',
      { current: [member('i-standby', 'abnormal')], exclude: new Set(['i-primary:3306']) },
      { kind: 'hold', reason: 'i-standby:3306 failing and no spare relay left', drift: noDrift },
    ],
    [
      'empty group: add the preferred relay',
      { current: [] },
      { kind: 'add', add: [relay('i-primary')], drift: noDrift },
    ],
    [
      'a member nobody configured is reported and left alone',
      { current: [member('i-primary', 'normal'), member('i-stranger', 'normal')] },
      { kind: 'in-sync', drift: ['not configured as relays: i-stranger:3306'] },
    ],
    [
      'a configured relay on the wrong port counts as foreign',
      { current: [member('i-primary', 'normal'), member('i-standby', 'normal', 22)] },
      { kind: 'in-sync', drift: ['not configured as relays: i-standby:22'] },
    ],
    [
      'two active relays wanted, one configured relay left: add what exists, report what is missing',
      { relays: ['i-a', 'i-b'], activeRelays: 3, current: [member('i-a', 'normal')] },
      { kind: 'add', add: [relay('i-b')], drift: ['1 active relay(s) missing, no spare left'] },
    ],
    [
      'relay still unavailable at the health deadline: hold',
      { current: [member('i-primary', 'unavailable')], healthDeadlinePassed: true },
      { kind: 'hold', reason: 'i-primary:3306 not healthy by the health deadline', drift: noDrift },
    ],
  ];

  it.each(cases)('%s', (_name, overrides, expected) => {
    expect(planRelays(input(overrides))).toEqual(expected);
  });
});
