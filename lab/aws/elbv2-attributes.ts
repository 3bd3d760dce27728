import { decodeMemberList, QueryError, xmlElement, xmlText } from './query-protocol';
import { validation } from './elbv2-targets';

/**
 * The attributes of an NLB target group of type `ip` and protocol TCP, with AWS's defaults (API
 * reference, TargetGroupAttribute; NLB guide, "Edit target group attributes"). DescribeTargetGroupAttributes
 * lists every one of them; ModifyTargetGroupAttributes changes the keys it is given.
 */
export const ELBV2_TCP_DEFAULTS: Readonly<Record<string, string>> = {
  'deregistration_delay.timeout_seconds': '300',
  'deregistration_delay.connection_termination.enabled': 'false',
  'stickiness.enabled': 'false',
  'stickiness.type': 'source_ip',
  'proxy_protocol_v2.enabled': 'false',
  'preserve_client_ip.enabled': 'false',
  'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration',
  'target_health_state.unhealthy.connection_termination.enabled': 'true',
  'target_health_state.unhealthy.draining_interval_seconds': '0',
};

const BOOLEAN_KEYS = new Set([
  'deregistration_delay.connection_termination.enabled',
  'stickiness.enabled',
  'proxy_protocol_v2.enabled',
  'preserve_client_ip.enabled',
  'target_health_state.unhealthy.connection_termination.enabled',
]);
/** Whole-second ranges: the delay 0-3600 (API reference), the unhealthy draining interval 0-360000. */
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  'deregistration_delay.timeout_seconds': [0, 3600],
  'target_health_state.unhealthy.draining_interval_seconds': [0, 360000],
};

/**
 * Decodes and checks `Attributes.member.N.{Key,Value}`; every pair is checked before any is applied, as
 * AWS refuses the whole call. Unverified: AWS's exact wording; the codes are the documented ones
 * (`InvalidConfigurationRequest` for a value the group cannot take, `ValidationError` for the request).
 */
export function decodeAttributeChanges(params: URLSearchParams): [string, string][] {
  const members = decodeMemberList(params, 'Attributes');
  if (members === undefined || members.length === 0) {
    throw validation("Value null at 'attributes' failed to satisfy constraint: Member must not be null");
  }
  return members.map((member, index): [string, string] => {
    const key = member['Key'];
    const value = member['Value'] ?? '';
    if (key === undefined || key === '') {
      throw validation(
        `Value null at 'attributes.${index + 1}.member.key' failed to satisfy constraint: Member must not be null`,
      );
    }
    if (!(key in ELBV2_TCP_DEFAULTS)) {
      throw new QueryError(
        'InvalidConfigurationRequest',
        `Target group attribute key '${key}' is not recognized`,
      );
    }
    if (BOOLEAN_KEYS.has(key) && value !== 'true' && value !== 'false') {
      throw new QueryError(
        'InvalidConfigurationRequest',
        `Target group attribute key '${key}' must be 'true' or 'false'`,
      );
    }
    const range = RANGES[key];
    if (range !== undefined) {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < range[0] || n > range[1]) {
        throw new QueryError(
          'InvalidConfigurationRequest',
          `Target group attribute key '${key}' must be between ${range[0]} and ${range[1]}`,
        );
      }
    }
    return [key, value];
  });
}

/** `<Attributes><member><Key>..</Key><Value>..</Value></member>...</Attributes>`. */
export function renderAttributes(attributes: ReadonlyMap<string, string>): string {
  return xmlElement(
    'Attributes',
    [...attributes]
      .map(([key, value]) => xmlElement('member', xmlText('Key', key) + xmlText('Value', value)))
      .join(''),
  );
}
