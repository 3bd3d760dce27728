/**
 * The variable that overrides the Tablestore endpoint, named as the `ALICLOUD_ENDPOINT_*` overrides in
 * `shared/alicloud/endpoint.ts` are (by the product code, `ots`); the lab sets it to its emulator.
 */
export const TABLESTORE_ENDPOINT_ENV = 'ALICLOUD_ENDPOINT_OTS';

const REGION_ID = /^[a-z]{2,}(-[a-z0-9]+)+$/;
/** Tablestore's instance naming rule ("Create an instance"): 3 to 16, a letter first, no trailing `-`. */
export const INSTANCE_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,14}[a-zA-Z0-9]$/;

/**
 * The public endpoint of an instance, `https://<instance>.<region>.ots.aliyuncs.com` (Tablestore
 * "Endpoints" page), unless `ALICLOUD_ENDPOINT_OTS` names another. Unlike the RPC products the instance
 * is part of the host, and the instance is still sent in `x-ots-instancename` on every request.
 */
export function tablestoreEndpoint(
  instance: string,
  region: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const override = env[TABLESTORE_ENDPOINT_ENV]?.trim();
  if (override) return override;
  // Both become part of a host name: refuse anything that is not what it claims to be.
  if (!INSTANCE_NAME.test(instance))
    throw new RangeError(`instance: "${instance}" is not a Tablestore instance name`);
  if (!REGION_ID.test(region)) throw new RangeError(`region: "${region}" is not an Alibaba Cloud region id`);
  return `https://${instance}.${region}.ots.aliyuncs.com`;
}
