import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deliveryIdOf } from '../../shared/events';

const sample = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', name), 'utf8')) as unknown;

describe('deliveryIdOf', () => {
  it.each([
    ['aws-sns-instance-failover.json', '95df01b4-ee98-5cb9-9903-4c221d41eb5e'],
    ['aws-eventbridge-cluster-failover.json', '68f6e973-1a0c-d37b-f2f2-94a7f62ffd4e'],
    ['aws-schedule.json', '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa'],
    ['alicloud-eventbridge-ha-switch.json', '45ef4dewdwe1-7c35-447a-bd93-fab****'],
    ['alicloud-cloudmonitor-failover.json', undefined],
    ['alicloud-timer.json', undefined],
    ['manual-dry-run.json', undefined],
  ])('%s: %s', (name, id) => {
    expect(deliveryIdOf(sample(name))).toBe(id);
  });

  it('joins the ids of a batch, and never throws on what is not an event', () => {
    expect(deliveryIdOf([{ id: 'a' }, { id: 'b' }, { nope: 1 }])).toBe('a,b');
    expect(deliveryIdOf({ Records: [{ Sns: { MessageId: 'm1' } }, { Sns: { MessageId: 'm2' } }] })).toBe(
      'm1,m2',
    );
    for (const odd of [null, 7, 'text', { Records: 'x' }, { id: 5 }, { Records: [null] }, [[]]]) {
      expect(deliveryIdOf(odd)).toBeUndefined();
    }
  });
});
