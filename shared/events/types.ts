/** What an RDS event is about, as far as choosing bindings goes. */
export const RdsSourceType = {
  Instance: 'instance',
  Cluster: 'cluster',
  BlueGreen: 'blue-green',
  /** An ApsaraDB RDS instance (`rm-...`, `pgm-...`): matched against `BindingSources.alicloudInstances`. */
  AlicloudInstance: 'alicloud-instance',
  Other: 'other',
} as const;
export type RdsSourceType = (typeof RdsSourceType)[keyof typeof RdsSourceType];

/** One RDS event, whichever way it arrived. */
export interface RdsEvent {
  /**
   * `RDS-EVENT-NNNN` on AWS, absent in some EventBridge deliveries. On Alibaba Cloud the event's name
   * (`Instance_Failover`), as the settle table spells it when it is there, as received otherwise.
   */
  readonly eventId?: string;
  readonly sourceType: RdsSourceType;
  /** The instance, cluster or deployment identifier, without any `rds:` prefix. */
  readonly sourceId: string;
  readonly message: string;
  /** Whether this event opens a settle window (see `SETTLE_EVENT_IDS`, `ALICLOUD_SETTLE_EVENTS`). */
  readonly settles: boolean;
  /**
   * Set when the event's name is not one we know (Alibaba Cloud: the names are unverified): it still
   * reconciles its bindings, without settling, and the handler logs the payload whole.
   */
  readonly unknownEvent?: boolean;
}

/**
 * Every trigger reduced to what the loop needs: which bindings to look at and whether to wait for DNS.
 * Triggers never carry the answer; the loop always resolves and describes for itself.
 */
export type Trigger =
  | {
      readonly kind: 'rds-event';
      /** `eventbridge`: Amazon EventBridge on AWS, EventBridge CloudEvents on Alibaba Cloud. */
      readonly via: 'sns' | 'eventbridge' | 'cloudmonitor';
      readonly events: readonly RdsEvent[];
      /**
       * Events of the same delivery that are not about RDS (an EventBridge batch, an SNS topic shared
       * with other publishers), one line each: the RDS ones are acted on, these are logged.
       */
      readonly skipped?: readonly string[];
    }
  | { readonly kind: 'schedule'; readonly time?: string }
  | { readonly kind: 'manual'; readonly bindings?: readonly string[]; readonly dryRun: boolean }
  | { readonly kind: 'ignored'; readonly reason: string };
