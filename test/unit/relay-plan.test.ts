import { planRelays } from '../../shared/core/relay-plan';
import type { RelayMember, RelayPlan, RelayPlanInput } from '../../shared/core/relay-plan';

const member = (serverId: string, health: RelayMember['health'], port = 3306): RelayMember => ({
  serverId,
  port,
  weight: 100,
  health,
});
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
const noDrift = { foreign: [], missing: 0 };

describe('planRelays()', () => {
  const cases: [string, Partial<RelayPlanInput>, RelayPlan][] = [
    ['primary serving and healthy: in sync', {}, { kind: 'in-sync', drift: noDrift }],
    [
      'primary failing: swap it for the standby in one call',
      { current: [member('i-primary', 'abnormal')] },
      {
        kind: 'replace',
        remove: [member('i-primary', 'abnormal')],
        add: [member('i-standby', 'unknown')],
        drift: noDrift,
      },
    ],
    [
      'standby just swapped in, not yet checked: wait for it',
      { current: [member('i-standby', 'unavailable')], exclude: new Set(['i-primary']) },
      { kind: 'await-health', waitingFor: [member('i-standby', 'unavailable')], drift: noDrift },
    ],
    [
      'standby failing too, primary already seen failing: hold, nothing left to swap in',
      { current: [member('i-standby', 'abnormal')], exclude: new Set(['i-primary']) },
      { kind: 'hold', reason: 'i-standby:3306 failing and no spare relay left', drift: noDrift },
    ],
    [
      'empty group: add the preferred relay',
      { current: [] },
      { kind: 'add', add: [member('i-primary', 'unknown')], drift: noDrift },
    ],
    [
      'a member nobody configured is reported and left alone',
      { current: [member('i-primary', 'normal'), member('i-stranger', 'normal')] },
      { kind: 'in-sync', drift: { foreign: ['i-stranger:3306'], missing: 0 } },
    ],
    [
      'a configured relay on the wrong port counts as foreign',
      { current: [member('i-primary', 'normal'), member('i-standby', 'normal', 22)] },
      { kind: 'in-sync', drift: { foreign: ['i-standby:22'], missing: 0 } },
    ],
    [
      'two active relays wanted, one configured relay left: add what exists, report what is missing',
      { relays: ['i-a', 'i-b'], activeRelays: 3, current: [member('i-a', 'normal')] },
      { kind: 'add', add: [member('i-b', 'unknown')], drift: { foreign: [], missing: 1 } },
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
