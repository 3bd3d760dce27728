import { parseConfig } from '../shared/config/load';
import type { Config } from '../shared/core/config-types';

export interface AlicloudLabBinding {
  readonly name: string;
  readonly instance: string;
  readonly endpoint: string;
  /** YAML for the `pools:` list, each line indented by six spaces. */
  readonly pools: string;
  readonly resolveWithApi?: 'dns' | 'api';
  /** The binding's `onSwap` as a YAML flow mapping, e.g. `{ clientConnections: close }`. */
  readonly onSwap?: string;
  /** The binding's `probe` as YAML on one line, e.g. `{ protocol: mysql, writable: { ... } }`. */
  readonly probe?: string;
  /** Extra YAML lines under `policy:`, indented by six spaces. */
  readonly policy?: string;
}

/** A bindings file for the Alibaba lab, loaded through the real loader like a user's. */
export function alicloudLabConfig(dnsServer: string, bindings: readonly AlicloudLabBinding[]): Config {
  const yaml = `dns:
  servers: ["${dnsServer}"]
  timeoutMs: 500
bindings:
${bindings
  .map(
    (b) => `  - name: ${b.name}
    endpoint: ${b.endpoint}:3306
    source: { alicloud: { instance: ${b.instance} } }
${b.resolveWithApi ? `    resolve: { alicloudRds: { region: cn-hangzhou, instance: ${b.instance}, prefer: ${b.resolveWithApi} } }\n` : ''}    pools:
${b.pools}
    allowedCidrs: [10.0.0.0/8]
    alert: { cloudMonitor: { region: cn-hangzhou } }
${b.onSwap ? `    onSwap: ${b.onSwap}\n` : ''}${b.probe ? `    probe: ${b.probe}\n` : ''}    policy:
${b.policy ?? '      healthPollMs: 250'}`,
  )
  .join('\n')}
`;
  return parseConfig(yaml, 'alicloud lab bindings');
}
