import { inspect } from 'node:util';
import { createAlicloudRpc } from '../../shared/alicloud';
import { createKmsLoginReader } from '../../shared/probe/alicloud-kms-login';
import type { KmsLoginSource } from '../../shared/probe/alicloud-kms-login';
import {
  KmsDecryptFailedError,
  KmsLoginCiphertextMalformedError,
  KmsLoginFormatError,
  KmsLoginKeyMismatchError,
  KmsLoginVariableMissingError,
} from '../../shared/probe/kms-login-errors';
import { apiError, fakePopCore, ok } from '../support/fake-pop-core';
import type { Reply } from '../support/fake-pop-core';
import { virtualClock } from '../support/virtual-clock';

// A password no message may ever hold, whole or in part.
const PASSWORD = 'Pw-zebra-7741-CANARY';
const LOGIN = JSON.stringify({ username: 'probe', password: PASSWORD, dbname: 'billing' });
const KEY = 'key-hzz62f1cb66fa42qo0001';
const CIPHERTEXT = 'a2V5LWh6ejYyZjFjYjY2ZmE0MnFvMDAwMQobLD1OX2BxgpOktcbX6Pk=';
const SOURCE: KmsLoginSource = {
  kind: 'alicloud-kms-env',
  variable: 'BILLING_DB_LOGIN',
  region: 'cn-hangzhou',
  keyId: KEY,
};

function readerWith(
  replies: Reply[],
  env: Record<string, string | undefined> = { BILLING_DB_LOGIN: CIPHERTEXT },
) {
  const clock = virtualClock(0);
  const fake = fakePopCore({ Decrypt: replies }, clock);
  const regions: string[] = [];
  const read = createKmsLoginReader({
    kms: (region) => {
      regions.push(region);
      return createAlicloudRpc({
        endpoint: `https://kms.${region}.aliyuncs.com`,
        apiVersion: '2016-01-20',
        credentials: { accessKeyId: 'LTAI5tFAKEKEYID', accessKeySecret: 'FAKEsecretVALUE' },
        timeoutMs: 2000,
        maxAttempts: 1,
        clock,
        createClient: fake.createClient,
      });
    },
    env: () => env,
  });
  return { read: (source = SOURCE) => read(source, { deadlineMs: 60_000 }), fake, regions };
}

const rejection = async (promise: Promise<unknown>): Promise<Error> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a rejection with an Error');
};

/** Everything an error could show: message, stack, and the whole object with its causes. */
const allText = (error: Error) => `${error.message} ${error.stack ?? ''} ${inspect(error, { depth: 10 })}`;

const decrypted = (plaintext: string, keyId = KEY): Reply =>
  ok({
    KeyId: keyId,
    KeyVersionId: '2ab1a983-7072-4bbc-a582-584b5bd80001',
    Plaintext: plaintext,
    RequestId: '207596a2-36d3-4840-b1bd-f87044699bd7',
  });

