import { inspect } from 'node:util';
import * as v from 'valibot';
import {
  AlicloudApiError,
  AlicloudResponseError,
  backoffDelayMs,
  classifyPopCoreError,
  createAlicloudRpc,
  integerLike,
} from '../../shared/alicloud';
import type { AlicloudRpcOptions } from '../../shared/alicloud';
import { fails, fakePopCore, hangs, ok, popCoreError } from '../support/fake-pop-core';
import { virtualClock } from '../support/virtual-clock';

const CREDENTIALS = {
  accessKeyId: 'LTAI5tFAKEKEYID',
  accessKeySecret: 'FAKEsecretVALUE',
  securityToken: 'CAISfakeSTS',
};
const JobSchema = v.object({ JobId: v.string() });

function rpcWith(fake: ReturnType<typeof fakePopCore>, overrides: Partial<AlicloudRpcOptions> = {}) {
  const clock = virtualClock(0);
  let tokens = 0;
  const rpc = createAlicloudRpc({
    endpoint: 'https://nlb.cn-hangzhou.aliyuncs.com',
    apiVersion: '2022-04-30',
    credentials: CREDENTIALS,
    timeoutMs: 2500,
    clock,
    random: () => 0.5,
    newClientToken: () => `token-${++tokens}`,
    createClient: fake.createClient,
    ...overrides,
  });
  return { rpc, clock, tokensMade: () => tokens };
}

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('createAlicloudRpc: requests', () => {
  it('builds the pop-core client with the endpoint, version and credentials', () => {
    // Prepare
    const fake = fakePopCore({});
    // Act
    rpcWith(fake);
    // Assess
    expect(fake.configs).toEqual([
      {
        endpoint: 'https://nlb.cn-hangzhou.aliyuncs.com',
        apiVersion: '2022-04-30',
        accessKeyId: 'LTAI5tFAKEKEYID',
        accessKeySecret: 'FAKEsecretVALUE',
        securityToken: 'CAISfakeSTS',
      },
    ]);
  });

  it('always POSTs, with the explicit timeout, and leaves out undefined parameters', async () => {
    // Prepare
    const fake = fakePopCore({ AddServersToServerGroup: [ok({ RequestId: 'R-1', JobId: 'job-1' })] });
    const { rpc } = rpcWith(fake);
    // Act
    await rpc.call('AddServersToServerGroup', { RegionId: 'cn-hangzhou', NextToken: undefined }, JobSchema);
    // Assess
    expect(fake.requests).toEqual([
      { action: 'AddServersToServerGroup', params: { RegionId: 'cn-hangzhou' } },
    ]);
    expect(fake.options).toEqual([{ method: 'POST', timeout: 2500 }]);
  });

  it("returns the schema's output, numbers sent as strings included", async () => {
    // Prepare
    const fake = fakePopCore({ Describe: [ok({ RequestId: 'R-1', Port: '3306', Extra: 'ignored' })] });
    const { rpc } = rpcWith(fake);
    // Act
    const body = await rpc.call('Describe', {}, v.object({ Port: integerLike }));
    // Assess
    expect(body).toEqual({ Port: 3306 });
  });

  it('sends no ClientToken unless asked, and a fresh one per logical call', async () => {
    // Prepare
    const fake = fakePopCore({ Act: [ok({ JobId: 'a' }), ok({ JobId: 'b' }), ok({ JobId: 'c' })] });
    const { rpc } = rpcWith(fake);
    // Act
    await rpc.call('Act', {}, JobSchema);
    await rpc.call('Act', {}, JobSchema, { clientToken: true });
    await rpc.call('Act', {}, JobSchema, { clientToken: true });
    // Assess
    expect(fake.requests.map((r) => r.params['ClientToken'])).toEqual([undefined, 'token-1', 'token-2']);
  });

  it('refuses options that would make every call fail, naming the field', () => {
    // Prepare
    const fake = fakePopCore({});
    // Act
    const create = () => rpcWith(fake, { timeoutMs: 0 });
    // Assess
    expect(create).toThrow(new RangeError('timeoutMs: expected a positive number, got 0'));
  });
});

