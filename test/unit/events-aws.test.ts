import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventParseError, parseAwsTrigger } from '../../shared/events';

const sample = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', name), 'utf8')) as unknown;

const snsWith = (message: string): unknown => ({
  Records: [{ EventSource: 'aws:sns', Sns: { Subject: 'RDS Notification Message', Message: message } }],
});

describe('parseAwsTrigger: the documented samples (events/README.md names each source)', () => {
  it('reads the Lambda developer guide shape with the old docs.amazonwebservices.com host, and settles', () => {
    expect(parseAwsTrigger(sample('aws-sns-instance-failover-legacy-host.json'))).toEqual({
      kind: 'rds-event',
      via: 'sns',
      events: [
        {
          eventId: 'RDS-EVENT-0049',
          sourceType: 'instance',
          sourceId: 'inventory',
          message: 'Multi-AZ instance failover completed',
          settles: true,
        },
      ],
    });
  });

  it("reads the guide's own event (a backup finished): reconciles its instance, no settle window", () => {
    expect(parseAwsTrigger(sample('aws-sns-instance-backup.json'))).toEqual({
      kind: 'rds-event',
      via: 'sns',
      events: [
        {
          eventId: 'RDS-EVENT-0002',
          sourceType: 'instance',
          sourceId: 'inventory',
          message: 'Finished DB Instance backup',
          settles: false,
        },
      ],
    });
  });
});

describe('parseAwsTrigger: RDS events through SNS', () => {
  it('reads a cluster failover, extracting the id from the Event ID URL', () => {
    expect(parseAwsTrigger(sample('aws-sns-cluster-failover.json'))).toEqual({
      kind: 'rds-event',
      via: 'sns',
      events: [
        {
          eventId: 'RDS-EVENT-0071',
          sourceType: 'cluster',
          sourceId: 'orders',
          message: 'Completed failover to DB instance: orders-instance-2',
          settles: true,
        },
      ],
    });
  });

  it('reads an instance failover whose Event ID URL has another host and path', () => {
    expect(parseAwsTrigger(sample('aws-sns-instance-failover.json'))).toEqual({
      kind: 'rds-event',
      via: 'sns',
      events: [
        {
          eventId: 'RDS-EVENT-0049',
          sourceType: 'instance',
          sourceId: 'inventory',
          message: 'Multi-AZ instance failover completed.',
          settles: true,
        },
      ],
    });
  });

  it('reconciles without settling on an event that does not move the IP', () => {
    const trigger = parseAwsTrigger(
      snsWith(
        JSON.stringify({
          'Event Source': 'db-instance',
          'Source ID': 'inventory',
          'Event ID': 'http://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.html#RDS-EVENT-0034',
          'Event Message': 'Failover abandoned',
        }),
      ),
    );
    expect(trigger).toEqual({
      kind: 'rds-event',
      via: 'sns',
      events: [
        {
          eventId: 'RDS-EVENT-0034',
          sourceType: 'instance',
          sourceId: 'inventory',
          message: 'Failover abandoned',
          settles: false,
        },
      ],
    });
  });

  it('recognises the subscription notice and ignores it', () => {
    expect(parseAwsTrigger(sample('aws-sns-subscription-notice.json'))).toEqual({
      kind: 'ignored',
      reason:
        'RDS subscription notice: This is a notification that the event subscription rds-failover-sync has been created for topic rds-events.',
    });
  });

  it('rejects plain text that is not a subscription notice', () => {
    expect(() => parseAwsTrigger(snsWith('hello'))).toThrow(
      new EventParseError(
        'SNS record 0: Sns.Message is neither an RDS event (JSON) nor a subscription notice: hello',
      ),
    );
  });

  it('rejects an RDS message without a Source ID', () => {
    expect(() => parseAwsTrigger(snsWith('{"Event ID":"RDS-EVENT-0071"}'))).toThrow(
      'SNS record 0: RDS event has no "Source ID"',
    );
  });
});

