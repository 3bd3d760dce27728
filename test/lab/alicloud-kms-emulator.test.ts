import { KmsEmulator } from '../../lab/alicloud/kms-emulator';
import type { KmsDecryptResponse, KmsEncryptResponse } from '../../lab/alicloud/kms-emulator';
import { createPopClient } from '../../lab/alicloud/pop-client';
import type { PopClient } from '../../lab/alicloud/pop-client';
import type { RpcServer } from '../../lab/alicloud/server';
import { serveWithClient } from '../support/serve-emulator';

const LOGIN = '{"username":"probe","password":"Pw-zebra-7741-CANARY"}';

let kms: KmsEmulator;
let server: RpcServer;
let client: PopClient;

const decrypt = (params: Record<string, string>): Promise<KmsDecryptResponse> =>
  client.request<KmsDecryptResponse>('Decrypt', params, { method: 'POST' });

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (caught: unknown) => caught,
  );

beforeEach(async () => {
  kms = new KmsEmulator({ now: () => 1_767_225_600_000 });
  ({ server, client } = await serveWithClient(kms));
});

afterEach(async () => {
  await server.close();
});

describe('KmsEmulator through the real pop-core client', () => {
  it('decrypts what the encrypt helper made, answering KeyId, KeyVersionId, Plaintext and RequestId', async () => {
    // Prepare
    const keyId = kms.createKey('key-hzz62f1cb66fa42qo0001');
    const ciphertext = kms.encrypt(keyId, LOGIN);
    // Act
    const response = await decrypt({ CiphertextBlob: ciphertext });
    // Assess
    expect(response).toEqual({
      RequestId: 'LAB-REQUEST-ID',
      KeyId: 'key-hzz62f1cb66fa42qo0001',
      KeyVersionId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      Plaintext: LOGIN,
    });
    expect(ciphertext).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(ciphertext, 'base64').toString('latin1')).not.toContain('Pw-zebra');
  });

  it('emulates the Encrypt API too, its ciphertext decrypting to what was sent', async () => {
    const keyId = kms.createKey();
    const encrypted = await client.request<KmsEncryptResponse>(
      'Encrypt',
      { KeyId: keyId, Plaintext: LOGIN, EncryptionContext: '{"binding":"billing"}' },
      { method: 'POST' },
    );
    expect(encrypted).toEqual({
      RequestId: 'LAB-REQUEST-ID',
      KeyId: keyId,
      KeyVersionId: expect.any(String),
      CiphertextBlob: expect.stringMatching(/^[A-Za-z0-9+/]+={0,2}$/),
    });
    await expect(
      decrypt({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: '{"binding":"billing"}' }),
    ).resolves.toMatchObject({ KeyId: keyId, Plaintext: LOGIN });
    // Without the same context the ciphertext does not open.
    await expect(failure(decrypt({ CiphertextBlob: encrypted.CiphertextBlob }))).resolves.toMatchObject({
      code: 'InvalidParameter',
    });
  });

  // The documented codes and statuses (KMS API reference, "Public error codes"; "Impact of CMK states on
  // API call"), in KMS's own error body: HttpStatus, Code, Message, RequestId, HostId.
  const cases: [string, (keyId: string) => void, string, string, number][] = [
    [
      'a disabled key',
      (id) => kms.setKeyState(id, 'Disabled'),
      'Rejected.Disabled',
      'The request was rejected because the key state is Disabled.',
      409,
    ],
    [
      'a key pending deletion',
      (id) => kms.setKeyState(id, 'PendingDeletion'),
      'Rejected.PendingDeletion',
      'The request was rejected because the key state is PendingDeletion.',
      409,
    ],
    [
      'a key the caller may not use',
      (id) => kms.denyKey(id),
      'Forbidden.NoPermission',
      'This operation is forbidden by permission system.',
      403,
    ],
  ];

  it.each(cases)(
    'refuses %s with its documented code and status',
    async (_what, arrange, code, message, status) => {
      // Prepare
      const keyId = kms.createKey();
      const ciphertext = kms.encrypt(keyId, LOGIN);
      arrange(keyId);
      // Act
      const error = await failure(decrypt({ CiphertextBlob: ciphertext }));
      // Assess
      expect(error).toMatchObject({
        code,
        data: { HttpStatus: status, Code: code, Message: message, RequestId: 'LAB-REQUEST-ID' },
        entry: { response: { statusCode: status } },
      });
      expect(Object.keys((error as { data: object }).data).sort()).toEqual([
        'Code',
        'HostId',
        'HttpStatus',
        'Message',
        'RequestId',
      ]);
    },
  );

  it('answers Forbidden.KeyNotFound (404) for a ciphertext of a key it does not hold', async () => {
    const other = new KmsEmulator();
    const ciphertext = other.encrypt(other.createKey('key-elsewhere0000000001'), LOGIN);
    const error = await failure(decrypt({ CiphertextBlob: ciphertext }));
    expect(error).toMatchObject({
      code: 'Forbidden.KeyNotFound',
      data: { HttpStatus: 404, Message: 'The specified Key is not found.' },
      entry: { response: { statusCode: 404 } },
    });
  });

  it('refuses a ciphertext changed by one character, or none, with the documented parameter errors', async () => {
    const ciphertext = kms.encrypt(kms.createKey(), LOGIN);
    const last = ciphertext.length - 4;
    const tampered = `${ciphertext.slice(0, last)}${ciphertext[last] === 'A' ? 'B' : 'A'}${ciphertext.slice(last + 1)}`;
    await expect(failure(decrypt({ CiphertextBlob: tampered }))).resolves.toMatchObject({
      code: 'InvalidParameter',
      data: { HttpStatus: 400, Message: 'The specified parameter "CiphertextBlob" is not valid.' },
    });
    await expect(failure(decrypt({}))).resolves.toMatchObject({
      code: 'MissingParameter',
      data: { HttpStatus: 400, Message: 'The parameter "CiphertextBlob" is needed but not provided.' },
    });
    expect(kms.calls.map((c) => c.errorCode)).toEqual(['InvalidParameter', 'MissingParameter']);
  });

  it('checks the signature like every lab endpoint: a wrong secret is refused before any key is used', async () => {
    const ciphertext = kms.encrypt(kms.createKey(), LOGIN);
    const wrong = createPopClient({
      endpoint: server.url,
      apiVersion: '2016-01-20',
      accessKeyId: 'LTAI5tLabKey0001',
      accessKeySecret: 'not-the-secret',
    });
    const error = await failure(wrong.request('Decrypt', { CiphertextBlob: ciphertext }, { method: 'POST' }));
    expect(error).toMatchObject({ code: 'SignatureDoesNotMatch' });
    expect(kms.calls).toEqual([]);
  });
});
