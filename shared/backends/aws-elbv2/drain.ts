import {
  DescribeTargetGroupAttributesCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DrainSettings } from '../../core/drain';
import type { DrainControl } from '../drain-control';
import type { CallContext } from '../pool';

/**
 * The attribute keys, as the API reference (TargetGroupAttribute) spells them. The delay takes 0 to 3600
 * seconds and defaults to 300; termination is `true` or `false`, defaults to `false`, and closes the
 * connections that remain when the delay ends (NLB guide, "Edit target group attributes").
 */
export const ELBV2_DRAIN_KEYS = {
  delaySeconds: 'deregistration_delay.timeout_seconds',
  closesConnections: 'deregistration_delay.connection_termination.enabled',
} as const;
/** What AWS assumes for an attribute a group does not list (an ALB group has no termination key). */
const DEFAULTS: DrainSettings = { closesConnections: false, delaySeconds: 300 };

/** How the pool sends a call: its own wrapper, which turns every failure into a `PoolApiError`. */
export type Elbv2Send = <T>(context: CallContext, send: () => Promise<T>) => Promise<T>;

/** The target group's drain settings through DescribeTargetGroupAttributes / ModifyTargetGroupAttributes. */
export function elbv2Drain(
  client: ElasticLoadBalancingV2Client,
  TargetGroupArn: string,
  send: Elbv2Send,
): DrainControl {
  const options = (context: CallContext) => (context.abortSignal ? { abortSignal: context.abortSignal } : {});
  return {
    async read(context) {
      const { Attributes = [] } = await send(context, () =>
        client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn }), options(context)),
      );
      const value = (key: string) => Attributes.find((a) => a.Key === key)?.Value;
      const delay = Number(value(ELBV2_DRAIN_KEYS.delaySeconds));
      const termination = value(ELBV2_DRAIN_KEYS.closesConnections);
      return {
        closesConnections: termination === undefined ? DEFAULTS.closesConnections : termination === 'true',
        delaySeconds: Number.isInteger(delay) ? delay : DEFAULTS.delaySeconds,
      };
    },
    async write(wanted, context) {
      // One call for both keys: AWS applies a ModifyTargetGroupAttributes whole or not at all.
      await send(context, () =>
        client.send(
          new ModifyTargetGroupAttributesCommand({
            TargetGroupArn,
            Attributes: [
              { Key: ELBV2_DRAIN_KEYS.delaySeconds, Value: String(wanted.delaySeconds) },
              { Key: ELBV2_DRAIN_KEYS.closesConnections, Value: String(wanted.closesConnections) },
            ],
          }),
          options(context),
        ),
      );
    },
  };
}
