import { createLogger, logLevelOf } from '../../shared/log';
import type { LoggerOptions } from '../../shared/log';
import { environmentLogger } from '../../shared/platform/runtime-options';

const written = (options: LoggerOptions) => {
  const lines: string[] = [];
  return { lines, options: { ...options, write: (l: string) => lines.push(l), now: () => 0 } };
};

describe('log levels', () => {
  it('writes the given level and the more severe ones only', () => {
    // Prepare
    const { lines, options } = written({ level: 'warn' });
    const log = createLogger(options);
    // Act
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    // Assess
    expect(lines.map((l) => (JSON.parse(l) as { message: string }).message)).toEqual(['w', 'e']);
  });

  it('writes debug lines only at debug, and info by default', () => {
    // Prepare
    const quiet = written({});
    const verbose = written({ level: 'debug' });
    // Act
    createLogger(quiet.options).debug('d');
    createLogger(verbose.options).debug('d', { pool: 'p' });
    // Assess
    expect(quiet.lines).toEqual([]);
    expect(verbose.lines).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","level":"debug","message":"d","pool":"p"}',
    ]);
  });

  it('puts a child logger context on every line, after the message and before the fields, redacted', () => {
    // Prepare
    const { lines, options } = written({});
    const log = createLogger(options).child({ requestId: 'r-1', token: 'hunter2' }).child({ eventId: 'e-1' });
    // Act
    log.info('plan', { binding: 'orders' });
    // Assess
    expect(lines).toEqual([
      '{"time":"1970-01-01T00:00:00.000Z","level":"info","message":"plan","requestId":"r-1","token":"[redacted]","eventId":"e-1","binding":"orders"}',
    ]);
  });

  it('reads LOG_LEVEL, in any case; unset is info; a typo is info and says so', () => {
    expect(logLevelOf(undefined)).toEqual({ ok: true, level: 'info' });
    expect(logLevelOf(' DEBUG ')).toEqual({ ok: true, level: 'debug' });
    expect(logLevelOf('error')).toEqual({ ok: true, level: 'error' });
    expect(logLevelOf('verbose')).toEqual({
      ok: false,
      level: 'info',
      problem: 'LOG_LEVEL=verbose: not one of debug, info, warn, error; logging at info',
    });
  });

  it("logs the functions' own LOG_LEVEL problem once, on stdout", () => {
    // Prepare
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // Act
      const log = environmentLogger({ LOG_LEVEL: 'loud' });
      log.debug('not written');
      // Assess
      const lines = spy.mock.calls.map(([chunk]) => JSON.parse(String(chunk)) as Record<string, unknown>);
      expect(lines.map(({ level, message, problem }) => ({ level, message, problem }))).toEqual([
        {
          level: 'warn',
          message: 'LOG_LEVEL not understood',
          problem: 'LOG_LEVEL=loud: not one of debug, info, warn, error; logging at info',
        },
      ]);
    } finally {
      spy.mockRestore();
    }
  });
});