describe('the KMS login reader', () => {
  it('decrypts the variable in the binding region and reads the JSON login', async () => {
    // Prepare
    const { read, fake, regions } = readerWith([decrypted(LOGIN)]);
    // Act
    const login = await read();
    // Assess
    expect(login).toEqual({ username: 'probe', password: PASSWORD, database: 'billing' });
    expect(regions).toEqual(['cn-hangzhou']);
    expect(fake.requests).toEqual([{ action: 'Decrypt', params: { CiphertextBlob: CIPHERTEXT } }]);
    expect(fake.options).toEqual([{ method: 'POST', timeout: 2000 }]);
  });

  it('reads a plaintext that was encrypted as base64 too', async () => {
    const { read } = readerWith([decrypted(Buffer.from(LOGIN).toString('base64'))]);
    await expect(read()).resolves.toEqual({ username: 'probe', password: PASSWORD, database: 'billing' });
  });

  it('ignores white space around the variable, as a shell copy adds it', async () => {
    const { read, fake } = readerWith([decrypted(LOGIN)], { BILLING_DB_LOGIN: ` ${CIPHERTEXT}\n` });
    await read();
    expect(fake.requests[0]?.params).toEqual({ CiphertextBlob: CIPHERTEXT });
  });

  it('decrypts again on every read: nothing is cached', async () => {
    const { read, fake } = readerWith([decrypted(LOGIN), decrypted(LOGIN)]);
    await read();
    await read();
    expect(fake.requests.map((r) => r.action)).toEqual(['Decrypt', 'Decrypt']);
  });

  it('says the variable is not set, and what to do, without calling KMS', async () => {
    for (const env of [{}, { BILLING_DB_LOGIN: '' }, { BILLING_DB_LOGIN: '  ' }]) {
      const { read, fake } = readerWith([], env);
      const error = await rejection(read());
      expect(error).toBeInstanceOf(KmsLoginVariableMissingError);
      expect(error.message).toBe(
        'KMS login: environment variable BILLING_DB_LOGIN is not set in the function: set it where you deploy ' +
          `to the CiphertextBlob that aliyun kms Encrypt --KeyId ${KEY} printed, and deploy again`,
      );
      expect(fake.requests).toEqual([]);
    }
  });

  it('refuses a variable that is not base64, without quoting it', async () => {
    const { read, fake } = readerWith([], { BILLING_DB_LOGIN: LOGIN });
    const error = await rejection(read());
    expect(error).toBeInstanceOf(KmsLoginCiphertextMalformedError);
    expect(error.message).toBe(
      'KMS login: environment variable BILLING_DB_LOGIN does not hold a base64 KMS ciphertext: set it to the ' +
        `CiphertextBlob that aliyun kms Encrypt --KeyId ${KEY} printed, and deploy again`,
    );
    expect(allText(error)).not.toContain(PASSWORD);
    expect(fake.requests).toEqual([]);
  });

  const apiCases: [string, string, string][] = [
    [
      'Forbidden.KeyNotFound',
      'The specified Key is not found.',
      `the key that made it does not exist in cn-hangzhou (deleted, or made in another region or account): encrypt the login with key ${KEY} in cn-hangzhou and deploy again`,
    ],
    [
      'Rejected.Disabled',
      'The request was rejected because the key state is Disabled.',
      `key ${KEY} is disabled: enable it (aliyun kms EnableKey --KeyId ${KEY}) or encrypt the login with an enabled key`,
    ],
    [
      'Forbidden.NoPermission',
      'This operation is forbidden by permission system.',
      `the function's role may not decrypt with the key: grant kms:Decrypt on acs:kms:cn-hangzhou:<account>:key/${KEY} (the deploy's policy does)`,
    ],
    [
      'InvalidParameter',
      'The specified parameter "CiphertextBlob" is not valid.',
      'KMS did not take the ciphertext (cut short, or not from KMS Encrypt): encrypt the login again and deploy again',
    ],
    [
      'Throttling',
      'Request was denied due to request throttling.',
      'the next run tries again; if it persists, check that the function reaches kms.cn-hangzhou.aliyuncs.com',
    ],
  ];

  it.each(apiCases)(
    'turns %s into a message naming the variable, the code and what to do',
    async (code, message, advice) => {
      // Prepare
      const { read } = readerWith([apiError(code, message)]);
      // Act
      const error = await rejection(read());
      // Assess
      expect(error).toBeInstanceOf(KmsDecryptFailedError);
      expect((error as KmsDecryptFailedError).code).toBe(code);
      expect((error as KmsDecryptFailedError).requestId).toBe(`R-${code}`);
      expect(error.message).toBe(
        `KMS login: Decrypt of BILLING_DB_LOGIN in cn-hangzhou failed with ${code} (RequestId R-${code}): ${advice}`,
      );
    },
  );

  it('refuses a login encrypted with another key than keyId, naming both and never the login', async () => {
    const { read } = readerWith([decrypted(LOGIN, 'key-other0000000000000001')]);
    const error = await rejection(read());
    expect(error).toBeInstanceOf(KmsLoginKeyMismatchError);
    expect(error.message).toBe(
      'KMS login: the ciphertext in BILLING_DB_LOGIN was made with key key-other0000000000000001, not with ' +
        `keyId ${KEY} that the binding names: encrypt the login with aliyun kms Encrypt --KeyId ${KEY} and deploy again`,
    );
    expect(allText(error)).not.toContain(PASSWORD);
  });

  it('says what the plaintext lacks, never what it holds', async () => {
    const cases: [string, string][] = [
      [`password=${PASSWORD}`, 'the login is not JSON: expected {"username": ..., "password": ...}'],
      [
        JSON.stringify({ user: 'probe', password: PASSWORD }),
        'the login has no username (a non-empty string)',
      ],
    ];
    for (const [plaintext, problem] of cases) {
      const { read } = readerWith([decrypted(plaintext)]);
      const error = await rejection(read());
      expect(error).toBeInstanceOf(KmsLoginFormatError);
      expect(error.message).toBe(
        `KMS login: BILLING_DB_LOGIN decrypted, but ${problem}: encrypt {"username": ..., "password": ...} as JSON (or its base64) and deploy again`,
      );
      expect(allText(error)).not.toContain(PASSWORD);
      expect(allText(error)).not.toContain('Pw-zebra');
    }
  });

  it('gives up before calling KMS when the invocation is out of time', async () => {
    const { fake } = readerWith([decrypted(LOGIN)]);
    const read = createKmsLoginReader({
      kms: () => {
        throw new Error('no client should be asked for');
      },
      env: () => ({ BILLING_DB_LOGIN: CIPHERTEXT }),
    });
    const error = await rejection(read(SOURCE, { deadlineMs: 60_000, abortSignal: AbortSignal.abort() }));
    expect(error.message).toBe(
      'KMS login: BILLING_DB_LOGIN was not decrypted: the invocation ran out of time first',
    );
    expect(fake.requests).toEqual([]);
  });

  it('bounds the call by the invocation deadline', async () => {
    const clock = virtualClock(59_000);
    const fake = fakePopCore({ Decrypt: [decrypted(LOGIN)] }, clock);
    const read = createKmsLoginReader({
      kms: (region) =>
        createAlicloudRpc({
          endpoint: `https://kms.${region}.aliyuncs.com`,
          apiVersion: '2016-01-20',
          credentials: { accessKeyId: 'LTAI5tFAKEKEYID', accessKeySecret: 'FAKEsecretVALUE' },
          timeoutMs: 5000,
          clock,
          createClient: fake.createClient,
        }),
      env: () => ({ BILLING_DB_LOGIN: CIPHERTEXT }),
    });
    await read(SOURCE, { deadlineMs: 60_000 });
    // One second was left: the attempt got one second, not its five.
    expect(fake.options).toEqual([{ method: 'POST', timeout: 1000 }]);
  });
});
