import { invalidParameter, missingParameter } from './rpc-protocol';

/** A backend as the VServer group calls name it, defaults filled in. */
export interface ClbBackendSpec {
  serverId: string;
  port: number;
  weight: number;
  type: 'ecs';
  description: string;
}

/** At most this many backends in one `BackendServers` string. */
export const MAX_BACKENDS_PER_CALL = 20;
const DEFAULT_WEIGHT = 100;

/** The key CLB tells a VServer group's backends apart by. */
export function backendKey(backend: { serverId: string; port: number }): string {
  return `${backend.serverId}:${backend.port}`;
}

/**
 * Decodes a `BackendServers`-style parameter: a JSON STRING of `[{ServerId, Port, Weight, Type,
 * Description}]`. An array handed to pop-core as it is arrives flattened (`BackendServers.1.ServerId`),
 * so the parameter itself is missing; an object arrives as the text `[object Object]`.
 */
export function decodeBackendList(params: URLSearchParams, name: string): ClbBackendSpec[] {
  const text = params.get(name);
  if (text === null) throw missingParameter(name);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidParameter(name, 'it must be a JSON array');
  }
  if (!Array.isArray(parsed)) throw invalidParameter(name, 'it must be a JSON array');
  if (parsed.length === 0) throw invalidParameter(name, 'it names no backend server');
  if (parsed.length > MAX_BACKENDS_PER_CALL) {
    throw invalidParameter(
      name,
      `at most ${MAX_BACKENDS_PER_CALL} backend servers a call, got ${parsed.length}`,
    );
  }
  const specs = parsed.map((entry: unknown, index) => decodeBackend(entry, `${name}[${index}]`));
  const keys = new Set(specs.map(backendKey));
  if (keys.size !== specs.length) throw invalidParameter(name, 'a backend server is listed twice');
  return specs;
}

function decodeBackend(entry: unknown, where: string): ClbBackendSpec {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw invalidParameter(where, 'each entry must be an object');
  }
  const fields = new Map(Object.entries(entry));
  const serverId = fields.get('ServerId');
  if (typeof serverId !== 'string' || serverId === '') throw invalidParameter(where, 'ServerId is required');
  const port = integer(fields.get('Port'));
  if (port === undefined || port < 1 || port > 65535) {
    throw invalidParameter(where, 'Port must be 1 to 65535');
  }
  const weight = fields.has('Weight') ? integer(fields.get('Weight')) : DEFAULT_WEIGHT;
  if (weight === undefined || weight < 0 || weight > 100) {
    throw invalidParameter(where, 'Weight must be 0 to 100');
  }
  const type = fields.get('Type') ?? 'ecs';
  // eni and eci backends exist on CLB too; the lab models instances only.
  if (type !== 'ecs') throw invalidParameter(where, `Type ${String(type)} is not modelled, only ecs`);
  const description = fields.get('Description') ?? '';
  if (typeof description !== 'string') throw invalidParameter(where, 'Description must be a string');
  return { serverId, port, weight, type, description };
}

/** A JSON number or a string of digits, as CLB takes both for ports and weights. */
function integer(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
