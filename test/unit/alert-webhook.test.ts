import { alertMessageOf, createWebhookSink } from '../../shared/alert';
import type { AlertMessage, AlertReport } from '../../shared/alert';
import { parseConfig } from '../../shared/config/load';
import type { Binding } from '../../shared/core/config-types';

const DINGTALK_URL = 'https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef';
const SLACK_URL = 'https://hooks.slack.com/services/T0001AAAA/B0002BBBB/XXXXsecretXXXXsecretXXXX';
const GENERIC_URL = 'https://alerts.example.com/hooks/rds?key=s3cr3t-s3cr3t';

/** The `billing` binding on an NLB in cn-hangzhou, alerting to the given webhooks (YAML flow list). */
function billing(webhooks: string): Binding {
  const config = parseConfig(
    `bindings:
  - name: billing
    endpoint: rm-bp1billing01.mysql.rds.aliyuncs.com:3306
    source: { alicloud: { instance: rm-bp1billing01 } }
    pools: [{ alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-billing01 } }]
    alert: { webhook: ${webhooks} }
`,
    'test.yml',
    // Set when the file loads; the sink tests below change them before sending.
    { env: { BILLING_DINGTALK_URL: DINGTALK_URL, MISSING_URL: SLACK_URL, SLACK_URL } },
  );
  return config.bindings[0] as Binding;
}

const report: AlertReport = {
  binding: 'billing',
  endpoint: 'rm-bp1billing01.mysql.rds.aliyuncs.com:3306',
  outcome: 'swapped',
  mode: 'apply',
  resolution: { ok: true, addresses: ['10.1.2.20'], ttlSeconds: 30, chain: [], server: '100.100.2.136' },
  pools: [
    {
      pool: 'alicloud-nlb cn-hangzhou/sgp-billing01',
      outcome: 'swapped',
      before: [{ target: '10.1.2.10:3306', state: 'Available' }],
      after: [{ target: '10.1.2.20:3306', state: 'Available' }],
      actions: [{ action: 'register', targets: ['10.1.2.20:3306'], atMs: 1000, durationMs: 300 }],
      reason: 'pool now matches the endpoint',
      durationMs: 9000,
    },
  ],
  durationMs: 9100,
};
const message: AlertMessage = alertMessageOf(
  report,
  'RDS event via eventbridge: Instance_Failover on rm-bp1billing01',
);

/** The message above with another subject and summary: for what chat sinks do to text. */
const saying = (subject: string, summary: AlertMessage['summary']): AlertMessage => ({
  ...message,
  subject,
  summary,
});

interface Call {
  url: string;
  body: unknown;
  signal: AbortSignal | undefined;
}

