import type { Command } from './usage';

/** The command line cannot be understood: the CLI prints the message and the command's usage, exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    /** The command whose usage to print; the general usage when unset. */
    readonly command?: Command,
  ) {
    super(message);
  }
}

/**
 * An Alibaba Cloud binding was selected, and no credentials were found where Alibaba's own tools look
 * for them. Exits 2: nothing was called.
 */
export class AlicloudCredentialsMissingError extends Error {
  override readonly name = 'AlicloudCredentialsMissingError';
}

/** `apply` was asked to change pools without `--yes` and without a terminal to confirm on. */
export class ConfirmationImpossibleError extends Error {
  override readonly name = 'ConfirmationImpossibleError';
}
