import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALICLOUD_SETTLE_EVENTS,
  EventParseError,
  alicloudSettleEventOf,
  decodeAlicloudPayload,
  parseAlicloudTrigger,
} from '../../shared/events';

/** A sample payload as Function Compute hands it to a Node.js handler: a Buffer. */
const sample = (name: string): Buffer => readFileSync(join(__dirname, '..', '..', 'events', name));
const sampleJson = (name: string): Record<string, unknown> =>
  JSON.parse(sample(name).toString('utf8')) as Record<string, unknown>;

const cloudEvent = (fields: Record<string, unknown>) => ({
  id: 'e-1',
  specversion: '1.0',
  source: 'acs.rds',
  type: 'rds:Instance:SomethingElse',
  time: '2024-09-15T01:30:12Z',
  aliyunregionid: 'cn-hangzhou',
  ...fields,
});

describe('parseAlicloudTrigger: payload encodings', () => {
  it('accepts a Buffer, a string and a parsed object alike', () => {
    const manual = { kind: 'manual', bindings: ['billing'], dryRun: true };
    expect(parseAlicloudTrigger(sample('alicloud-manual-dry-run.json'))).toEqual(manual);
    expect(parseAlicloudTrigger('{"bindings":["billing"],"dryRun":true}')).toEqual(manual);
    expect(parseAlicloudTrigger({ bindings: ['billing'], dryRun: true })).toEqual(manual);
  });

  it('rejects a payload that is not JSON, quoting its start', () => {
    expect(() => parseAlicloudTrigger(Buffer.from('hello there'))).toThrow(EventParseError);
    expect(() => parseAlicloudTrigger(Buffer.from('hello there'))).toThrow(
      /^payload is not JSON \(.+\): hello there$/,
    );
  });

  it('rejects an empty payload rather than reconciling everything', () => {
    expect(() => parseAlicloudTrigger(Buffer.alloc(0))).toThrow(
      new EventParseError('empty payload: send {} to reconcile every binding, or a trigger event'),
    );
  });

  it('decodes once, for the handler to log what it parsed', () => {
    expect(decodeAlicloudPayload(Buffer.from('{"a":[1]}'))).toEqual({ a: [1] });
    expect(decodeAlicloudPayload({ a: 1 })).toEqual({ a: 1 });
  });
});

describe('parseAlicloudTrigger: timer and manual', () => {
  it('reads the timer trigger as a schedule tick', () => {
    expect(parseAlicloudTrigger(sample('alicloud-timer.json'))).toEqual({
      kind: 'schedule',
      time: '2024-09-15T01:31:00Z',
    });
  });

  it('takes {} as a manual run of every binding, for real', () => {
    expect(parseAlicloudTrigger(Buffer.from('{}'))).toEqual({ kind: 'manual', dryRun: false });
  });

  it('refuses a manual payload with a field it does not know', () => {
    expect(() => parseAlicloudTrigger({ binding: 'billing' })).toThrow(
      `unrecognised payload: unknown field(s) 'binding'; a manual invoke takes {"bindings": ["name", ...], "dryRun": true|false}`,
    );
  });

  it('never takes a trigger-shaped object for a manual run', () => {
    expect(() => parseAlicloudTrigger({ triggerName: 'timer' })).toThrow(
      'unrecognised payload (an object with keys triggerName): expected a timer trigger, an EventBridge ' +
        'CloudEvent or a CloudMonitor event about RDS, or a manual {"bindings": [...], "dryRun": ...}',
    );
  });
});

