import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { FaultInjector } from './faults';
import { RpcError } from './rpc-protocol';
import type { ErrorContext } from './rpc-protocol';
import type { EmulatorOptions, RpcCall, RpcService } from './types';

/** A key's state; only `Enabled` keys encrypt and decrypt. */
export type KmsKeyState = 'Enabled' | 'Disabled' | 'PendingDeletion';

/** Decrypt's response (KMS API reference, "Decrypt": `KeyId`, `KeyVersionId`, `Plaintext`, `RequestId`). */
export interface KmsDecryptResponse {
  RequestId: string;
  KeyId: string;
  KeyVersionId: string;
  Plaintext: string;
}

/** Encrypt's response (KMS API reference, "Encrypt": `KeyId`, `KeyVersionId`, `CiphertextBlob`, `RequestId`). */
export interface KmsEncryptResponse {
  RequestId: string;
  KeyId: string;
  KeyVersionId: string;
  CiphertextBlob: string;
}

/**
 * KMS's error body: `{ HttpStatus, Code, Message, RequestId }`, and the `HostId` its text adds (KMS API
 * reference, "Response structure", AlibabaCloudDocs/kms intl.en-US/API Reference/Calling method/Response
 * structure.md). Not the RPC gateway's shape: KMS writes the status into the body.
 */
export interface KmsErrorBody {
  HttpStatus: number;
  Code: string;
  Message: string;
  RequestId: string;
  HostId: string;
}

interface Key {
  readonly id: string;
  readonly versionId: string;
  readonly material: Buffer;
  state: KmsKeyState;
  /** The lab's caller may not use it: `Forbidden.NoPermission`, as RAM answers without a grant. */
  denied: boolean;
}

/** Encrypt takes at most 6 KB (KMS API reference, "Encrypt"). */
export const MAX_PLAINTEXT_BYTES = 6 * 1024;
const ACTIONS = new Set(['Encrypt', 'Decrypt']);
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The errors KMS documents, with their HTTP statuses: "Public error codes" (Response structure.md
 * above) and "Impact of CMK states on API call" (AlibabaCloudDocs/kms, intl.en-US/API Reference/Impact
 * of CMK states on API call.md: Encrypt and Decrypt answer `Rejected.Disabled`, `Rejected.PendingDeletion`
 * with 409). The public table spells the second `Rejetced.PendingDeletion`; the states page and the
 * SDKs spell it right, as here.
 */
export const kmsError = {
  keyNotFound: () => new RpcError('Forbidden.KeyNotFound', 'The specified Key is not found.', 404),
  noPermission: () =>
    new RpcError('Forbidden.NoPermission', 'This operation is forbidden by permission system.', 403),
  disabled: () =>
    new RpcError('Rejected.Disabled', 'The request was rejected because the key state is Disabled.', 409),
  pendingDeletion: () =>
    new RpcError(
      'Rejected.PendingDeletion',
      'The request was rejected because the key state is PendingDeletion.',
      409,
    ),
  missingParameter: (name: string) =>
    new RpcError('MissingParameter', `The parameter "${name}" is needed but not provided.`, 400),
  invalidParameter: (name: string) =>
    new RpcError('InvalidParameter', `The specified parameter "${name}" is not valid.`, 400),
} as const;

/**
 * A KMS (API 2016-01-20) emulator for symmetric keys: `Encrypt` and `Decrypt` over the RPC protocol,
 * with keys a test creates, disables or denies. Ciphertexts are real AES-256-GCM under a key of the
 * lab's, with the key id inside, so that Decrypt finds the key from the ciphertext alone as KMS does and
 * a ciphertext changed by one bit is refused. Which code KMS answers for a tampered ciphertext is not
 * documented: the emulator answers the documented `InvalidParameter` for the parameter.
 */
export class KmsEmulator implements RpcService {
  readonly apiVersion = '2016-01-20';
  readonly product = 'Kms';
  readonly actions: ReadonlySet<string> = ACTIONS;
  readonly faults: FaultInjector;
  readonly calls: RpcCall[] = [];
  readonly now: () => number;
  private readonly keys = new Map<string, Key>();

  constructor(options: EmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? new FaultInjector();
  }

  /** Creates an enabled key and returns its id, `key-lab...` unless one is given. */
  createKey(keyId = `key-lab${randomBytes(8).toString('hex')}`): string {
    this.keys.set(keyId, {
      id: keyId,
      versionId: randomUUID(),
      material: randomBytes(32),
      state: 'Enabled',
      denied: false,
    });
    return keyId;
  }

  /** Disables, enables or schedules the deletion of a key, as DisableKey, EnableKey, ScheduleKeyDeletion do. */
  setKeyState(keyId: string, state: KmsKeyState): void {
    this.key(keyId).state = state;
  }