/** A fetch that records each call and answers with `answer(url)`: `[status, body]` or an error to throw. */
function fakeFetch(answer: (url: string) => [number, string] | Error) {
  const calls: Call[] = [];
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, body: JSON.parse(String(init?.body)) as unknown, signal: init?.signal ?? undefined });
    const result = answer(url);
    if (result instanceof Error) throw result;
    return new Response(result[1], { status: result[0] });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('webhook sink: message formats', () => {
  it('posts the generic body: subject, the summary as text and the report as JSON', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch(() => [200, '']);
    // Act
    const deliveries = await createWebhookSink({ fetch })(message, billing(`[{ url: "${GENERIC_URL}" }]`));
    // Assess
    expect(deliveries).toEqual([{ target: 'generic webhook https://alerts.example.com/...', ok: true }]);
    expect(calls[0]?.url).toBe(GENERIC_URL);
    expect(calls[0]?.body).toEqual({
      subject: 'rds-failover-sync: billing swapped to 10.1.2.20 (was 10.1.2.10)',
      summary: [
        'billing: swapped in 9.1 s.',
        'Endpoint rm-bp1billing01.mysql.rds.aliyuncs.com:3306 resolved to 10.1.2.20 (TTL 30 s, via 100.100.2.136).',
        'Pool alicloud-nlb cn-hangzhou/sgp-billing01: swapped, pool now matches the endpoint.',
        '  before: 10.1.2.10:3306 (Available)',
        '  after:  10.1.2.20:3306 (Available)',
        '  register 10.1.2.20:3306 at +1.0 s, took 0.3 s',
        'Trigger: RDS event via eventbridge: Instance_Failover on rm-bp1billing01.',
      ].join('\n'),
      report: {
        binding: 'billing',
        endpoint: 'rm-bp1billing01.mysql.rds.aliyuncs.com:3306',
        outcome: 'swapped',
        mode: 'apply',
        resolution: {
          ok: true,
          addresses: ['10.1.2.20'],
          ttlSeconds: 30,
          chain: [],
          server: '100.100.2.136',
        },
        pools: [
          {
            pool: 'alicloud-nlb cn-hangzhou/sgp-billing01',
            outcome: 'swapped',
            before: [{ target: '10.1.2.10:3306', state: 'Available' }],
            after: [{ target: '10.1.2.20:3306', state: 'Available' }],
            actions: [{ action: 'register', targets: ['10.1.2.20:3306'], atMs: 1000, durationMs: 300 }],
            reason: 'pool now matches the endpoint',
            durationMs: 9000,
          },
        ],
        durationMs: 9100,
      },
    });
  });

  it('posts DingTalk a markdown message: subject first, one paragraph per line, the lines under it as items', async () => {
    const { fetch, calls } = fakeFetch(() => [200, '{"errcode":0,"errmsg":"ok"}']);
    const deliveries = await createWebhookSink({ fetch })(
      message,
      billing(`[{ kind: dingtalk, url: "${DINGTALK_URL}" }]`),
    );
    expect(deliveries).toEqual([{ target: 'dingtalk webhook https://oapi.dingtalk.com/...', ok: true }]);
    expect(calls[0]?.body).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: 'rds-failover-sync: billing swapped to 10.1.2.20 (was 10.1.2.10)',
        text: [
          '#### rds-failover-sync: billing swapped to 10.1.2.20 (was 10.1.2.10)',
          'billing: swapped in 9.1 s.',
          'Endpoint rm-bp1billing01.mysql.rds.aliyuncs.com:3306 resolved to 10.1.2.20 (TTL 30 s, via 100.100.2.136).',
          'Pool alicloud-nlb cn-hangzhou/sgp-billing01: swapped, pool now matches the endpoint.',
          '- before: 10.1.2.10:3306 (Available)',
          '- after:  10.1.2.20:3306 (Available)',
          '- register 10.1.2.20:3306 at +1.0 s, took 0.3 s',
          'Trigger: RDS event via eventbridge: Instance_Failover on rm-bp1billing01.',
        ].join('\n\n'),
      },
    });
  });

  it('posts Slack a text: bold subject, then the summary with its lines under a line indented', async () => {
    const { fetch, calls } = fakeFetch(() => [200, 'ok']);
    const deliveries = await createWebhookSink({ fetch })(
      message,
      billing(`[{ kind: slack, url: "${SLACK_URL}" }]`),
    );
    expect(deliveries).toEqual([{ target: 'slack webhook https://hooks.slack.com/...', ok: true }]);
    expect(calls[0]?.body).toEqual({
      text: [
        '*rds-failover-sync: billing swapped to 10.1.2.20 (was 10.1.2.10)*',
        'billing: swapped in 9.1 s.',
        'Endpoint rm-bp1billing01.mysql.rds.aliyuncs.com:3306 resolved to 10.1.2.20 (TTL 30 s, via 100.100.2.136).',
        'Pool alicloud-nlb cn-hangzhou/sgp-billing01: swapped, pool now matches the endpoint.',
        '  before: 10.1.2.10:3306 (Available)',
        '  after:  10.1.2.20:3306 (Available)',
        '  register 10.1.2.20:3306 at +1.0 s, took 0.3 s',
        'Trigger: RDS event via eventbridge: Instance_Failover on rm-bp1billing01.',
      ].join('\n'),
    });
  });

  it('escapes &, < and > for Slack, in the subject and the summary', async () => {
    const { fetch, calls } = fakeFetch(() => [200, 'ok']);
    await createWebhookSink({ fetch })(
      saying('rds-failover-sync: a <b> & c', [{ text: 'x > y', details: ['<z>'] }]),
      billing(`[{ kind: slack, url: "${SLACK_URL}" }]`),
    );
    expect(calls[0]?.body).toEqual({
      text: '*rds-failover-sync: a &lt;b&gt; &amp; c*\nx &gt; y\n  &lt;z&gt;',
    });
  });

  it('keeps chat messages within 4,000 characters, Slack and DingTalk alike', async () => {
    // Prepare: a summary of 2,000 lines, about 12,000 characters in either rendering
    const { fetch, calls } = fakeFetch((url) =>
      url.includes('dingtalk') ? [200, '{"errcode":0}'] : [200, 'ok'],
    );
    const long = saying(
      's',
      Array.from({ length: 2000 }, () => ({ text: 'line' })),
    );
    // Act
    await createWebhookSink({ fetch })(
      long,
      billing(`[{ kind: slack, url: "${SLACK_URL}" }, { kind: dingtalk, url: "${DINGTALK_URL}" }]`),
    );
    // Assess
    const { text: slack } = calls[0]?.body as { text: string };
    const { markdown } = calls[1]?.body as { markdown: { title: string; text: string } };
    expect(slack).toHaveLength(4000);
    expect(slack.startsWith('*s*\nline\nline\n')).toBe(true);
    expect(slack.endsWith('\n... (truncated)')).toBe(true);
    expect(markdown.title).toBe('s');
    expect(markdown.text).toHaveLength(4000);
    expect(markdown.text.startsWith('#### s\n\nline\n\nline\n\n')).toBe(true);
    expect(markdown.text.endsWith('\n... (truncated)')).toBe(true);
  });

  it('posts to every webhook of the binding, with a timeout on each request', async () => {
    const { fetch, calls } = fakeFetch((url) =>
      url.includes('dingtalk') ? [200, '{"errcode":0}'] : [200, 'ok'],
    );
    const deliveries = await createWebhookSink({ fetch, timeoutMs: 1234 })(
      message,
      billing(`[{ kind: dingtalk, url: "${DINGTALK_URL}" }, { kind: slack, url: "${SLACK_URL}" }]`),
    );
    expect(deliveries.map((d) => d.ok)).toEqual([true, true]);
    expect(calls.map((c) => c.signal instanceof AbortSignal)).toEqual([true, true]);
  });
});

