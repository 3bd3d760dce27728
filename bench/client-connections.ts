/**
 * "Seconds clients kept the old writer after the swap", per `onSwap.clientConnections` policy (issue 12).
 * Virtual time: the ELBv2 emulator runs on a clock the bench moves, behind a real HTTP server, and the
 * project's own target group adapter sets the drain settings (`close`) and deregisters the old writer, as
 * the functions do. The emulator decides when the load balancer closes each connection; the clients
 * recycle their own connections after `MAX_LIFETIME_SECONDS` (HikariCP's default `maxLifetime`, 30
 * minutes), the only other way a pooled connection leaves a node that still answers.
 */
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Elbv2Emulator } from '../lab/aws/elbv2-emulator';
import { startQueryServer } from '../lab/aws/server';
import { createElbv2Pool } from '../shared/backends/aws-elbv2/elbv2-pool';
import { drainVerdict } from '../shared/core/drain';
import type { OnSwapPolicy } from '../shared/core/config-types';

const OLD_WRITER = '10.20.1.10';
const CLIENTS = 10;
const MAX_LIFETIME_SECONDS = 1800;
/** AWS's defaults for a new target group. */
const AWS_DEFAULTS = { 'deregistration_delay.timeout_seconds': '300' };

/** Seconds after the old writer's deregistration at which each client connection left it. */
export async function secondsOnOldWriter(policy: OnSwapPolicy): Promise<number[]> {
  let nowMs = 1_767_225_600_000;
  const emulator = new Elbv2Emulator({ now: () => nowMs });
  const server = await startQueryServer(emulator, { newRequestId: () => 'bench' });
  const client = new ElasticLoadBalancingV2Client({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
  });
  try {
    const arn = emulator.createTargetGroup({ name: 'orders-pg', port: 5432, attributes: AWS_DEFAULTS });
    emulator.seedTarget(arn, { id: OLD_WRITER, port: 5432, state: 'healthy' });
    // Connections of every age: one opened every lifetime / CLIENTS seconds before the swap.
    const recycleInSeconds: number[] = [];
    for (let i = 0; i < CLIENTS; i += 1) {
      emulator.openConnection(arn);
      recycleInSeconds.push(((i + 1) * MAX_LIFETIME_SECONDS) / CLIENTS);
    }
    const pool = createElbv2Pool(client, { kind: 'aws-elbv2', targetGroupArn: arn, port: 5432 });
    const call = { deadlineMs: Number.MAX_SAFE_INTEGER };
    const verdict = drainVerdict(
      policy,
      (await pool.drain?.read(call)) ?? { closesConnections: false, delaySeconds: 300 },
    );
    if (verdict.kind === 'set') await pool.drain?.write(verdict.wanted, call);
    const swapMs = nowMs;
    await pool.apply(
      { kind: 'remove', remove: [{ ip: OLD_WRITER, port: 5432 }], because: 'desired-healthy' },
      call,
    );
    nowMs += MAX_LIFETIME_SECONDS * 1000;
    return emulator.connections(arn).map((c, i) => {
      const byBalancer = c.closedAt === undefined ? Infinity : (c.closedAt - swapMs) / 1000;
      return Math.min(byBalancer, recycleInSeconds[i] ?? Infinity);
    });
  } finally {
    client.destroy();
    await server.close();
  }
}

/** One table row per policy: the median and the last client, in seconds after the swap. */
export async function clientConnectionRows(): Promise<string[]> {
  const policies: [string, OnSwapPolicy][] = [
    [
      'leave (target group at AWS defaults: 300 s, no termination)',
      { clientConnections: 'leave', deregistrationDelaySeconds: 30 },
    ],
    [
      'close, deregistrationDelaySeconds 30 (default)',
      { clientConnections: 'close', deregistrationDelaySeconds: 30 },
    ],
    ['close, deregistrationDelaySeconds 5', { clientConnections: 'close', deregistrationDelaySeconds: 5 }],
  ];
  const rows: string[] = [];
  for (const [name, policy] of policies) {
    const seconds = (await secondsOnOldWriter(policy)).sort((a, b) => a - b);
    const median = seconds[Math.floor(seconds.length / 2)] ?? NaN;
    const last = seconds.at(-1) ?? NaN;
    rows.push(`| ${name} | ${CLIENTS} | ${median.toFixed(0)} s | ${last.toFixed(0)} s |`);
  }
  return rows;
}

export const CLIENT_CONNECTIONS_HEADER = `| onSwap.clientConnections (virtual time; clients recycle after ${MAX_LIFETIME_SECONDS} s) | clients | median seconds on the old writer after the swap | last client |\n|---|---|---|---|`;
