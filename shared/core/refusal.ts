/** Why a binding was refused. Every refusal is reported and alerted; none changes the pool. */
export const RefusalReason = {
  ResolutionFailed: 'resolution-failed',
  OutsideAllowedCidrs: 'outside-allowed-cidrs',
  TooManyAddresses: 'too-many-addresses',
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

export interface Refusal {
  readonly reason: RefusalReason;
  readonly detail: string;
}