  /** Whether the lab's caller is refused the key, as a role without a `kms:Decrypt` grant on it is. */
  denyKey(keyId: string, denied = true): void {
    this.key(keyId).denied = denied;
  }

  /**
   * What `Encrypt` answers for `plaintext`, without a request: how a test makes the ciphertext an
   * operator would make with `aliyun kms Encrypt`.
   */
  encrypt(keyId: string, plaintext: string, encryptionContext?: string): string {
    return this.encryptWith(this.usableKey(keyId), plaintext, encryptionContext);
  }

  dispatch(action: string, params: URLSearchParams): object {
    switch (action) {
      case 'Encrypt':
        return this.encryptAction(params);
      case 'Decrypt':
        return this.decryptAction(params);
      default:
        throw new RpcError('InvalidAction.NotFound', `Specified api ${action} is not found.`, 404);
    }
  }

  renderError(error: RpcError, context: ErrorContext): KmsErrorBody {
    return {
      HttpStatus: error.httpStatus,
      Code: error.code,
      Message: error.message,
      RequestId: context.requestId,
      HostId: context.hostId,
    };
  }

  private encryptAction(params: URLSearchParams): Omit<KmsEncryptResponse, 'RequestId'> {
    const keyId = required(params, 'KeyId');
    const plaintext = required(params, 'Plaintext');
    if (Buffer.byteLength(plaintext) > MAX_PLAINTEXT_BYTES) throw kmsError.invalidParameter('Plaintext');
    const key = this.usableKey(keyId);
    const context = this.contextOf(params);
    return {
      KeyId: key.id,
      KeyVersionId: key.versionId,
      CiphertextBlob: this.encryptWith(key, plaintext, context),
    };
  }

  private decryptAction(params: URLSearchParams): Omit<KmsDecryptResponse, 'RequestId'> {
    const blob = required(params, 'CiphertextBlob');
    const parsed = parseBlob(blob);
    if (parsed === undefined) throw kmsError.invalidParameter('CiphertextBlob');
    const key = this.usableKey(parsed.keyId);
    const decipher = createDecipheriv('aes-256-gcm', key.material, parsed.iv);
    decipher.setAuthTag(parsed.tag);
    decipher.setAAD(Buffer.from(this.contextOf(params) ?? ''));
    let plaintext: string;
    try {
      plaintext = Buffer.concat([decipher.update(parsed.sealed), decipher.final()]).toString('utf8');
    } catch {
      throw kmsError.invalidParameter('CiphertextBlob');
    }
    return { KeyId: key.id, KeyVersionId: key.versionId, Plaintext: plaintext };
  }

  /** The key, if it exists, the caller may use it, and its state lets it encrypt and decrypt. */
  private usableKey(keyId: string): Key {
    const key = this.keys.get(keyId);
    if (key === undefined) throw kmsError.keyNotFound();
    if (key.denied) throw kmsError.noPermission();
    if (key.state === 'Disabled') throw kmsError.disabled();
    if (key.state === 'PendingDeletion') throw kmsError.pendingDeletion();
    return key;
  }

  private key(keyId: string): Key {
    const key = this.keys.get(keyId);
    if (key === undefined) throw new Error(`no key ${keyId} in the KMS emulator`);
    return key;
  }

  private contextOf(params: URLSearchParams): string | undefined {
    const text = params.get('EncryptionContext');
    if (text === null || text === '') return undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TypeError();
      // The same pairs in another order are the same context.
      return JSON.stringify(Object.fromEntries(Object.entries(parsed).sort(([a], [b]) => (a < b ? -1 : 1))));
    } catch {
      throw kmsError.invalidParameter('EncryptionContext');
    }
  }

  private encryptWith(key: Key, plaintext: string, context: string | undefined): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key.material, iv);
    cipher.setAAD(Buffer.from(context ?? ''));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const id = Buffer.from(key.id, 'utf8');
    return Buffer.concat([Buffer.from([id.length]), id, iv, cipher.getAuthTag(), sealed]).toString('base64');
  }
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') throw kmsError.missingParameter(name);
  return value;
}

/** `[id length][key id][iv][tag][sealed]`, or undefined for anything else. */
function parseBlob(blob: string): { keyId: string; iv: Buffer; tag: Buffer; sealed: Buffer } | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return undefined;
  const bytes = Buffer.from(blob, 'base64');
  const idLength = bytes[0];
  if (idLength === undefined || bytes.length < 1 + idLength + IV_BYTES + TAG_BYTES) return undefined;
  const ivAt = 1 + idLength;
  return {
    keyId: bytes.subarray(1, ivAt).toString('utf8'),
    iv: bytes.subarray(ivAt, ivAt + IV_BYTES),
    tag: bytes.subarray(ivAt + IV_BYTES, ivAt + IV_BYTES + TAG_BYTES),
    sealed: bytes.subarray(ivAt + IV_BYTES + TAG_BYTES),
  };
}
