import { parseArgs } from 'node:util';
import { DEFAULT_LEASE_TABLE } from '../../shared/lease/tablestore-constants';
import { INSTANCE_NAME } from '../../shared/lease/tablestore-endpoint';
import { UsageError } from './errors';
import { FunctionName } from './names';
import { DEFAULT_SCHEDULE, scheduleProblem } from './triggers';

/** Where the functions attach to the database's network. */
export interface VpcOptions {
  readonly vpcId: string;
  readonly vSwitchIds: readonly string[];
  readonly securityGroupId: string;
}

/**
 * Which Function Compute API the scripts use: 3.0 (API 2023-03-30, `@alicloud/fc20230330`, the one
 * Alibaba maintains) by default; 2.0 (API 2016-08-15, `@alicloud/fc2`, no longer updated) for accounts
 * whose functions still live in FC 2.0 services.
 */
export type FcApi = '3.0' | '2.0';
const FC_APIS: readonly FcApi[] = ['3.0', '2.0'];

/** `npm run deploy:alicloud -- ...`, parsed and checked. */
export interface DeployOptions {
  readonly help: boolean;
  readonly bindings: string;
  readonly printPolicy: boolean;
  readonly accountId?: string;
  readonly region?: string;
  readonly roleArn?: string;
  readonly vpc?: VpcOptions;
  readonly log?: { readonly project: string; readonly logstore: string };
  readonly schedule: string;
  /** The Tablestore instance of the lease table; required to deploy and to print the policy. */
  readonly leaseInstance?: string;
  readonly leaseTable: string;
  readonly fcApi: FcApi;
  /** Where a function that cannot load its bindings alerts (ALERT_CLOUDMONITOR_REGION). */
  readonly alertCloudMonitorRegion?: string;
  /** The kind of the deploying shell's ALERT_WEBHOOK_URL. */
  readonly alertWebhookKind?: 'generic' | 'dingtalk' | 'slack';
  /** An existing CloudMonitor alert contact group: the deploy then puts the alarm rules (alarms.ts). */
  readonly alarmContactGroup?: string;
}

/** `npm run invoke:alicloud -- ...`, parsed and checked. */
export interface InvokeOptions {
  readonly help: boolean;
  readonly functionName: FunctionName;
  readonly bindings: readonly string[];
  readonly dryRun: boolean;
  /** A file whose contents are sent as the payload, instead of a manual `{bindings, dryRun}`. */
  readonly event?: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly fcApi: FcApi;
}

export const DEPLOY_USAGE = `usage: npm run deploy:alicloud -- [options]

Bundles functions/alicloud/{reconcile,rds-event}.ts with the bindings file and creates or updates the
two Function Compute functions (FC 3.0; with --fc-api 2.0 the service rds-failover-sync and its
functions), a timer trigger on reconcile and an
EventBridge trigger (RDS and PolarDB CloudMonitor events) on rds-event. Prints the RAM policy the function role needs.

credentials (environment): ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,
  ALIBABA_CLOUD_SECURITY_TOKEN (STS keys only), ALIBABA_CLOUD_ACCOUNT_ID, ALIBABA_CLOUD_REGION

options:
  --bindings FILE            bindings file (default: bindings.yml), validated before anything is sent
  --role-arn ARN             RAM role the functions run as (required): acs:ram::<account>:role/<name>
  --account-id ID            instead of ALIBABA_CLOUD_ACCOUNT_ID
  --region REGION            instead of ALIBABA_CLOUD_REGION
  --vpc-id VPC --vswitch-ids VSW[,VSW] --security-group-id SG
                             run in the database's VPC (all three, or none)
  --log-project P --log-store S
                             Simple Log Service project and logstore for the functions' logs (both, or none)
  --schedule EXPR            the reconcile backstop (default: ${DEFAULT_SCHEDULE}; or a 6-field cron, UTC)
  --lease-instance NAME      Tablestore instance for the per-pool leases (required); it must exist in the
                             region: create it in the Tablestore console, the deploy does not
  --lease-table NAME         the lease table, created when absent (default: ${DEFAULT_LEASE_TABLE})
  --print-policy             print the RAM policy for the bindings file and stop (no credentials needed)
  --fc-api 3.0|2.0           Function Compute API (default 3.0: functions rds-failover-sync-reconcile and
                             rds-failover-sync-rds-event; 2.0: service rds-failover-sync, for FC 2.0 accounts)
  --alert-cloudmonitor-region REGION
                             where a function that cannot load its bindings alerts (a CloudMonitor custom
                             event); default the first region a binding's cloudMonitor names
  --alert-webhook-kind KIND  generic (default), dingtalk or slack: the kind of ALERT_WEBHOOK_URL, a second
                             such sink, copied from this shell like every variable an env: webhook names
  --alarm-contact-group NAME an existing CloudMonitor alert contact group: puts CloudMonitor alarm rules on
                             both functions' errors and throttles and on the schedule not running (FC 3.0)
  -h, --help
`;

