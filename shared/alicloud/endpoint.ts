/** The Alibaba Cloud products this project calls, by the first label of their API host. */
export type AlicloudProduct = 'nlb' | 'slb' | 'rds' | 'metrics' | 'kms';

/** The variable that overrides each product's endpoint, as `AWS_ENDPOINT_URL_*` does on AWS. */
export const ALICLOUD_ENDPOINT_ENV = {
  nlb: 'ALICLOUD_ENDPOINT_NLB',
  slb: 'ALICLOUD_ENDPOINT_SLB',
  rds: 'ALICLOUD_ENDPOINT_RDS',
  metrics: 'ALICLOUD_ENDPOINT_CMS',
  kms: 'ALICLOUD_ENDPOINT_KMS',
} as const satisfies Record<AlicloudProduct, string>;

// The official SDKs' endpoint maps send SLB and RDS calls for these regions to the central host
// (`slb.aliyuncs.com`, `rds.aliyuncs.com`); every other region has `<product>.<region>.aliyuncs.com`.
// NLB, CloudMonitor and KMS have no central host: always regional. KMS also answers at
// `kms-vpc.<region>.aliyuncs.com` from inside a VPC (KMS API reference, Decrypt, "shared gateway",
// https://www.alibabacloud.com/help/doc-detail/28950.htm): ALICLOUD_ENDPOINT_KMS set in the function
// (the deploy does not set it) sends Decrypt there.
const CENTRAL_REGIONS: ReadonlySet<string> = new Set([
  'cn-qingdao',
  'cn-beijing',
  'cn-hangzhou',
  'cn-shanghai',
  'cn-shenzhen',
  'cn-hongkong',
  'ap-southeast-1',
  'us-west-1',
  'us-east-1',
]);
const HAS_CENTRAL_HOST: ReadonlySet<AlicloudProduct> = new Set(['slb', 'rds']);

const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/**
 * The HTTPS endpoint for `product` in `region`, e.g. `https://nlb.cn-hangzhou.aliyuncs.com`, unless
 * the product's `ALICLOUD_ENDPOINT_*` variable names another (the lab's emulators).
 */
export function alicloudEndpoint(
  product: AlicloudProduct,
  region: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const override = env[ALICLOUD_ENDPOINT_ENV[product]]?.trim();
  if (override) return override;
  // The region becomes part of a host name: refuse anything that is not a region id.
  if (!REGION_ID.test(region)) throw new RangeError(`region: "${region}" is not an Alibaba Cloud region id`);
  const central = HAS_CENTRAL_HOST.has(product) && CENTRAL_REGIONS.has(region);
  return central ? `https://${product}.aliyuncs.com` : `https://${product}.${region}.aliyuncs.com`;
}