describe('parseAlicloudTrigger: EventBridge CloudEvents', () => {
  it('reads an HA switch: instance from the subject ARN, settles', () => {
    expect(parseAlicloudTrigger(sample('alicloud-eventbridge-ha-switch.json'))).toEqual({
      kind: 'rds-event',
      via: 'eventbridge',
      events: [
        {
          eventId: 'Instance_Failover',
          sourceType: 'alicloud-instance',
          sourceId: 'rm-bp1billing01',
          message: 'Instance_Failover Executed',
          settles: true,
        },
      ],
    });
  });

  it.each([
    ['data.instanceId', { data: { instanceId: 'rm-aaa111' } }, 'rm-aaa111'],
    [
      'data.resourceId',
      { data: { resourceId: 'acs:rds:cn-hangzhou:1:dbinstance/pgm-bbb222' } },
      'pgm-bbb222',
    ],
    ['subject', { subject: 'acs:rds:cn-hangzhou:1:dbinstance/rm-ccc333' }, 'rm-ccc333'],
    [
      'anywhere, as a last resort',
      { data: { detail: { target: 'moved rm-ddd444 to zone b' } } },
      'rm-ddd444',
    ],
  ])('finds the instance in %s', (_where, fields, id) => {
    const trigger = parseAlicloudTrigger(cloudEvent(fields));
    expect(trigger.kind === 'rds-event' && trigger.events[0]?.sourceId).toBe(id);
  });

  it('reads data sent as JSON text', () => {
    const trigger = parseAlicloudTrigger(
      cloudEvent({ data: JSON.stringify({ name: 'Instance_Failover', instanceId: 'rm-text1' }) }),
    );
    expect(trigger.kind === 'rds-event' && trigger.events[0]).toMatchObject({
      eventId: 'Instance_Failover',
      sourceId: 'rm-text1',
      settles: true,
    });
  });

  it('prefers data.instanceId over the subject', () => {
    const trigger = parseAlicloudTrigger(
      cloudEvent({
        subject: 'acs:rds:cn-hangzhou:1:dbinstance/rm-fromsubject',
        data: { instanceId: 'rm-fromdata' },
      }),
    );
    expect(trigger.kind === 'rds-event' && trigger.events[0]?.sourceId).toBe('rm-fromdata');
  });

  it.each([
    ['the type, with a product prefix', { type: 'rds:CloudMonitor:InstanceFailover' }, 'Instance_Failover'],
    ['data.name', { data: { name: 'Instance_Failure_Start' } }, 'Instance_Failure_Start'],
    [
      'data.eventName, in another case',
      { data: { eventName: 'instance:systemmaintenance.minorversionupgrade:executed' } },
      'Instance:SystemMaintenance.MinorVersionUpgrade:Executed',
    ],
  ])('recognises a settle event by %s', (_where, fields, eventId) => {
    const trigger = parseAlicloudTrigger(cloudEvent({ subject: 'rm-abc', ...fields }));
    expect(trigger.kind === 'rds-event' && trigger.events[0]).toMatchObject({ eventId, settles: true });
  });

  it('reconciles an RDS event it does not know without settling, flagged for the log', () => {
    expect(parseAlicloudTrigger(cloudEvent({ subject: 'rm-abc', type: 'rds:Backup:Completed' }))).toEqual({
      kind: 'rds-event',
      via: 'eventbridge',
      events: [
        {
          eventId: 'rds:Backup:Completed',
          sourceType: 'alicloud-instance',
          sourceId: 'rm-abc',
          message: '',
          settles: false,
          unknownEvent: true,
        },
      ],
    });
  });

  it('matches RDS loosely: by type, or by data.product of a CloudMonitor event routed through EventBridge', () => {
    const byType = parseAlicloudTrigger(
      cloudEvent({ source: 'acs.custom', type: 'RDS failover', subject: 'rm-a' }),
    );
    const byProduct = parseAlicloudTrigger(
      cloudEvent({
        source: 'acs.cloudmonitor',
        type: 'cms:Event',
        data: { product: 'RDS', instanceId: 'rm-b' },
      }),
    );
    expect(byType.kind).toBe('rds-event');
    expect(byProduct.kind).toBe('rds-event');
  });

  it('refuses a CloudEvent about another product', () => {
    expect(() =>
      parseAlicloudTrigger(
        cloudEvent({ source: 'acs.ecs', type: 'ecs:Instance:StateChange', subject: 'i-1' }),
      ),
    ).toThrow(
      "EventBridge event (source 'acs.ecs', type 'ecs:Instance:StateChange'): not an RDS event " +
        '(expected a source acs.<product> or a type <product>:CloudMonitor:..., product one of rds, mysql, ' +
        'postgresql, sqlserver, mariadb, polardb)',
    );
  });

  it('refuses an RDS event that names no instance, saying where it looked', () => {
    expect(() => parseAlicloudTrigger(cloudEvent({ data: { name: 'Instance_Failover' } }))).toThrow(
      new EventParseError(
        "EventBridge event (source 'acs.rds', type 'rds:Instance:SomethingElse'): names no RDS instance: " +
          'nothing in data.instanceId, data.resourceId, subject, and no rm-, pgm- or pc- id anywhere in the event',
      ),
    );
  });

  it('reads a batch of CloudEvents (an array), numbering them in errors', () => {
    const trigger = parseAlicloudTrigger([
      cloudEvent({ subject: 'rm-one', data: { name: 'Instance_Failover' } }),
      cloudEvent({ subject: 'rm-two' }),
    ]);
    expect(trigger.kind === 'rds-event' && trigger.events.map((e) => [e.sourceId, e.settles])).toEqual([
      ['rm-one', true],
      ['rm-two', false],
    ]);
    // An event of the batch that names no instance is reported, not allowed to sink the others.
    const partial = parseAlicloudTrigger([cloudEvent({ subject: 'rm-one' }), cloudEvent({})]);
    expect(partial.kind === 'rds-event' && partial.events.map((e) => e.sourceId)).toEqual(['rm-one']);
    expect(partial.kind === 'rds-event' && partial.skipped?.map((line) => line.slice(0, 21))).toEqual([
      'EventBridge event #2 ',
    ]);
  });

  it('acts on the RDS events of a batch that also holds a foreign event, and names the foreign one', () => {
    const foreign = {
      specversion: '1.0',
      id: 'x',
      source: 'acs.ecs',
      type: 'ecs:Instance:StateChange',
      data: {},
    };
    const trigger = parseAlicloudTrigger([
      foreign,
      cloudEvent({ subject: 'rm-one', data: { name: 'Instance_Failover' } }),
    ]);
    expect(trigger).toEqual({
      kind: 'rds-event',
      via: 'eventbridge',
      events: [
        {
          eventId: 'Instance_Failover',
          sourceType: 'alicloud-instance',
          sourceId: 'rm-one',
          message: 'Instance_Failover',
          settles: true,
        },
      ],
      skipped: [
        "EventBridge event #1 (source 'acs.ecs', type 'ecs:Instance:StateChange'): not an RDS event (expected a source acs.<product> or a type <product>:CloudMonitor:..., product one of rds, mysql, postgresql, sqlserver, mariadb, polardb)",
      ],
    });
    expect(() => parseAlicloudTrigger([foreign, foreign])).toThrow(EventParseError);
  });

  it('copies a lone surrogate and a 1 MB message into the trigger as valid, capped text', () => {
    const trigger = parseAlicloudTrigger(
      cloudEvent({
        subject: 'rm-one',
        data: { name: 'Instance_Failover\ud800', reason: `x\udfff${'y'.repeat(1_000_000)}` },
      }),
    );
    const event = trigger.kind === 'rds-event' ? trigger.events[0] : undefined;
    expect(event?.eventId).toBe('Instance_Failover');
    expect(event?.message).toBe(`x\ufffd${'y'.repeat(195)}...`);
  });
});

