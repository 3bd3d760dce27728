import { platformOf } from '../core/config-types';
import type { Binding, ProbeConfig, ProbeLoginSource } from '../core/config-types';
import type { ConfigFile } from './schema';
import { envVariableOf } from './webhook-url';

type FileProbe = NonNullable<ConfigFile['bindings'][number]['probe']>;
type FileLogin = NonNullable<FileProbe['writable']>['login'];

/** The probe as the loop uses it: the login's two shapes told apart by `kind`. */
export function probeConfigOf(probe: FileProbe): ProbeConfig {
  const { protocol, timeoutMs, writable } = probe;
  if (!writable) return { protocol, timeoutMs };
  return {
    protocol,
    timeoutMs,
    writable: {
      login: loginSourceOf(writable.login),
      tls: writable.tls,
      ...(writable.database ? { database: writable.database } : {}),
    },
  };
}

function loginSourceOf(login: FileLogin): ProbeLoginSource {
  // The schema has checked that exactly one of the two is set, with its own companions.
  if (login.secretArn !== undefined) {
    return {
      kind: 'aws-secret',
      secretArn: login.secretArn,
      ...(login.kmsKeyArn ? { kmsKeyArn: login.kmsKeyArn } : {}),
    };
  }
  return {
    kind: 'alicloud-kms-env',
    variable: envVariableOf(login.kmsCiphertext ?? '') ?? '',
    region: login.region ?? '',
    keyId: login.keyId ?? '',
  };
}

/**
 * A login is read by the function of the binding's cloud: a Secrets Manager secret by the AWS function,
 * a KMS ciphertext by Function Compute. One problem per binding whose login its pools' cloud cannot read.
 */
export function probeLoginProblems(bindings: readonly Binding[]): string[] {
  return bindings.flatMap((binding) => {
    const login = binding.probe?.writable?.login;
    if (!login) return [];
    const wanted = login.kind === 'aws-secret' ? 'aws' : 'alicloud';
    const other = binding.pools.find((pool) => platformOf(pool) !== wanted);
    if (!other) return [];
    const field = login.kind === 'aws-secret' ? 'secretArn' : 'kmsCiphertext';
    return [
      `binding '${binding.name}': probe.writable.login.${field}: is read by the ${wanted === 'aws' ? 'AWS' : 'Alibaba Cloud'} function, but pool ${other.kind} runs in the other cloud`,
    ];
  });
}
