import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../shared/log/logger';
import { createAwsRuntime } from '../../shared/platform/aws';
import { handleAwsInvocation } from '../../shared/platform/aws-handler';
import { LAB_CONSISTENCY_MS } from '../consistency';
import { startAwsLab } from '../aws-lab';
import { labConfig } from '../aws-bindings';
import type { DrillResult } from './aws-failover';
import { timelineRecorder } from './timeline';

const CLUSTER = 'ledger';
const ENDPOINT = 'ledger.cluster-c9lab0000001.us-east-1.rds.amazonaws.com';
const WRITER = {
  instance: 'ledger-instance-1',
  address: 'ledger-instance-1.c9lab0000001.us-east-1.rds.amazonaws.com',
  ip: '10.20.1.30',
};
const NEW_WRITER = {
  instance: 'ledger-instance-2',
  address: 'ledger-instance-2.c9lab0000001.us-east-1.rds.amazonaws.com',
  ip: '10.20.2.40',
};
/** The issue's goal: the register call starts within 1.5 s of the event. */
const GOAL_MS = 1500;

/**
 * An Aurora cluster whose binding also asks the RDS API for the writer (`resolve.awsRdsWriter`): RDS
 * publishes "failover completed", `DescribeDBClusters` already names the new writer, and the cluster
 * CNAME moves only `cnameLagMs` later. The swap starts from the API's answer; the figure printed is the
 * wall time from the handler's start to the lab's receipt of `RegisterTargets`, with every answer held
 * `latencyMs` as an in-region round trip would.
 */
export async function awsWriterFailoverDrill(
  options: {
    cnameLagMs?: number;
    healthyAfterMs?: number;
    /** Held on every API and DNS answer: an in-region round trip, so the figure is not loopback's. */
    latencyMs?: number;
    log?: (line: string) => void;
  } = {},
): Promise<DrillResult> {
  const cnameLagMs = options.cnameLagMs ?? 6000;
  const latencyMs = options.latencyMs ?? 100;
  const lab = await startAwsLab({ latencyMs });
  const startedMs = Date.now();
  const { entries: timeline, observe } = timelineRecorder(startedMs);
  try {
    const targetGroupArn = lab.elbv2.createTargetGroup({
      name: 'ledger-pg',
      port: 5432,
      healthyAfterMs: options.healthyAfterMs ?? 1500,
      drainMs: 60_000,
    });
    const topicArn = lab.sns.createTopic('db-failover');
    lab.elbv2.seedTarget(targetGroupArn, { id: WRITER.ip, port: 5432, state: 'healthy' });
    lab.dns.setCname(ENDPOINT, WRITER.address);
    lab.dns.setA(WRITER.address, [WRITER.ip]);
    lab.dns.setA(NEW_WRITER.address, [NEW_WRITER.ip]);
    lab.rds.createCluster({ id: CLUSTER, endpoint: ENDPOINT, members: [WRITER, NEW_WRITER] });
    const config = labConfig(lab.dns.address, [
      {
        name: CLUSTER,
        endpoint: ENDPOINT,
        source: 'cluster',
        targetGroupArn,
        topicArn,
        awsRdsWriter: { cluster: CLUSTER, prefer: 'api' },
      },
    ]);
    const runtime = createAwsRuntime(config, {
      consistencyMs: LAB_CONSISTENCY_MS,
      log: createLogger({ write: options.log ?? (() => undefined) }),
      observe,
    });

    // The failover: the API names the new writer now, the cluster CNAME follows after the lag.
    lab.rds.failover(CLUSTER, NEW_WRITER.instance);
    let cnameMovedAt: number | undefined;
    const flip = setTimeout(() => {
      lab.dns.setCname(ENDPOINT, NEW_WRITER.address);
      cnameMovedAt = Date.now();
    }, cnameLagMs);
    const eventMs = Date.now();
    const report = await handleAwsInvocation(
      ledgerEvent(),
      { getRemainingTimeInMillis: () => 120_000 },
      runtime,
      ['rds-event'],
    ).finally(() => clearTimeout(flip));

    const register = lab.elbv2.calls.find((c) => c.action === 'RegisterTargets');
    const toRegisterMs = register ? register.at - eventMs : undefined;
    const targets = lab.elbv2.targets(targetGroupArn);
    const serving = targets.filter((t) => t.state === 'healthy').map((t) => t.id);
    const verdict = report.bindings[0]?.resolution.verdict;
    const polls = report.bindings[0]?.settle?.polls;
    return {
      title: `AWS: Aurora cluster "${CLUSTER}" fails over from ${WRITER.ip} to ${NEW_WRITER.ip}; the RDS API names the new writer at once, the cluster CNAME lags the event by ${(cnameLagMs / 1000).toFixed(1)} s; every API and DNS answer takes ${latencyMs} ms`,
      timeline,
      report,
      checks: [
        {
          // Ordering, not speed: the register call went out while the CNAME still named the old writer,
          // after one resolution. The wall figure depends on the machine; it is printed, not judged.
          ok:
            register !== undefined &&
            (cnameMovedAt === undefined || register.at < cnameMovedAt) &&
            polls === 1,
          what: `RegisterTargets reached the lab ${toRegisterMs === undefined ? 'never' : `${toRegisterMs} ms after the event (goal: within ${GOAL_MS} ms${toRegisterMs <= GOAL_MS ? ', met' : ', NOT met on this machine'})`}, after ${polls ?? 0} resolution(s), before the cluster CNAME moved (${cnameMovedAt === undefined ? 'it had not moved yet' : `at ${cnameMovedAt - eventMs} ms`})`,
        },
        {
          ok: verdict?.winner === 'api' && verdict.dns === WRITER.ip && verdict.api === NEW_WRITER.ip,
          what: `the swap followed ${verdict ? `the ${verdict.winner === 'api' ? 'RDS API' : verdict.winner}: DNS said ${verdict.dns}, the RDS API ${verdict.api}` : 'no verdict'}`,
        },
        {
          ok: serving.length === 1 && serving[0] === NEW_WRITER.ip,
          what: `target group serves ${serving.join(', ') || 'nothing'} (want ${NEW_WRITER.ip}); all targets: ${targets.map((t) => `${t.id}:${t.port} ${t.state}`).join(', ')}`,
        },
      ],
    };
  } catch (error) {
    return {
      title: 'AWS writer-from-API drill',
      timeline,
      checks: [{ ok: false, what: 'the drill itself failed' }],
      error: String(error),
    };
  } finally {
    await lab.close();
  }
}

/** The sample SNS delivery of an Aurora failover, about this drill's cluster. */
function ledgerEvent(): unknown {
  const text = readFileSync(join(__dirname, '..', '..', 'events', 'aws-sns-cluster-failover.json'), 'utf8');
  return JSON.parse(text.replace(/orders-instance-2/g, NEW_WRITER.instance).replace(/orders/g, CLUSTER));
}
