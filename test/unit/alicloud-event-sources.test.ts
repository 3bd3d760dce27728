import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAlicloudTrigger } from '../../shared/events';
import { alicloudDbProductOf, alicloudRdsEventPattern } from '../../shared/events/alicloud-products';

const EVENTS = join(__dirname, '..', '..', 'events');
const sample = (name: string): Buffer => readFileSync(join(EVENTS, name));
const json = (name: string): Record<string, unknown> =>
  JSON.parse(sample(name).toString('utf8')) as Record<string, unknown>;

/** Alibaba EventBridge's `prefix` operator, the only one the deploy's rule uses ("Event patterns"). */
function ruleMatches(pattern: { type: { prefix: string }[] }, event: Record<string, unknown>): boolean {
  const type = event['type'];
  return typeof type === 'string' && pattern.type.some(({ prefix }) => type.startsWith(prefix));
}

const cloudEvent = (product: string, event: string, id = 'rm-abc123') => ({
  id: 'e-1',
  specversion: '1.0',
  source: `acs.${product}`,
  type: `${product}:CloudMonitor:${event}`,
  subject: `acs:rds:cn-hangzhou:1234567890123456:dbinstance/${id}`,
  data: {},
});

describe('Alibaba RDS events: the products and types that reach the handler', () => {
  it.each(['rds', 'mysql', 'postgresql', 'sqlserver', 'mariadb', 'polardb'])(
    'takes %s:CloudMonitor:InstanceFailover from acs.%s, and settles',
    (product) => {
      const trigger = parseAlicloudTrigger(cloudEvent(product, 'InstanceFailover'));
      expect(trigger).toEqual({
        kind: 'rds-event',
        via: 'eventbridge',
        events: [
          {
            eventId: 'Instance_Failover',
            sourceType: 'alicloud-instance',
            sourceId: 'rm-abc123',
            message: '',
            settles: true,
          },
        ],
      });
    },
  );

  it.each([
    ['InstanceSwitchover', 'Instance_Switchover'],
    ['InstanceFailureStart', 'Instance_Failure_Start'],
    ['InstanceFailureEnd', 'Instance_Failure_End'],
    [
      'Instance[SystemMaintenance.MinorVersionUpgrade:Executing]',
      'Instance:SystemMaintenance.MinorVersionUpgrade:Executing',
    ],
    [
      'Instance[SystemMaintenance.ScheduledOperation:Executed]',
      'Instance:SystemMaintenance.ScheduledOperation:Executed',
    ],
    ['Instance[SystemMaintenance.Transfer:Executed]', 'Instance:SystemMaintenance.Transfer:Executed'],
  ])('settles on polardb:CloudMonitor:%s as %s', (event, eventId) => {
    const trigger = parseAlicloudTrigger(cloudEvent('polardb', event, 'pc-bp1orders01'));
    expect(trigger.kind === 'rds-event' && trigger.events[0]).toMatchObject({ eventId, settles: true });
  });

  it.each([
    ['mongodb', 'InstanceFailover'],
    ['kvstore', 'InstanceSwitchover'],
    ['gpdb', 'InstanceDown'],
  ])('refuses %s:CloudMonitor:%s: another product', (product, event) => {
    expect(() => parseAlicloudTrigger(cloudEvent(product, event))).toThrow(/not an RDS event/);
  });

  it('names products whatever the spelling: CloudMonitor product, source, type prefix', () => {
    expect(
      [
        'RDS',
        'acs.mysql',
        'polardb:CloudMonitor:InstanceFailover',
        'SQLServer',
        'PolarDB',
        'MongoDB',
        'acs.ecs',
      ].map(alicloudDbProductOf),
    ).toEqual(['rds', 'mysql', 'polardb', 'sqlserver', 'polardb', undefined, undefined]);
  });
});

