/** One entry of `DBCluster.DBClusterMembers`, as far as the writer goes. */
export interface ClusterMember {
  readonly instance: string;
  readonly isWriter: boolean;
}

/** What a cluster's member list says about its writer. */
export type WriterPick =
  | { readonly kind: 'writer'; readonly instance: string }
  /** Mid-failover: the old writer is demoted before the new one is promoted. Ask again. */
  | { readonly kind: 'no-writer' }
  /** Never documented; if the API ever shows it, nobody can tell which one takes writes. Ask again. */
  | { readonly kind: 'several-writers'; readonly instances: readonly string[] };

/**
 * The member with `IsClusterWriter: true`, when there is exactly one. RDS identifiers are
 * case-insensitive and stored lower case; the member's spelling is kept as the API gave it.
 */
export function pickWriter(members: readonly ClusterMember[]): WriterPick {
  const writers = [...new Set(members.filter((m) => m.isWriter).map((m) => m.instance))];
  if (writers.length === 0) return { kind: 'no-writer' };
  if (writers.length > 1) return { kind: 'several-writers', instances: [...writers].sort() };
  return { kind: 'writer', instance: writers[0] as string };
}