export const INVOKE_USAGE = `usage: npm run invoke:alicloud -- [options]

Invokes a deployed function synchronously and prints what it returned (the reconcile report).

credentials (environment): ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,
  ALIBABA_CLOUD_SECURITY_TOKEN (STS keys only), ALIBABA_CLOUD_ACCOUNT_ID, ALIBABA_CLOUD_REGION

options:
  -b, --binding NAME         only this binding (repeatable; default: all)
      --dry-run              show the plan, change nothing
      --function NAME        reconcile (default) or rds-event
      --event FILE           send this file as the payload instead (e.g. events/alicloud-eventbridge-ha-switch.json)
      --account-id ID        instead of ALIBABA_CLOUD_ACCOUNT_ID
      --region REGION        instead of ALIBABA_CLOUD_REGION
      --fc-api 3.0|2.0       the API the functions were deployed with (default 3.0)
  -h, --help
`;

const VPC_ID = /^vpc-[a-z0-9]+$/;
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const WEBHOOK_KINDS = ['generic', 'dingtalk', 'slack'] as const;
const VSWITCH_ID = /^vsw-[a-z0-9]+$/;
const SECURITY_GROUP_ID = /^sg-[a-z0-9]+$/;
const ROLE_ARN = /^acs:ram::\d+:role\/[A-Za-z0-9._-]+$/;
const LOG_PROJECT = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const LOGSTORE = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;
/** Tablestore's table naming rule (CreateTable reference). */
const TABLE_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,254}$/;

