/**
 * CLB cannot point at an IP, so an Alibaba CLB VServer group points at ECS relays that forward to the
 * database's domain name. Keeping such a group working means keeping it on healthy relays: the plan
 * for a relay group, as pure as `plan()` is for an IP pool.
 */

/** Health of a group member as CLB's `DescribeHealthStatus` reports it, or `unknown` when it has none. */
export type RelayHealth = 'normal' | 'abnormal' | 'unavailable' | 'unknown';

/** One backend of a VServer group. */
export interface RelayMember {
  readonly serverId: string;
  readonly port: number;
  readonly weight: number;
  readonly health: RelayHealth;
}

export interface RelayPlanInput {
  /** Configured relays, in order of preference. */
  readonly relays: readonly string[];
  /** How many relays serve at once. */
  readonly activeRelays: number;
  readonly port: number;
  readonly weight: number;
  readonly current: readonly RelayMember[];
  /** Relays seen failing earlier in this invocation: never swapped back in, or two bad relays would ping-pong. */
  readonly exclude: ReadonlySet<string>;
  readonly healthDeadlinePassed: boolean;
}

/** What is wrong with the group that the plan does not repair by itself; reported and alerted. */
export interface RelayDrift {
  /** Members that are not configured relays (or not on the relay port): left alone, reported. */
  readonly foreign: readonly string[];
  /** How many active relays are missing when no spare relay is left to add. */
  readonly missing: number;
}

export type RelayPlan = (
  | { readonly kind: 'in-sync' }
  | { readonly kind: 'add'; readonly add: readonly RelayMember[] }
  | {
      readonly kind: 'replace';
      readonly remove: readonly RelayMember[];
      readonly add: readonly RelayMember[];
    }
  | { readonly kind: 'await-health'; readonly waitingFor: readonly RelayMember[] }
  | { readonly kind: 'hold'; readonly reason: string }
) & { readonly drift: RelayDrift };

const label = (m: RelayMember) => `${m.serverId}:${m.port}`;

/**
 * The next step for a relay group. A failed relay is swapped for the next spare one in a single call
 * (`ModifyVServerGroupBackendServers`), so the group never shrinks through our hands; a member we did
 * not configure is reported, never removed: someone put it there.
 */
export function planRelays(input: RelayPlanInput): RelayPlan {
  const configured = input.current.filter((m) => input.relays.includes(m.serverId) && m.port === input.port);
  const foreign = input.current.filter((m) => !configured.includes(m)).map(label);
  const spares = input.relays
    .filter((id) => !configured.some((m) => m.serverId === id) && !input.exclude.has(id))
    .map((serverId): RelayMember => ({
      serverId,
      port: input.port,
      weight: input.weight,
      health: 'unknown',
    }));
  const failed = configured.filter((m) => m.health === 'abnormal');
  const gap = Math.max(0, input.activeRelays - configured.length);
  const drift = (missing: number): RelayDrift => ({ foreign, missing });

  if (failed.length > 0 && spares.length > 0) {
    const count = Math.min(failed.length, spares.length);
    return { kind: 'replace', remove: failed.slice(0, count), add: spares.slice(0, count), drift: drift(0) };
  }
  if (gap > 0 && spares.length > 0) {
    return { kind: 'add', add: spares.slice(0, gap), drift: drift(Math.max(0, gap - spares.length)) };
  }
  if (failed.length > 0) {
    return {
      kind: 'hold',
      reason: `${failed.map(label).join(', ')} failing and no spare relay left`,
      drift: drift(gap),
    };
  }
  const pending = configured.filter((m) => m.health !== 'normal');
  if (pending.length > 0 && !input.healthDeadlinePassed) {
    return { kind: 'await-health', waitingFor: pending, drift: drift(gap) };
  }
  if (pending.length > 0) {
    return {
      kind: 'hold',
      reason: `${pending.map(label).join(', ')} not healthy by the health deadline`,
      drift: drift(gap),
    };
  }
  return { kind: 'in-sync', drift: drift(gap) };
}
