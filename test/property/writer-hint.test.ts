import { writerHintsOf, writerNamedBy } from '../../shared/events/writer-hint';
import type { RdsEvent, Trigger } from '../../shared/events/types';
import { pickWriter } from '../../shared/resolve/aws-rds-writer/pick-writer';
import { fc, fcParams } from './fc-params';

const LETTER = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
const ALNUM = [...LETTER, ...'0123456789'.split('')];

/** Valid RDS instance identifiers: a letter, then alphanumerics with single hyphens, at most 63. */
const instanceId = fc
  .tuple(
    fc.constantFrom(...LETTER),
    fc.array(
      fc.tuple(fc.boolean(), fc.constantFrom(...ALNUM)).map(([dash, c]) => (dash ? `-${c}` : c)),
      { maxLength: 30 },
    ),
  )
  .map(([first, rest]) => `${first}${rest.join('')}`.slice(0, 63))
  .filter((id) => !id.endsWith('-'));

/** The message templates of the RDS User Guide's cluster events, and a real variant. */
const TEMPLATES = [
  (id: string) => `Completed failover to DB instance: ${id}`,
  (id: string) => `Completed failover to DB instance: ${id}.`,
  (id: string) => `Completed customer initiated failover to DB instance: ${id}`,
  (id: string) => `Started same AZ failover to DB instance: ${id}.`,
  (id: string) => `Started cross AZ failover to DB instance: ${id}.`,
  (id: string) => `Promoting previous primary again: ${id}.`,
];

const clusterEvent = (sourceId: string, message: string): RdsEvent => ({
  eventId: 'RDS-EVENT-0071',
  sourceType: 'cluster',
  sourceId,
  message,
  settles: true,
});

describe('writerNamedBy', () => {
  it('reads back the instance every documented message names', () => {
    fc.assert(
      fc.property(instanceId, fc.constantFrom(...TEMPLATES), (id, template) => {
        expect(writerNamedBy(template(id))).toBe(id);
      }),
      fcParams(300),
    );
  });

  it('never returns something that is not an instance identifier, whatever the message', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 120 }),
        fc.constantFrom('', 'failover to DB instance: '),
        (noise, lead) => {
          const named = writerNamedBy(`${lead}${noise}`);
          if (named !== undefined) {
            expect(named).toMatch(/^[A-Za-z](?:[A-Za-z0-9]|-(?!-)){0,62}$/);
            expect(named.endsWith('-')).toBe(false);
          }
        },
      ),
      fcParams(500),
    );
  });

  it.each([
    ['Completed failover to DB instance: orders-instance-2', 'orders-instance-2'],
    ['Started cross AZ failover to DB instance: orders-2.', 'orders-2'],
    ['DB cluster failover failed', undefined],
    ['Completed failover to DB instance: ', undefined],
    ['Completed failover to DB instance: 2orders', undefined],
    ['Completed failover to DB instance: orders--2', undefined],
    ['Completed failover to DB instance: orders-', undefined],
  ])('%j names %j', (message, expected) => {
    expect(writerNamedBy(message)).toBe(expected);
  });
});

describe('writerHintsOf', () => {
  it('keys hints by cluster in lower case, the last event of a cluster winning, instance events ignored', () => {
    // Prepare
    const trigger: Trigger = {
      kind: 'rds-event',
      via: 'sns',
      events: [
        clusterEvent('Orders', 'Started cross AZ failover to DB instance: orders-2.'),
        clusterEvent('orders', 'Completed failover to DB instance: orders-3'),
        {
          ...clusterEvent('billing', 'Completed failover to DB instance: billing-2'),
          sourceType: 'instance',
        },
        clusterEvent('reports', 'DB cluster failover failed'),
      ],
    };
    // Act
    const hints = writerHintsOf(trigger);
    // Assess
    expect([...hints]).toEqual([['orders', 'orders-3']]);
  });

  it('has no hint for a schedule', () => {
    expect([...writerHintsOf({ kind: 'schedule' })]).toEqual([]);
  });
});

describe('pickWriter', () => {
  const members = fc.uniqueArray(
    fc.record({ instance: fc.constantFrom('a-1', 'a-2', 'a-3', 'a-4'), isWriter: fc.boolean() }),
    { selector: (m) => m.instance, maxLength: 4 },
  );

  it('names the writer exactly when one member is writer, else says why not', () => {
    fc.assert(
      fc.property(members, (list) => {
        const writers = list.filter((m) => m.isWriter).map((m) => m.instance);
        const pick = pickWriter(list);
        if (writers.length === 1) expect(pick).toEqual({ kind: 'writer', instance: writers[0] });
        else if (writers.length === 0) expect(pick).toEqual({ kind: 'no-writer' });
        else expect(pick).toEqual({ kind: 'several-writers', instances: [...writers].sort() });
      }),
      fcParams(300),
    );
  });

  it.each([
    [[], { kind: 'no-writer' }],
    [
      [
        { instance: 'orders-1', isWriter: false },
        { instance: 'orders-2', isWriter: true },
      ],
      { kind: 'writer', instance: 'orders-2' },
    ],
    [
      [
        { instance: 'orders-2', isWriter: true },
        { instance: 'orders-1', isWriter: true },
      ],
      { kind: 'several-writers', instances: ['orders-1', 'orders-2'] },
    ],
  ])('%j -> %j', (list, expected) => {
    expect(pickWriter(list)).toEqual(expected);
  });
});
