import { pacedPopCore } from '../../shared/platform/alicloud-api-budget';
import { ApiBudgetWaitError, createApiBudget } from '../../shared/platform/api-budget';
import { alicloudFamily, clientBucket, elbv2Family } from '../../shared/platform/api-budgets';
import type { Clock } from '../../shared/core/types';

/**
 * Virtual time: nothing here goes over a network, so a sleep may move the clock to its wake-up time
 * (never back). Sleeps begun together end in the order they were begun, which is the order of their
 * wake-up times for a queue.
 */
function virtualClock(): Clock {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      const wakeMs = t + ms;
      await Promise.resolve();
      t = Math.max(t, wakeMs);
    },
  };
}

describe('API budgets', () => {
  it('maps calls to their documented families', () => {
    expect(
      [
        'DescribeTargetHealthCommand',
        'DescribeTargetGroupsCommand',
        'RegisterTargetsCommand',
        'DeregisterTargetsCommand',
        'ModifyTargetGroupCommand',
      ].map(elbv2Family),
    ).toEqual(['elbv2:describe', 'elbv2:describe', 'elbv2:register', 'elbv2:register', undefined]);
    expect(
      [
        ['nlb', 'ListServerGroupServers'],
        ['nlb', 'AddServersToServerGroup'],
        ['nlb', 'GetJobStatus'],
        ['nlb', 'ListListeners'],
        ['slb', 'DescribeVServerGroupAttribute'],
        ['slb', 'ModifyVServerGroupBackendServers'],
        ['rds', 'DescribeDBInstanceNetInfo'],
        ['kms', 'Decrypt'],
        ['kms', 'Encrypt'],
      ].map(([product, action]) => alicloudFamily(product ?? '', action ?? '')),
    ).toEqual([
      'nlb:ListServerGroupServers',
      'nlb:AddServersToServerGroup',
      'nlb:GetJobStatus',
      undefined,
      'slb:describe',
      'slb:change',
      undefined,
      'kms:Decrypt',
      undefined,
    ]);
  });

  it('keeps 90% of the burst and 95% of the refill for itself', () => {
    expect(clientBucket('elbv2:describe')).toEqual({ capacity: 36, refillPerSecond: 9.5 });
    expect(clientBucket('nlb:ListServerGroupServers')).toEqual({ capacity: 9, refillPerSecond: 9.5 });
  });

  it('paces each family and region on its own bucket', async () => {
    // Arrange
    const clock = virtualClock();
    const budget = createApiBudget({ clock, bucketOf: () => ({ capacity: 2, refillPerSecond: 10 }) });
    // Act: 3 calls in one region wait once; a call in another region does not.
    await budget.acquire('elbv2:describe', 'us-east-1');
    await budget.acquire('elbv2:describe', 'us-east-1');
    await budget.acquire('elbv2:describe', 'us-east-1');
    const afterThird = clock.now();
    await budget.acquire('elbv2:describe', 'eu-west-1');
    await budget.acquire('elbv2:register', 'us-east-1');
    // Assess
    expect(afterThird).toBe(100);
    expect(clock.now()).toBe(100);
    expect(budget.stats()).toEqual({ calls: 5, paced: 1, waitedMs: 100 });
  });

  it('refuses a wait longer than the call has, taking no token', async () => {
    // Arrange
    const clock = virtualClock();
    const budget = createApiBudget({ clock, bucketOf: () => ({ capacity: 1, refillPerSecond: 1 }) });
    await budget.acquire('nlb:GetJobStatus', 'cn-hangzhou');
    // Act
    const refused = await budget
      .acquire('nlb:GetJobStatus', 'cn-hangzhou', { maxWaitMs: 999 })
      .catch((e: unknown) => e);
    await budget.acquire('nlb:GetJobStatus', 'cn-hangzhou', { maxWaitMs: 1000 });
    // Assess: the refusal took no token, so the next call waits 1,000 ms, not 2,000.
    expect(refused).toBeInstanceOf(ApiBudgetWaitError);
    expect((refused as Error).message).toBe(
      'nlb:GetJobStatus in cn-hangzhou: the call has 999 ms (the API budget would have it wait 1000 ms)',
    );
    expect(clock.now()).toBe(1000);
  });
});

describe('pacedPopCore', () => {
  it('sends ListServerGroupServers at the quota and cuts an attempt to the deadline after its wait', async () => {
    // Arrange
    const clock = virtualClock();
    const sent: [string, number, number][] = [];
    const budget = createApiBudget({ clock });
    const createClient = pacedPopCore({
      budget,
      product: 'nlb',
      region: 'cn-hangzhou',
      clock,
      deadlineMs: 1000,
      createClient: () => ({
        request: async (action, _params, options) => {
          sent.push([action, clock.now(), options.timeout]);
          return {};
        },
      }),
    });
    const client = createClient({
      endpoint: 'https://nlb.cn-hangzhou.aliyuncs.com',
      apiVersion: '2022-04-30',
      accessKeyId: 'AK',
      accessKeySecret: 'secret',
    });
    // Act: 11 lists at once against a client bucket of 9 and 9.5 a second.
    await Promise.all(
      Array.from({ length: 11 }, () =>
        client.request('ListServerGroupServers', {}, { method: 'POST', timeout: 5000 }),
      ),
    );
    const afterFirst = budget.stats();
    const lateError = await Promise.all(
      Array.from({ length: 10 }, () =>
        client.request('ListServerGroupServers', {}, { method: 'POST', timeout: 5000 }),
      ),
    ).catch((e: unknown) => e);
    // Assess: 9 at once with the time left, then two that waited 106 and 211 ms, each attempt cut to the
    // time left before 1,000 ms; the next 10 would wait past the deadline and are refused.
    expect(sent.slice(0, 9)).toEqual(Array.from({ length: 9 }, () => ['ListServerGroupServers', 0, 1000]));
    expect(afterFirst).toEqual({ calls: 11, paced: 2, waitedMs: 106 + 211 });
    expect(sent.slice(9, 11).map(([, atMs, timeoutMs]) => atMs + timeoutMs)).toEqual([1000, 1000]);
    expect(lateError).toBeInstanceOf(ApiBudgetWaitError);
  });
});
