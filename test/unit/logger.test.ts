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
