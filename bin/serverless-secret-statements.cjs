// @ts-check
'use strict';

/**
 * The IAM statements the writability checks' logins need (`probe.writable.login.secretArn`), for
 * `iamStatements` in serverless-vars.cjs: a file of its own, as one concept.
 */

const { require: tsRequire } = require('tsx/cjs/api');

/** @typedef {import('../shared/core/config-types').Config} Config */

/** @type {{ regionOfArn: (arn: string) => string }} */
const { regionOfArn } = tsRequire('../shared/core/arn.ts', __filename);

/** @param {Iterable<string>} values */
const uniqueSorted = (values) => [...new Set(values)].sort();

/**
 * `secretsmanager:GetSecretValue` on exactly the secrets the bindings name, as written (the full ARN, with
 * the six characters Secrets Manager appends, is what IAM matches). A secret encrypted with a
 * customer-managed key (`kmsKeyArn`) also needs `kms:Decrypt` on that key, and only through Secrets
 * Manager in the secret's region (`kms:ViaService`, as the Secrets Manager User Guide's "Secret
 * encryption and decryption" shows): the function can decrypt nothing else with it. The AWS managed key
 * `aws/secretsmanager` needs no statement. Nothing at all for bindings without a writability check.
 * @param {Config} config
 */
function secretLoginStatements(config) {
  const logins = config.bindings.flatMap((b) => {
    const login = b.probe?.writable?.login;
    return login?.kind === 'aws-secret' ? [login] : [];
  });
  if (logins.length === 0) return [];
  /** @type {Map<string, string[]>} */
  const keysByRegion = new Map();
  for (const login of logins) {
    if (!login.kmsKeyArn) continue;
    const region = regionOfArn(login.secretArn);
    keysByRegion.set(region, [...(keysByRegion.get(region) ?? []), login.kmsKeyArn]);
  }
  return [
    {
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: uniqueSorted(logins.map((login) => login.secretArn)),
    },
    ...[...keysByRegion.keys()].sort().map((region) => ({
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: uniqueSorted(keysByRegion.get(region)),
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
    })),
  ];
}

module.exports = { secretLoginStatements };
