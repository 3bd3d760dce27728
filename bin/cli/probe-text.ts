import type { ProbeConfig, ProbeLoginSource } from '../../shared/core/config-types';

/**
 * A binding's probe in a line of `check`: what it tries before an address is registered, and where a
 * writability check's login comes from (names of secrets and variables only: `check` reads neither).
 */
export function probeText(probe: ProbeConfig): string {
  const opening = `${probe.protocol} probe within ${probe.timeoutMs} ms`;
  const writable = probe.writable;
  if (!writable) return opening;
  const database = writable.database ? `, database ${writable.database}` : '';
  return `${opening}, then a login from ${loginText(writable.login)} asking whether it takes writes (TLS ${writable.tls}${database})`;
}

function loginText(login: ProbeLoginSource): string {
  return login.kind === 'aws-secret'
    ? `secret ${login.secretArn}`
    : `the KMS ciphertext in ${login.variable} (key ${login.keyId}, ${login.region})`;
}
