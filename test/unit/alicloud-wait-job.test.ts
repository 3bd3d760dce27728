import { createAlicloudRpc } from '../../shared/alicloud';
import { waitForJob } from '../../shared/backends/alicloud-nlb';
import { fakePopCore, ok } from '../support/fake-pop-core';
import type { Reply } from '../support/fake-pop-core';
import { virtualClock } from '../support/virtual-clock';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const status = (Status: string): Reply => ok({ RequestId: 'R-job', Status });

function jobWorld(statuses: string[], rpcDeadlineMs?: number) {
  const clock = virtualClock(T0);
  const askedAt: number[] = [];
  const fake = fakePopCore({ GetJobStatus: statuses.map(status) });
  const rpc = createAlicloudRpc({
    endpoint: 'https://nlb.cn-hangzhou.aliyuncs.com',
    apiVersion: '2022-04-30',
    credentials: { accessKeyId: 'ak', accessKeySecret: 'sk' },
    timeoutMs: 3000,
    clock,
    ...(rpcDeadlineMs !== undefined ? { deadlineMs: rpcDeadlineMs } : {}),
    createClient: () => ({
      request: (action, params, options) => {
        askedAt.push(clock.now() - T0);
        return fake.client.request(action, params, options);
      },
    }),
  });
  return { rpc, clock, askedAt };
}

describe('waitForJob', () => {
  it('asks after each pollMs until the job succeeds', async () => {
    // Prepare
    const { rpc, clock, askedAt } = jobWorld(['processing', 'Processing', 'Succeeded']);
    // Act
    const outcome = await waitForJob(rpc, 'job-1', { clock, pollMs: 1000, timeoutMs: 60_000 });
    // Assess
    expect(outcome).toEqual({ kind: 'succeeded', waitedMs: 3000 });
    expect(askedAt).toEqual([1000, 2000, 3000]);
  });

  it('ends at the deadline when it comes before timeoutMs, looking a last time at it', async () => {
    // Prepare: a job that never ends, 120 s allowed, 2.5 s left in the invocation
    const { rpc, clock, askedAt } = jobWorld(Array(10).fill('processing'));
    // Act
    const outcome = await waitForJob(rpc, 'job-1', {
      clock,
      pollMs: 1000,
      timeoutMs: 120_000,
      deadlineMs: T0 + 2500,
    });
    // Assess
    expect(outcome).toEqual({ kind: 'timeout', status: 'processing', waitedMs: 2500 });
    expect(askedAt).toEqual([1000, 2000, 2500]);
  });

  it('ends at timeoutMs when it comes before the deadline', async () => {
    // Prepare
    const { rpc, clock, askedAt } = jobWorld(Array(10).fill('processing'));
    // Act
    const outcome = await waitForJob(rpc, 'job-1', {
      clock,
      pollMs: 1000,
      timeoutMs: 1500,
      deadlineMs: T0 + 60_000,
    });
    // Assess
    expect(outcome).toEqual({ kind: 'timeout', status: 'processing', waitedMs: 1500 });
    expect(askedAt).toEqual([1000, 1500]);
  });

  it('is a timeout, with the status seen last, when the RPC client refuses to ask past its deadline', async () => {
    // Prepare: the client is bound to an invocation that ends 2 s from now, the wait was given 120 s
    const { rpc, clock, askedAt } = jobWorld(Array(10).fill('processing'), T0 + 2000);
    // Act
    const outcome = await waitForJob(rpc, 'job-1', { clock, pollMs: 1000, timeoutMs: 120_000 });
    // Assess
    expect(outcome).toEqual({ kind: 'timeout', status: 'processing', waitedMs: 2000 });
    expect(askedAt).toEqual([1000]);
  });

  it('reports a failed job with its status as the API spelled it', async () => {
    // Prepare
    const { rpc, clock } = jobWorld(['processing', 'Failed']);
    // Act
    const outcome = await waitForJob(rpc, 'job-1', { clock, pollMs: 500, timeoutMs: 60_000 });
    // Assess
    expect(outcome).toEqual({ kind: 'failed', status: 'Failed', waitedMs: 1000 });
  });
});
