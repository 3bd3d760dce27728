/** A bindings file that cannot be used. `problems` holds one line per problem, each naming where. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${problems.length} problem(s)\n  - ${problems.join('\n  - ')}`, options);
  }
}
