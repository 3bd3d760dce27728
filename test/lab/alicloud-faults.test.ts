import { FaultInjector } from '../../lab/alicloud/faults';
import { type PopClient } from '../../lab/alicloud/pop-client';
import { RdsEmulator, type RdsNetInfoResponse } from '../../lab/alicloud/rds-emulator';
import { type RpcServer } from '../../lab/alicloud/server';
import { serveWithClient } from '../support/serve-emulator';

const NET_INFO = {
  ConnectionString: 'rm-lab0001.mysql.rds.aliyuncs.com',
  IPAddress: '10.0.2.15',
  IPType: 'Private',
  Port: '3306',
  ConnectionStringType: 'Normal',
} as const;

let rds: RdsEmulator;
let server: RpcServer;
let client: PopClient;

const describeNetInfo = (timeout?: number): Promise<RdsNetInfoResponse> =>
  client.request<RdsNetInfoResponse>(
    'DescribeDBInstanceNetInfo',
    { DBInstanceId: 'rm-lab0001' },
    { method: 'POST', timeout },
  );

const failure = async (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

beforeEach(async () => {
  rds = new RdsEmulator({ now: () => 1_767_225_600_000 });
  rds.setNetInfo('rm-lab0001', [NET_INFO]);
  ({ server, client } = await serveWithClient(rds));
});

afterEach(async () => {
  await server.close();
});

describe('injected faults through the real pop-core client', () => {
  it('throttles with Throttling.User and HTTP 400, then answers normally', async () => {
    // Prepare
    rds.faults.inject({ action: 'DescribeDBInstanceNetInfo', kind: 'throttle' });

    // Act
    const error = await failure(describeNetInfo());
    const next = await describeNetInfo();

    // Assess
    expect(error).toMatchObject({
      code: 'Throttling.User',
      data: { Message: 'Request was denied due to user flow control.', RequestId: 'LAB-REQUEST-ID' },
      entry: { response: { statusCode: 400 } },
    });
    expect(next.DBInstanceNetInfos.DBInstanceNetInfo).toEqual([NET_INFO]);
    expect(rds.calls.map((call) => [call.errorCode, call.fault])).toEqual([
      ['Throttling.User', 'throttle'],
      [undefined, undefined],
    ]);
  });

  it('answers a server error as ServiceUnavailable with HTTP 503', async () => {
    // Prepare
    rds.faults.inject({ action: 'DescribeDBInstanceNetInfo', kind: 'server-error' });

    // Act
    const error = await failure(describeNetInfo());

    // Assess
    expect(error).toMatchObject({ code: 'ServiceUnavailable', entry: { response: { statusCode: 503 } } });
  });

  it('RESOLVES in pop-core on an HTTP 500 whose body has no Code: the caller has to check the shape', async () => {
    // Prepare
    rds.faults.inject({ action: 'DescribeDBInstanceNetInfo', kind: 'no-code-error' });

    // Act
    const response: unknown = await describeNetInfo();

    // Assess
    expect(response).toEqual({ RequestId: 'LAB-REQUEST-ID', Message: 'internal error' });
    expect(rds.calls.map((call) => [call.errorCode, call.fault])).toEqual([[undefined, 'no-code-error']]);
  });

  it('rejects in pop-core with a SyntaxError-named plain object, not an Error, on an HTML 502', async () => {
    // Prepare
    rds.faults.inject({ action: 'DescribeDBInstanceNetInfo', kind: 'html' });

    // Act
    const error = await failure(describeNetInfo());

    // Assess: json-bigint throws `{ name, message, at, text }`, so `instanceof Error` is false.
    expect(error).toMatchObject({ name: 'SyntaxError', message: "Unexpected '<'" });
    expect(error instanceof Error).toBe(false);
  });

  it('holds a delayed answer for delayMs, then answers normally', async () => {
    // Prepare
    rds.faults.inject({ action: 'DescribeDBInstanceNetInfo', kind: 'delay', delayMs: 200 });
    const startedAt = performance.now();

    // Act
    const response = await describeNetInfo();
    const elapsedMs = performance.now() - startedAt;

    // Assess
    expect(response.DBInstanceNetInfos.DBInstanceNetInfo).toEqual([NET_INFO]);
    expect(elapsedMs).toBeGreaterThanOrEqual(200);
    expect(rds.calls.map((call) => call.fault)).toEqual(['delay']);
  });

  it('lets pop-core time out on a delay longer than its timeout', async () => {
    // Prepare
    rds.faults.inject({ action: 'DescribeDBInstanceNetInfo', kind: 'delay', delayMs: 300 });

    // Act
    const error = await failure(describeNetInfo(100));

    // Assess
    expect(error).toMatchObject({ name: 'RequestTimeoutError' });
    expect(error instanceof Error && error.message).toMatch(/^ReadTimeout\(100\)/);
  });

  it('takes a hung request and never answers it: only the client timeout ends the call', async () => {
    // Prepare
    rds.faults.inject({ action: 'DescribeDBInstanceNetInfo', kind: 'hang' });

    // Act
    const error = await failure(describeNetInfo(150));
    const after = await describeNetInfo();

    // Assess
    expect(error).toMatchObject({ name: 'RequestTimeoutError' });
    expect(after.DBInstanceNetInfos.DBInstanceNetInfo).toEqual([NET_INFO]);
    expect(rds.calls.map((call) => call.action)).toEqual([
      'DescribeDBInstanceNetInfo',
      'DescribeDBInstanceNetInfo',
    ]);
    expect(rds.faults.pending()).toEqual([]);
  });

  it('consumes faults in the order injected and only for their action', async () => {
    // Prepare
    rds.faults.inject({ action: 'DescribeDBInstanceNetInfo', kind: 'throttle' });
    rds.faults.inject({ action: 'DescribeDBInstanceNetInfo', kind: 'server-error', times: 2 });
    rds.faults.inject({ action: 'DescribeDBInstanceHAConfig', kind: 'throttle' });

    // Act
    const first = await failure(describeNetInfo());
    const second = await failure(describeNetInfo());

    // Assess
    expect(first).toMatchObject({ code: 'Throttling.User' });
    expect(second).toMatchObject({ code: 'ServiceUnavailable' });
    expect(rds.faults.pending()).toEqual([
      { action: 'DescribeDBInstanceNetInfo', kind: 'server-error', times: 1 },
      { action: 'DescribeDBInstanceHAConfig', kind: 'throttle', times: 1 },
    ]);
  });
});

describe('FaultInjector.inject', () => {
  it.each([
    [{ action: 'PutCustomEvent', kind: 'delay' as const }, 'fault.delayMs must be set'],
    [
      { action: 'PutCustomEvent', kind: 'html' as const, times: 0 },
      'fault.times must be a positive integer, got 0',
    ],
  ])('refuses a fault that could never fire as asked: %o', (fault, message) => {
    // Prepare
    const faults = new FaultInjector();

    // Act
    const inject = (): void => faults.inject(fault);

    // Assess
    expect(inject).toThrow(message);
    expect(faults.pending()).toEqual([]);
  });
});
