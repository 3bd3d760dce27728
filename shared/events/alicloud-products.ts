/**
 * The Alibaba Cloud database products whose events can move a binding's endpoint, by the short name
 * their events carry. EventBridge writes it three ways: the CloudEvent `type` is
 * `<product>:CloudMonitor:<Event>` and `source` is `acs.<product>` (EventBridge user guide, "Alibaba
 * Cloud service event sources" and "Event patterns", whose samples read `acs.oss`, `acs.ecs`); a
 * CloudMonitor push names it in `product` (`RDS`, `MongoDB`, ... : "Cloud Monitor event notifications").
 *
 * Documented: `mysql` (EventBridge "ApsaraDB RDS for MySQL events", help.aliyun.com doc 304412:
 * `mysql:CloudMonitor:Instance[SystemMaintenance.Elastic:Delay]`), `polardb` (EventBridge "PolarDB
 * events", doc 205728: `polardb:CloudMonitor:InstanceFailover`, `InstanceSwitchover`, ...) and the
 * CloudMonitor product `RDS`. Unverified, taken by analogy with `mysql` (the RDS API's `Engine` values,
 * lower-cased): `postgresql`, `sqlserver`, `mariadb`. Matching a name that never arrives costs nothing;
 * refusing one that does costs a failover, so the list errs on the side of taking.
 */
export const ALICLOUD_DB_PRODUCTS = {
  rds: 'ApsaraDB RDS, any engine (CloudMonitor product RDS)',
  mysql: 'ApsaraDB RDS for MySQL',
  postgresql: 'ApsaraDB RDS for PostgreSQL (prefix unverified)',
  sqlserver: 'ApsaraDB RDS for SQL Server (prefix unverified)',
  mariadb: 'ApsaraDB RDS for MariaDB (prefix unverified)',
  polardb: 'PolarDB (cluster ids pc-...)',
} as const;
export type AlicloudDbProduct = keyof typeof ALICLOUD_DB_PRODUCTS;

const PRODUCTS = Object.keys(ALICLOUD_DB_PRODUCTS) as AlicloudDbProduct[];

/** The product a name stands for: `RDS`, `acs.mysql`, `mysql:CloudMonitor:...`, `SQLServer`, `PolarDB`. */
export function alicloudDbProductOf(value: unknown): AlicloudDbProduct | undefined {
  if (typeof value !== 'string') return undefined;
  const head = value.replace(/^acs\./i, '').split(':')[0] ?? '';
  const squashed = head.toLowerCase().replace(/[^a-z0-9]/g, '');
  return PRODUCTS.find((product) => product === squashed);
}

/**
 * The EventBridge rule the deploy installs on `rds-event`: every CloudMonitor event of these products,
 * by the documented part of the CloudEvent (the `type` prefix; the `source` of CloudMonitor events is
 * not documented). Built from the same list the parser accepts, so the two cannot drift apart.
 */
export function alicloudRdsEventPattern(): { type: { prefix: string }[] } {
  return { type: PRODUCTS.map((product) => ({ prefix: `${product}:CloudMonitor:` })) };
}
