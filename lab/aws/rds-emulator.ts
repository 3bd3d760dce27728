import { FaultInjector } from './faults';
import { QueryError, xmlElement, xmlText } from './query-protocol';
import type { EmulatorOptions, QueryCall, QueryService } from './types';

/** One instance of a cluster, as `createCluster` takes it. */
export interface RdsMemberSpec {
  readonly instance: string;
  /** The instance endpoint's DNS name (`Endpoint.Address`); the lab's DNS server must know it. */
  readonly address: string;
}

/** What `createCluster` needs: the first member is the writer. */
export interface RdsClusterSpec {
  readonly id: string;
  readonly members: readonly RdsMemberSpec[];
  /** The cluster endpoint (`Endpoint`). */
  readonly endpoint: string;
  readonly port?: number;
  readonly engine?: string;
}

interface Cluster {
  readonly id: string;
  readonly endpoint: string;
  readonly port: number;
  readonly engine: string;
  readonly members: readonly RdsMemberSpec[];
  /** The writer's identifier, or none while a failover is between two writers. */
  writer: string | undefined;
  /** During `failover`: how many more DescribeDBClusters answers list no writer before `to` is it. */
  pending?: { readonly to: string; describesLeft: number };
}

const XML_NAMESPACE = 'http://rds.amazonaws.com/doc/2014-10-31/';
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** The hosted zone of RDS endpoints in us-east-1, as `Endpoint.HostedZoneId` reports it. */
const HOSTED_ZONE_ID = 'Z2R2ITUGPM61AM';

/**
 * RDS `DescribeDBClusters` and `DescribeDBInstances` over the Query protocol (API version 2014-10-31),
 * for Aurora and Multi-AZ DB clusters: members with `IsClusterWriter`, instance endpoints, and the
 * not-found faults the SDK maps to `DBClusterNotFoundFault` and `DBInstanceNotFoundFault`. `failover`
 * moves the writer, through a window where no member is writer, as RDS does while it promotes one.
 */
export class RdsEmulator implements QueryService {
  readonly xmlNamespace = XML_NAMESPACE;
  readonly version = '2014-10-31';
  readonly faults: FaultInjector;
  readonly calls: QueryCall[] = [];
  readonly now: () => number;
  private readonly clusters = new Map<string, Cluster>();

  constructor(options: EmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    // RDS throttles with the Query error code `Throttling`, 400 (aws-cli #8604: "An error occurred
    // (Throttling) when calling the DescribeDBInstances operation: Rate exceeded"): the default answer.
    this.faults = options.faults ?? new FaultInjector();
  }

  /** Creates a cluster (not a wire action) whose first member is the writer; returns its ARN. */
  createCluster(spec: RdsClusterSpec): string {
    const writer = spec.members[0]?.instance;
    this.clusters.set(spec.id.toLowerCase(), {
      id: spec.id,
      endpoint: spec.endpoint,
      port: spec.port ?? 5432,
      engine: spec.engine ?? 'aurora-postgresql',
      members: spec.members,
      writer,
    });
    return clusterArn(spec.id);
  }

  /**
   * Makes `to` the writer. With `writerlessDescribes`, that many DescribeDBClusters answers first list
   * no writer at all (the old one demoted, `to` not yet promoted): counted in answers, not time, so a
   * test knows exactly which settle poll sees what.
   */
  failover(cluster: string, to: string, options: { writerlessDescribes?: number } = {}): void {
    const found = this.cluster(cluster);
    if (!found.members.some((m) => m.instance === to)) throw new Error(`${to} is not a member of ${cluster}`);
    const describesLeft = options.writerlessDescribes ?? 0;
    if (describesLeft === 0) {
      found.writer = to;
      delete found.pending;
      return;
    }
    found.writer = undefined;
    found.pending = { to, describesLeft };
  }

  /** The writer DescribeDBClusters would name now, without answering a call. */
  writerOf(cluster: string): string | undefined {
    return this.cluster(cluster).writer;
  }

  dispatch(action: string, params: URLSearchParams): string {
    switch (action) {
      case 'DescribeDBClusters':
        return this.describeClusters(params.get('DBClusterIdentifier'));
      case 'DescribeDBInstances':
        return this.describeInstances(params.get('DBInstanceIdentifier'));
      default:
        throw new QueryError(
          'InvalidAction',
          `Could not find operation ${action} for version ${this.version}`,
        );
    }
  }

