/**
 * Decodes a repeat list of structures, `Name.N.Field=value` (how pop-core flattens an array of
 * objects), into objects ordered by N. Returns undefined when no `Name.N.*` key was sent.
 *
 * pop-core capitalises top-level keys only: `[{ serverId }]` arrives as `Servers.1.serverId`, and the
 * field is then simply not `ServerId`.
 */
export function decodeRepeatList(
  params: URLSearchParams,
  name: string,
): Record<string, string>[] | undefined {
  const byIndex = new Map<number, Record<string, string>>();
  for (const [key, value] of params) {
    const match = /^(\d+)\.(.+)$/.exec(key.startsWith(`${name}.`) ? key.slice(name.length + 1) : '');
    if (match === null) continue;
    const index = Number(match[1]);
    const member = byIndex.get(index) ?? {};
    member[match[2] ?? ''] = value;
    byIndex.set(index, member);
  }
  if (byIndex.size === 0) return undefined;
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, member]) => member);
}

/** Decodes a repeat list of values, `Name.N=value`, ordered by N; empty when none was sent. */
export function decodeValueList(params: URLSearchParams, name: string): string[] {
  const byIndex: [number, string][] = [];
  for (const [key, value] of params) {
    const match = /^(\d+)$/.exec(key.startsWith(`${name}.`) ? key.slice(name.length + 1) : '');
    if (match !== null) byIndex.push([Number(match[1]), value]);
  }
  return byIndex.sort(([a], [b]) => a - b).map(([, value]) => value);
}

/** A parameter read as an integer: undefined when absent, NaN when it is not a whole decimal number. */
export function parseInteger(text: string | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
}
