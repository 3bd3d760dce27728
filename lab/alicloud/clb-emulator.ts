import { backendKey, decodeBackendList, type ClbBackendSpec } from './clb-backends';
import {
  ClbHealthStatus,
  type ClbBackendServerRow,
  type ClbHealthRow,
  type ClbInstanceHealth,
} from './clb-types';
import { FaultInjector } from './faults';
import { parseInteger } from './rpc-params';
import { invalidParameter, missingParameter, RpcError } from './rpc-protocol';
import type { EmulatorOptions, RpcCall, RpcService } from './types';

/** What `createLoadBalancer` needs. */
export interface ClbLoadBalancerSpec {
  /** Defaults to `lb-lab0001`, `lb-lab0002`, ... */
  id?: string;
  /** Defaults to `cn-hangzhou`; calls with another `RegionId` do not see the load balancer. */
  regionId?: string;
  /** How long a freshly added backend reads `unavailable` before its instance's health; default 0. */
  healthyAfterMs?: number;
}

/** What `createVServerGroup` needs. */
export interface ClbVServerGroupSpec {
  /** Defaults to `rsp-lab0001`, `rsp-lab0002`, ... */
  id?: string;
  /** Defaults to the id. */
  name?: string;
  /** The port of the one listener forwarding to the group; without it DescribeHealthStatus skips the group. */
  listenerPort?: number;
}

/** A backend as `backends()` reports it. */
export interface ClbBackendView {
  serverId: string;
  port: number;
  weight: number;
  serverIp: string;
  health: ClbHealthStatus;
}

interface LoadBalancer {
  id: string;
  regionId: string;
  healthyAfterMs: number;
  groupIds: string[];
}

interface BackendRecord extends ClbBackendSpec {
  addedAt: number;
}

interface VServerGroup {
  id: string;
  name: string;
  loadBalancerId: string;
  listenerPort?: number;
  /** Keyed by `serverId:port`, in the order they were added. */
  backends: Map<string, BackendRecord>;
}

interface Instance {
  ip: string;
  health: ClbInstanceHealth;
}

const DEFAULT_REGION = 'cn-hangzhou';
const ACTIONS = new Set([
  'DescribeVServerGroupAttribute',
  'AddVServerGroupBackendServers',
  'RemoveVServerGroupBackendServers',
  'ModifyVServerGroupBackendServers',
  'DescribeHealthStatus',
]);

/**
 * A stateful Classic Load Balancer (SLB API 2014-05-15) emulator for VServer groups of ECS
 * backends, the relays in front of a database; health moves on the injected clock.
 */
export class ClbEmulator implements RpcService {
  readonly apiVersion = '2014-05-15';
  readonly product = 'Slb';
  readonly actions: ReadonlySet<string> = ACTIONS;
  readonly faults: FaultInjector;
  readonly calls: RpcCall[] = [];
  readonly now: () => number;
  private readonly loadBalancers = new Map<string, LoadBalancer>();
  private readonly groups = new Map<string, VServerGroup>();
  private readonly instances = new Map<string, Instance>();

  constructor(options: EmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? new FaultInjector();
  }

  /** Creates a load balancer (not a wire action) and returns its id. */
  createLoadBalancer(spec: ClbLoadBalancerSpec = {}): string {
    const id = spec.id ?? `lb-lab${String(this.loadBalancers.size + 1).padStart(4, '0')}`;
    if (this.loadBalancers.has(id)) throw new Error(`load balancer ${id} already exists`);
    this.loadBalancers.set(id, {
      id,
      regionId: spec.regionId ?? DEFAULT_REGION,
      healthyAfterMs: spec.healthyAfterMs ?? 0,
      groupIds: [],
    });
    return id;
  }

  /** Creates a VServer group on a load balancer (not a wire action) and returns its id. */
  createVServerGroup(loadBalancerId: string, spec: ClbVServerGroupSpec = {}): string {
    const loadBalancer = this.loadBalancers.get(loadBalancerId);
    if (loadBalancer === undefined) throw new Error(`load balancer ${loadBalancerId} does not exist`);
    const id = spec.id ?? `rsp-lab${String(this.groups.size + 1).padStart(4, '0')}`;
    if (this.groups.has(id)) throw new Error(`VServer group ${id} already exists`);
    this.groups.set(id, {
      id,
      name: spec.name ?? id,
      loadBalancerId,
      listenerPort: spec.listenerPort,
      backends: new Map(),
    });
    loadBalancer.groupIds.push(id);
    return id;
  }

