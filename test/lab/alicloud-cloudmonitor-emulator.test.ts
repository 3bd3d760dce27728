import { CloudMonitorEmulator, type PutCustomEventResponse } from '../../lab/alicloud/cloudmonitor-emulator';
import { type PopClient, type PopParamObject } from '../../lab/alicloud/pop-client';
import { type RpcServer } from '../../lab/alicloud/server';
import { serveWithClient } from '../support/serve-emulator';

let cms: CloudMonitorEmulator;
let server: RpcServer;
let client: PopClient;

const putEvents = (events: PopParamObject[]): Promise<PutCustomEventResponse> =>
  client.request<PutCustomEventResponse>('PutCustomEvent', { EventInfo: events }, { method: 'POST' });

const failure = async (pending: Promise<unknown>): Promise<unknown> =>
  pending.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

beforeEach(async () => {
  cms = new CloudMonitorEmulator({ now: () => 1_767_225_600_000 });
  ({ server, client } = await serveWithClient(cms));
});

afterEach(async () => {
  await server.close();
});

describe('CloudMonitorEmulator through the real pop-core client', () => {
  it('stores custom events and answers Code 200, which pop-core takes as success', async () => {
    // Act
    const response = await putEvents([
      {
        EventName: 'rds-failover-sync.rebound',
        Content: '{"binding":"orders","ip":"10.0.3.27"}',
        GroupId: '12345',
      },
      {
        EventName: 'rds-failover-sync.stuck',
        Content: 'orders: NLB job failed',
        Time: '20260101T000000.000+0800',
      },
    ]);

    // Assess
    expect(response).toEqual({ RequestId: 'LAB-REQUEST-ID', Code: '200', Message: 'success' });
    expect(cms.events).toEqual([
      {
        name: 'rds-failover-sync.rebound',
        content: '{"binding":"orders","ip":"10.0.3.27"}',
        groupId: '12345',
        at: 1_767_225_600_000,
      },
      {
        name: 'rds-failover-sync.stuck',
        content: 'orders: NLB job failed',
        time: '20260101T000000.000+0800',
        at: 1_767_225_600_000,
      },
    ]);
  });

  it('takes a Content of exactly 64 KiB and refuses one byte more, storing nothing of that call', async () => {
    // Prepare
    const limit = 'x'.repeat(64 * 1024);

    // Act
    await putEvents([{ EventName: 'at-limit', Content: limit }]);
    const error = await failure(
      putEvents([
        { EventName: 'fine', Content: 'small' },
        { EventName: 'over-limit', Content: `${limit}x` },
      ]),
    );

    // Assess
    expect(error).toMatchObject({
      code: 'InvalidParameter',
      data: {
        Message: 'The specified parameter "EventInfo.2.Content" is not valid: it is larger than 65536 bytes.',
      },
      entry: { response: { statusCode: 400 } },
    });
    expect(cms.events.map((event) => event.name)).toEqual(['at-limit']);
  });

  it('refuses an event without a name', async () => {
    // Act
    const error = await failure(putEvents([{ Content: 'orders: rebound' }]));

    // Assess
    expect(error).toMatchObject({ code: 'MissingParameter' });
    expect(cms.events).toEqual([]);
  });
});