  private describeClusters(identifier: string | null): string {
    const clusters = identifier === null ? [...this.clusters.values()] : [this.find(identifier)];
    for (const cluster of clusters) this.advance(cluster);
    return xmlElement('DBClusters', clusters.map(renderCluster).join(''));
  }

  private describeInstances(identifier: string | null): string {
    const all = [...this.clusters.values()].flatMap((cluster) =>
      cluster.members.map((member) => ({ cluster, member })),
    );
    const wanted =
      identifier === null ? all : all.filter((i) => i.member.instance.toLowerCase() === idOf(identifier));
    if (identifier !== null && wanted.length === 0) {
      throw new QueryError('DBInstanceNotFound', `DBInstance ${idOf(identifier)} not found.`, 404);
    }
    return xmlElement(
      'DBInstances',
      wanted.map(({ cluster, member }) => renderInstance(cluster, member)).join(''),
    );
  }

  /** A writerless answer spent; the promotion lands once none are left. */
  private advance(cluster: Cluster): void {
    if (cluster.pending === undefined) return;
    if (cluster.pending.describesLeft > 0) {
      cluster.pending.describesLeft -= 1;
      return;
    }
    cluster.writer = cluster.pending.to;
    delete cluster.pending;
  }

  /** Accepts an identifier or an ARN, case-insensitively, as RDS does. */
  private find(identifier: string): Cluster {
    const found = this.clusters.get(idOf(identifier));
    if (!found)
      throw new QueryError('DBClusterNotFoundFault', `DBCluster ${idOf(identifier)} not found.`, 404);
    return found;
  }

  private cluster(id: string): Cluster {
    const found = this.clusters.get(id.toLowerCase());
    if (!found) throw new Error(`no cluster ${id} in the lab`);
    return found;
  }
}

function renderCluster(cluster: Cluster): string {
  // `advance` ran first: an answer that spent the last writerless describe already names the writer.
  const writerless = cluster.writer === undefined;
  return xmlElement(
    'DBCluster',
    xmlText('DBClusterIdentifier', cluster.id) +
      xmlText('DBClusterArn', clusterArn(cluster.id)) +
      xmlText('Status', writerless ? 'failing-over' : 'available') +
      xmlText('Engine', cluster.engine) +
      xmlText('Endpoint', cluster.endpoint) +
      xmlText('ReaderEndpoint', cluster.endpoint.replace('.cluster-', '.cluster-ro-')) +
      xmlText('Port', cluster.port) +
      xmlText('MultiAZ', cluster.members.length > 1 ? 'true' : 'false') +
      xmlElement(
        'DBClusterMembers',
        cluster.members
          .map((member, i) =>
            xmlElement(
              'DBClusterMember',
              xmlText('DBInstanceIdentifier', member.instance) +
                xmlText('IsClusterWriter', member.instance === cluster.writer ? 'true' : 'false') +
                xmlText('DBClusterParameterGroupStatus', 'in-sync') +
                xmlText('PromotionTier', i + 1),
            ),
          )
          .join(''),
      ),
  );
}

function renderInstance(cluster: Cluster, member: RdsMemberSpec): string {
  return xmlElement(
    'DBInstance',
    xmlText('DBInstanceIdentifier', member.instance) +
      xmlText('DBInstanceArn', `arn:aws:rds:${REGION}:${ACCOUNT}:db:${member.instance}`) +
      xmlText('DBInstanceStatus', 'available') +
      xmlText('Engine', cluster.engine) +
      xmlText('DBClusterIdentifier', cluster.id) +
      xmlElement(
        'Endpoint',
        xmlText('Address', member.address) +
          xmlText('Port', cluster.port) +
          xmlText('HostedZoneId', HOSTED_ZONE_ID),
      ),
  );
}

const clusterArn = (id: string) => `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:${id}`;

/** `arn:aws:rds:...:cluster:orders` or `Orders` -> `orders`. */
function idOf(identifier: string): string {
  return identifier.slice(identifier.lastIndexOf(':') + 1).toLowerCase();
}