describe('createAlicloudRpc: response validation', () => {
  it('rejects an error body without Code, which pop-core returns as a success', async () => {
    // Prepare
    const fake = fakePopCore({
      AddServersToServerGroup: [ok({ RequestId: 'R-404', Message: 'Specified api is not found.' })],
    });
    const { rpc } = rpcWith(fake);
    // Act
    const error = await failure(rpc.call('AddServersToServerGroup', {}, JobSchema));
    // Assess
    expect(error).toBeInstanceOf(AlicloudResponseError);
    expect(error).toMatchObject({
      action: 'AddServersToServerGroup',
      code: 'UnexpectedResponse',
      requestId: 'R-404',
      problems: ['JobId: missing'],
      message:
        'AddServersToServerGroup returned an unexpected response: JobId: missing (Message: Specified api is not found.)',
    });
  });

  it('rejects an empty JSON object', async () => {
    // Prepare
    const fake = fakePopCore({ GetJobStatus: [ok({})] });
    const { rpc } = rpcWith(fake);
    // Act
    const error = await failure(rpc.call('GetJobStatus', {}, v.object({ Status: v.string() })));
    // Assess
    expect(error).toBeInstanceOf(AlicloudResponseError);
    expect((error as Error).message).toBe('GetJobStatus returned an unexpected response: Status: missing');
  });

  it('rejects an empty body (json-bigint throws a plain SyntaxError object for it)', async () => {
    // Prepare
    const fake = fakePopCore({
      GetJobStatus: [fails({ name: 'SyntaxError', message: "Unexpected ''", at: 1, text: '' })],
    });
    const { rpc } = rpcWith(fake);
    // Act
    const error = await failure(rpc.call('GetJobStatus', {}, v.object({ Status: v.string() })));
    // Assess
    expect(error).toBeInstanceOf(AlicloudResponseError);
    expect((error as Error).message).toBe('GetJobStatus returned an unexpected response: the body is empty');
    expect(fake.requests).toHaveLength(1);
  });

  it('names a wrong shape by path and type, never quoting the values', async () => {
    // Prepare
    const fake = fakePopCore({
      List: [ok({ Servers: [{ ServerId: 'AKIDlooksSecret', Port: true }], NextToken: 7 })],
    });
    const { rpc } = rpcWith(fake);
    const schema = v.object({
      Servers: v.array(v.object({ ServerId: v.number(), Port: integerLike })),
      NextToken: v.optional(v.string()),
    });
    // Act
    const error = await failure(rpc.call('List', {}, schema));
    // Assess
    expect((error as AlicloudResponseError).problems).toEqual([
      'Servers.0.ServerId: expected number, got string',
      'Servers.0.Port: expected (number | string), got boolean',
      'NextToken: expected string, got number',
    ]);
    expect((error as Error).message).not.toContain('AKIDlooksSecret');
  });
});

