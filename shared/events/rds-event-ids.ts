/**
 * The RDS events after which the endpoint's IP may move, so a failover trigger waits for DNS to follow
 * (the settle window). The one place that says which ids do. From the RDS User Guide, "Amazon RDS event
 * categories and event messages". Any other RDS event still reconciles its bindings, without waiting.
 */
export const SETTLE_EVENT_IDS = {
  'RDS-EVENT-0013': 'Multi-AZ instance failover started',
  'RDS-EVENT-0015': 'Multi-AZ failover to standby complete (DNS propagation may take a few minutes)',
  'RDS-EVENT-0049': 'Multi-AZ instance failover completed',
  'RDS-EVENT-0071': 'DB cluster failover completed',
  'RDS-EVENT-0072': 'DB cluster same-AZ failover started',
  'RDS-EVENT-0073': 'DB cluster cross-AZ failover started',
  'RDS-EVENT-0247': 'Blue/green switchover started',
  'RDS-EVENT-0248': 'Blue/green switchover completed',
} as const;
export type SettleEventId = keyof typeof SETTLE_EVENT_IDS;

const RDS_EVENT_ID = /RDS-EVENT-\d{4}/;

/**
 * Extracts `RDS-EVENT-NNNN` from an id or from the documentation URL that SNS delivery uses
 * (`http://docs.aws.amazon.com/...#RDS-EVENT-0071`; the host has changed over the years).
 */
export function rdsEventIdOf(value: string | undefined): string | undefined {
  return value ? RDS_EVENT_ID.exec(value)?.[0] : undefined;
}

/** Whether an event id opens a settle window. */
export function startsSettleWindow(eventId: string | undefined): boolean {
  return eventId !== undefined && Object.hasOwn(SETTLE_EVENT_IDS, eventId);
}
