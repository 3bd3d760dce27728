import { randomBytes, randomUUID } from 'node:crypto';
import { CoralError, JSON_1_1, JsonError } from './json-protocol';
import { SecretsManagerFaultInjector } from './secretsmanager-faults';
import type { JsonCall, JsonService } from './types';

/** A secret as the lab creates it: text (as the console and RDS store logins) or binary. */
export interface LabSecretSpec {
  readonly name: string;
  readonly secretString?: string;
  /** Bytes, for a secret stored as `SecretBinary` only. */
  readonly secretBinary?: Uint8Array;
  /** Where the ARN says the secret lives; the emulator's own region and account by default. */
  readonly region?: string;
  readonly account?: string;
}

/** Why a secret cannot be read, set by a test: what its policy, key or lifecycle would make AWS answer. */
export const SecretTrouble = {
  /** No policy lets the lab's caller read it: `AccessDeniedException`. */
  Denied: 'denied',
  /** Its KMS key is disabled, or the caller may not use it: `DecryptionFailure`. */
  KeyUnusable: 'key-unusable',
  /** Scheduled for deletion (`DeleteSecret` with a recovery window): `InvalidRequestException`. */
  MarkedForDeletion: 'marked-for-deletion',
} as const;
export type SecretTrouble = (typeof SecretTrouble)[keyof typeof SecretTrouble];

interface StoredSecret {
  readonly arn: string;
  readonly name: string;
  versionId: string;
  secretString?: string;
  secretBinary?: Uint8Array;
  createdMs: number;
  trouble?: SecretTrouble;
}

/** The principal the lab's credentials stand for, as IAM names it in a denial. */
const LAB_CALLER = 'arn:aws:sts::123456789012:assumed-role/rds-failover-sync-lab/reconcile';

/** The error answers, as the GetSecretValue API reference and Common Errors pages list them. */
const Answer = {
  // The sentence AWS answers with for a secret that does not exist (seen in user reports, e.g.
  // digitalis-io/vals-operator#44, lgallard/terraform-aws-secrets-manager#24).
  notFound: () =>
    new JsonError('ResourceNotFoundException', "Secrets Manager can't find the specified secret."),
  // IAM's wording for an implicit deny.
  denied: (secretId: string) =>
    new JsonError(
      'AccessDeniedException',
      `User: ${LAB_CALLER} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretId} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    ),
  // "Secrets Manager can't decrypt the protected secret text using the provided KMS key." (Common Errors)
  decryption: () =>
    new JsonError(
      'DecryptionFailure',
      "Secrets Manager can't decrypt the protected secret text using the provided KMS key.",
    ),
  // The reason "The secret is scheduled for deletion" of InvalidRequestException, in the words the
  // service answers (as moto, getmoto/moto, reproduces them).
  deleted: () =>
    new JsonError(
      'InvalidRequestException',
      "You tried to perform the operation on a secret that's currently marked deleted.",
    ),
} as const;

/**
 * Secrets Manager `GetSecretValue` on the AWS JSON 1.1 wire (`POST /`, `X-Amz-Target:
 * secretsmanager.GetSecretValue`), answering as the API reference ("GetSecretValue", Response Syntax)
 * documents: `ARN`, `Name`, `VersionId`, `SecretString` or `SecretBinary` (base64 on the wire),
 * `VersionStages` and `CreatedDate` (epoch seconds, JSON 1.1's timestamp format). The secret is named by
 * its ARN, its name or its ARN without the six random characters. Only the `AWSCURRENT` version is kept:
 * `putSecretValue` replaces it, as a rotation's last step moves the label.
 */
export class SecretsManagerEmulator implements JsonService {
  readonly targetPrefix = 'secretsmanager';
  readonly dialect = JSON_1_1;
  readonly faults: SecretsManagerFaultInjector;
  readonly calls: JsonCall[] = [];
  readonly now: () => number;
  private readonly region: string;
  private readonly account: string;
  private readonly secrets: StoredSecret[] = [];

  constructor(
    options: {
      now?: () => number;
      faults?: SecretsManagerFaultInjector;
      region?: string;
      account?: string;
    } = {},
  ) {
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? new SecretsManagerFaultInjector();
    this.region = options.region ?? 'us-east-1';
    this.account = options.account ?? '123456789012';
  }

  /** Creates a secret (not a wire call) and returns its ARN, which ends in `-` and six random characters. */
  createSecret(spec: LabSecretSpec): string {
    const suffix = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 6);
    const arn = `arn:aws:secretsmanager:${spec.region ?? this.region}:${spec.account ?? this.account}:secret:${spec.name}-${suffix}`;
    this.secrets.push({
      arn,
      name: spec.name,
      versionId: randomUUID(),
      createdMs: this.now(),
      ...(spec.secretString !== undefined ? { secretString: spec.secretString } : {}),
      ...(spec.secretBinary !== undefined ? { secretBinary: spec.secretBinary } : {}),
    });
    return arn;
  }

  /** A new current version (a rotation): the next read answers it, with a new `VersionId`. */
  putSecretValue(arn: string, secretString: string): void {
    const secret = this.stored(arn);
    secret.secretString = secretString;
    delete secret.secretBinary;
    secret.versionId = randomUUID();
    secret.createdMs = this.now();
  }

  /** Makes every read of the secret fail as `trouble` says, until `trouble(arn, undefined)`. */
  trouble(arn: string, trouble: SecretTrouble | undefined): void {
    const secret = this.stored(arn);
    if (trouble === undefined) delete secret.trouble;
    else secret.trouble = trouble;
  }

  dispatch(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    if (operation !== 'GetSecretValue') throw CoralError.unknownOperation();
    return this.getSecretValue(input);
  }

  private getSecretValue(input: Record<string, unknown>): Record<string, unknown> {
    const secretId = input['SecretId'];
    if (typeof secretId !== 'string' || secretId === '') {
      throw new JsonError('InvalidParameterException', 'You must specify a SecretId.');
    }
    const stage = input['VersionStage'];
    if (input['VersionId'] !== undefined || (stage !== undefined && stage !== 'AWSCURRENT')) {
      // Not modelled: the lab keeps one version. Refused loudly rather than answered wrong.
      throw CoralError.validation('the lab answers for the AWSCURRENT version only');
    }
    const secret = this.find(secretId);
    // IAM decides before the service looks: a caller who may not read a secret cannot learn whether it exists.
    if (secret?.trouble === SecretTrouble.Denied) throw Answer.denied(secretId);
    if (secret === undefined) throw Answer.notFound();
    if (secret.trouble === SecretTrouble.MarkedForDeletion) throw Answer.deleted();
    if (secret.trouble === SecretTrouble.KeyUnusable) throw Answer.decryption();
    return {
      ARN: secret.arn,
      Name: secret.name,
      VersionId: secret.versionId,
      ...(secret.secretString !== undefined ? { SecretString: secret.secretString } : {}),
      ...(secret.secretBinary !== undefined
        ? { SecretBinary: Buffer.from(secret.secretBinary).toString('base64') }
        : {}),
      VersionStages: ['AWSCURRENT'],
      CreatedDate: secret.createdMs / 1000,
    };
  }

  private find(secretId: string): StoredSecret | undefined {
    return this.secrets.find(
      (s) => s.arn === secretId || s.name === secretId || s.arn.slice(0, -7) === secretId,
    );
  }

  private stored(arn: string): StoredSecret {
    const secret = this.secrets.find((s) => s.arn === arn);
    if (!secret) throw new Error(`no lab secret ${arn}`);
    return secret;
  }
}