describe('createAlicloudRpc: error mapping', () => {
  it("turns pop-core's error into an AlicloudApiError without the URL and its credentials", async () => {
    // Prepare
    const url =
      'https://nlb.cn-hangzhou.aliyuncs.com/?AccessKeyId=LTAI5tFAKEKEYID&SecurityToken=CAISfakeSTS&Signature=c2ln';
    const thrown = popCoreError('ResourceNotFound.ServerGroup', 'The server group is not found.', 'R-7', url);
    const fake = fakePopCore({ ListServerGroupServers: [fails(thrown)] });
    const { rpc } = rpcWith(fake);
    // Act
    const error = await failure(rpc.call('ListServerGroupServers', {}, JobSchema));
    // Assess
    expect(error).toBeInstanceOf(AlicloudApiError);
    expect(error).toMatchObject({
      action: 'ListServerGroupServers',
      code: 'ResourceNotFound.ServerGroup',
      requestId: 'R-7',
      message: 'ListServerGroupServers: The server group is not found. (RequestId R-7)',
    });
    // The cause is a scrubbed copy: pop-core's own error carries the signed URL and the request.
    expect((error as Error).cause).not.toBe(thrown);
    expect((error as Error).cause).toMatchObject({ name: thrown.name, code: 'ResourceNotFound.ServerGroup' });
    expect(JSON.stringify(error)).not.toMatch(/LTAI5tFAKEKEYID|CAISfakeSTS|FAKEsecretVALUE/);
    expect(inspect(error, { depth: 10 })).not.toMatch(/LTAI5tFAKEKEYID|CAISfakeSTS|FAKEsecretVALUE/);
  });

  it('says so when the error body has no Message, rather than "undefined"', () => {
    // Prepare
    const thrown = Object.assign(new Error('undefined, URL: https://slb.aliyuncs.com/'), {
      code: 'InternalError',
      data: { Code: 'InternalError', RequestId: 'R-5' },
    });
    // Act
    const error = classifyPopCoreError('Act', thrown, 2500);
    // Assess
    expect(error.message).toBe('Act: (the error body has no Message) (RequestId R-5)');
  });

  const thrownCases: [string, unknown, { code: string; message: string; type: unknown }][] = [
    [
      'a non-JSON body',
      { name: 'SyntaxError', message: "Unexpected '<'", at: 1, text: '<html>502 Bad Gateway</html>' },
      {
        type: AlicloudApiError,
        code: 'InvalidResponse',
        message: "Act: the response body is not JSON (Unexpected '<' at character 1)",
      },
    ],
    [
      'a null body (pop-core reads null.Code)',
      new TypeError("Cannot read properties of null (reading 'Code')"),
      {
        type: AlicloudApiError,
        code: 'InvalidResponse',
        message: 'Act: the response body is not a JSON object',
      },
    ],
    [
      "httpx's read timeout",
      Object.assign(new Error('ReadTimeout(2500). '), { name: 'RequestTimeoutError' }),
      { type: AlicloudApiError, code: 'Timeout', message: 'Act: no response within 2500 ms' },
    ],
    [
      'a refused connection',
      Object.assign(
        new Error('connect ECONNREFUSED 10.0.0.1:443POST https://nlb.cn-hangzhou.aliyuncs.com/ failed.'),
        {
          code: 'ECONNREFUSED',
        },
      ),
      {
        type: AlicloudApiError,
        code: 'NetworkError',
        message:
          'Act: ECONNREFUSED: connect ECONNREFUSED 10.0.0.1:443; POST https://nlb.cn-hangzhou.aliyuncs.com/ failed.',
      },
    ],
    [
      'a network error with a signed GET URL',
      Object.assign(
        new Error('socket hang up GET https://slb.aliyuncs.com/?AccessKeyId=LTAIx&Signature=y failed.'),
        {
          code: 'ECONNRESET',
        },
      ),
      {
        type: AlicloudApiError,
        code: 'NetworkError',
        message: 'Act: ECONNRESET: socket hang up; GET https://slb.aliyuncs.com/?[redacted] failed.',
      },
    ],
  ];

  it.each(thrownCases)('maps %s', (_, thrown, expected) => {
    // Act
    const error = classifyPopCoreError('Act', thrown, 2500);
    // Assess
    expect(error).toBeInstanceOf(expected.type);
    expect({ code: error.code, message: error.message }).toEqual({
      code: expected.code,
      message: expected.message,
    });
    // A scrubbed copy of what was thrown, name and code kept.
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause).not.toBe(thrown);
  });
});

