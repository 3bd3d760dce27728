import {
  DecryptionFailure,
  GetSecretValueCommand,
  InvalidRequestException,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { startJsonServer } from '../../lab/aws/json-server';
import type { JsonServer } from '../../lab/aws/json-server';
import { SecretsManagerEmulator, SecretTrouble } from '../../lab/aws/secretsmanager-emulator';
import { SecretsManagerFaultKind } from '../../lab/aws/secretsmanager-faults';
import { createApiBudget } from '../../shared/platform/api-budget';
import { createSecretsManagerClient } from '../../shared/platform/aws-secrets-login-support';

const credentials = { accessKeyId: 'AKIDLAB', secretAccessKey: 'lab-secret' };
const LOGIN = JSON.stringify({ username: 'rfs_check', password: 'pw-lab-emulator', dbname: 'orders' });
const CREATED_MS = Date.UTC(2026, 10, 29, 12, 0, 0, 500);

let emulator: SecretsManagerEmulator;
let server: JsonServer;
let client: SecretsManagerClient;

beforeEach(async () => {
  emulator = new SecretsManagerEmulator({ now: () => CREATED_MS });
  server = await startJsonServer(emulator, { newRequestId: () => 'LAB-REQUEST-ID' });
  client = new SecretsManagerClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials,
    maxAttempts: 1,
  });
});
afterEach(async () => {
  client.destroy();
  await server.close();
});

/** The error `promise` rejects with. */
async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('the Secrets Manager emulator through the real SDK client', () => {
  it('answers GetSecretValue with the documented members, by ARN, name or partial ARN', async () => {
    // Prepare
    const arn = emulator.createSecret({ name: 'orders-login', secretString: LOGIN });
    // Act
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    const byName = await client.send(new GetSecretValueCommand({ SecretId: 'orders-login' }));
    const byPartial = await client.send(new GetSecretValueCommand({ SecretId: arn.slice(0, -7) }));
    // Assess
    expect(arn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-login-[A-Za-z0-9]{6}$/);
    const { $metadata, ...output } = byArn;
    expect(output).toEqual({
      ARN: arn,
      Name: 'orders-login',
      VersionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      SecretString: LOGIN,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: new Date(CREATED_MS),
    });
    expect($metadata.requestId).toBe('LAB-REQUEST-ID');
    expect([byName.ARN, byPartial.ARN]).toEqual([arn, arn]);
    expect(emulator.calls.map((c) => [c.operation, c.input])).toEqual([
      ['GetSecretValue', { SecretId: arn }],
      ['GetSecretValue', { SecretId: 'orders-login' }],
      ['GetSecretValue', { SecretId: arn.slice(0, -7) }],
    ]);
  });

  it('answers a binary secret with SecretBinary only', async () => {
    const arn = emulator.createSecret({ name: 'blob', secretBinary: new Uint8Array([1, 2, 250]) });
    const output = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    expect(output.SecretString).toBeUndefined();
    expect([...(output.SecretBinary ?? [])]).toEqual([1, 2, 250]);
  });

  it('answers a rotation with the new value and a new version id', async () => {
    const arn = emulator.createSecret({ name: 'orders-login', secretString: LOGIN });
    const before = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    emulator.putSecretValue(arn, '{"username":"rfs_check","password":"rotated"}');
    const after = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    expect(after.SecretString).toBe('{"username":"rfs_check","password":"rotated"}');
    expect(after.VersionId).not.toBe(before.VersionId);
  });

  it('answers each documented error as its SDK exception class, with the service words', async () => {
    // Prepare
    const denied = emulator.createSecret({ name: 'denied', secretString: LOGIN });
    const locked = emulator.createSecret({ name: 'locked', secretString: LOGIN });
    const deleted = emulator.createSecret({ name: 'deleted', secretString: LOGIN });
    emulator.trouble(denied, SecretTrouble.Denied);
    emulator.trouble(locked, SecretTrouble.KeyUnusable);
    emulator.trouble(deleted, SecretTrouble.MarkedForDeletion);
    const missing = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:gone-AbCdEf';
    const read = (id: string) => rejection(client.send(new GetSecretValueCommand({ SecretId: id })));
    // Act
    const errors = await Promise.all([read(missing), read(denied), read(locked), read(deleted)]);
    // Assess
    expect(errors.map((e) => [e.constructor, e.name, e.message, e.$metadata?.httpStatusCode])).toEqual([
      [
        ResourceNotFoundException,
        'ResourceNotFoundException',
        "Secrets Manager can't find the specified secret.",
        400,
      ],
      [
        // A common error, not in the service model: the SDK's base class, named by `__type`.
        SecretsManagerServiceException,
        'AccessDeniedException',
        `User: arn:aws:sts::123456789012:assumed-role/rds-failover-sync-lab/reconcile is not authorized to perform: secretsmanager:GetSecretValue on resource: ${denied} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
        400,
      ],
      [
        DecryptionFailure,
        'DecryptionFailure',
        "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
        400,
      ],
      [
        InvalidRequestException,
        'InvalidRequestException',
        "You tried to perform the operation on a secret that's currently marked deleted.",
        400,
      ],
    ]);
  });

  it('writes errors as JSON 1.1 with __type and Message, as the service does', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDLAB/20261129/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: JSON.stringify({ SecretId: 'nothing-here' }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await response.json()).toEqual({
      __type: 'ResourceNotFoundException',
      Message: "Secrets Manager can't find the specified secret.",
    });
  });

  it('refuses an unsigned request', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
      },
      body: '{"SecretId":"x"}',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe(
      'com.amazon.coral.service#MissingAuthenticationTokenException',
    );
  });

  it('throttles and fails on request, and the project client retries a throttle once', async () => {
    // Prepare: the project's own client (standard retries, two attempts), pointed at the lab
    const arn = emulator.createSecret({ name: 'orders-login', secretString: LOGIN });
    const keys = ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
    const saved = keys.map((key) => process.env[key]);
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SECRETS_MANAGER: server.url,
      AWS_ACCESS_KEY_ID: 'AKIDLAB',
      AWS_SECRET_ACCESS_KEY: 'lab-secret',
    });
    const ours = createSecretsManagerClient('us-east-1', createApiBudget());
    try {
      // Act
      emulator.faults.inject({ action: 'GetSecretValue', kind: SecretsManagerFaultKind.Throttle });
      const first = await ours.send(new GetSecretValueCommand({ SecretId: arn }));
      emulator.faults.inject({
        action: 'GetSecretValue',
        kind: SecretsManagerFaultKind.ServerError,
        times: 2,
      });
      const second = await rejection(ours.send(new GetSecretValueCommand({ SecretId: arn })));
      // Assess
      expect(first.SecretString).toBe(LOGIN);
      expect([second.name, second.$metadata?.httpStatusCode]).toEqual(['InternalServiceError', 500]);
      expect(emulator.calls.map((c) => c.errorCode ?? 'ok')).toEqual([
        'ThrottlingException',
        'ok',
        'InternalServiceError',
        'InternalServiceError',
      ]);
    } finally {
      ours.destroy();
      keys.forEach((key, i) => {
        const value = saved[i];
        if (value === undefined) Reflect.deleteProperty(process.env, key);
        else process.env[key] = value;
      });
    }
  });
});
