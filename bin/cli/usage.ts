import { EXIT_CODES_HELP } from './exit-codes';

/** The commands, in the order `--help` lists them. */
export const COMMANDS = ['check', 'plan', 'apply', 'status', 'drill'] as const;
export type Command = (typeof COMMANDS)[number];

export function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}

const SELECT = `  -c, --config FILE     bindings file (default: bindings.yml)
  -b, --binding NAME    only this binding (repeatable; default: all)`;
const COMMON = `      --json            print one JSON document on stdout instead of text
  -v, --verbose         also print the loop's structured log lines on stderr
  -h, --help            this help`;

const CREDENTIALS = `credentials: your own. AWS: the SDK's default chain (AWS_PROFILE or --profile, SSO, environment,
  instance role); each target group is called in the region its ARN names. Alibaba Cloud:
  ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN),
  or an access_key profile in ~/.alibabacloud/credentials (ALIBABA_CLOUD_PROFILE picks it).
  With LEASE_TABLE (AWS) or LEASE_TABLESTORE_* (Alibaba) set, changes are made under the stack's
  pool leases, so a CLI apply never races the functions.`;

const PROFILE = `      --profile NAME    AWS profile to use (sets AWS_PROFILE)`;

export const USAGE: Readonly<Record<Command | 'main', string>> = {
  main: `usage: rds-failover-sync <command> [options]

Keeps load balancer pools (AWS NLB target groups and Route 53 records, Alibaba NLB server groups and
CLB VServer groups) pinned to an RDS database's current primary. The same loop the deployed functions run.

commands:
  check     validate the bindings file and list what it holds (no cloud call)
  plan      dry run: per binding and pool, what it must hold, what it holds, what apply would do
  apply     reconcile for real: add, wait healthy, then remove (asks first unless --yes)
  status    every pool's health and drift, one line each (read-only)
  drill     run a simulated failover in the local lab (no cloud account) and print its timeline

Run 'rds-failover-sync <command> --help' for a command's options.
  -V, --version         print the version

${EXIT_CODES_HELP}`,
  check: `usage: rds-failover-sync check [-c FILE] [--json]

Validates the bindings file: every problem is listed with the binding and field it concerns. Then
lists each binding, its cloud(s), pools and mode, and which credentials a plan would use. Calls no
cloud API.

${SELECT}
${COMMON}

exit status: 0 valid, 2 invalid (or unreadable).
`,
  plan: `usage: rds-failover-sync plan [-c FILE] [-b NAME]... [--json] [--profile NAME]

Dry run: resolves each endpoint, reads each pool, and shows per binding and pool what the pool must
hold, what it holds (with each backend's health), and what apply WOULD do, in order. Changes
nothing and alerts no one.

${SELECT}
${PROFILE}
${COMMON}

${CREDENTIALS}

${EXIT_CODES_HELP}`,
  apply: `usage: rds-failover-sync apply [-c FILE] [-b NAME]... [--yes] [--json] [--profile NAME]

Shows the plan, asks for confirmation, then reconciles for real: registers the new backends, waits
for them to pass health checks (a line per step; a ticking wait on a terminal), then deregisters the
old ones, and alerts as the functions do. Report-only bindings are never changed. Without --yes it
needs a terminal to ask on, and refuses otherwise (exit 2).

${SELECT}
  -y, --yes             do not ask: apply what the plan shows
${PROFILE}
${COMMON}

${CREDENTIALS}

${EXIT_CODES_HELP}`,
  status: `usage: rds-failover-sync status [-c FILE] [-b NAME]... [--json] [--profile NAME]

Read-only: one line per pool with its state (in sync, DRIFT, REFUSED, ERROR) and each registered
backend's health, then what differs for each pool that is not in sync.

${SELECT}
${PROFILE}
${COMMON}

${CREDENTIALS}

${EXIT_CODES_HELP}`,
  drill: `usage: rds-failover-sync drill [--json] [-v]

Starts the local lab (emulated ELBv2, SNS, DynamoDB, NLB, CLB, RDS, CloudMonitor, Tablestore and a
DNS server, all on loopback), fails a database over on each cloud, runs the real handlers, and prints
each timeline and whether every load balancer ended on the new primary. Needs no cloud account.

${COMMON}

exit status: 0 every load balancer follows its database, 1 otherwise.
`,
};
