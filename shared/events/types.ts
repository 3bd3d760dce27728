/** What an RDS event is about, as far as choosing bindings goes. */
export const RdsSourceType = {
  Instance: 'instance',
  Cluster: 'cluster',
  BlueGreen: 'blue-green',
  Other: 'other',
} as const;
export type RdsSourceType = (typeof RdsSourceType)[keyof typeof RdsSourceType];

/** One RDS event, whichever way it arrived. */
export interface RdsEvent {
  /** `RDS-EVENT-NNNN`; absent in some EventBridge deliveries. */
  readonly eventId?: string;
  readonly sourceType: RdsSourceType;
  /** The instance, cluster or deployment identifier, without any `rds:` prefix. */
  readonly sourceId: string;
  readonly message: string;
  /** Whether this event opens a settle window (see `SETTLE_EVENT_IDS`). */
  readonly settles: boolean;
}

/**
 * Every trigger reduced to what the loop needs: which bindings to look at and whether to wait for DNS.
 * Triggers never carry the answer; the loop always resolves and describes for itself.
 */
export type Trigger =
  | { readonly kind: 'rds-event'; readonly via: 'sns' | 'eventbridge'; readonly events: readonly RdsEvent[] }
  | { readonly kind: 'schedule'; readonly time?: string }
  | { readonly kind: 'manual'; readonly bindings?: readonly string[]; readonly dryRun: boolean }
  | { readonly kind: 'ignored'; readonly reason: string };
