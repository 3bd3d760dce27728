import { createLogger, redact } from '../../shared/log';

describe('logger', () => {
  it('writes one JSON line per record with time, level, message and fields', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l), now: () => Date.UTC(2026, 10, 21, 12, 0, 0) });
    log.warn('plan', { binding: 'orders', pool: 'p', before: [] });
    expect(lines).toEqual([
      '{"time":"2026-11-21T12:00:00.000Z","level":"warn","message":"plan","binding":"orders","pool":"p","before":[]}',
    ]);
  });

  it('never writes the value of a secret-looking key, at any depth (invariant 8)', () => {
    const lines: string[] = [];
    createLogger({ write: (l) => lines.push(l) }).info('credentials', {
      accessKeyId: 'AKIDEXAMPLE',
      nested: [{ secretAccessKey: 'wJalrXUtnFEMI', sessionToken: 'FwoGZXIvYXdzE', password: 'hunter2' }],
      Authorization: 'AWS4-HMAC-SHA256 Credential=...',
    });
    expect(lines[0]).not.toMatch(/AKIDEXAMPLE|wJalrXUtnFEMI|FwoGZXIvYXdzE|hunter2|Credential=/);
    expect(redact({ a: { token: 'x', b: 1 } })).toEqual({ a: { token: '[redacted]', b: 1 } });
  });
});

describe('logger limits', () => {
  const lineOf = (fields: Record<string, unknown>): Record<string, unknown> => {
    const lines: string[] = [];
    createLogger({ write: (l) => lines.push(l), now: () => 0 }).info('event', fields);
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0] as string) as Record<string, unknown>;
  };

  it('writes an event nested 3,000 levels deep, cut at the depth limit, without overflowing', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 3000; i += 1) deep = { d: deep };
    const record = lineOf({ event: deep });
    let level = record.event as Record<string, unknown>;
    let depth = 1;
    while (typeof level.d === 'object') {
      level = level.d as Record<string, unknown>;
      depth += 1;
    }
    expect({ depth, last: level.d }).toEqual({ depth: 15, last: '[nested too deep]' });
  });

  it('replaces lone surrogates, caps long strings and lists, and cuts cycles', () => {
    const cycle: Record<string, unknown> = { name: 'a' };
    cycle.self = cycle;
    const record = lineOf({
      id: 'ab\ud800cd',
      long: 'x'.repeat(10_000),
      list: Array.from({ length: 150 }, (_, i) => i),
      cycle,
    });
    expect(record.id).toBe('ab\ufffdcd');
    expect(record.long).toBe(`${'x'.repeat(4093)}...`);
    expect((record.list as unknown[]).slice(98)).toEqual([98, 99, '[50 more]']);
    expect(record.cycle).toEqual({ name: 'a', self: '[circular]' });
  });

  it('scrubs secrets from every string it writes', () => {
    const record = lineOf({ error: 'server string to sign is:POST&%2F&SecurityToken%3DCAISabc' });
    expect(record.error).toBe('server string to sign is:[redacted]');
  });
});
