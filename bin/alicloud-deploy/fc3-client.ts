import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { AlicloudSettings } from './credentials';
import type { FcResponse, FunctionOptions, ServiceOptions } from './fc-client';

/**
 * A function as FC 3.0's CreateFunction takes it (API 2023-03-30, `CreateFunctionInput` of
 * `@alicloud/fc20230330` 4.7.6). FC 3.0 has no service: the role, the VPC and the logstore that FC 2.0
 * sets on the service are set on each function.
 */
export type Fc3FunctionInput = FunctionOptions &
  Pick<ServiceOptions, 'role' | 'internetAccess' | 'vpcConfig' | 'logConfig'>;

/** A trigger as FC 3.0's CreateTrigger takes it: `triggerConfig` is a JSON string there, an object in 2.0. */
export interface Fc3TriggerInput {
  readonly triggerName: string;
  readonly triggerType: 'timer' | 'eventbridge';
  readonly description: string;
  readonly triggerConfig: string;
}

/**
 * The part of FC 3.0 the deploy uses, in plain objects; `createFc3Api` wraps the SDK's request classes
 * around them. A failed call rejects with the SDK's error, whose `code` is the API's error code
 * (`FunctionAlreadyExists`, `TriggerAlreadyExists`, ...).
 */
export interface Fc3Api {
  createFunction(input: Fc3FunctionInput): Promise<unknown>;
  updateFunction(functionName: string, input: Omit<Fc3FunctionInput, 'functionName'>): Promise<unknown>;
  createTrigger(functionName: string, input: Fc3TriggerInput): Promise<unknown>;
  updateTrigger(
    functionName: string,
    triggerName: string,
    input: Pick<Fc3TriggerInput, 'description' | 'triggerConfig'>,
  ): Promise<unknown>;
  /** A synchronous invoke with the log tail, read whole: what the invoke script prints. */
  invokeFunction(functionName: string, payload: string): Promise<FcResponse>;
}

type ModelClass = new (fields: Record<string, unknown>) => object;

interface Fc3Sdk {
  default: new (config: object) => {
    createFunction(request: object): Promise<unknown>;
    updateFunction(functionName: string, request: object): Promise<unknown>;
    createTrigger(functionName: string, request: object): Promise<unknown>;
    updateTrigger(functionName: string, triggerName: string, request: object): Promise<unknown>;
    invokeFunctionWithOptions(
      functionName: string,
      request: object,
      headers: object,
      runtime: object,
    ): Promise<{ headers?: Record<string, string>; statusCode?: number; body?: Readable }>;
  };
  CreateFunctionRequest: ModelClass;
  CreateFunctionInput: ModelClass;
  UpdateFunctionRequest: ModelClass;
  UpdateFunctionInput: ModelClass;
  CreateTriggerRequest: ModelClass;
  CreateTriggerInput: ModelClass;
  UpdateTriggerRequest: ModelClass;
  UpdateTriggerInput: ModelClass;
  InputCodeLocation: ModelClass;
  VPCConfig: ModelClass;
  LogConfig: ModelClass;
  InvokeFunctionRequest: ModelClass;
  InvokeFunctionHeaders: ModelClass;
}

/**
 * An FC 3.0 client for the account and region, over HTTPS at `<account>.<region>.fc.aliyuncs.com`
 * (FC 3.0 "Endpoints"). Loaded here, not imported: the SDK is a deploy-time tool.
 */
export function createFc3Api(
  settings: AlicloudSettings,
  timeoutMs: number,
  /** Tests point the real SDK at a loopback server. */
  target: { readonly endpoint: string; readonly protocol: 'http' | 'https' } = {
    endpoint: `${settings.accountId}.${settings.region}.fc.aliyuncs.com`,
    protocol: 'https',
  },
): Fc3Api {
  const sdk = createRequire(__filename)('@alicloud/fc20230330') as Fc3Sdk;
  const client = new sdk.default({
    accessKeyId: settings.accessKeyId,
    accessKeySecret: settings.accessKeySecret,
    ...(settings.securityToken ? { securityToken: settings.securityToken } : {}),
    regionId: settings.region,
    endpoint: target.endpoint,
    protocol: target.protocol,
    readTimeout: timeoutMs,
    connectTimeout: Math.min(timeoutMs, 10_000),
  });
  const functionFields = (input: Omit<Fc3FunctionInput, 'functionName'>) => ({
    ...input,
    environmentVariables: { ...input.environmentVariables },
    code: new sdk.InputCodeLocation({ zipFile: input.code.zipFile }),
    ...(input.vpcConfig
      ? { vpcConfig: new sdk.VPCConfig({ ...input.vpcConfig, vSwitchIds: [...input.vpcConfig.vSwitchIds] }) }
      : {}),
    ...(input.logConfig ? { logConfig: new sdk.LogConfig({ ...input.logConfig }) } : {}),
  });
  return {
    createFunction: (input) =>
      client.createFunction(
        new sdk.CreateFunctionRequest({
          body: new sdk.CreateFunctionInput({ functionName: input.functionName, ...functionFields(input) }),
        }),
      ),
    updateFunction: (functionName, input) =>
      client.updateFunction(
        functionName,
        new sdk.UpdateFunctionRequest({ body: new sdk.UpdateFunctionInput(functionFields(input)) }),
      ),
    createTrigger: (functionName, input) =>
      client.createTrigger(
        functionName,
        new sdk.CreateTriggerRequest({ body: new sdk.CreateTriggerInput({ ...input }) }),
      ),
    updateTrigger: (functionName, triggerName, input) =>
      client.updateTrigger(
        functionName,
        triggerName,
        new sdk.UpdateTriggerRequest({ body: new sdk.UpdateTriggerInput({ ...input }) }),
      ),
    async invokeFunction(functionName, payload) {
      const response = await client.invokeFunctionWithOptions(
        functionName,
        new sdk.InvokeFunctionRequest({ body: Readable.from([Buffer.from(payload, 'utf8')]) }),
        new sdk.InvokeFunctionHeaders({ xFcInvocationType: 'Sync', xFcLogType: 'Tail' }),
        {},
      );
      const chunks: Buffer[] = [];
      for await (const chunk of response.body ?? []) chunks.push(Buffer.from(chunk as Uint8Array));
      return { headers: response.headers ?? {}, data: Buffer.concat(chunks) };
    },
  };
}
