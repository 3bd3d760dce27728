import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventParseError } from '../../shared/events';
import { bindingsPath } from '../../shared/platform/bindings-path';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';
import { ReconcileFailedError } from '../../shared/platform/failed-error';
import { fakeRuntime, resolvedTo } from '../support/fake-runtime';

const sample = (name: string): unknown =>
  JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', name), 'utf8')) as unknown;
const context = { getRemainingTimeInMillis: () => 600_000 };

describe('handleAwsInvocation', () => {
  it('returns the report when every binding is fine', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    const report = await handleAwsInvocation(sample('aws-sns-cluster-failover.json'), context, world.deps, [
      'rds-event',
    ]);
    expect(report.outcomes).toEqual({ swapped: 1 });
    expect(world.pool.keys()).toEqual(['10.0.1.20:5432']);
  });

  it('throws after the alert is sent when a binding is refused (invariant 6)', async () => {
    const world = fakeRuntime({ answer: () => ({ ok: false, failure: 'nxdomain', detail: 'gone' }) });
    world.pool.seed('10.0.1.10');
    const error = await handleAwsInvocation(sample('aws-schedule.json'), context, world.deps, [
      'schedule',
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconcileFailedError);
    expect((error as Error).message).toBe(
      '1 binding(s) need attention: orders refused (refused: resolution-failed: nxdomain: gone)',
    );
    expect(world.alerts.map((a) => a.binding)).toEqual(['orders']);
  });

  it('throws when the swap worked but its alert was not delivered', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20'), alertFails: true });
    world.pool.seed('10.0.1.10');
    await expect(
      handleAwsInvocation(sample('aws-schedule.json'), context, world.deps, ['schedule']),
    ).rejects.toThrow(
      '1 binding(s) need attention: orders swapped (pool now matches what it must hold); alert not delivered to arn:aws:sns:us-east-1:123456789012:db-failover',
    );
  });

  it('keeps the deadline below the function timeout', async () => {
    const world = fakeRuntime({
      answer: () => resolvedTo('10.0.1.10'),
    });
    world.pool.seed('10.0.1.10');
    const report = await handleAwsInvocation(
      sample('aws-sns-cluster-failover.json'),
      { getRemainingTimeInMillis: () => 30_000 },
      world.deps,
      ['rds-event'],
    );
    // 30 s left, a quarter (7.5 s) kept back: settling may take half of the remaining 22.5 s.
    expect(report.bindings[0]?.settle?.waitedMs).toBe(11_250);
  });

  it('rejects a malformed payload, changing nothing', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20') });
    world.pool.seed('10.0.1.10');
    await expect(
      handleAwsInvocation({ hello: 'world' }, context, world.deps, ['schedule', 'manual']),
    ).rejects.toThrow(EventParseError);
    expect(world.pool.changes()).toEqual([]);
    expect(world.logs.map((r) => [r.level, r.message])).toEqual([
      ['error', 'unrecognised event, nothing changed'],
    ]);
  });

  it('rejects a trigger meant for the other function', async () => {
    const world = fakeRuntime({ answer: () => resolvedTo('10.0.1.20') });
    await expect(
      handleAwsInvocation(sample('aws-schedule.json'), context, world.deps, ['rds-event', 'ignored']),
    ).rejects.toThrow('this function takes rds-event or ignored triggers, not schedule');
  });
});

describe('bindingsPath', () => {
  const deployed = (path: string) =>
    path.startsWith('/var/task/') || path.startsWith('/code/') || path === '/etc/bindings.yml';

  it('reads BINDINGS_FILE relative to the function root, whatever the working directory', () => {
    expect(
      bindingsPath({ LAMBDA_TASK_ROOT: '/var/task', BINDINGS_FILE: 'config/prod.yml' }, undefined, deployed),
    ).toBe('/var/task/config/prod.yml');
    expect(bindingsPath({ LAMBDA_TASK_ROOT: '/var/task' }, undefined, deployed)).toBe(
      '/var/task/bindings.json',
    );
    expect(bindingsPath({ BINDINGS_FILE: '/etc/bindings.yml' }, undefined, deployed)).toBe(
      '/etc/bindings.yml',
    );
    expect(bindingsPath({ FC_FUNC_CODE_PATH: '/code/' }, 'FC_FUNC_CODE_PATH', deployed)).toBe(
      '/code/bindings.json',
    );
  });

  it('reads the copy in the working directory under `serverless invoke local`, whose /var/task is empty', () => {
    const inCwd = `${process.cwd()}/bindings.example.yml`;
    const env = { LAMBDA_TASK_ROOT: '/var/task', BINDINGS_FILE: 'bindings.example.yml' };
    expect(bindingsPath(env, undefined, (path) => path === inCwd)).toBe(inCwd);
    // Nowhere at all: the deployed path, which the load error then names.
    expect(bindingsPath(env, undefined, () => false)).toBe('/var/task/bindings.example.yml');
  });
});