describe('webhook sink: failures are reported, never thrown, never with the secret', () => {
  const secrets = [
    '0123456789abcdef0123456789abcdef',
    'XXXXsecretXXXXsecretXXXX',
    's3cr3t-s3cr3t',
    'access_token',
  ];
  const expectNoSecret = (text: string) => secrets.forEach((secret) => expect(text).not.toContain(secret));

  it('counts a DingTalk errcode other than 0 as a failed delivery', async () => {
    const { fetch } = fakeFetch(() => [200, '{"errcode":310000,"errmsg":"keywords not in content"}']);
    const deliveries = await createWebhookSink({ fetch })(
      message,
      billing(`[{ kind: dingtalk, url: "${DINGTALK_URL}" }]`),
    );
    expect(deliveries).toEqual([
      {
        target: 'dingtalk webhook https://oapi.dingtalk.com/...',
        ok: false,
        error: 'DingTalk errcode 310000: keywords not in content',
      },
    ]);
  });

  it('counts a DingTalk answer that is not JSON as failed', async () => {
    const { fetch } = fakeFetch(() => [200, '<html>gateway</html>']);
    const [delivery] = await createWebhookSink({ fetch })(
      message,
      billing(`[{ kind: dingtalk, url: "${DINGTALK_URL}" }]`),
    );
    expect(delivery).toMatchObject({ ok: false, error: 'unexpected DingTalk answer: <html>gateway</html>' });
  });

  it('reports an HTTP error with the start of its body, scrubbed of the URL it echoes', async () => {
    const { fetch } = fakeFetch(() => [404, `no_service for ${SLACK_URL}`]);
    const [delivery] = await createWebhookSink({ fetch })(
      message,
      billing(`[{ kind: slack, url: "${SLACK_URL}" }]`),
    );
    expect(delivery).toEqual({
      target: 'slack webhook https://hooks.slack.com/...',
      ok: false,
      error: 'HTTP 404: no_service for [redacted]',
    });
  });

  it('reports a network error with its cause, scrubbed', async () => {
    const error = Object.assign(new TypeError(`fetch failed: ${GENERIC_URL}`), {
      cause: { code: 'ECONNREFUSED' },
    });
    const { fetch } = fakeFetch(() => error);
    const [delivery] = await createWebhookSink({ fetch })(message, billing(`[{ url: "${GENERIC_URL}" }]`));
    expect(delivery).toEqual({
      target: 'generic webhook https://alerts.example.com/...',
      ok: false,
      error: 'TypeError: fetch failed: [redacted] (ECONNREFUSED)',
    });
    expectNoSecret(JSON.stringify(delivery));
  });

  it('reports a timeout as such', async () => {
    const fetch = ((_url: string, init?: RequestInit) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )) as typeof globalThis.fetch;
    const [delivery] = await createWebhookSink({ fetch, timeoutMs: 20 })(
      message,
      billing(`[{ kind: slack, url: "${SLACK_URL}" }]`),
    );
    expect(delivery).toEqual({
      target: 'slack webhook https://hooks.slack.com/...',
      ok: false,
      error: 'timed out after 20 ms',
    });
  });

  it('never shows a URL path or query in the target, nor any part of the URL in what it posts', async () => {
    const { fetch, calls } = fakeFetch(() => [500, '']);
    const deliveries = await createWebhookSink({ fetch })(
      message,
      billing(
        `[{ kind: dingtalk, url: "${DINGTALK_URL}" }, { kind: slack, url: "${SLACK_URL}" }, { url: "${GENERIC_URL}" }]`,
      ),
    );
    expect(deliveries.map((d) => d.target)).toEqual([
      'dingtalk webhook https://oapi.dingtalk.com/...',
      'slack webhook https://hooks.slack.com/...',
      'generic webhook https://alerts.example.com/...',
    ]);
    expectNoSecret(JSON.stringify(deliveries));
    expect(calls).toHaveLength(3);
    expectNoSecret(JSON.stringify(calls.map((call) => call.body)));
  });
});

