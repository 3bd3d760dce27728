import { isIPv4, isIPv6 } from 'node:net';
import { capText } from '../core/text';

// RFC 1035 2.3.4: a name is at most 253 characters as written (255 octets on the wire), a label at most 63.
const HOST_NAME_MAX = 253;
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const PORT = /^\d{1,5}$/;
/** What a value is echoed as in a message at most: enough to recognise it, never a screenful. */
const ECHO_MAX = 40;

/**
 * Why `server` cannot be handed to `Resolver.setServers`, or undefined when it can. Node checks the
 * address but not the port: `10.0.0.2:0` passes `setServers` and then aborts the process natively in
 * c-ares on the first query (`Assertion failed ... cares_wrap.cc`), with no report and no alert, so the
 * port is checked here, where a person reads the answer.
 */
export function dnsServerProblem(server: string): string | undefined {
  const usage =
    'must be an IPv4 or IPv6 address, optionally with a port: 10.0.0.2, 10.0.0.2:53, fd00::2 or [fd00::2]:53';
  if (isIPv4(server) || isIPv6(server)) return undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(server);
  if (bracketed) {
    if (!isIPv6(bracketed[1] ?? '')) return `${usage}; found ${echo(server)}`;
    return bracketed[2] === undefined ? undefined : portProblem(bracketed[2]);
  }
  const separator = server.lastIndexOf(':');
  if (separator < 0 || !isIPv4(server.slice(0, separator))) return `${usage}; found ${echo(server)}`;
  return portProblem(server.slice(separator + 1));
}

/**
 * Why `endpoint` is not a usable `host:port` for a database, or undefined. A reader endpoint is refused:
 * it answers each query with another reader, so a pool bound to it would flip between readers on every
 * run and never hold the writer (reference/aws.md, "Endpoint DNS").
 */
export function endpointProblem(endpoint: string): string | undefined {
  const separator = endpoint.lastIndexOf(':');
  if (separator < 0)
    return `must be host:port, such as orders.cluster-abc123.us-east-1.rds.amazonaws.com:5432; found ${echo(endpoint)}`;
  const host = endpoint.slice(0, separator);
  return hostNameProblem(host) ?? readerProblem(host) ?? portProblem(endpoint.slice(separator + 1));
}

function hostNameProblem(host: string): string | undefined {
  if (host === '') return 'the host name is empty';
  if (host.length > HOST_NAME_MAX)
    return `the host name is ${host.length} characters long; a DNS name has at most ${HOST_NAME_MAX}`;
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  const bad = name.split('.').find((label) => !LABEL.test(label));
  if (bad === undefined) return undefined;
  if (bad === '') return `the host name ${echo(host)} has an empty label`;
  if (bad.length > 63) return `the host name has a label of ${bad.length} characters; a label has at most 63`;
  return `the host name label ${echo(bad)} must be letters, digits and inner dashes`;
}

function readerProblem(host: string): string | undefined {
  const labels = host.toLowerCase().split('.');
  if (labels.some((label) => label.startsWith('cluster-ro-')))
    return 'is an Aurora reader endpoint (cluster-ro-): each query answers with another reader, so the pool would flap between readers and never hold the writer; bind the cluster (writer) endpoint';
  if (labels.some((label) => label.includes('-ro-') || label.endsWith('-ro')))
    return 'looks like a read-only endpoint (-ro-): a reader endpoint answers with another reader on each query, so the pool would flap; bind the writer endpoint';
  return undefined;
}

function portProblem(port: string): string | undefined {
  if (!PORT.test(port)) return `the port must be a number from 1 to 65535; found ${echo(port)}`;
  const value = Number(port);
  return value >= 1 && value <= 65535 ? undefined : `the port must be from 1 to 65535; found ${value}`;
}

/** A value quoted for a message, cut short: it may be a 100,000-character mistake. */
export function echo(value: string): string {
  return `'${capText(value, ECHO_MAX + 3)}'`;
}
