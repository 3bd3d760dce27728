import { parseConfig } from '../shared/config/load';
import type { Config } from '../shared/core/config-types';

export interface LabBinding {
  readonly name: string;
  readonly endpoint: string;
  readonly source: 'instance' | 'cluster';
  readonly targetGroupArn: string;
  readonly topicArn: string;
  /** Extra YAML lines under `policy:`, indented by six spaces. */
  readonly policy?: string;
  readonly allowedCidrs?: string;
  /** The target group's `availabilityZone` (`all` for a database in a peered VPC). */
  readonly availabilityZone?: string;
  /** `resolve.awsRdsWriter`: also ask the RDS API for this cluster's writer. */
  readonly awsRdsWriter?: { readonly cluster: string; readonly prefer?: 'api' | 'dns' };
  /** `resolve.route53`: also read this Route 53 record through the API (a binding has one `resolve`). */
  readonly route53Source?: {
    readonly hostedZoneId: string;
    readonly recordName: string;
    readonly prefer?: 'api' | 'dns';
  };
  /** The binding's `onSwap` as a YAML flow mapping, e.g. `{ clientConnections: close }`. */
  readonly onSwap?: string;
  /** More pools beside the target group, each a YAML flow mapping: `{ aws-route53-record: {...} }`. */
  readonly extraPools?: readonly string[];
  /** The binding's `probe`, a YAML scalar or flow mapping: `{ protocol: postgres, writable: {...} }`. */
  readonly probe?: string;
}

/**
 * A bindings file for the lab, written as YAML and loaded through the real loader, so the drill and
 * the tests exercise the same validation a user's file goes through.
 */
export function labConfig(dnsServer: string, bindings: readonly LabBinding[]): Config {
  const yaml = `dns:
  servers: ["${dnsServer}"]
  timeoutMs: 500
bindings:
${bindings
  .map(
    (b) => `  - name: ${b.name}
    endpoint: ${b.endpoint}:5432
    source: { aws: { ${b.source}: ${b.name} } }
${b.awsRdsWriter ? `    resolve: { awsRdsWriter: { cluster: ${b.awsRdsWriter.cluster}, prefer: ${b.awsRdsWriter.prefer ?? 'api'} } }\n` : ''}${b.route53Source ? `    resolve: { route53: { hostedZoneId: ${b.route53Source.hostedZoneId}, recordName: ${b.route53Source.recordName}, prefer: ${b.route53Source.prefer ?? 'api'} } }\n` : ''}    pools: [{ aws-elbv2: { targetGroupArn: "${b.targetGroupArn}"${b.availabilityZone ? `, availabilityZone: ${b.availabilityZone}` : ''} } }${(b.extraPools ?? []).map((p) => `, ${p}`).join('')}]
    allowedCidrs: ${b.allowedCidrs ?? '[10.20.0.0/16]'}
    alert: { sns: "${b.topicArn}" }${
      b.onSwap
        ? `
    onSwap: ${b.onSwap}`
        : ''
    }${
      b.probe
        ? `
    probe: ${b.probe}`
        : ''
    }
    policy:
${b.policy ?? '      healthPollMs: 250'}`,
  )
  .join('\n')}
`;
  return parseConfig(yaml, 'lab bindings');
}
