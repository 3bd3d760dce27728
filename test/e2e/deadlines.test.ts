import { LAB_ALICLOUD_CREDENTIALS } from '../../lab/alicloud-lab';
import { ReconcileFailedError } from '../../shared/platform/failed-error';
import {
  alicloudWorld,
  ENDPOINT,
  PRIMARY_IP as ALI_PRIMARY_IP,
  STANDBY_IP as ALI_STANDBY_IP,
} from '../support/alicloud-lab-world';
import type { AlicloudWorld } from '../support/alicloud-lab-world';
import { labWorld, PRIMARY_IP, STANDBY_IP } from '../support/aws-lab-world';
import type { LabWorld } from '../support/aws-lab-world';

/**
 * Each test gives the handler 5 s, as `getRemainingTimeInMillis` (AWS) or the function timeout (FC)
 * says, and something that never ends: the handler must alert and throw before those 5 s are gone.
 * Real clock, real wire: the bound asserted is the one the handler guarantees, an upper bound. No lower
 * bound is asserted: how early it ends depends on the machine, and a busy one is only ever slower.
 */
const LEFT_MS = 5000;

let aws: LabWorld | undefined;
let ali: AlicloudWorld | undefined;
afterEach(async () => {
  // Closing the lab also closes the connections the hung requests are still holding.
  await Promise.all([aws?.close(), ali?.close()]);
  aws = undefined;
  ali = undefined;
});

/** Runs `invoke`, expecting it to throw; returns the error and the milliseconds it took. */
async function timedFailure(invoke: () => Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const startedAt = performance.now();
  const error = await invoke().then(
    () => new Error('expected the handler to throw'),
    (thrown: unknown) => thrown,
  );
  return { error, elapsedMs: performance.now() - startedAt };
}