describe('webhook sink: env:NAME URLs', () => {
  it('reads the URL from the environment at send time, and names the variable, not the URL', async () => {
    // Prepare
    const env: NodeJS.ProcessEnv = {};
    const { fetch, calls } = fakeFetch(() => [200, '{"errcode":0,"errmsg":"ok"}']);
    const sink = createWebhookSink({ fetch, env });
    const binding = billing('[{ kind: dingtalk, url: "env:BILLING_DINGTALK_URL" }]');
    // Act: the variable is set after the sink was made
    env.BILLING_DINGTALK_URL = DINGTALK_URL;
    const deliveries = await sink(message, binding);
    // Assess
    expect(calls[0]?.url).toBe(DINGTALK_URL);
    expect(deliveries).toEqual([{ target: 'dingtalk webhook env:BILLING_DINGTALK_URL', ok: true }]);
  });

  it('fails the delivery, naming the variable, when it is unset or not a URL', async () => {
    const { fetch, calls } = fakeFetch(() => [200, 'ok']);
    const deliveries = await createWebhookSink({ fetch, env: { SLACK_URL: 'hooks.slack.com/x' } })(
      message,
      billing('[{ kind: slack, url: "env:MISSING_URL" }, { kind: slack, url: "env:SLACK_URL" }]'),
    );
    expect(deliveries).toEqual([
      {
        target: 'slack webhook env:MISSING_URL',
        ok: false,
        error: 'environment variable MISSING_URL is not set',
      },
      {
        target: 'slack webhook env:SLACK_URL',
        ok: false,
        error: 'environment variable SLACK_URL does not hold an http(s) URL',
      },
    ]);
    expect(calls).toHaveLength(0);
  });
});
