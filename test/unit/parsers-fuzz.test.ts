import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ConfigError, parseConfig } from '../../shared/config';
import { EventParseError } from '../../shared/events/errors';
import { parseAlicloudTrigger } from '../../shared/events/parse-alicloud';
import { parseAwsTrigger } from '../../shared/events/parse-aws';
import type { Trigger } from '../../shared/events/types';
import { createLogger } from '../../shared/log/logger';

// Each property feeds a parser malformed and mutated input and accepts two results only: a valid
// trigger (or config) whose every text is well-formed and capped, or the parser's typed error.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const EVENTS = join(__dirname, '..', '..', 'events');
const sample = (name: string): unknown => JSON.parse(readFileSync(join(EVENTS, name), 'utf8')) as unknown;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const TRIGGER_KINDS = ['rds-event', 'schedule', 'manual', 'ignored'];

/** A value nested `depth` levels deep, objects and lists alternating. */
const nested = (depth: number): unknown => {
  let value: unknown = 'rm-deep';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? { d: value } : [value];
  return value;
};

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\ud800', '\udfff', 'rm-a\ud800b', 'RDS-EVENT-0071\udc00', 'x'.repeat(300_000)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  hostileString,
  fc.integer({ min: 1000, max: 4000 }).map(nested),
  fc.constantFrom(null, undefined, [], {}, 0, -1, 1e300, Number.NaN, true),
);

/** Every path to a value in `value`, as keys. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, inner]) => pathsOf(inner, [...prefix, key]))];
}

/** `sample` with the value at one of its paths replaced, or deleted, or the whole wrapped in a list. */
function mutated(base: unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(base);
  return fc
    .tuple(fc.nat(paths.length - 1), fc.constantFrom('replace', 'delete', 'batch'), hostileValue)
    .map(([index, how, replacement]) => {
      const copy = structuredClone(base);
      const path = paths[index] ?? [];
      if (how === 'batch') return [copy, replacement];
      if (path.length === 0) return how === 'delete' ? {} : replacement;
      const parent = path
        .slice(0, -1)
        .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], copy);
      const key = path[path.length - 1] as string;
      if (how === 'delete') Reflect.deleteProperty(parent as object, key);
      else (parent as Record<string, unknown>)[key] = replacement;
      return copy;
    });
}

/** Every string in a trigger: well-formed and short. */
function checkTrigger(trigger: Trigger): void {
  expect(TRIGGER_KINDS).toContain(trigger.kind);
  const texts: string[] = [];
  JSON.stringify(trigger, (_key, value: unknown) => {
    if (typeof value === 'string') texts.push(value);
    return value;
  });
  for (const text of texts) {
    expect(LONE_SURROGATE.test(text)).toBe(false);
    expect(text.length).toBeLessThanOrEqual(1000);
  }
  if (trigger.kind === 'rds-event') expect(trigger.events.length).toBeGreaterThan(0);
}

/** The parser answers a valid trigger or throws `EventParseError` with a short, well-formed message. */
function parsesOrRefuses(parse: (input: unknown) => Trigger, input: unknown): void {
  let trigger: Trigger;
  try {
    trigger = parse(input);
  } catch (error) {
    expect(error).toBeInstanceOf(EventParseError);
    const { message } = error as EventParseError;
    expect(LONE_SURROGATE.test(message)).toBe(false);
    expect(message.length).toBeLessThanOrEqual(4000);
    return;
  }
  checkTrigger(trigger);
  // And the handler's log of the payload survives it.
  const lines: string[] = [];
  createLogger({ write: (line) => lines.push(line) }).error('event', { event: input });
  expect(lines[0]?.length).toBeLessThanOrEqual(64 * 1024);
}

const property = (input: fc.Arbitrary<unknown>, parse: (input: unknown) => Trigger) =>
  fc.assert(
    fc.property(input, (value) => parsesOrRefuses(parse, value)),
    { numRuns: RUNS },
  );

