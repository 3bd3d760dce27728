import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyFc3DeployPlan } from '../../bin/alicloud-deploy/apply-fc3';
import { createFc3Api } from '../../bin/alicloud-deploy/fc3-client';
import type { Fc3Api, Fc3FunctionInput, Fc3TriggerInput } from '../../bin/alicloud-deploy/fc3-client';
import { readInvokeResult } from '../../bin/alicloud-deploy/invoke';
import { buildDeployPlan } from '../../bin/alicloud-deploy/plan';

/** An FC 3.0 API that knows which resources exist already, and records every call with its input. */
function fakeFc3(existing: readonly string[] = [], failOn?: { call: string; code: string }) {
  const calls: [call: string, resource: string, input: unknown][] = [];
  const act = async (call: string, resource: string, input: unknown, existsCode?: string) => {
    calls.push([call, resource, input]);
    if (failOn?.call === call) throw Object.assign(new Error(`${call} failed`), { code: failOn.code });
    if (existsCode && existing.includes(resource)) {
      throw Object.assign(new Error(`${resource} exists`), { code: existsCode, statusCode: 409 });
    }
    return {};
  };
  const fc: Fc3Api = {
    createFunction: (input: Fc3FunctionInput) =>
      act('createFunction', input.functionName, input, 'FunctionAlreadyExists'),
    updateFunction: (name, input) => act('updateFunction', name, input),
    createTrigger: (fn, input: Fc3TriggerInput) =>
      act('createTrigger', `${fn}/${input.triggerName}`, input, 'TriggerAlreadyExists'),
    updateTrigger: (fn, name, input) => act('updateTrigger', `${fn}/${name}`, input),
    invokeFunction: async (fn, payload) => {
      await act('invokeFunction', fn, payload);
      return { headers: {}, data: Buffer.from('{}') };
    },
  };
  return { fc, calls };
}

const plan = buildDeployPlan(
  {
    roleArn: 'acs:ram::1234567890123456:role/rds-failover-sync',
    schedule: '@every 1m',
    vpc: { vpcId: 'vpc-a1', vSwitchIds: ['vsw-a1', 'vsw-b1'], securityGroupId: 'sg-a1' },
    log: { project: 'logs', logstore: 'functions' },
    lease: {
      instance: 'rfs-leases',
      table: 'rds_failover_sync_leases',
      endpoint: 'https://rfs-leases.cn-hangzhou.ots.aliyuncs.com',
    },
  },
  { rdsEventSeconds: 450, reconcileSeconds: 330 },
  { reconcile: Buffer.from('r'), 'rds-event': Buffer.from('e') },
);

describe('applyFc3DeployPlan (FC 3.0, @alicloud/fc20230330)', () => {
  it('creates two functions carrying the role, VPC and logstore, then their triggers with JSON configs', async () => {
    // Act
    const { fc, calls } = fakeFc3();
    const steps = await applyFc3DeployPlan(fc, plan);
    // Assess
    expect(calls.map(([call, resource]) => `${call} ${resource}`)).toEqual([
      'createFunction rds-failover-sync-reconcile',
      'createFunction rds-failover-sync-rds-event',
      'createTrigger rds-failover-sync-reconcile/schedule',
      'createTrigger rds-failover-sync-rds-event/rds-events',
    ]);
    expect(calls[0]?.[2]).toEqual({
      functionName: 'rds-failover-sync-reconcile',
      description: 'Timer backstop reconciling every binding; also takes manual invokes.',
      runtime: 'nodejs20',
      handler: 'index.handler',
      memorySize: 256,
      timeout: 330,
      environmentVariables: {
        BINDINGS_FILE: 'bindings.json',
        LEASE_TABLESTORE_ENDPOINT: 'https://rfs-leases.cn-hangzhou.ots.aliyuncs.com',
        LEASE_TABLESTORE_INSTANCE: 'rfs-leases',
        LEASE_TABLESTORE_TABLE: 'rds_failover_sync_leases',
      },
      code: { zipFile: 'cg==' },
      role: 'acs:ram::1234567890123456:role/rds-failover-sync',
      internetAccess: true,
      vpcConfig: { vpcId: 'vpc-a1', vSwitchIds: ['vsw-a1', 'vsw-b1'], securityGroupId: 'sg-a1' },
      logConfig: { project: 'logs', logstore: 'functions' },
    });
    expect(calls[2]?.[2]).toEqual({
      triggerName: 'schedule',
      triggerType: 'timer',
      description: 'rds-failover-sync: reconcile every binding (the backstop)',
      triggerConfig: '{"cronExpression":"@every 1m","enable":true,"payload":""}',
    });
    const eventTrigger = calls[3]?.[2] as Fc3TriggerInput;
    expect(typeof eventTrigger.triggerConfig).toBe('string');
    expect(JSON.parse(eventTrigger.triggerConfig)).toMatchObject({
      triggerEnable: true,
      asyncInvocationType: true,
      eventSourceConfig: { eventSourceType: 'Default' },
    });
    expect(steps.map((s) => s.action)).toEqual(['created', 'created', 'created', 'created']);
  });

  it('updates what exists on the AlreadyExists codes, without the name in the update body', async () => {
    const { fc, calls } = fakeFc3(['rds-failover-sync-reconcile', 'rds-failover-sync-reconcile/schedule']);
    const steps = await applyFc3DeployPlan(fc, plan);
    expect(steps).toEqual([
      { resource: 'function rds-failover-sync-reconcile', action: 'updated' },
      { resource: 'function rds-failover-sync-rds-event', action: 'created' },
      { resource: 'trigger rds-failover-sync-reconcile/schedule', action: 'updated' },
      { resource: 'trigger rds-failover-sync-rds-event/rds-events', action: 'created' },
    ]);
    const update = calls.find(([call]) => call === 'updateFunction');
    expect(update?.[2]).not.toHaveProperty('functionName');
    expect(calls.find(([call]) => call === 'updateTrigger')?.[2]).toEqual({
      description: 'rds-failover-sync: reconcile every binding (the backstop)',
      triggerConfig: '{"cronExpression":"@every 1m","enable":true,"payload":""}',
    });
  });

  it('stops at any other error and throws it', async () => {
    const { fc, calls } = fakeFc3([], { call: 'createFunction', code: 'AccessDenied' });
    await expect(applyFc3DeployPlan(fc, plan)).rejects.toThrow('createFunction failed');
    expect(calls).toHaveLength(1);
  });
});

