import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import type { ProbeLoginSource } from '../../shared/core/config-types';
import {
  createSecretsManagerLoginReader,
  SecretLoginUnreadableError,
} from '../../shared/probe/secrets-manager-login';

const sm = mockClient(SecretsManagerClient);
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-login-AbCdEf';
const SOURCE: ProbeLoginSource = { kind: 'aws-secret', secretArn: ARN };
/** Recognisable anywhere it might leak to. */
const PASSWORD = 'pw-Zq8#unit-leak-canary';
const NOW = 1_000_000;

/** The reader over the mock, with the regions it was asked for clients in. */
function reader() {
  const regions: string[] = [];
  const read = createSecretsManagerLoginReader(
    (region) => {
      regions.push(region);
      return new SecretsManagerClient({ region });
    },
    { now: () => NOW },
  );
  return { read, regions };
}

/** The error `promise` rejects with. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const accessDenied = () =>
  new SecretsManagerServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message:
      'User: arn:aws:sts::123456789012:assumed-role/rfs/fn is not authorized to perform: secretsmanager:GetSecretValue on resource: orders-login because no identity-based policy allows the secretsmanager:GetSecretValue action',
  });

beforeEach(() => sm.reset());

describe('the Secrets Manager login reader', () => {
  it('reads username, password and dbname from SecretString, in the secret ARN region', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: ARN }).resolves({
      ARN,
      Name: 'orders-login',
      SecretString: JSON.stringify({
        engine: 'postgres',
        host: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com',
        username: 'rfs_check',
        password: PASSWORD,
        dbname: 'orders',
        port: 5432,
      }),
      VersionStages: ['AWSCURRENT'],
    });
    const { read, regions } = reader();
    // Act
    const login = await read(SOURCE, { deadlineMs: NOW + 5000 });
    // Assess
    expect(login).toEqual({ username: 'rfs_check', password: PASSWORD, database: 'orders' });
    expect(regions).toEqual(['eu-west-1']);
    expect(sm.commandCalls(GetSecretValueCommand).map((c) => c.args[0].input)).toEqual([{ SecretId: ARN }]);
  });

  it('reads again on every admission: a rotated password is used at once', async () => {
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: JSON.stringify({ username: 'u', password: 'before-rotation' }) })
      .resolvesOnce({ SecretString: JSON.stringify({ username: 'u', password: 'after-rotation' }) });
    const { read } = reader();
    const first = await read(SOURCE, { deadlineMs: NOW + 5000 });
    const second = await read(SOURCE, { deadlineMs: NOW + 5000 });
    expect([first.password, second.password]).toEqual(['before-rotation', 'after-rotation']);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  const failures: [string, () => void, string, string][] = [
    [
      'a SecretBinary-only secret',
      () => sm.on(GetSecretValueCommand).resolves({ ARN, SecretBinary: new TextEncoder().encode(PASSWORD) }),
      'SecretBinary',
      `cannot read the login from secret ${ARN}: the secret holds binary data (SecretBinary); store the login as JSON text (SecretString): {"username": ..., "password": ...}`,
    ],
    [
      'a secret that is not JSON',
      () => sm.on(GetSecretValueCommand).resolves({ ARN, SecretString: `rfs_check:${PASSWORD}` }),
      'LoginFormat',
      `cannot read the login from secret ${ARN}: the login is not JSON: expected {"username": ..., "password": ...}`,
    ],
    [
      'a secret without a password',
      () =>
        sm.on(GetSecretValueCommand).resolves({ ARN, SecretString: JSON.stringify({ username: PASSWORD }) }),
      'LoginFormat',
      `cannot read the login from secret ${ARN}: the login has no password (a non-empty string)`,
    ],
    [
      'AccessDeniedException',
      () => sm.on(GetSecretValueCommand).rejects(accessDenied()),
      'AccessDeniedException',
      `cannot read the login from secret ${ARN}: AccessDeniedException (User: arn:aws:sts::123456789012:assumed-role/rfs/fn is not authorized to perform: secretsmanager:GetSecretValue on resource: orders-login because no identity-based policy allows the secretsmanager:GetSecretValue action)`,
    ],
    [
      'ResourceNotFoundException',
      () =>
        sm.on(GetSecretValueCommand).rejects(
          new ResourceNotFoundException({
            $metadata: {},
            message: "Secrets Manager can't find the specified secret.",
          }),
        ),
      'ResourceNotFoundException',
      `cannot read the login from secret ${ARN}: ResourceNotFoundException (Secrets Manager can't find the specified secret.)`,
    ],
  ];

  it.each(failures)(
    'refuses %s with a message that names the secret and not the password',
    async (_, arrange, code, message) => {
      // Prepare
      arrange();
      const { read } = reader();
      // Act
      const error = await rejection(read(SOURCE, { deadlineMs: NOW + 5000 }));
      // Assess
      expect(error).toBeInstanceOf(SecretLoginUnreadableError);
      expect(error.name).toBe('SecretLoginUnreadableError');
      expect((error as SecretLoginUnreadableError).code).toBe(code);
      expect(error.message).toBe(message);
      expect(error.cause).toBeUndefined();
      expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(
        PASSWORD,
      );
    },
  );

  it('is abandoned when the invocation aborts, and says so', async () => {
    // Prepare: the call hangs until aborted, as a silent endpoint would
    const controller = new AbortController();
    sm.on(GetSecretValueCommand).callsFake(
      () =>
        new Promise((_, reject) => {
          controller.signal.addEventListener('abort', () => reject(new Error('Request aborted')));
        }),
    );
    const { read } = reader();
    // Act
    const pending = rejection(read(SOURCE, { deadlineMs: NOW + 5000, abortSignal: controller.signal }));
    controller.abort();
    const error = await pending;
    // Assess
    expect(error.message).toBe(
      `cannot read the login from secret ${ARN}: DeadlineExceeded (abandoned at the invocation's deadline, to leave time to alert and report)`,
    );
  });

  it('sends nothing once the deadline has passed', async () => {
    const { read } = reader();
    const error = await rejection(read(SOURCE, { deadlineMs: NOW }));
    expect((error as SecretLoginUnreadableError).code).toBe('DeadlineExceeded');
    expect(sm.commandCalls(GetSecretValueCommand)).toEqual([]);
  });
});
