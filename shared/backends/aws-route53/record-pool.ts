import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListResourceRecordSetsCommand,
} from '@aws-sdk/client-route-53';
import type { ChangeInfo, Route53Client } from '@aws-sdk/client-route-53';
import type { Route53RecordPoolConfig } from '../../core/config-types';
import { poll } from '../../core/poll';
import type { PollVerdict } from '../../core/poll';
import { recordKey } from '../../core/record-plan';
import type { RecordValue } from '../../core/record-plan';
import { scrubbedError } from '../../core/scrub';
import type { Described } from '../../core/step';
import { BackendHealth } from '../../core/types';
import type { Clock } from '../../core/types';
import { PoolApiError } from '../errors';
import type { PoolStep } from '../errors';
import type { CallContext, Pool } from '../pool';
import { changePollDelayMs, DEFAULT_CHANGE_POLL_MAX_MS } from './change-poll-delay';
import { sameRecordName, valuesOfRecordSet } from './record-sets';

export interface RecordPoolOptions {
  readonly clock: Clock;
  /** The wait before the first `GetChange`, then doubled after each `PENDING`; default 1000. */
  readonly changePollMs?: number;
  /** The longest wait between two `GetChange` calls; default 5000. */
  readonly changePollMaxMs?: number;
}

/**
 * Route 53 answers `PENDING` for a change until every authoritative server has it, then `INSYNC`: the
 * first ask after 1 s catches most changes.
 */
const DEFAULT_CHANGE_POLL_MS = 1000;
/** Record sets per `ListResourceRecordSets` page: the name's own sets are a handful at most. */
const PAGE_SIZE = '20';

/**
 * A Route 53 A record as a `Pool`: `describe` lists the record sets at the name, `apply` writes the whole
 * value set in one `ChangeResourceRecordSets` UPSERT and waits until Route 53 says the change is
 * `INSYNC`, within the invocation's deadline.
 *
 * One UPSERT, never a DELETE and a CREATE: 1. a DELETE lands; 2. a resolver asks before the CREATE
 * does, gets NXDOMAIN and caches it for the zone's negative TTL (minutes, the SOA's, not 5 s); 3. every
 * consumer of that resolver has no database for that long. An UPSERT creates the record when it is
 * missing, and replaces every value at once when it is not (API reference, `ChangeResourceRecordSets`).
 */
