import { isIP } from 'node:net';
import { jobStatus, type NlbJob } from './nlb-jobs';
import { NlbJobStatus, NlbServerStatus } from './nlb-types';
import { decodeRepeatList, parseInteger } from './rpc-params';
import { RpcError } from './rpc-protocol';

/** A server of an Ip server group and the jobs that decide its status. */
export interface NlbServerRecord {
  ip: string;
  port: number;
  weight: number;
  description: string;
  zoneId?: string;
  /** Set by `seedServer`: the status holds until a job changes the server. */
  pinned?: NlbServerStatus;
  addJob?: NlbJob;
  removeJob?: NlbJob;
}

/** A server as AddServersToServerGroup or RemoveServersFromServerGroup names it. */
export interface NlbServerSpec {
  ip: string;
  port: number;
  weight: number;
  description: string;
}

/** At most this many servers a call (the API reference; one older source says 40). */
export const MAX_SERVERS_PER_CALL = 200;
const DEFAULT_WEIGHT = 100;
/** The reference: 2 to 256 letters, digits, `, . ; / @ _ -`. No spaces, no colons. */
const DESCRIPTION = /^[\p{L}\p{N},.;/@_-]{2,256}$/u;

/** The key NLB tells servers of an Ip group apart by. */
export function serverKey(server: { ip: string; port: number }): string {
  return `${server.ip}:${server.port}`;
}

/**
 * The server's status at `nowMs`, or undefined once it has left the group: removed by a job that
 * succeeded, or added by a job that failed. A failed remove leaves the server as it was.
 */
export function serverStatus(record: NlbServerRecord, nowMs: number): NlbServerStatus | undefined {
  const removal = record.removeJob && jobStatus(record.removeJob, nowMs);
  if (removal === NlbJobStatus.Processing) return NlbServerStatus.Removing;
  if (removal === NlbJobStatus.Succeeded) return undefined;
  const addition = record.addJob && jobStatus(record.addJob, nowMs);
  if (addition === NlbJobStatus.Processing) return NlbServerStatus.Adding;
  if (addition === NlbJobStatus.Failed) return undefined;
  return record.pinned ?? NlbServerStatus.Available;
}

/**
 * Decodes and checks `Servers.N.{ServerId,ServerType,ServerIp,Port,Weight,Description}` for an Ip
 * server group. Stricter than the reference in one place: `Port` is required, where NLB would default
 * it to 0 (multi-port forwarding), which an Ip group in front of a database never wants.
 */
export function decodeServers(params: URLSearchParams): NlbServerSpec[] {
  const members = decodeRepeatList(params, 'Servers');
  if (members === undefined) throw missingParam('Servers');
  if (members.length > MAX_SERVERS_PER_CALL) {
    throw illegalParam('Servers', `at most ${MAX_SERVERS_PER_CALL} servers a call, got ${members.length}`);
  }
  const specs = members.map(decodeServer);
  const keys = new Set<string>();
  for (const spec of specs) {
    if (keys.has(serverKey(spec))) {
      throw new RpcError('DuplicatedParam.Server', 'The param of Server is duplicated.');
    }
    keys.add(serverKey(spec));
  }
  return specs;
}

function decodeServer(member: Record<string, string>): NlbServerSpec {
  const { ServerId: id, ServerType: type, ServerIp: ip, Description: description } = member;
  if (id === undefined || id === '') throw missingParam('ServerId');
  if (type === undefined || type === '') throw missingParam('ServerType');
  if (type !== 'Ip') {
    throw new RpcError('Mismatch.ServerType', `The ServerType is mismatched for ${type} and Ip.`);
  }
  if (isIP(id) === 0) throw illegalParam('ServerId', `an Ip server group takes IP addresses, got ${id}`);
  if (ip !== undefined && ip !== id) {
    throw illegalParam('ServerId', `ServerId ${id} must equal ServerIp ${ip} in an Ip server group`);
  }
  const port = parseInteger(member['Port']);
  if (port === undefined) throw missingParam('Port');
  if (!(port >= 1 && port <= 65535)) throw illegalParam('Port', `must be 1 to 65535, got ${member['Port']}`);
  const weight = parseInteger(member['Weight']) ?? DEFAULT_WEIGHT;
  if (!(weight >= 0 && weight <= 100))
    throw illegalParam('Weight', `must be 0 to 100, got ${member['Weight']}`);
  if (description !== undefined && !DESCRIPTION.test(description)) {
    throw new RpcError('IllegalParam.description', 'The parameter description of server is illegal.');
  }
  return { ip: id, port, weight, description: description ?? '' };
}

/** NLB's `MissingParam.<Name>`. */
export function missingParam(name: string): RpcError {
  return new RpcError(`MissingParam.${name}`, `The parameter of ${name} is missing.`);
}

/** NLB's `IllegalParam.<Name>`, with what was wrong. */
export function illegalParam(name: string, detail: string): RpcError {
  return new RpcError(`IllegalParam.${name}`, `The param of ${name} is illegal: ${detail}.`);
}
