import { LAB_CONSISTENCY_MS } from '../consistency';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../shared/log/logger';
import type { Report } from '../../shared/core/report';
import { createAwsRuntime } from '../../shared/platform/aws';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';
import { startAwsLab } from '../aws-lab';
import { labConfig } from '../aws-bindings';
import { awaitClientsLeaving, clientsLeftEntry, drainSetEntry } from './client-connections';
import { timelineRecorder } from './timeline';
import type { TimelineEntry } from './timeline';

export interface DrillResult {
  readonly title: string;
  readonly timeline: readonly TimelineEntry[];
  /** What the world looks like afterwards, one line each, and whether it is what it must be. */
  readonly checks: readonly { readonly ok: boolean; readonly what: string }[];
  readonly report?: Report;
  readonly error?: string;
}

const ENDPOINT = 'orders.cluster-c9lab0000001.us-east-1.rds.amazonaws.com';
const PRIMARY = { name: 'orders-instance-1.c9lab0000001.us-east-1.rds.amazonaws.com', ip: '10.20.1.10' };
/** Client connections open on the writer before the failover. */
const CLIENTS = 3;
/** The binding's deregistration delay: short, as `close` wants it, and shorter still for the lab. */
const DRILL_DELAY_SECONDS = 2;
const RECORD = 'orders.db.internal';
const STANDBY = { name: 'orders-instance-2.c9lab0000001.us-east-1.rds.amazonaws.com', ip: '10.20.2.20' };

/**
 * An Aurora cluster fails over: the target group points at the primary, RDS publishes "failover
 * completed" through SNS, DNS keeps the old answer for `dnsLagMs` more, and the new target passes its
 * health checks `healthyAfterMs` after registration. The real handler runs against the lab.
 */