describe('Alibaba RDS events: the documented samples in events/', () => {
  it('reads the PolarDB switchover sample (EventBridge "PolarDB events"): cluster id, settles', () => {
    expect(parseAlicloudTrigger(sample('alicloud-eventbridge-polardb-switchover.json'))).toEqual({
      kind: 'rds-event',
      via: 'eventbridge',
      events: [
        {
          eventId: 'Instance_Switchover',
          sourceType: 'alicloud-instance',
          sourceId: 'pc-bp1orders01',
          message: 'Instance_Switchover Executed',
          settles: true,
        },
      ],
    });
  });

  it('reconciles the RDS MySQL elastic-plan sample without settling, flagged to be logged whole', () => {
    expect(parseAlicloudTrigger(sample('alicloud-eventbridge-mysql-elastic-delay.json'))).toEqual({
      kind: 'rds-event',
      via: 'eventbridge',
      events: [
        {
          eventId: 'Instance:SystemMaintenance.Elastic:Delay',
          sourceType: 'alicloud-instance',
          sourceId: 'rm-bp1billing01',
          message: 'Instance:SystemMaintenance.Elastic:Delay Delay',
          settles: false,
          unknownEvent: true,
        },
      ],
    });
  });

  it('reads the CloudMonitor callback form: resourceId, epoch time, text from an object content', () => {
    expect(parseAlicloudTrigger(sample('alicloud-cloudmonitor-maintenance-executing.json'))).toEqual({
      kind: 'rds-event',
      via: 'cloudmonitor',
      events: [
        {
          eventId: 'Instance:SystemMaintenance.Transfer:Executing',
          sourceType: 'alicloud-instance',
          sourceId: 'rm-bp1billing01',
          message: 'Host software/hardware upgrade',
          settles: true,
        },
      ],
    });
  });

  it('lets every EventBridge sample through the deploy rule, and keeps other products out', () => {
    const pattern = alicloudRdsEventPattern();
    const samples = readdirSync(EVENTS).filter((name) => name.startsWith('alicloud-eventbridge-'));
    expect(samples.sort()).toEqual([
      'alicloud-eventbridge-ha-switch.json',
      'alicloud-eventbridge-mysql-elastic-delay.json',
      'alicloud-eventbridge-polardb-switchover.json',
    ]);
    expect(samples.filter((name) => !ruleMatches(pattern, json(name)))).toEqual([]);
    expect(ruleMatches(pattern, cloudEvent('mongodb', 'InstanceFailover'))).toBe(false);
    expect(ruleMatches(pattern, cloudEvent('polardb', 'InstanceFailover'))).toBe(true);
  });
});

describe('CloudMonitor push envelope', () => {
  const push = (fields: Record<string, unknown>) => ({
    product: 'RDS',
    resourceID: 'acs:rds:cn-hangzhou:1234567890123456:dbinstance/rm-bp1billing01',
    regionID: 'cn-hangzhou',
    level: 'WARN',
    instanceName: 'billing',
    ...fields,
  });
  const first = (payload: unknown) => {
    const trigger = parseAlicloudTrigger(payload);
    return trigger.kind === 'rds-event' ? trigger.events[0] : undefined;
  };

  it.each([
    [
      'a string content',
      { name: 'Instance_Failover', content: 'switched to the standby' },
      'switched to the standby',
    ],
    [
      'content.description',
      { name: 'Instance_Failover', content: { description: 'HA switch' } },
      'HA switch',
    ],
    [
      'an object content without a text field, rendered compactly',
      { name: 'Instance_Failover', content: { fromZone: 'cn-hangzhou-h', toZone: 'cn-hangzhou-i' } },
      '{"fromZone":"cn-hangzhou-h","toZone":"cn-hangzhou-i"}',
    ],
    [
      'an empty content: name and status',
      { name: 'Instance_Failover', content: {}, status: 'Executed' },
      'Instance_Failover Executed',
    ],
  ])('takes the alert text from %s', (_case, fields, message) => {
    expect(first(push(fields))).toMatchObject({ sourceId: 'rm-bp1billing01', message });
  });

  it('joins a maintenance name and its status', () => {
    expect(
      first(push({ name: 'Instance:SystemMaintenance.Reboot', status: 'Executing', content: {} })),
    ).toMatchObject({ eventId: 'Instance:SystemMaintenance.Reboot:Executing', settles: true });
    expect(
      first(push({ name: 'Instance:SystemMaintenance.Reboot', status: 'Scheduled', content: {} })),
    ).toMatchObject({
      eventId: 'Instance:SystemMaintenance.Reboot:Scheduled',
      settles: false,
      unknownEvent: true,
    });
  });

  it('takes the product as CloudMonitor names each engine', () => {
    for (const product of ['RDS', 'MySQL', 'PostgreSQL', 'SQLServer', 'MariaDB', 'PolarDB']) {
      expect(first(push({ product, name: 'Instance_Switchover' }))).toMatchObject({
        eventId: 'Instance_Switchover',
        settles: true,
      });
    }
  });
});
