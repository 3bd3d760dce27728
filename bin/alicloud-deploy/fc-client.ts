import { createRequire } from 'node:module';
import type { AlicloudSettings } from './credentials';
import type { TriggerSpec } from './triggers';

/** What every `@alicloud/fc2` call resolves to. */
export interface FcResponse {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON when the answer says `application/json`; otherwise text (or a Buffer). */
  readonly data: unknown;
}

/** A Function Compute 2.0 service, as CreateService/UpdateService take it. */
export interface ServiceOptions {
  readonly description: string;
  readonly role: string;
  readonly internetAccess: boolean;
  readonly vpcConfig?: {
    readonly vpcId: string;
    readonly vSwitchIds: readonly string[];
    readonly securityGroupId: string;
  };
  readonly logConfig?: { readonly project: string; readonly logstore: string };
}

/** A function, as CreateFunction takes it; UpdateFunction takes the same less the name. */
export interface FunctionOptions {
  readonly functionName: string;
  readonly description: string;
  readonly runtime: 'nodejs20';
  readonly handler: string;
  readonly memorySize: number;
  readonly timeout: number;
  readonly environmentVariables: Readonly<Record<string, string>>;
  /** The zip, base64. */
  readonly code: { readonly zipFile: string };
}

/**
 * The part of `@alicloud/fc2` (FC API 2016-08-15) the scripts use. The package ships no types; the
 * signatures follow its `lib/client.js` 2.6.6. A failed call rejects with an Error whose `code` is
 * the API's `ErrorCode` (`ServiceAlreadyExists`, ...).
 */
export interface FcClient {
  createService(serviceName: string, options: ServiceOptions): Promise<FcResponse>;
  updateService(serviceName: string, options: ServiceOptions): Promise<FcResponse>;
  createFunction(serviceName: string, options: FunctionOptions): Promise<FcResponse>;
  updateFunction(
    serviceName: string,
    functionName: string,
    options: Omit<FunctionOptions, 'functionName'>,
  ): Promise<FcResponse>;
  createTrigger(serviceName: string, functionName: string, options: TriggerSpec): Promise<FcResponse>;
  updateTrigger(
    serviceName: string,
    functionName: string,
    triggerName: string,
    options: Pick<TriggerSpec, 'description' | 'triggerConfig'>,
  ): Promise<FcResponse>;
  invokeFunction(
    serviceName: string,
    functionName: string,
    event: string,
    headers?: Readonly<Record<string, string>>,
  ): Promise<FcResponse>;
}

interface FcConstructor {
  new (
    accountId: string,
    config: {
      accessKeyID: string;
      accessKeySecret: string;
      securityToken?: string;
      region: string;
      secure: boolean;
      timeout: number;
    },
  ): FcClient;
}

/**
 * A client for the account and region, over HTTPS (fc2 defaults to plain HTTP). `timeoutMs` bounds
 * each request; an invoke waits for the function, so give it more than the function's timeout.
 */
export function createFcClient(settings: AlicloudSettings, timeoutMs: number): FcClient {
  // Loaded here, not imported: fc2 (and its axios and ali-oss) is needed at deploy time only, and
  // `--print-policy` and the credential checks must not pay for loading it.
  const FC = createRequire(__filename)('@alicloud/fc2') as FcConstructor;
  return new FC(settings.accountId, {
    accessKeyID: settings.accessKeyId,
    accessKeySecret: settings.accessKeySecret,
    ...(settings.securityToken ? { securityToken: settings.securityToken } : {}),
    region: settings.region,
    secure: true,
    timeout: timeoutMs,
  });
}

/** The API error code of a rejected fc2 call (`FunctionAlreadyExists`, ...), if it has one. */
export function fcErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