export async function awsFailoverDrill(
  options: { dnsLagMs?: number; healthyAfterMs?: number; log?: (line: string) => void } = {},
): Promise<DrillResult> {
  const dnsLagMs = options.dnsLagMs ?? 2500;
  const lab = await startAwsLab();
  const startMs = Date.now();
  const { entries: timeline, observe } = timelineRecorder(startMs);
  try {
    const targetGroupArn = lab.elbv2.createTargetGroup({
      name: 'orders-pg',
      port: 5432,
      healthyAfterMs: options.healthyAfterMs ?? 1500,
      // AWS's defaults: a 300 s delay and connections left open; the binding's onSwap changes them.
      attributes: { 'deregistration_delay.timeout_seconds': '300' },
    });
    const topicArn = lab.sns.createTopic('db-failover');
    lab.elbv2.seedTarget(targetGroupArn, { id: PRIMARY.ip, port: 5432, state: 'healthy' });
    // Beside the target group, the private record consumers in peered VPCs resolve.
    const zone = lab.route53.createHostedZone('db.internal');
    lab.route53.seed(zone, { name: RECORD, type: 'A', ttl: 5, values: [PRIMARY.ip] });
    const recordPool = `{ aws-route53-record: { hostedZoneId: ${zone}, recordName: ${RECORD} } }`;
    lab.dns.setCname(ENDPOINT, PRIMARY.name);
    lab.dns.setA(PRIMARY.name, [PRIMARY.ip]);
    lab.dns.setA(STANDBY.name, [STANDBY.ip]);
    // Pooled clients, connected to the writer long before the failover (a JDBC or Go pool).
    for (let i = 0; i < CLIENTS; i += 1) lab.elbv2.openConnection(targetGroupArn);
    const config = labConfig(lab.dns.address, [
      {
        name: 'orders',
        endpoint: ENDPOINT,
        source: 'cluster',
        targetGroupArn,
        topicArn,
        onSwap: `{ clientConnections: close, deregistrationDelaySeconds: ${DRILL_DELAY_SECONDS} }`,
        extraPools: [recordPool],
      },
    ]);
    const runtime = createAwsRuntime(config, {
      consistencyMs: LAB_CONSISTENCY_MS,
      changePollMs: 250,
      log: createLogger({ write: options.log ?? (() => undefined) }),
      observe,
    });

    // The failover: RDS's event arrives now, the cluster endpoint moves only after the lag.
    const flip = setTimeout(() => lab.dns.setCname(ENDPOINT, STANDBY.name), dnsLagMs);
    const event = JSON.parse(
      readFileSync(join(__dirname, '..', '..', 'events', 'aws-sns-cluster-failover.json'), 'utf8'),
    );
    const report = await handleAwsInvocation(event, { getRemainingTimeInMillis: () => 120_000 }, runtime, [
      'rds-event',
    ]).finally(() => clearTimeout(flip));

    const oldWriter = `${PRIMARY.ip}:5432`;
    const clients = await awaitClientsLeaving(
      () => lab.elbv2.connections(targetGroupArn),
      oldWriter,
      (DRILL_DELAY_SECONDS + 2) * 1000,
    );
    const deregisteredAt = lab.elbv2.calls.find((c) => c.action === 'DeregisterTargets')?.at;
    const modifiedAt = lab.elbv2.calls.find((c) => c.action === 'ModifyTargetGroupAttributes')?.at;
    const drainSet = drainSetEntry(report.bindings[0]?.pools[0]?.connections, modifiedAt, startMs);
    timeline.push(
      ...(drainSet ? [drainSet] : []),
      clientsLeftEntry(clients, oldWriter, startMs, deregisteredAt),
    );
    timeline.sort((a, b) => a.atMs - b.atMs);
    const clientsLeft = clients.filter((c) => c.closedAt !== undefined);
    const targets = lab.elbv2.targets(targetGroupArn);
    const serving = targets.filter((t) => t.state === 'healthy').map((t) => t.id);
    const published = lab.sns.published;
    const upserts = lab.route53.calls.filter((c) => c.operation === 'ChangeResourceRecordSets');
    const recordStates = lab.route53.history.get(`${zone} ${RECORD}. A`) ?? [];
    return {
      title: `AWS: Aurora cluster "orders" fails over from ${PRIMARY.ip} to ${STANDBY.ip}; DNS lags the event by ${(dnsLagMs / 1000).toFixed(1)} s`,
      timeline,
      report,
      checks: [
        {
          ok: serving.length === 1 && serving[0] === STANDBY.ip,
          what: `target group serves ${serving.join(', ') || 'nothing'} (want ${STANDBY.ip}); all targets: ${targets.map((t) => `${t.id}:${t.port} ${t.state}`).join(', ')}`,
        },
        {
          ok:
            upserts.length === 1 &&
            recordStates.every((values) => values.length === 1) &&
            recordStates.at(-1)?.[0] === STANDBY.ip,
          what: `record ${RECORD} went ${recordStates.map((v) => v.join('+') || '(absent)').join(' -> ')} in ${upserts.length} ChangeResourceRecordSets call(s) (want ${PRIMARY.ip} -> ${STANDBY.ip} in 1)`,
        },
        {
          ok: published.length === 1 && /swapped/.test(published[0]?.subject ?? ''),
          what: `${published.length} alert(s) published: ${published.map((m) => m.subject).join(' | ')}`,
        },
        { ok: report.outcomes.swapped === 1, what: `report outcomes: ${JSON.stringify(report.outcomes)}` },
        {
          ok: clientsLeft.length === CLIENTS,
          what: `${clientsLeft.length} of ${CLIENTS} client connection(s) left the old writer ${PRIMARY.ip} (onSwap: close, delay ${DRILL_DELAY_SECONDS} s)`,
        },
      ],
    };
  } catch (error) {
    return {
      title: 'AWS failover drill',
      timeline,
      checks: [{ ok: false, what: 'the drill itself failed' }],
      error: String(error),
    };
  } finally {
    await lab.close();
  }
}
