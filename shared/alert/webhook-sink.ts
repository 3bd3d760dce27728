import type { WebhookTarget } from '../core/config-types';
import { scrubSecrets } from '../core/scrub';
import { summaryText } from './message';
import type { AlertMessage } from './message';
import type { AlertDelivery, AlertSink } from './sink';

export interface WebhookSinkOptions {
  /** The HTTP client; the global `fetch` by default. */
  readonly fetch?: typeof fetch;
  /** Per request, default 5000. */
  readonly timeoutMs?: number;
  /** Where `env:NAME` URLs are read, at send time; `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
}

const DEFAULT_TIMEOUT_MS = 5000;
// Chat messages carry the summary only. Slack advises keeping `text` under 4,000 characters; the
// DingTalk robot's own limit is unverified, so it gets the same.
const CHAT_TEXT_MAX = 4000;
const ERROR_BODY_MAX = 200;

/**
 * Posts alerts to the binding's webhooks: `generic` gets `{"subject", "summary", "report"}` (the summary
 * as text, the report as JSON), `dingtalk` a robot markdown message, `slack` an incoming-webhook text.
 * A URL written `env:NAME` is read from the environment at send time. Webhook URLs carry their secret
 * (DingTalk's `access_token`, Slack's `/services/T.../B.../...`): a delivery's `target` and `error`
 * name the kind and the host only. Never throws.
 */
export function createWebhookSink(options: WebhookSinkOptions = {}): AlertSink {
  const post = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const env = options.env ?? process.env;
  return (message, binding) =>
    Promise.all(binding.alert.webhooks.map((hook) => deliver(hook, message, { post, timeoutMs, env })));
}

interface Context {
  readonly post: typeof fetch;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
}

async function deliver(hook: WebhookTarget, message: AlertMessage, context: Context): Promise<AlertDelivery> {
  const variable = hook.url.startsWith('env:') ? hook.url.slice('env:'.length) : undefined;
  const url = variable === undefined ? hook.url : context.env[variable];
  const target = `${hook.kind} webhook ${variable === undefined ? redact(hook.url) : `env:${variable}`}`;
  if (url === undefined || url === '') {
    return { target, ok: false, error: `environment variable ${variable} is not set` };
  }
  if (!/^https?:\/\//.test(url)) {
    return { target, ok: false, error: `environment variable ${variable} does not hold an http(s) URL` };
  }
  try {
    const response = await context.post(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(bodyFor(hook.kind, message)),
      signal: AbortSignal.timeout(context.timeoutMs),
    });
    const text = await response.text();
    const failure = failureOf(hook.kind, response.status, text);
    return failure === undefined ? { target, ok: true } : { target, ok: false, error: scrub(failure, url) };
  } catch (error) {
    return { target, ok: false, error: scrub(describeError(error, context.timeoutMs), url) };
  }
}

function bodyFor(kind: WebhookTarget['kind'], message: AlertMessage): unknown {
  switch (kind) {
    case 'generic':
      return { subject: message.subject, summary: summaryText(message.summary), report: message.report };
    case 'dingtalk':
      return {
        msgtype: 'markdown',
        markdown: { title: message.subject, text: capped(dingTalkMarkdown(message)) },
      };
    case 'slack':
      return {
        text: capped(`*${slackEscape(message.subject)}*\n${slackEscape(summaryText(message.summary))}`),
      };
  }
}

/**
 * DingTalk renders a subset of markdown and joins single line breaks: every summary line becomes a
 * paragraph, the lines under it (a pool's backends and actions) list items. The subject leads, since a
 * robot with keyword security only posts messages containing its keyword (`rds-failover-sync`).
 */
function dingTalkMarkdown({ subject, summary }: AlertMessage): string {
  const lines = summary.flatMap((line) => [line.text, ...(line.details ?? []).map((d) => `- ${d}`)]);
  return [`#### ${subject}`, ...lines].join('\n\n');
}

/** Undefined when the service accepted the message; otherwise what went wrong, in a line. */
function failureOf(kind: WebhookTarget['kind'], status: number, text: string): string | undefined {
  if (status < 200 || status >= 300) return `HTTP ${status}${text ? `: ${excerpt(text)}` : ''}`;
  if (kind !== 'dingtalk') return undefined;
  // The robot answers HTTP 200 to everything; the verdict is `errcode`, 0 for success.
  let answer: unknown;
  try {
    answer = JSON.parse(text) as unknown;
  } catch {
    return `unexpected DingTalk answer: ${excerpt(text)}`;
  }
  const { errcode, errmsg } = (typeof answer === 'object' && answer !== null ? answer : {}) as {
    errcode?: unknown;
    errmsg?: unknown;
  };
  if (errcode === 0) return undefined;
  return `DingTalk errcode ${String(errcode)}: ${typeof errmsg === 'string' ? errmsg : excerpt(text)}`;
}

function describeError(error: unknown, timeoutMs: number): string {
  const { name, message, cause } = error as Error & { cause?: { code?: string; message?: string } };
  if (name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const why = cause?.code ?? cause?.message;
  return `${name}: ${message}${why ? ` (${why})` : ''}`;
}

/** `https://oapi.dingtalk.com/robot/send?access_token=...` -> `https://oapi.dingtalk.com/...`. */
function redact(url: string): string {
  try {
    const { origin, pathname, search } = new URL(url);
    return pathname === '/' && search === '' ? origin : `${origin}/...`;
  } catch {
    return '(unparsable URL)';
  }
}

/** Removes the URL's secret parts from a text that might echo them (an error, a response body). */
function scrub(text: string, url: string): string {
  return scrubSecrets(scrubUrl(text, url), [url]);
}

function scrubUrl(text: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return text.split(url).join('[url]');
  }
  const secrets = [url, parsed.pathname + parsed.search, parsed.search.slice(1), parsed.pathname]
    .filter((part) => part.length > 1)
    .concat(parsed.pathname.split('/').filter((segment) => segment.length >= 8))
    .concat([...parsed.searchParams.values()].filter((value) => value.length >= 8));
  return secrets.reduce((scrubbed, secret) => scrubbed.split(secret).join('[redacted]'), text);
}

// Slack reads `&`, `<` and `>` as markup: its docs ask for these three to be escaped.
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function capped(text: string): string {
  const marker = '\n... (truncated)';
  return text.length > CHAT_TEXT_MAX ? `${text.slice(0, CHAT_TEXT_MAX - marker.length)}${marker}` : text;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > ERROR_BODY_MAX ? `${line.slice(0, ERROR_BODY_MAX)}...` : line;
}