/** Parses the deploy script's arguments; throws `UsageError` naming every bad one. */
export function parseDeployArgs(argv: readonly string[]): DeployOptions {
  const { values } = strictParse(argv, {
    bindings: { type: 'string', default: 'bindings.yml' },
    'role-arn': { type: 'string' },
    'account-id': { type: 'string' },
    region: { type: 'string' },
    'vpc-id': { type: 'string' },
    'vswitch-ids': { type: 'string' },
    'security-group-id': { type: 'string' },
    'log-project': { type: 'string' },
    'log-store': { type: 'string' },
    schedule: { type: 'string', default: DEFAULT_SCHEDULE },
    'lease-instance': { type: 'string' },
    'lease-table': { type: 'string', default: DEFAULT_LEASE_TABLE },
    'print-policy': { type: 'boolean', default: false },
    'fc-api': { type: 'string', default: '3.0' },
    'alert-cloudmonitor-region': { type: 'string' },
    'alert-webhook-kind': { type: 'string' },
    'alarm-contact-group': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const problems: string[] = [];
  const alarmContactGroup = values['alarm-contact-group']?.trim();
  if (alarmContactGroup === '') problems.push('--alarm-contact-group: name an alert contact group');
  const alertRegion = values['alert-cloudmonitor-region'];
  if (alertRegion !== undefined && !REGION.test(alertRegion)) {
    problems.push(`--alert-cloudmonitor-region: not a region id (cn-hangzhou): '${alertRegion}'`);
  }
  const alertWebhookKind = WEBHOOK_KINDS.find((kind) => kind === values['alert-webhook-kind']);
  if (values['alert-webhook-kind'] !== undefined && alertWebhookKind === undefined) {
    problems.push(
      `--alert-webhook-kind: must be ${WEBHOOK_KINDS.join(', ')}, not '${values['alert-webhook-kind']}'`,
    );
  }
  const roleArn = values['role-arn'];
  if (roleArn !== undefined && !ROLE_ARN.test(roleArn)) {
    problems.push(`--role-arn: must be a RAM role ARN, acs:ram::<account>:role/<name>, not '${roleArn}'`);
  }
  const vpc = vpcOf(values['vpc-id'], values['vswitch-ids'], values['security-group-id'], problems);
  const log = logOf(values['log-project'], values['log-store'], problems);
  const schedule = values.schedule;
  const badSchedule = scheduleProblem(schedule);
  if (badSchedule) problems.push(`--schedule: ${badSchedule}`);
  const leaseInstance = values['lease-instance'];
  if (leaseInstance !== undefined && !INSTANCE_NAME.test(leaseInstance)) {
    problems.push(
      `--lease-instance: not a Tablestore instance name (3-16 letters, digits, '-', a letter first): '${leaseInstance}'`,
    );
  }
  const leaseTable = values['lease-table'];
  if (!TABLE_NAME.test(leaseTable)) {
    problems.push(
      `--lease-table: not a Tablestore table name (letters, digits, '_', not a digit first): '${leaseTable}'`,
    );
  }
  const fcApi = fcApiOf(values['fc-api'], problems);
  if (problems.length > 0 || fcApi === undefined) throw new UsageError(problems.join('\n'));
  return {
    help: values.help,
    bindings: values.bindings,
    printPolicy: values['print-policy'],
    ...optional('accountId', values['account-id']),
    ...optional('region', values.region),
    ...optional('roleArn', roleArn),
    ...(vpc ? { vpc } : {}),
    ...(log ? { log } : {}),
    schedule,
    ...optional('leaseInstance', leaseInstance),
    leaseTable,
    fcApi,
    ...optional('alertCloudMonitorRegion', alertRegion),
    ...(alertWebhookKind ? { alertWebhookKind } : {}),
    ...(alarmContactGroup ? { alarmContactGroup } : {}),
  };
}

/** Parses the invoke script's arguments; throws `UsageError` naming every bad one. */
export function parseInvokeArgs(argv: readonly string[]): InvokeOptions {
  const { values } = strictParse(argv, {
    binding: { type: 'string', short: 'b', multiple: true, default: [] },
    'dry-run': { type: 'boolean', default: false },
    function: { type: 'string', default: FunctionName.Reconcile },
    event: { type: 'string' },
    'account-id': { type: 'string' },
    region: { type: 'string' },
    'fc-api': { type: 'string', default: '3.0' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  const problems: string[] = [];
  const fcApi = fcApiOf(values['fc-api'], problems);
  const functionName = Object.values(FunctionName).find((name) => name === values.function);
  if (functionName === undefined) {
    problems.push(
      `--function: must be ${Object.values(FunctionName).join(' or ')}, not '${values.function}'`,
    );
  }
  if (values.event !== undefined && (values.binding.length > 0 || values['dry-run'])) {
    problems.push('--event sends a file as it is: it cannot be combined with --binding or --dry-run');
  }
  if (problems.length > 0 || functionName === undefined || fcApi === undefined) {
    throw new UsageError(problems.join('\n'));
  }
  return {
    help: values.help,
    fcApi,
    functionName,
    bindings: values.binding,
    dryRun: values['dry-run'],
    ...optional('event', values.event),
    ...optional('accountId', values['account-id']),
    ...optional('region', values.region),
  };
}

function strictParse<T extends NonNullable<Parameters<typeof parseArgs>[0]>['options']>(
  argv: readonly string[],
  options: T,
) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  } catch (error) {
    // parseArgs throws TypeErrors with codes like ERR_PARSE_ARGS_UNKNOWN_OPTION: a usage problem.
    throw new UsageError((error as Error).message, { cause: error });
  }
}

function vpcOf(
  vpcId: string | undefined,
  vSwitches: string | undefined,
  securityGroupId: string | undefined,
  problems: string[],
): VpcOptions | undefined {
  const given = [vpcId, vSwitches, securityGroupId].filter((value) => value !== undefined);
  if (given.length === 0) return undefined;
  if (vpcId === undefined || vSwitches === undefined || securityGroupId === undefined) {
    problems.push('--vpc-id, --vswitch-ids and --security-group-id: give all three, or none');
    return undefined;
  }
  const vSwitchIds = vSwitches
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  const bad = [
    ...(VPC_ID.test(vpcId) ? [] : [`--vpc-id: not a VPC id (vpc-...): '${vpcId}'`]),
    ...(vSwitchIds.length === 0 ? ['--vswitch-ids: name at least one vSwitch (vsw-...)'] : []),
    ...vSwitchIds
      .filter((id) => !VSWITCH_ID.test(id))
      .map((id) => `--vswitch-ids: not a vSwitch id (vsw-...): '${id}'`),
    ...(SECURITY_GROUP_ID.test(securityGroupId)
      ? []
      : [`--security-group-id: not a security group id (sg-...): '${securityGroupId}'`]),
  ];
  problems.push(...bad);
  return bad.length === 0 ? { vpcId, vSwitchIds, securityGroupId } : undefined;
}

function logOf(project: string | undefined, logstore: string | undefined, problems: string[]) {
  if (project === undefined && logstore === undefined) return undefined;
  if (project === undefined || logstore === undefined) {
    problems.push('--log-project and --log-store: give both, or neither');
    return undefined;
  }
  const bad = [
    ...(LOG_PROJECT.test(project)
      ? []
      : [`--log-project: not a Simple Log Service project name: '${project}'`]),
    ...(LOGSTORE.test(logstore) ? [] : [`--log-store: not a logstore name: '${logstore}'`]),
  ];
  problems.push(...bad);
  return bad.length === 0 ? { project, logstore } : undefined;
}

function fcApiOf(value: string, problems: string[]): FcApi | undefined {
  const api = FC_APIS.find((known) => known === value);
  if (api === undefined) problems.push(`--fc-api: must be 3.0 or 2.0, not '${value}'`);
  return api;
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