  /** Registers an ECS instance with its private IP; only registered instances can be backends. */
  createInstance(id: string, ip: string): void {
    this.instances.set(id, { ip, health: ClbHealthStatus.Normal });
  }

  /** What the instance's health checks say from now on (`normal` until told otherwise). */
  setInstanceHealth(instanceId: string, health: ClbInstanceHealth): void {
    this.instance(instanceId).health = health;
  }

  /** Puts a backend in a group directly, past its `unavailable` period. */
  seedBackend(groupId: string, backend: { serverId: string; port: number; weight?: number }): void {
    this.instance(backend.serverId);
    const spec = { ...backend, weight: backend.weight ?? 100, type: 'ecs' as const, description: '' };
    this.vServerGroup(groupId).backends.set(backendKey(spec), { ...spec, addedAt: Number.NEGATIVE_INFINITY });
  }

  /** The group's backends and their health now, in the order they were added. */
  backends(groupId: string): ClbBackendView[] {
    const group = this.vServerGroup(groupId);
    return [...group.backends.values()].map((backend) => ({
      serverId: backend.serverId,
      port: backend.port,
      weight: backend.weight,
      serverIp: this.instance(backend.serverId).ip,
      health: this.health(group, backend),
    }));
  }

  dispatch(action: string, params: URLSearchParams): object {
    switch (action) {
      case 'DescribeVServerGroupAttribute':
        return this.describeGroup(this.groupFrom(params));
      case 'AddVServerGroupBackendServers':
        return this.addBackends(params);
      case 'RemoveVServerGroupBackendServers':
        return this.removeBackends(params);
      case 'ModifyVServerGroupBackendServers':
        return this.modifyBackends(params);
      case 'DescribeHealthStatus':
        return this.describeHealth(params);
      default:
        throw new RpcError('InvalidAction.NotFound', `Specified api ${action} is not found.`, 404);
    }
  }

  private describeGroup(group: VServerGroup): object {
    return {
      VServerGroupId: group.id,
      VServerGroupName: group.name,
      LoadBalancerId: group.loadBalancerId,
      BackendServers: { BackendServer: this.rows(group) },
    };
  }

  /** Unverified: adding a backend already in the group is assumed to update its weight, not restart its checks. */
  private addBackends(params: URLSearchParams): object {
    const group = this.groupFrom(params);
    const specs = decodeBackendList(params, 'BackendServers');
    this.assertInstances(specs);
    for (const spec of specs) {
      const existing = group.backends.get(backendKey(spec));
      group.backends.set(backendKey(spec), { ...spec, addedAt: existing?.addedAt ?? this.now() });
    }
    return this.changed(group);
  }

  /** Unverified: removing a backend that is not in the group is assumed to fail, changing nothing. */
  private removeBackends(params: URLSearchParams): object {
    const group = this.groupFrom(params);
    const specs = decodeBackendList(params, 'BackendServers');
    this.assertMembers(group, specs, 'BackendServers');
    for (const spec of specs) group.backends.delete(backendKey(spec));
    return this.changed(group);
  }

  /**
   * Checks both lists whole before changing anything, so a refused call leaves the group as it was: the
   * lab's reading of "replaces in one call" (atomicity is not documented).
   */
  private modifyBackends(params: URLSearchParams): object {
    const group = this.groupFrom(params);
    const olds = decodeBackendList(params, 'OldBackendServers');
    const news = decodeBackendList(params, 'NewBackendServers');
    if (olds.length !== news.length) {
      throw invalidParameter(
        'NewBackendServers',
        `it must list as many backend servers as OldBackendServers (${olds.length}), got ${news.length}`,
      );
    }
    this.assertMembers(group, olds, 'OldBackendServers');
    this.assertInstances(news);
    const oldKeys = new Set(olds.map(backendKey));
    const clash = news.find((spec) => group.backends.has(backendKey(spec)) && !oldKeys.has(backendKey(spec)));
    if (clash !== undefined) {
      throw invalidParameter('NewBackendServers', `${backendKey(clash)} is already in ${group.id}`);
    }
    const addedAt = new Map(
      olds.map((spec) => [backendKey(spec), group.backends.get(backendKey(spec))?.addedAt]),
    );
    for (const spec of olds) group.backends.delete(backendKey(spec));
    for (const spec of news) {
      group.backends.set(backendKey(spec), { ...spec, addedAt: addedAt.get(backendKey(spec)) ?? this.now() });
    }
    return this.changed(group);
  }