export function createRoute53RecordPool(
  client: Route53Client,
  config: Route53RecordPoolConfig,
  options: RecordPoolOptions,
): Pool<RecordValue> {
  const id = `aws-route53-record ${config.hostedZoneId}/${config.recordName}`;
  const HostedZoneId = config.hostedZoneId;
  const changePollMs = options.changePollMs ?? DEFAULT_CHANGE_POLL_MS;
  const changePollMaxMs = options.changePollMaxMs ?? DEFAULT_CHANGE_POLL_MAX_MS;
  const sendOptions = (context: CallContext) =>
    context.abortSignal ? { abortSignal: context.abortSignal } : {};

  async function call<T>(step: PoolStep, context: CallContext, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      if (error instanceof PoolApiError) throw error;
      if (context.abortSignal?.aborted) {
        const message = "abandoned at the invocation's deadline, to leave time to alert and report";
        throw new PoolApiError(id, step, 'DeadlineExceeded', message, { cause: error });
      }
      throw new PoolApiError(id, step, codeOf(error), messageOf(error), { cause: scrubbedError(error) });
    }
  }

  /**
   * The record sets at the name: listing starts at the name (Route 53 lists names in order, so a name's
   * sets come together) and follows `NextRecordName`/`NextRecordType`/`NextRecordIdentifier` while the
   * next page still starts at the name.
   */
  async function describe(context: CallContext): Promise<Described<RecordValue>[]> {
    const values: RecordValue[] = [];
    let start: { name: string; type?: string; identifier?: string } | undefined = {
      name: config.recordName,
    };
    while (start) {
      const page = await call('describe', context, () =>
        client.send(
          new ListResourceRecordSetsCommand({
            HostedZoneId,
            StartRecordName: start?.name,
            ...(start?.type ? { StartRecordType: start.type as 'A' } : {}),
            ...(start?.identifier ? { StartRecordIdentifier: start.identifier } : {}),
            MaxItems: Number(PAGE_SIZE),
          }),
          sendOptions(context),
        ),
      );
      const sets = page.ResourceRecordSets ?? [];
      const ours = sets.filter((set) => sameRecordName(set.Name, config.recordName));
      values.push(...ours.flatMap(valuesOfRecordSet));
      const leftTheName = ours.length < sets.length;
      start =
        page.IsTruncated && !leftTheName && sameRecordName(page.NextRecordName, config.recordName)
          ? {
              name: config.recordName,
              ...(page.NextRecordType ? { type: page.NextRecordType } : {}),
              ...(page.NextRecordIdentifier ? { identifier: page.NextRecordIdentifier } : {}),
            }
          : undefined;
    }
    return values.map((value) => ({
      ...value,
      // A record has no health checks; `pending` rather than `healthy` also tells the engine's last
      // check before a change (`unsafeChange`) that no healthy path is at stake: the record planner never
      // looks at health, and an UPSERT never leaves the record empty.
      health: BackendHealth.Pending,
      state: value.ttlSeconds !== undefined ? `${value.type}, TTL ${value.ttlSeconds} s` : value.type,
    }));
  }

  /**
   * Asks `GetChange` until `INSYNC`, less often as the wait grows (`changePollDelayMs`), the last time at
   * the deadline; a change still `PENDING` then is a failed step.
   */
  async function waitInSync(change: ChangeInfo, context: CallContext): Promise<void> {
    if (change.Status === 'INSYNC') return;
    const changeId = change.Id ?? '';
    const outcome = await poll(
      async (): Promise<PollVerdict<string>> => {
        const { ChangeInfo: info } = await call('register', context, () =>
          client.send(new GetChangeCommand({ Id: changeId }), sendOptions(context)),
        );
        const status = info?.Status ?? 'unknown';
        return { state: status === 'INSYNC' ? 'success' : 'retry', value: status };
      },
      {
        clock: options.clock,
        deadlineMs: context.deadlineMs,
        initialDelayMs: changePollMs,
        delayMs: (attempt) => changePollDelayMs(attempt, changePollMs, changePollMaxMs),
        ...(context.abortSignal ? { abortSignal: context.abortSignal } : {}),
      },
    );
    if (outcome.kind === 'success') return;
    throw new ChangeNotInSyncError(id, changeId, outcome.value ?? change.Status ?? 'PENDING');
  }

  return {
    id,
    key: recordKey,
    describe,
    // Nothing failed: the database moved, and the record was rewritten whole in one call.
    replaceResult: (removed, added) =>
      removed.length === 0
        ? `wrote ${added.join(', ')} in one UPSERT`
        : `replaced ${removed.join(', ')} with ${added.join(', ')} in one UPSERT`,
    async apply(change, context) {
      if (change.kind !== 'replace') {
        // The planner for records only replaces; anything else would be a bug that half-writes a record.
        throw new PoolApiError(
          id,
          'register',
          'UnsupportedChange',
          `a record is written whole, not by ${change.kind}`,
        );
      }
      const { ChangeInfo: info } = await call('register', context, () =>
        client.send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId,
            ChangeBatch: {
              Comment: `rds-failover-sync: ${change.add.map(recordKey).join(', ')}`,
              Changes: [
                {
                  Action: 'UPSERT',
                  ResourceRecordSet: {
                    Name: config.recordName,
                    Type: 'A',
                    TTL: config.ttlSeconds,
                    ResourceRecords: change.add.map((m) => ({ Value: m.value })),
                  },
                },
              ],
            },
          }),
          sendOptions(context),
        ),
      );
      await waitInSync(info ?? { Id: undefined, Status: undefined, SubmittedAt: undefined }, context);
    },
  };
}

/**
 * Route 53 took the change but had not served it everywhere by the deadline. It will: the next run
 * finds the record in sync. Until then some resolvers may still answer with the old values.
 */
export class ChangeNotInSyncError extends PoolApiError {
  constructor(pool: string, changeId: string, status: string) {
    super(
      pool,
      'register',
      'ChangeNotInSync',
      `change ${changeId} accepted but still ${status} at the invocation's deadline`,
    );
  }
}

function codeOf(error: unknown): string {
  return error instanceof Error ? error.name : 'Unknown';
}

/** `InvalidChangeBatch` carries its reasons in `messages`, not in `message`. */
function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const messages: unknown = (error as { messages?: unknown }).messages;
  if (Array.isArray(messages) && messages.length > 0) return messages.map(String).join('; ');
  return error.message;
}
