import { scrubSecrets } from '../core/scrub';
import { summaryText } from './message';
import type { AlertMessage } from './message';
import type { AlertSink } from './sink';

/**
 * The one call this sink makes, in any region: an RPC client of the CloudMonitor API (2019-01-01),
 * e.g. a pop-core wrapper. Arrays of objects in `params` are flattened by the client
 * (`EventInfo.1.EventName`).
 */
export interface CloudMonitorRpc {
  call(action: string, params: Record<string, unknown>): Promise<unknown>;
}

export interface CloudMonitorSinkOptions {
  /** Epoch milliseconds, the event's `Time`; `Date.now` by default. */
  readonly now?: () => number;
}

/** The custom event's name: CloudMonitor event alarm rules select on it. */
export const CLOUDMONITOR_EVENT_NAME = 'rds-failover-sync';

// CloudMonitor's limit on Content is unverified: stay under 64 KiB, with a kilobyte kept back for what
// form encoding and the other fields add.
const CONTENT_MAX_BYTES = 63 * 1024;

/**
 * Reports alerts as CloudMonitor custom events (`PutCustomEvent`) in the region, and the application
 * group if any, that `binding.alert.cloudMonitor` names. `Content` is JSON: `{subject, summary,
 * details}`, the details being the report; details that would not fit are cut, the summary never.
 * Never throws.
 */
export function createCloudMonitorSink(
  rpcFor: (region: string) => CloudMonitorRpc,
  options: CloudMonitorSinkOptions = {},
): AlertSink {
  const now = options.now ?? Date.now;
  return async (message, binding) => {
    const destination = binding.alert.cloudMonitor;
    if (destination === undefined) return [];
    const { region, groupId } = destination;
    const target = `cloudmonitor custom event in ${region}${groupId ? ` (group ${groupId})` : ''}`;
    try {
      const answer = await rpcFor(region).call('PutCustomEvent', {
        EventInfo: [
          {
            EventName: CLOUDMONITOR_EVENT_NAME,
            Content: contentOf(message),
            ...(groupId ? { GroupId: groupId } : {}),
            // The API takes `yyyyMMddTHHmmss.SSSZ` or epoch milliseconds: the latter has no zone to get wrong.
            Time: String(now()),
          },
        ],
      });
      const failure = failureOf(answer);
      return [
        failure === undefined ? { target, ok: true } : { target, ok: false, error: scrubSecrets(failure) },
      ];
    } catch (error) {
      return [{ target, ok: false, error: describeError(error) }];
    }
  };
}

/** `{"subject","summary","details"}` in at most CONTENT_MAX_BYTES, the details (the report) cut first. */
function contentOf(message: AlertMessage): string {
  const { subject } = message;
  const summary = summaryText(message.summary);
  const whole = JSON.stringify({ subject, summary, details: message.report });
  if (byteLength(whole) <= CONTENT_MAX_BYTES) return whole;
  const text = JSON.stringify(message.report);
  const cut = (keep: number) =>
    JSON.stringify({
      subject,
      summary,
      details: text.slice(0, keep),
      truncated: `details cut to ${keep} of ${text.length} characters`,
    });
  // Escaping and multi-byte characters make the encoded size hard to predict: find the longest cut that
  // fits by bisection (about 20 rounds for the largest reports).
  let [fits, tooLong] = [0, text.length];
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (byteLength(cut(middle)) <= CONTENT_MAX_BYTES) fits = middle;
    else tooLong = middle;
  }
  return cut(fits);
}

/**
 * pop-core throws on an error `Code`, but returns an error body without one as if it had succeeded:
 * success is exactly `Code` 200.
 */
function failureOf(answer: unknown): string | undefined {
  const { Code, Message } = (typeof answer === 'object' && answer !== null ? answer : {}) as {
    Code?: unknown;
    Message?: unknown;
  };
  if (Code === '200' || Code === 200) return undefined;
  return `PutCustomEvent answered ${Code === undefined ? 'without a Code' : `Code ${String(Code)}`}${
    typeof Message === 'string' ? `: ${Message}` : ''
  }`;
}

function describeError(error: unknown): string {
  const { name, message, code, data } = error as Error & { code?: unknown; data?: { RequestId?: unknown } };
  // pop-core appends `, URL: <request URL>`, which for GET requests carries the signed query.
  const text = String(message).replace(/,? URL: \S+$/, '');
  const requestId = typeof data?.RequestId === 'string' ? ` (RequestId ${data.RequestId})` : '';
  return scrubSecrets(`${typeof code === 'string' ? code : name}: ${text}${requestId}`);
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