describe('parseAwsTrigger: RDS events through EventBridge', () => {
  it('reads a cluster failover', () => {
    expect(parseAwsTrigger(sample('aws-eventbridge-cluster-failover.json'))).toEqual({
      kind: 'rds-event',
      via: 'eventbridge',
      events: [
        {
          eventId: 'RDS-EVENT-0071',
          sourceType: 'cluster',
          sourceId: 'orders',
          message: 'Completed failover to DB instance: orders-instance-2',
          settles: true,
        },
      ],
    });
  });

  it('strips the rds: prefix the documentation shows', () => {
    const trigger = parseAwsTrigger(sample('aws-eventbridge-instance-failover.json'));
    expect(trigger.kind === 'rds-event' && trigger.events[0]).toEqual({
      eventId: 'RDS-EVENT-0013',
      sourceType: 'instance',
      sourceId: 'inventory',
      message: 'Multi-AZ instance failover started.',
      settles: true,
    });
  });

  it('accepts an event without EventID, settling only for the failover category', () => {
    const trigger = parseAwsTrigger(sample('aws-eventbridge-no-event-id.json'));
    expect(trigger.kind === 'rds-event' && trigger.events[0]).toEqual({
      sourceType: 'cluster',
      sourceId: 'orders',
      message: 'DB cluster topology updated',
      settles: false,
    });
  });

  it('reads a blue/green switchover, which settles', () => {
    const trigger = parseAwsTrigger(sample('aws-eventbridge-blue-green-switchover.json'));
    expect(trigger.kind === 'rds-event' && trigger.events[0]).toMatchObject({
      eventId: 'RDS-EVENT-0248',
      sourceType: 'blue-green',
      sourceId: 'bgd-0123456789abcdef',
      settles: true,
    });
  });

  it('falls back to the SourceArn when SourceIdentifier is missing', () => {
    const trigger = parseAwsTrigger({
      source: 'aws.rds',
      'detail-type': 'RDS DB Instance Event',
      detail: { SourceArn: 'arn:aws:rds:us-east-1:123456789012:db:inventory', EventID: 'RDS-EVENT-0015' },
    });
    expect(trigger.kind === 'rds-event' && trigger.events[0]).toEqual({
      eventId: 'RDS-EVENT-0015',
      sourceType: 'instance',
      sourceId: 'inventory',
      message: '',
      settles: true,
    });
  });

  it('reads a scheduled event', () => {
    expect(parseAwsTrigger(sample('aws-schedule.json'))).toEqual({
      kind: 'schedule',
      time: '2026-11-06T23:09:00Z',
    });
  });

  it('rejects an EventBridge event from another service, naming it', () => {
    expect(() =>
      parseAwsTrigger({ source: 'aws.ec2', 'detail-type': 'EC2 Instance State-change Notification' }),
    ).toThrow(
      "unsupported EventBridge event: source 'aws.ec2', detail-type 'EC2 Instance State-change Notification'",
    );
  });
});

describe('parseAwsTrigger: manual invoke', () => {
  it('reads the documented payload', () => {
    expect(parseAwsTrigger(sample('manual-dry-run.json'))).toEqual({
      kind: 'manual',
      bindings: ['orders'],
      dryRun: true,
    });
  });

  it('treats {} as every binding, for real', () => {
    expect(parseAwsTrigger({})).toEqual({ kind: 'manual', dryRun: false });
  });

  it.each([
    [{ binding: 'orders' }, "unrecognised payload: unknown field(s) 'binding'"],
    [{ bindings: 'orders' }, 'manual payload: bindings must be a list of binding names'],
    [{ dryRun: 'yes' }, 'manual payload: dryRun must be true or false'],
    ['orders', 'unrecognised payload (a string)'],
    [[1], 'unrecognised payload (an array)'],
    [null, 'unrecognised payload (null)'],
    [{ Records: [{ EventSource: 'aws:sqs' }] }, 'unrecognised payload (an object with keys Records)'],
  ])('rejects %j with a clear error', (payload, message) => {
    expect(() => parseAwsTrigger(payload)).toThrow(EventParseError);
    expect(() => parseAwsTrigger(payload)).toThrow(message);
  });
});