describe('with 5 s left, the handler alerts and throws before its deadline', () => {
  it('(a) when ELBv2 never answers RegisterTargets', async () => {
    // Prepare
    aws = await labWorld({ name: 'orders' });
    aws.lab.dns.setA(aws.endpoint, [STANDBY_IP]);
    aws.lab.elbv2.faults.inject({ action: 'RegisterTargets', kind: 'hang', times: 10 });
    const world = aws;
    // Act
    const { error, elapsedMs } = await timedFailure(() =>
      world.invoke('aws-sns-cluster-failover.json', ['rds-event'], LEFT_MS),
    );
    // Assess
    expect(error).toBeInstanceOf(ReconcileFailedError);
    // Two bounds end the hung call, whichever comes first on this machine: the client's own request
    // timeout (two attempts of 1 s) or the invocation's deadline, through its abort signal.
    const prefix =
      '1 binding(s) need attention: orders failed (register on aws-elbv2 targetgroup/orders/0000000000000001 failed: ';
    expect([
      `${prefix}TimeoutError: @smithy/node-http-handler - [ERROR] a request has exceeded the configured 1000 ms requestTimeout.)`,
      `${prefix}DeadlineExceeded: abandoned at the invocation's deadline, to leave time to alert and report)`,
    ]).toContain((error as Error).message);
    expect(elapsedMs).toBeLessThan(LEFT_MS);
    expect(world.lab.elbv2.calls.filter((c) => c.action === 'RegisterTargets').length).toBeGreaterThanOrEqual(
      1,
    );
    // The subject names the step and the code, so it too is one of the two.
    expect(world.lab.sns.published).toHaveLength(1);
    expect([
      'rds-failover-sync: orders FAILED: register TimeoutError on aws-elbv2 targetgroup/orders/00000000...',
      'rds-failover-sync: orders FAILED: register DeadlineExceeded on aws-elbv2 targetgroup/orders/0000...',
    ]).toContain(world.lab.sns.published[0]?.subject);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 healthy`]);
  });

  it('(a) and in the 12 s Lambda of the issue, where a hung RegisterTargets once ran 14 s', async () => {
    // Prepare
    aws = await labWorld({ name: 'orders' });
    aws.lab.dns.setA(aws.endpoint, [STANDBY_IP]);
    aws.lab.elbv2.faults.inject({ action: 'RegisterTargets', kind: 'hang', times: 10 });
    const world = aws;
    // Act
    const { error, elapsedMs } = await timedFailure(() =>
      world.invoke('aws-sns-cluster-failover.json', ['rds-event'], 12_000),
    );
    // Assess
    expect(error).toBeInstanceOf(ReconcileFailedError);
    expect(elapsedMs).toBeLessThan(12_000);
    expect(world.lab.sns.published).toHaveLength(1);
  });

  it('(b) when the Alibaba NLB API never answers AddServersToServerGroup', async () => {
    // Prepare
    ali = await alicloudWorld();
    ali.lab.dns.setA(ENDPOINT, [ALI_STANDBY_IP]);
    ali.lab.nlb.faults.inject({ action: 'AddServersToServerGroup', kind: 'hang', times: 10 });
    const world = ali;
    // Act
    const { error, elapsedMs } = await timedFailure(() =>
      world.invoke(
        'alicloud-cloudmonitor-failover.json',
        ['rds-event'],
        LAB_ALICLOUD_CREDENTIALS,
        LEFT_MS / 1000,
      ),
    );
    // Assess
    expect(error).toBeInstanceOf(ReconcileFailedError);
    // How many attempts fit, and how long the last one got, depends on the machine: not asserted.
    expect((error as Error).message).toMatch(
      /^1 binding\(s\) need attention: billing failed \(register on alicloud-nlb cn-hangzhou\/sgp-lab0001 failed: DeadlineExceeded: AddServersToServerGroup: no time left before the deadline, \d+ ms after the call started; last error: AddServersToServerGroup: no response within \d+ ms\)$/,
    );
    expect(elapsedMs).toBeLessThan(LEFT_MS);
    expect(world.lab.cms.events.map((e) => (JSON.parse(e.content) as { subject: string }).subject)).toEqual([
      'rds-failover-sync: billing FAILED: register DeadlineExceeded on alicloud-nlb cn-hangzhou/sgp-lab...',
    ]);
    expect(world.nlbServers()).toEqual([`${ALI_PRIMARY_IP}:3306 Available`]);
  });

  it('(c) when an NLB add job never ends', async () => {
    // Prepare: the job would take ten minutes; the wait may not take the 120 s it is allowed
    ali = await alicloudWorld({ addMs: 600_000 });
    ali.lab.dns.setA(ENDPOINT, [ALI_STANDBY_IP]);
    const world = ali;
    // Act
    const { error, elapsedMs } = await timedFailure(() =>
      world.invoke(
        'alicloud-cloudmonitor-failover.json',
        ['rds-event'],
        LAB_ALICLOUD_CREDENTIALS,
        LEFT_MS / 1000,
      ),
    );
    // Assess
    expect(error).toBeInstanceOf(ReconcileFailedError);
    expect((error as Error).message).toMatch(
      /^1 binding\(s\) need attention: billing failed \(register on alicloud-nlb cn-hangzhou\/sgp-lab0001 failed: JobTimeout: AddServersToServerGroup job job-lab0001 still processing after \d+ ms\)$/,
    );
    expect(elapsedMs).toBeLessThan(LEFT_MS);
    expect(world.lab.cms.events.map((e) => (JSON.parse(e.content) as { subject: string }).subject)).toEqual([
      'rds-failover-sync: billing FAILED: register JobTimeout on alicloud-nlb cn-hangzhou/sgp-lab0001',
    ]);
  });

  it('(d) when DNS never answers after a failover event', async () => {
    // Prepare: every query times out, so the settle loop asks again and again until its deadline
    aws = await labWorld({ name: 'orders', settleSeconds: 60 });
    aws.lab.dns.setFault(aws.endpoint, 'timeout');
    const world = aws;
    // Act
    const { error, elapsedMs } = await timedFailure(() =>
      world.invoke('aws-sns-cluster-failover.json', ['rds-event'], LEFT_MS),
    );
    // Assess
    expect(error).toBeInstanceOf(ReconcileFailedError);
    expect((error as Error).message).toMatch(
      /^1 binding\(s\) need attention: orders refused \(refused: resolution-failed: timeout: Could not resolve orders\.cluster-c9lab0000001\.us-east-1\.rds\.amazonaws\.com: 127\.0\.0\.1:\d+ did not answer for orders\.cluster-c9lab0000001\.us-east-1\.rds\.amazonaws\.com within 500 ms\.\)$/,
    );
    expect(elapsedMs).toBeLessThan(LEFT_MS);
    expect(world.lab.sns.published.map((m) => m.subject)).toEqual([
      'rds-failover-sync: orders REFUSED: resolution-failed',
    ]);
    expect(world.targets()).toEqual([`${PRIMARY_IP}:5432 healthy`]);
  });

  it('and returns in time, without an alert, when DNS never moves after the event', async () => {
    // Prepare
    aws = await labWorld({ name: 'orders', settleSeconds: 60 });
    const world = aws;
    const startedAt = performance.now();
    // Act
    const report = await world.invoke('aws-sns-cluster-failover.json', ['rds-event'], LEFT_MS);
    const elapsedMs = performance.now() - startedAt;
    // Assess
    expect(elapsedMs).toBeLessThan(LEFT_MS);
    expect(report.outcomes).toEqual({ 'in-sync': 1 });
    expect(report.bindings[0]?.settle?.changed).toBe(false);
    expect(world.lab.sns.published).toEqual([]);
  });
});
