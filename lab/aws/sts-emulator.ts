import { randomBytes } from 'node:crypto';
import { FaultInjector } from './faults';
import { QueryError, xmlElement, xmlText } from './query-protocol';
import type { EmulatorOptions, QueryCall, QueryService } from './types';
import { LAB_ACCOUNT } from './route53-emulator';

/** A role another account lets the lab's function assume: its trust policy, reduced to what STS checks. */
export interface LabRole {
  readonly roleArn: string;
  /** The `sts:ExternalId` the trust policy's condition requires, if any. */
  readonly externalId?: string;
}

/** The session credentials STS issued, for the emulators that check who signed a request. */
export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly account: string;
  readonly expiresAtMs: number;
}

const XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/**
 * STS `AssumeRole` over the Query protocol (API version 2011-06-15), answering as the STS API reference
 * shows: `AssumedRoleUser` and `Credentials` (an `ASIA...` key, a secret, a session token, an expiry).
 * A role not registered, or an external id that does not match the trust policy's, is `AccessDenied`
 * with STS's own sentence; a duration under 900 s is STS's `ValidationError`.
 */
export class StsEmulator implements QueryService {
  readonly xmlNamespace = XML_NAMESPACE;
  readonly version = '2011-06-15';
  readonly faults: FaultInjector;
  readonly calls: QueryCall[] = [];
  readonly issued: IssuedCredentials[] = [];
  readonly now: () => number;
  private readonly roles = new Map<string, LabRole>();

  constructor(options: EmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? new FaultInjector();
  }

  /** Lets the lab's function assume `role` (not a wire action: the other account's trust policy). */
  trust(role: LabRole): void {
    this.roles.set(role.roleArn, role);
  }

  /** The account of an access key: a role's for the keys issued here, the lab's own for any other. */
  accountOf(accessKeyId: string): string {
    return this.issued.find((c) => c.accessKeyId === accessKeyId)?.account ?? LAB_ACCOUNT;
  }

  dispatch(action: string, params: URLSearchParams): string {
    if (action !== 'AssumeRole') {
      throw new QueryError('InvalidAction', `Could not find operation ${action} for version ${this.version}`);
    }
    const roleArn = params.get('RoleArn') ?? '';
    const sessionName = params.get('RoleSessionName') ?? '';
    const durationSeconds = Number(params.get('DurationSeconds') ?? 3600);
    if (durationSeconds < 900) {
      throw new QueryError(
        'ValidationError',
        `1 validation error detected: Value '${durationSeconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
      );
    }
    const role = this.roles.get(roleArn);
    const externalId = params.get('ExternalId') ?? undefined;
    if (!role || role.externalId !== externalId) {
      throw new QueryError(
        'AccessDenied',
        `User: arn:aws:sts::${LAB_ACCOUNT}:assumed-role/rds-failover-sync/lab is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
        403,
      );
    }
    const account = /^arn:aws[a-z-]*:iam::(\d{12}):role\//.exec(roleArn)?.[1] ?? LAB_ACCOUNT;
    const roleName = roleArn.slice(roleArn.lastIndexOf('/') + 1);
    const accessKeyId = `ASIALAB${randomBytes(7).toString('hex').toUpperCase()}`;
    const expiresAtMs = this.now() + durationSeconds * 1000;
    this.issued.push({ accessKeyId, account, expiresAtMs });
    return (
      xmlElement(
        'AssumedRoleUser',
        xmlText('Arn', `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`) +
          xmlText('AssumedRoleId', `AROALAB0000000000000:${sessionName}`),
      ) +
      xmlElement(
        'Credentials',
        xmlText('AccessKeyId', accessKeyId) +
          xmlText('SecretAccessKey', randomBytes(20).toString('base64')) +
          xmlText('SessionToken', randomBytes(32).toString('base64')) +
          xmlText('Expiration', new Date(expiresAtMs).toISOString()),
      )
    );
  }
}
