/**
 * Removes credential material from a text some cloud, SDK or HTTP service produced, before it is
 * stored, logged, thrown or alerted. Every error text crosses this one function on its way in (the
 * `PoolApiError` and `AlicloudError` constructors, the alert sinks) and the logger applies it to every
 * string it writes, so a secret that slips past one edge is caught at the next.
 *
 * What it removes, and why each is there:
 * - Alibaba's `SignatureDoesNotMatch` answers `server string to sign is:POST&%2F&AccessKeyId%3D...`:
 *   the canonical query, percent-encoded once, with `SecurityToken` (the STS token) in it. The whole
 *   string to sign goes.
 * - `name=value` and `"name": "value"` pairs whose name says secret (`Signature`, `SecurityToken`,
 *   `X-Amz-Security-Token`, `X-Amz-Signature`, `X-Amz-Credential`, `access_token`, `sign`, ...), raw or
 *   percent-encoded once or twice (`%3D`, `%253D`), as a signed URL or a form body carries them.
 * - `Authorization:` header values (AWS SigV4 `Credential=AKIA.../...`, `Bearer ...`).
 * - AccessKey ids: AWS `AKIA`/`ASIA` + 16, Alibaba `LTAI` + 12 to 30.
 * - Slack incoming-webhook paths (`/services/T.../B.../<token>`) and DingTalk robot tokens.
 * - Long unbroken base64 runs (64 characters and more): STS session tokens (Alibaba `CAIS...`, AWS
 *   `IQoJ...`/`FwoG...`) and secrets no rule above names.
 * - Any exact value in `known` (the caller's own credentials, webhook URLs read from the environment).
 */
export function scrubSecrets(text: string, known: readonly (string | undefined)[] = []): string {
  let scrubbed = text;
  for (const secret of known) {
    if (secret !== undefined && secret.length >= 6) scrubbed = scrubbed.split(secret).join(REDACTED);
  }
  scrubbed = RULES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), scrubbed);
  return scrubbed.replace(LONG_BASE64, (run) => (looksRandom(run) ? REDACTED : run));
}

export const REDACTED = '[redacted]';

const SECRET_NAME =
  '(?:Signature|SecurityToken|Security-Token|X-Amz-Security-Token|X-Amz-Signature|X-Amz-Credential|AccessKeySecret|SecretAccessKey|AccessKeyId|access_token|accessToken|sign|token|secret|password|session_token|sessionToken)';
// `=` raw, or percent-encoded once (`%3D`) or twice (`%253D`) inside a string to sign.
const EQUALS = '(?:=|%3D|%253D)';
// A value ends at the next pair separator, raw or encoded, or at white space or a quote.
const VALUE = '(?:(?!%26|%2526)[^&\\s"\'<>,;])+';

const RULES: readonly (readonly [RegExp, string])[] = [
  [/(string to sign is:?)\s*\S+/gi, `$1${REDACTED}`],
  // AWS Query APIs answer a bad signature with the canonical request, headers (the session token among
  // them) included: `The Canonical String for this request should have been 'POST ... '`.
  [/((?:Canonical String for this request|String-to-Sign) should have been\s*)'[^']*'?/gi, `$1'${REDACTED}'`],
  [
    /((?:x-amz-security-token|x-acs-security-token|x-amz-content-sha256|authorization)\s*:\s*)[^\s'"]+/gi,
    `$1${REDACTED}`,
  ],
  [/(StringToSign["']?\s*[:=]\s*["']?)[^"'\s]+/gi, `$1${REDACTED}`],
  [new RegExp(`((?<![A-Za-z])${SECRET_NAME}${EQUALS})${VALUE}`, 'gi'), `$1${REDACTED}`],
  [new RegExp(`(["']?(?<![A-Za-z])${SECRET_NAME}["']?\\s*:\\s*["'])[^"']*`, 'gi'), `$1${REDACTED}`],
  [/(authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi, `$1${REDACTED}`],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, REDACTED],
  [/\bLTAI[A-Za-z0-9]{12,30}\b/g, REDACTED],
  [/(hooks\.slack\.com\/services)\/[^\s"'?#]+/gi, `$1/${REDACTED}`],
];
// Base64 (standard or URL-safe) with all three character classes: a file path or a host name is not.
const LONG_BASE64 = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{64,}={0,2}/g;
const looksRandom = (run: string) =>
  /\d/.test(run) && /[A-Z]/.test(run) && /[a-z]/.test(run) && !/[/_-]{2}|\/[a-z-]+\//.test(run);

/**
 * A plain copy of an error that is safe to keep as a `cause`: name, scrubbed message and `code`, without
 * the fields SDKs attach (pop-core's `data` echoes the service's message, `entry` the request), which
 * `util.inspect` would print when the platform logs the thrown error.
 */
export function scrubbedError(thrown: unknown, known: readonly (string | undefined)[] = []): Error {
  const fields = typeof thrown === 'object' && thrown !== null ? (thrown as Record<string, unknown>) : {};
  const message = typeof fields.message === 'string' ? fields.message : String(thrown);
  const copy = new Error(scrubSecrets(message, known));
  if (typeof fields.name === 'string') copy.name = fields.name;
  if (typeof fields.code === 'string') Object.assign(copy, { code: fields.code });
  return copy;
}