describe('createAlicloudRpc: retries', () => {
  it('retries throttling with backoff, sending the same ClientToken on every attempt', async () => {
    // Prepare
    const throttled = () =>
      fails(popCoreError('Throttling.User', 'Request was denied due to user flow control.', 'R-t'));
    const fake = fakePopCore({
      AddServersToServerGroup: [throttled(), throttled(), ok({ RequestId: 'R-ok', JobId: 'job-9' })],
    });
    const { rpc, clock, tokensMade } = rpcWith(fake);
    // Act
    const body = await rpc.call('AddServersToServerGroup', { ServerGroupId: 'sgp-1' }, JobSchema, {
      clientToken: true,
    });
    // Assess
    expect(body).toEqual({ JobId: 'job-9' });
    expect(fake.requests.map((r) => r.params['ClientToken'])).toEqual(['token-1', 'token-1', 'token-1']);
    expect(tokensMade()).toBe(1);
    // 200 ms then 400 ms ceilings, half fixed and half jitter at random() = 0.5: 150 + 300.
    expect(clock.now()).toBe(450);
  });

  it.each([
    ['ServiceUnavailable'],
    ['InternalError'],
    ['Throttling'],
    ['Throttling.Api'],
    ['Throttling.Concurrency'],
  ])('retries %s', async (code) => {
    // Prepare
    const fake = fakePopCore({ Act: [fails(popCoreError(code, 'busy', 'R-1')), ok({ JobId: 'j' })] });
    const { rpc } = rpcWith(fake);
    // Act
    await rpc.call('Act', {}, JobSchema);
    // Assess
    expect(fake.requests).toHaveLength(2);
  });

  it('retries a timeout and a network error', async () => {
    // Prepare
    const timeout = Object.assign(new Error('ReadTimeout(2500)'), { name: 'RequestTimeoutError' });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const fake = fakePopCore({ Act: [fails(timeout), fails(reset), ok({ JobId: 'j' })] });
    const { rpc } = rpcWith(fake);
    // Act
    await rpc.call('Act', {}, JobSchema);
    // Assess
    expect(fake.requests).toHaveLength(3);
  });

  it("retries the call's own retryOn codes, with the same ClientToken", async () => {
    // Prepare
    const busy = () => fails(popCoreError('IncorrectStatus.serverGroup', 'The server group is busy.', 'R-b'));
    const fake = fakePopCore({ RemoveServersFromServerGroup: [busy(), ok({ JobId: 'job-2' })] });
    const { rpc } = rpcWith(fake);
    // Act
    await rpc.call('RemoveServersFromServerGroup', {}, JobSchema, {
      clientToken: true,
      retryOn: ['IncorrectStatus.serverGroup'],
    });
    // Assess
    expect(fake.requests.map((r) => r.params['ClientToken'])).toEqual(['token-1', 'token-1']);
  });

  it('does not retry a retryOn code of another call', async () => {
    // Prepare
    const fake = fakePopCore({
      Act: [fails(popCoreError('IncorrectStatus.serverGroup', 'busy', 'R-b')), ok({ JobId: 'j' })],
    });
    const { rpc } = rpcWith(fake);
    // Act
    const error = await failure(rpc.call('Act', {}, JobSchema));
    // Assess
    expect(error).toMatchObject({ code: 'IncorrectStatus.serverGroup' });
    expect(fake.requests).toHaveLength(1);
  });

  it('does not retry a permanent error or an unexpected response', async () => {
    // Prepare
    const fake = fakePopCore({
      Denied: [fails(popCoreError('Forbidden.RAM', 'User not authorized.', 'R-f')), ok({ JobId: 'j' })],
      Shapeless: [ok({ Message: 'oops' }), ok({ JobId: 'j' })],
    });
    const { rpc, clock } = rpcWith(fake);
    // Act
    const denied = await failure(rpc.call('Denied', {}, JobSchema));
    const shapeless = await failure(rpc.call('Shapeless', {}, JobSchema));
    // Assess
    expect(denied).toMatchObject({ code: 'Forbidden.RAM' });
    expect(shapeless).toBeInstanceOf(AlicloudResponseError);
    expect(fake.requests.map((r) => r.action)).toEqual(['Denied', 'Shapeless']);
    expect(clock.now()).toBe(0);
  });

  it('gives up after maxAttempts and throws the last error', async () => {
    // Prepare
    const fake = fakePopCore({
      Act: [1, 2, 3].map((n) => fails(popCoreError('Throttling.User', `denied ${n}`, `R-${n}`))),
    });
    const { rpc, clock } = rpcWith(fake, { maxAttempts: 3 });
    // Act
    const error = await failure(rpc.call('Act', {}, JobSchema));
    // Assess
    expect(error).toMatchObject({ code: 'Throttling.User', requestId: 'R-3' });
    expect(fake.requests).toHaveLength(3);
    expect(clock.now()).toBe(450);
  });
});

