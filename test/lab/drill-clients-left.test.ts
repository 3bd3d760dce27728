import { clientsLeftEntry } from '../../lab/drill/client-connections';

const START_MS = 1_000_000;
const OLD = '10.1.1.10:3306';
const REMOVED_AT_MS = START_MS + 4_000;

describe('the drill timeline line for the clients of the old writer', () => {
  it('says when the last one left, once every one has', () => {
    // Act
    const entry = clientsLeftEntry(
      [
        {
          id: 'conn-1',
          target: OLD,
          openedAt: START_MS,
          closesAt: START_MS + 6_000,
          closedAt: START_MS + 6_000,
        },
        {
          id: 'conn-2',
          target: OLD,
          openedAt: START_MS,
          closesAt: START_MS + 6_500,
          closedAt: START_MS + 6_500,
        },
      ],
      OLD,
      START_MS,
      REMOVED_AT_MS,
      START_MS + 7_000,
    );

    // Assess
    expect(entry).toEqual({
      atMs: 6_500,
      step: 'clients left old',
      detail: 'the last of 2 client connection(s) left 10.1.1.10:3306, 2.5 s after it was removed',
    });
  });

  it('says when the load balancer will close the last one, when the drill did not wait for it', () => {
    // Act
    const entry = clientsLeftEntry(
      [
        { id: 'conn-1', target: OLD, openedAt: START_MS, closesAt: START_MS + 14_400 },
        { id: 'conn-2', target: OLD, openedAt: START_MS, closesAt: START_MS + 14_400 },
      ],
      OLD,
      START_MS,
      REMOVED_AT_MS,
      START_MS + 5_000,
    );

    // Assess
    expect(entry).toEqual({
      atMs: 14_400,
      step: 'clients leave old',
      detail:
        'the load balancer closes the last of 2 client connection(s) on 10.1.1.10:3306 then, 10.4 s after it was removed (scheduled; the drill does not wait)',
    });
  });

  it('says how many stay, when one has no close coming', () => {
    // Act
    const entry = clientsLeftEntry(
      [
        { id: 'conn-1', target: OLD, openedAt: START_MS, closesAt: START_MS + 14_400 },
        { id: 'conn-2', target: OLD, openedAt: START_MS },
      ],
      OLD,
      START_MS,
      REMOVED_AT_MS,
      START_MS + 5_000,
    );

    // Assess
    expect(entry).toEqual({
      atMs: 5_000,
      step: 'clients still on old',
      detail:
        '1 of 2 client connection(s) still on 10.1.1.10:3306, a read-only node now, and none is to be closed',
    });
  });
});
