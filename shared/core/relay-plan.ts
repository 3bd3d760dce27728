/**
 * CLB cannot point at an IP, so an Alibaba CLB VServer group points at ECS relays that forward to the
 * database's domain name. Keeping such a group working means keeping it on healthy relays: the plan
 * for a relay group, as pure as `plan()` is for an IP pool, in the same `Step` words.
 */
import { relayKey } from './keys';
import type { Described, Planner, Step } from './step';
import { BackendHealth } from './types';

/** One backend of a VServer group, as the group lists it. */
export interface RelayAddress {
  readonly serverId: string;
  readonly port: number;
  readonly weight: number;
}

/** A group member with the listener's health for it. */
export type RelayMember = Described<RelayAddress>;

export interface RelayPlanInput {
  /** Configured relays, in order of preference. */
  readonly relays: readonly string[];
  /** How many relays serve at once. */
  readonly activeRelays: number;
  readonly port: number;
  readonly weight: number;
  readonly current: readonly RelayMember[];
  /** Relays (`relayKey`) seen failing earlier in this invocation: never swapped back in, or two bad relays would ping-pong. */
  readonly exclude: ReadonlySet<string>;
  readonly healthDeadlinePassed: boolean;
}

/**
 * The next step for a relay group. A failed relay is swapped for the next spare one in a single call
 * (`ModifyVServerGroupBackendServers`), so the group never shrinks through our hands; a member we did
 * not configure is reported as drift, never removed: someone put it there.
 */
export function planRelays(input: RelayPlanInput): Step<RelayAddress> {
  const configured = input.current.filter((m) => input.relays.includes(m.serverId) && m.port === input.port);
  const foreign = input.current.filter((m) => !configured.includes(m)).map(relayKey);
  const spares = input.relays
    .map((serverId): RelayAddress => ({ serverId, port: input.port, weight: input.weight }))
    .filter((r) => !configured.some((m) => m.serverId === r.serverId) && !input.exclude.has(relayKey(r)));
  const failed = configured.filter((m) => m.health === BackendHealth.Unhealthy);
  const gap = Math.max(0, input.activeRelays - configured.length);
  const drift = (missing: number): readonly string[] => [
    ...(foreign.length > 0 ? [`not configured as relays: ${foreign.join(', ')}`] : []),
    ...(missing > 0 ? [`${missing} active relay(s) missing, no spare left`] : []),
  ];

  const surplus = surplusOf(configured, input.activeRelays);
  if (surplus.length > 0) {
    return { kind: 'remove', remove: surplus.map(addressOf), because: 'desired-healthy', drift: drift(0) };
  }
  if (failed.length > 0 && spares.length > 0) {
    const count = Math.min(failed.length, spares.length);
    return {
      kind: 'replace',
      remove: failed.slice(0, count).map(addressOf),
      add: spares.slice(0, count),
      drift: drift(0),
    };
  }
  if (gap > 0 && spares.length > 0) {
    return { kind: 'add', add: spares.slice(0, gap), drift: drift(Math.max(0, gap - spares.length)) };
  }
  if (failed.length > 0) {
    return {
      kind: 'hold',
      reason: `${failed.map(relayKey).join(', ')} failing and no spare relay left`,
      drift: drift(gap),
    };
  }
  const pending = configured.filter((m) => m.health !== BackendHealth.Healthy);
  if (pending.length > 0 && !input.healthDeadlinePassed) {
    return { kind: 'await-health', waitingFor: pending.map(addressOf), drift: drift(gap) };
  }
  if (pending.length > 0) {
    return {
      kind: 'hold',
      reason: `${pending.map(relayKey).join(', ')} not healthy by the health deadline`,
      drift: drift(gap),
    };
  }
  return { kind: 'in-sync', drift: drift(gap) };
}

/** `planRelays()` for one configured group, as the engine calls it. */
export function relayPlanner(config: {
  readonly relays: readonly string[];
  readonly activeRelays: number;
  readonly port: number;
  readonly weight: number;
}): Planner<RelayAddress> {
  return ({ current, healthDeadlinePassed, removedThisRun }) =>
    planRelays({ ...config, current, healthDeadlinePassed, exclude: removedThisRun });
}

/**
 * Failing relays beyond `activeRelays` while `activeRelays` others are healthy: what a replace re-sent
 * after its answer was lost leaves behind (the failed relay stays, the spare went in). Removing them takes
 * no working path away; a healthy relay beyond `activeRelays` stays, as someone may want it there.
 */
function surplusOf(configured: readonly RelayMember[], activeRelays: number): RelayMember[] {
  const healthy = configured.filter((m) => m.health === BackendHealth.Healthy);
  if (healthy.length < activeRelays) return [];
  const failed = configured.filter((m) => m.health === BackendHealth.Unhealthy);
  return failed.slice(0, configured.length - activeRelays);
}

const addressOf = ({ serverId, port, weight }: RelayAddress): RelayAddress => ({ serverId, port, weight });