describe(`fuzzed parsers (${RUNS} inputs each)`, () => {
  it('AWS SNS deliveries', () => {
    property(
      fc.oneof(
        mutated(sample('aws-sns-cluster-failover.json')),
        mutated(sample('aws-sns-instance-failover.json')),
        mutated(sample('aws-sns-subscription-notice.json')),
      ),
      parseAwsTrigger,
    );
  });

  it('AWS EventBridge RDS events', () => {
    property(
      fc.oneof(
        mutated(sample('aws-eventbridge-cluster-failover.json')),
        mutated(sample('aws-eventbridge-instance-failover.json')),
        mutated(sample('aws-eventbridge-no-event-id.json')),
        mutated(sample('aws-eventbridge-blue-green-switchover.json')),
      ),
      parseAwsTrigger,
    );
  });

  it('AWS schedule ticks', () => {
    property(mutated(sample('aws-schedule.json')), parseAwsTrigger);
  });

  it('manual invokes, on both clouds', () => {
    const input = fc.oneof(mutated(sample('manual-dry-run.json')), mutated(sample('manual-apply-all.json')));
    property(input, parseAwsTrigger);
    property(input, parseAlicloudTrigger);
  });

  it('Alibaba EventBridge CloudEvents, alone and in batches', () => {
    const event = sample('alicloud-eventbridge-ha-switch.json');
    property(
      fc.oneof(
        mutated(event),
        mutated([event, event]),
        fc.array(hostileValue, { maxLength: 5 }).map((rest) => [event, ...rest]),
      ),
      parseAlicloudTrigger,
    );
  });

  it('Alibaba CloudMonitor events and timer ticks', () => {
    property(
      fc.oneof(
        mutated(sample('alicloud-cloudmonitor-failover.json')),
        mutated(sample('alicloud-cloudmonitor-maintenance-executing.json')),
        mutated(sample('alicloud-cloudmonitor-unknown-event.json')),
        mutated(sample('alicloud-timer.json')),
      ),
      parseAlicloudTrigger,
    );
  });

  it('Function Compute Buffer payloads: random bytes, and mutated events as text', () => {
    const samples = [
      'alicloud-eventbridge-ha-switch.json',
      'alicloud-cloudmonitor-failover.json',
      'alicloud-timer.json',
    ];
    property(
      fc.oneof(
        fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
        fc
          .constantFrom(...samples)
          .chain((name) => mutated(sample(name)))
          .map((value) => Buffer.from(JSON.stringify(value) ?? '')),
        fc.tuple(fc.constantFrom(...samples), fc.nat(), fc.nat(255)).map(([name, at, byte]) => {
          const bytes = readFileSync(join(EVENTS, name));
          bytes[at % bytes.length] = byte;
          return bytes;
        }),
      ),
      parseAlicloudTrigger,
    );
  });
});

describe(`fuzzed bindings files (${RUNS} inputs)`, () => {
  const example = readFileSync(join(__dirname, '..', '..', 'bindings.example.yml'), 'utf8');
  const env = { DINGTALK_WEBHOOK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=x' };

  it('load or fail with ConfigError only, in short well-formed lines', () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 500 }),
      fc
        .tuple(fc.nat(example.length), fc.nat(example.length), hostileString)
        .map(
          ([from, to, insert]) =>
            example.slice(0, Math.min(from, to)) + insert + example.slice(Math.max(from, to)),
        ),
      fc
        .tuple(fc.nat(example.length), fc.integer({ min: 0, max: 0x10ffff }))
        .map(([at, code]) => example.slice(0, at) + String.fromCodePoint(code) + example.slice(at + 1)),
    );
    fc.assert(
      fc.property(text, (input) => {
        try {
          parseConfig(input, 'bindings.yml', { env });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          for (const problem of (error as ConfigError).problems) {
            expect(LONE_SURROGATE.test(problem)).toBe(false);
            expect(problem.length).toBeLessThanOrEqual(600);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