describe('createAlicloudRpc: deadlines', () => {
  const throttled = () => fails(popCoreError('Throttling.User', 'Request was denied.', 'R-t'));

  it("cuts the attempt's timeout to the time left before the call's deadline", async () => {
    // Prepare
    const fake = fakePopCore({ Act: [ok({ JobId: 'j' })] });
    const { rpc } = rpcWith(fake);
    // Act
    await rpc.call('Act', {}, JobSchema, { deadlineMs: 1000 });
    // Assess
    expect(fake.options).toEqual([{ method: 'POST', timeout: 1000 }]);
  });

  it('starts no attempt at or after the deadline, and says so with DeadlineExceeded', async () => {
    // Prepare
    const fake = fakePopCore({ Act: [ok({ JobId: 'j' })] });
    const { rpc } = rpcWith(fake);
    // Act
    const error = await failure(rpc.call('Act', {}, JobSchema, { deadlineMs: 0 }));
    // Assess
    expect(error).toBeInstanceOf(AlicloudApiError);
    expect(error).toMatchObject({
      action: 'Act',
      code: 'DeadlineExceeded',
      message: 'Act: no time left before the deadline, 0 ms after the call started',
    });
    expect(fake.requests).toEqual([]);
  });

  it('ends an API that never answers at the deadline, the last attempt cut to the time left', async () => {
    // Prepare: attempt 1 waits its whole 2500 ms; after a 150 ms backoff, 1350 ms are left for attempt 2
    const clock = virtualClock(0);
    const fake = fakePopCore({ Act: [hangs(), hangs(), hangs()] }, clock);
    const { rpc } = rpcWith(fake, { clock });
    // Act
    const error = await failure(rpc.call('Act', {}, JobSchema, { deadlineMs: 4000 }));
    // Assess
    expect(fake.options).toEqual([
      { method: 'POST', timeout: 2500 },
      { method: 'POST', timeout: 1350 },
    ]);
    expect(clock.now()).toBe(4000);
    expect(error).toMatchObject({
      code: 'DeadlineExceeded',
      message:
        'Act: no time left before the deadline, 4000 ms after the call started; last error: Act: no response within 1350 ms',
    });
    expect((error as Error).cause).toMatchObject({ code: 'Timeout' });
  });

  it('gives a retry up at once when its backoff would reach the deadline', async () => {
    // Prepare: the first backoff is 150 ms, the deadline 100 ms away
    const fake = fakePopCore({ Act: [throttled(), ok({ JobId: 'j' })] });
    const { rpc, clock } = rpcWith(fake);
    // Act
    const error = await failure(rpc.call('Act', {}, JobSchema, { deadlineMs: 100 }));
    // Assess
    expect(error).toMatchObject({ code: 'DeadlineExceeded', requestId: 'R-t' });
    expect((error as Error).cause).toMatchObject({ code: 'Throttling.User' });
    expect(fake.requests).toHaveLength(1);
    expect(clock.now()).toBe(0);
  });

  it('retries as usual while the backoff ends before the deadline', async () => {
    // Prepare
    const fake = fakePopCore({ Act: [throttled(), throttled(), ok({ JobId: 'j' })] });
    const { rpc, clock } = rpcWith(fake);
    // Act
    const body = await rpc.call('Act', {}, JobSchema, { deadlineMs: 451 });
    // Assess: 150 + 300 ms of backoff, 1 ms left for the third attempt
    expect(body).toEqual({ JobId: 'j' });
    expect(fake.options).toEqual([
      { method: 'POST', timeout: 451 },
      { method: 'POST', timeout: 301 },
      { method: 'POST', timeout: 1 },
    ]);
    expect(clock.now()).toBe(450);
  });

  it("takes the earlier of the client's deadline and the call's", async () => {
    // Prepare
    const fake = fakePopCore({ Act: [ok({ JobId: 'a' }), ok({ JobId: 'b' }), ok({ JobId: 'c' })] });
    const { rpc } = rpcWith(fake, { deadlineMs: 2000 });
    // Act
    await rpc.call('Act', {}, JobSchema);
    await rpc.call('Act', {}, JobSchema, { deadlineMs: 5000 });
    await rpc.call('Act', {}, JobSchema, { deadlineMs: 700 });
    // Assess
    expect(fake.options.map((o) => (o as { timeout: number }).timeout)).toEqual([2000, 2000, 700]);
  });
});

describe('backoffDelayMs', () => {
  const policy = { baseDelayMs: 200, maxDelayMs: 1000 };
  const cases: [number, number, number][] = [
    [1, 0, 100],
    [1, 0.999, 200],
    [2, 0, 200],
    [3, 0.5, 600],
    [4, 0, 500],
    [9, 0.5, 750],
  ];

  it.each(cases)('retry %d with random() = %d waits %d ms', (retry, random, expected) => {
    // Act
    const delay = backoffDelayMs(retry, { ...policy, random: () => random });
    // Assess
    expect(delay).toBe(expected);
  });
});