describe('parseAlicloudTrigger: CloudMonitor events', () => {
  it('reads a failover, settles', () => {
    expect(parseAlicloudTrigger(sample('alicloud-cloudmonitor-failover.json'))).toEqual({
      kind: 'rds-event',
      via: 'cloudmonitor',
      events: [
        {
          eventId: 'Instance_Failover',
          sourceType: 'alicloud-instance',
          sourceId: 'rm-bp1billing01',
          message: 'Instance_Failover Executed',
          settles: true,
        },
      ],
    });
  });

  it('reads a maintenance migration being executed, instance from the resource ARN, settles', () => {
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

  it('reconciles the scheduled-maintenance notice (no event name) without settling, flagged', () => {
    expect(parseAlicloudTrigger(sample('alicloud-cloudmonitor-unknown-event.json'))).toEqual({
      kind: 'rds-event',
      via: 'cloudmonitor',
      events: [
        {
          eventId: 'rds_apsaradb_transfer',
          sourceType: 'alicloud-instance',
          sourceId: 'rm-2ze9d66o65q1g02g6',
          message: 'Host software/hardware upgrade',
          settles: false,
          unknownEvent: true,
        },
      ],
    });
  });

  it('refuses another product, and an RDS event without an instance', () => {
    expect(() => parseAlicloudTrigger({ product: 'ECS', name: 'Instance:StateChange' })).toThrow(
      "CloudMonitor event (product 'ECS'): not an RDS event (expected product RDS, MySQL, PostgreSQL, " +
        'SQLServer, MariaDB or PolarDB)',
    );
    const anonymous = sampleJson('alicloud-cloudmonitor-unknown-event.json');
    delete anonymous.instanceId;
    expect(() => parseAlicloudTrigger(anonymous)).toThrow(
      "CloudMonitor event (product 'RDS'): names no RDS instance: nothing in instanceId, resourceId, " +
        'and no rm-, pgm- or pc- id anywhere in the event',
    );
  });
});

describe('ALICLOUD_SETTLE_EVENTS', () => {
  it('lists exactly the HA, failure and executing/executed maintenance events', () => {
    expect(Object.keys(ALICLOUD_SETTLE_EVENTS).sort()).toEqual([
      'Instance:SystemMaintenance.MinorVersionUpgrade:Executed',
      'Instance:SystemMaintenance.MinorVersionUpgrade:Executing',
      'Instance:SystemMaintenance.Reboot:Executed',
      'Instance:SystemMaintenance.Reboot:Executing',
      'Instance:SystemMaintenance.ScheduledOperation:Executed',
      'Instance:SystemMaintenance.ScheduledOperation:Executing',
      'Instance:SystemMaintenance.Transfer:Executed',
      'Instance:SystemMaintenance.Transfer:Executing',
      'Instance_Failover',
      'Instance_Failure_End',
      'Instance_Failure_Start',
      'Instance_Switchover',
    ]);
  });

  it.each([
    ['Instance:SystemMaintenance.Transfer:Scheduled', undefined],
    ['Instance:SystemMaintenance.Transfer:Canceled', undefined],
    ['Instance_Failure', undefined],
    ['rds:CloudMonitor:Instance_Failure_End', 'Instance_Failure_End'],
    ['polardb:CloudMonitor:InstanceSwitchover', 'Instance_Switchover'],
    ['mysql:CloudMonitor:InstanceFailureStart', 'Instance_Failure_Start'],
    [
      'polardb:CloudMonitor:Instance[SystemMaintenance.Transfer:Executing]',
      'Instance:SystemMaintenance.Transfer:Executing',
    ],
    ['polardb:CloudMonitor:Instance[SystemMaintenance.Transfer:Scheduled]', undefined],
    ['mysql:CloudMonitor:Instance[SystemMaintenance.Elastic:Delay]', undefined],
  ])('%s -> %s', (name, expected) => {
    expect(alicloudSettleEventOf(name)).toBe(expected);
  });
});