  private describeHealth(params: URLSearchParams): object {
    const regionId = requireParam(params, 'RegionId');
    const loadBalancerId = requireParam(params, 'LoadBalancerId');
    const loadBalancer = this.loadBalancers.get(loadBalancerId);
    if (loadBalancer === undefined || loadBalancer.regionId !== regionId) {
      throw new RpcError(
        'InvalidLoadBalancerId.NotFound',
        'The specified LoadBalancerId does not exist.',
        404,
      );
    }
    const listenerPort = parseInteger(params.get('ListenerPort'));
    if (Number.isNaN(listenerPort)) throw invalidParameter('ListenerPort');
    const rows = loadBalancer.groupIds.flatMap((groupId): ClbHealthRow[] => {
      const group = this.vServerGroup(groupId);
      const port = group.listenerPort;
      if (port === undefined || (listenerPort !== undefined && listenerPort !== port)) return [];
      return [...group.backends.values()].map((backend) => ({
        ListenerPort: port,
        Port: backend.port,
        Protocol: 'tcp',
        ServerHealthStatus: this.health(group, backend),
        ServerId: backend.serverId,
        ServerIp: this.instance(backend.serverId).ip,
      }));
    });
    return { BackendServers: { BackendServer: rows } };
  }

  private changed(group: VServerGroup): object {
    return { VServerGroupId: group.id, BackendServers: { BackendServer: this.rows(group) } };
  }

  private rows(group: VServerGroup): ClbBackendServerRow[] {
    return [...group.backends.values()].map((backend) => ({
      ServerId: backend.serverId,
      Port: backend.port,
      Weight: backend.weight,
      Type: backend.type,
      Description: backend.description,
      ServerIp: this.instance(backend.serverId).ip,
    }));
  }

  private health(group: VServerGroup, backend: BackendRecord): ClbHealthStatus {
    const loadBalancer = this.loadBalancers.get(group.loadBalancerId);
    const healthyAfterMs = loadBalancer?.healthyAfterMs ?? 0;
    if (this.now() - backend.addedAt < healthyAfterMs) return ClbHealthStatus.Unavailable;
    return this.instance(backend.serverId).health;
  }

  private assertInstances(specs: ClbBackendSpec[]): void {
    const unknown = specs.filter((spec) => !this.instances.has(spec.serverId)).map((spec) => spec.serverId);
    if (unknown.length > 0) {
      throw new RpcError(
        'InvalidBackendServers.ServerIdNoExist',
        `The specified backend servers do not exist: ${unknown.join(', ')}.`,
      );
    }
  }

  private assertMembers(group: VServerGroup, specs: ClbBackendSpec[], name: string): void {
    const absent = specs.find((spec) => !group.backends.has(backendKey(spec)));
    if (absent !== undefined) {
      throw invalidParameter(name, `${backendKey(absent)} is not a backend server of ${group.id}`);
    }
  }

  /** The group a call names, as seen from its `RegionId`: another region's group does not exist. */
  private groupFrom(params: URLSearchParams): VServerGroup {
    const regionId = requireParam(params, 'RegionId');
    const group = this.groups.get(requireParam(params, 'VServerGroupId'));
    const loadBalancer = group && this.loadBalancers.get(group.loadBalancerId);
    if (group === undefined || loadBalancer?.regionId !== regionId) {
      throw new RpcError('InvalidParameter', 'The specified VServerGroupId does not exist.');
    }
    return group;
  }

  private vServerGroup(id: string): VServerGroup {
    const group = this.groups.get(id);
    if (group === undefined) throw new Error(`VServer group ${id} does not exist`);
    return group;
  }

  private instance(id: string): Instance {
    const instance = this.instances.get(id);
    if (instance === undefined) throw new Error(`instance ${id} does not exist; call createInstance first`);
    return instance;
  }
}

function requireParam(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') throw missingParameter(name);
  return value;
}