describe('createFc3Api: the real @alicloud/fc20230330 client on the wire', () => {
  it('sends CreateFunction and CreateTrigger as FC 3.0 REST calls with the inputs as JSON bodies', async () => {
    // Prepare: a loopback server that records each request and answers 200 {}
    const seen: { method: string; path: string; body: unknown }[] = [];
    const server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({
          method: request.method ?? '',
          path: (request.url ?? '').split('?')[0] ?? '',
          body: JSON.parse(text || '{}'),
        });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{}');
      });
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address() as AddressInfo;
    const api = createFc3Api(
      {
        accessKeyId: 'LTAI5tFakeKeyForTests',
        accessKeySecret: 'fake-secret',
        accountId: '1234567890123456',
        region: 'cn-hangzhou',
      },
      5000,
      { endpoint: `127.0.0.1:${port}`, protocol: 'http' },
    );
    // Act
    try {
      await applyFc3DeployPlan(api, plan);
    } finally {
      server.close();
    }
    // Assess
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /2023-03-30/functions',
      'POST /2023-03-30/functions',
      'POST /2023-03-30/functions/rds-failover-sync-reconcile/triggers',
      'POST /2023-03-30/functions/rds-failover-sync-rds-event/triggers',
    ]);
    expect(seen[0]?.body).toMatchObject({
      functionName: 'rds-failover-sync-reconcile',
      runtime: 'nodejs20',
      role: 'acs:ram::1234567890123456:role/rds-failover-sync',
      code: { zipFile: 'cg==' },
      vpcConfig: { vpcId: 'vpc-a1', vSwitchIds: ['vsw-a1', 'vsw-b1'], securityGroupId: 'sg-a1' },
      logConfig: { project: 'logs', logstore: 'functions' },
    });
    expect(seen[2]?.body).toEqual({
      triggerName: 'schedule',
      triggerType: 'timer',
      description: 'rds-failover-sync: reconcile every binding (the backstop)',
      triggerConfig: '{"cronExpression":"@every 1m","enable":true,"payload":""}',
    });
  });

  it('invokes synchronously with the log tail and reads the whole body', async () => {
    // Prepare: answers as FC does for a function that threw: 200, x-fc-error-type, base64 log tail
    const seen: { path: string; headers: Record<string, unknown>; body: string }[] = [];
    const server = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({ path: (request.url ?? '').split('?')[0] ?? '', headers: request.headers, body: text });
        response.writeHead(200, {
          'content-type': 'application/json',
          'x-fc-error-type': 'UnhandledInvocationError',
          'x-fc-log-result': Buffer.from('log line').toString('base64'),
        });
        response.end('{"errorMessage":"1 binding(s) need attention"}');
      });
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    const { port } = server.address() as AddressInfo;
    const api = createFc3Api(
      {
        accessKeyId: 'LTAI5tFakeKeyForTests',
        accessKeySecret: 'fake-secret',
        accountId: '1234567890123456',
        region: 'cn-hangzhou',
      },
      5000,
      { endpoint: `127.0.0.1:${port}`, protocol: 'http' },
    );
    // Act
    const response = await api
      .invokeFunction('rds-failover-sync-reconcile', '{"dryRun":true}')
      .finally(() => server.close());
    // Assess
    expect(
      seen.map((r) => [r.path, r.headers['x-fc-invocation-type'], r.headers['x-fc-log-type'], r.body]),
    ).toEqual([
      ['/2023-03-30/functions/rds-failover-sync-reconcile/invocations', 'Sync', 'Tail', '{"dryRun":true}'],
    ]);
    expect(readInvokeResult(response)).toEqual({
      ok: false,
      output: '{\n  "errorMessage": "1 binding(s) need attention"\n}',
      log: 'log line',
    });
  });
});
