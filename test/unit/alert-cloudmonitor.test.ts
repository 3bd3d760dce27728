import { CLOUDMONITOR_EVENT_NAME, createCloudMonitorSink } from '../../shared/alert';
import type { AlertMessage, AlertReport, CloudMonitorRpc } from '../../shared/alert';
import { parseConfig } from '../../shared/config/load';
import type { Binding } from '../../shared/core/config-types';

const NOW_MS = Date.UTC(2024, 8, 15, 1, 30, 12, 345);

/** The `billing` binding, alerting to CloudMonitor as the given YAML flow mapping says. */
function billing(cloudMonitor: string | undefined): Binding {
  const alert = cloudMonitor === undefined ? '' : `\n    alert: { cloudMonitor: ${cloudMonitor} }`;
  const config = parseConfig(
    `bindings:
  - name: billing
    endpoint: rm-bp1billing01.mysql.rds.aliyuncs.com:3306
    pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-billing01 } }]${alert}
`,
    'test.yml',
  );
  return config.bindings[0] as Binding;
}

interface Call {
  region: string;
  action: string;
  params: Record<string, unknown>;
}

/** An RPC per region that records its calls and answers `answer()`, or throws what it returns if an Error. */
function fakeRpc(answer: () => unknown = () => ({ Code: '200', Message: 'success', RequestId: 'r-1' })) {
  const calls: Call[] = [];
  const rpcFor = (region: string): CloudMonitorRpc => ({
    call: async (action, params) => {
      calls.push({ region, action, params });
      const result = answer();
      if (result instanceof Error) throw result;
      return result;
    },
  });
  return { rpcFor, calls };
}

const report: AlertReport = {
  binding: 'billing',
  endpoint: 'rm-bp1billing01.mysql.rds.aliyuncs.com:3306',
  outcome: 'swapped',
  mode: 'apply',
  resolution: { ok: true, addresses: ['10.1.2.20'], ttlSeconds: 30, chain: [], server: '100.100.2.136' },
  pools: [],
  durationMs: 9100,
};

/** A small alert: the sink renders what it is given, so summary and report need not agree here. */
const message: AlertMessage = {
  subject: 'rds-failover-sync: billing swapped',
  summary: [
    { text: 'billing: swapped.' },
    { text: 'Pool x: swapped.', details: ['register 10.1.2.20:3306'] },
  ],
  report,
  trigger: 'schedule',
};

