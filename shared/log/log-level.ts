/** The levels a logger writes at, least severe first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What `logLevelOf` makes of the `LOG_LEVEL` variable. */
export type LogLevelSetting =
  | { readonly ok: true; readonly level: LogLevel }
  | { readonly ok: false; readonly level: LogLevel; readonly problem: string };

/**
 * The `LOG_LEVEL` variable as a level: unset or empty is `info`. Anything else that is not a level is
 * also `info`, with a problem to log once: a typo in a variable must not cost the logs of a failover,
 * nor fail the function that must handle it.
 */
export function logLevelOf(text: string | undefined): LogLevelSetting {
  const wanted = (text ?? '').trim().toLowerCase();
  if (wanted === '') return { ok: true, level: 'info' };
  const level = LOG_LEVELS.find((l) => l === wanted);
  if (level) return { ok: true, level };
  return {
    ok: false,
    level: 'info',
    problem: `LOG_LEVEL=${text}: not one of ${LOG_LEVELS.join(', ')}; logging at info`,
  };
}