describe('CloudMonitor sink', () => {
  it('puts one custom event in the binding region and group: subject, summary and details as JSON', async () => {
    // Prepare
    const { rpcFor, calls } = fakeRpc();
    const sink = createCloudMonitorSink(rpcFor, { now: () => NOW_MS });
    // Act
    const deliveries = await sink(message, billing('{ region: cn-shanghai, groupId: "123456" }'));
    // Assess
    expect(deliveries).toEqual([
      { target: 'cloudmonitor custom event in cn-shanghai (group 123456)', ok: true },
    ]);
    expect(calls).toEqual([
      {
        region: 'cn-shanghai',
        action: 'PutCustomEvent',
        params: {
          EventInfo: [
            {
              EventName: 'rds-failover-sync',
              Content:
                '{"subject":"rds-failover-sync: billing swapped",' +
                '"summary":"billing: swapped.\\nPool x: swapped.\\n  register 10.1.2.20:3306",' +
                '"details":{"binding":"billing","endpoint":"rm-bp1billing01.mysql.rds.aliyuncs.com:3306",' +
                '"outcome":"swapped","mode":"apply","resolution":{"ok":true,"addresses":["10.1.2.20"],' +
                '"ttlSeconds":30,"chain":[],"server":"100.100.2.136"},"pools":[],"durationMs":9100}}',
              GroupId: '123456',
              Time: '1726363812345',
            },
          ],
        },
      },
    ]);
    expect(CLOUDMONITOR_EVENT_NAME).toBe('rds-failover-sync');
  });

  it('leaves GroupId out when the binding names no group', async () => {
    const { rpcFor, calls } = fakeRpc();
    const deliveries = await createCloudMonitorSink(rpcFor)(message, billing('{ region: cn-hangzhou }'));
    expect(deliveries).toEqual([{ target: 'cloudmonitor custom event in cn-hangzhou', ok: true }]);
    const [info] = calls[0]?.params.EventInfo as Record<string, unknown>[];
    expect(Object.keys(info ?? {}).sort()).toEqual(['Content', 'EventName', 'Time']);
  });

  it('does nothing for a binding without cloudMonitor', async () => {
    const { rpcFor, calls } = fakeRpc();
    expect(await createCloudMonitorSink(rpcFor)(message, billing(undefined))).toEqual([]);
    expect(calls).toHaveLength(0);
  });

  it('keeps Content under 64 KiB by cutting the details, never the summary', async () => {
    // Prepare: a report of about 250 KB, with characters JSON escapes
    const { rpcFor, calls } = fakeRpc();
    const big: AlertReport = {
      ...report,
      pools: [
        {
          pool: 'alicloud-nlb cn-hangzhou/sgp-billing01',
          outcome: 'swapped',
          before: [],
          after: [],
          actions: Array.from({ length: 2000 }, (_, i) => ({
            action: 'register' as const,
            targets: [`"line" ${i} ${'é'.repeat(40)}\n`],
            atMs: 0,
            durationMs: 0,
          })),
          reason: 'pool now matches the endpoint',
          durationMs: 0,
        },
      ],
    };
    // Act
    await createCloudMonitorSink(rpcFor)(
      { ...message, subject: 'big', report: big },
      billing('{ region: cn-hangzhou }'),
    );
    // Assess
    const [info] = calls[0]?.params.EventInfo as { Content: string }[];
    const content = info?.Content ?? '';
    expect(Buffer.byteLength(content)).toBeLessThan(64 * 1024);
    expect(Buffer.byteLength(content)).toBeGreaterThan(60 * 1024);
    const parsed = JSON.parse(content) as {
      subject: string;
      summary: string;
      details: string;
      truncated: string;
    };
    expect(parsed.subject).toBe('big');
    expect(parsed.summary).toBe('billing: swapped.\nPool x: swapped.\n  register 10.1.2.20:3306');
    expect(
      parsed.details.startsWith(
        '{"binding":"billing","endpoint":"rm-bp1billing01.mysql.rds.aliyuncs.com:3306"',
      ),
    ).toBe(true);
    expect(JSON.stringify(big).startsWith(parsed.details)).toBe(true);
    expect(parsed.truncated).toMatch(/^details cut to \d+ of \d+ characters$/);
  });

  it('reports an error Code thrown by the client without the URL pop-core appends', async () => {
    const error = Object.assign(
      new Error(
        'The specified group does not exist., URL: https://metrics.cn-hangzhou.aliyuncs.com/?AccessKeyId=LTAI&Signature=abc',
      ),
      { name: 'ResourceNotFoundError', code: 'ResourceNotFound', data: { RequestId: 'r-9' } },
    );
    const { rpcFor } = fakeRpc(() => error);
    const deliveries = await createCloudMonitorSink(rpcFor)(message, billing('{ region: cn-hangzhou }'));
    expect(deliveries).toEqual([
      {
        target: 'cloudmonitor custom event in cn-hangzhou',
        ok: false,
        error: 'ResourceNotFound: The specified group does not exist. (RequestId r-9)',
      },
    ]);
  });

  it.each([
    [
      'an error body without Code',
      { Message: 'denied', RequestId: 'r' },
      'PutCustomEvent answered without a Code: denied',
    ],
    ['another Code', { Code: '500', Message: 'busy' }, 'PutCustomEvent answered Code 500: busy'],
    ['nothing', undefined, 'PutCustomEvent answered without a Code'],
  ])('counts %s as a failed delivery', async (_what, answer, error) => {
    const { rpcFor } = fakeRpc(() => answer);
    const [delivery] = await createCloudMonitorSink(rpcFor)(message, billing('{ region: cn-hangzhou }'));
    expect(delivery).toEqual({ target: 'cloudmonitor custom event in cn-hangzhou', ok: false, error });
  });

  it('accepts a numeric Code 200', async () => {
    const { rpcFor } = fakeRpc(() => ({ Code: 200 }));
    const [delivery] = await createCloudMonitorSink(rpcFor)(message, billing('{ region: cn-hangzhou }'));
    expect(delivery?.ok).toBe(true);
  });
});
