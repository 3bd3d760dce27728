import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { alicloudBundleChoices, bundleHandler, functionZip } from '../../bin/alicloud-deploy/bundle';
import { BINDINGS_IN_ZIP } from '../../bin/alicloud-deploy/names';
import { ConfigError } from '../../shared/config/errors';
import { loadConfig } from '../../shared/config/load';
import { loadConfigJson } from '../../shared/config/load-json';
import { readBindingsJson } from '../../shared/config/to-json';
import { readZip } from './zip';

// esbuild bundles each handler in about a second; a busy machine takes longer.
jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '..', '..');
const RECONCILE = join(ROOT, 'functions', 'alicloud', 'reconcile.ts');
/** Strings only the AWS SNS client carries. */
const SNS_MARKERS = ['AmazonSimpleNotificationService', '"PublishCommand"'];
/** Strings only the YAML library carries. */
const YAML_MARKERS = ['YAMLParseError', 'Implicit keys need to be on a single line'];

const ALIBABA_ONLY = `
dns: { servers: ["100.100.2.136"] }
bindings:
  - name: billing
    endpoint: rm-bp15gq963ic327h8f.mysql.rds.aliyuncs.com:3306
    source: { alicloud: { instance: rm-bp15gq963ic327h8f } }
    pools:
      - alicloud-nlb: { region: cn-hangzhou, serverGroupId: sgp-abc123 }
    alert:
      webhook: [{ url: "https://hooks.example.com/rds" }]
  - name: orders
    endpoint: orders.cluster-abc123xyz.us-east-1.rds.amazonaws.com:5432
    source: { aws: { cluster: orders } }
    pools:
      - aws-elbv2:
          targetGroupArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-pg/0123456789abcdef
    alert:
      sns: arn:aws:sns:us-east-1:123456789012:db-failover
`;
const WITH_SNS = `${ALIBABA_ONLY.replace(
  '      webhook: [{ url: "https://hooks.example.com/rds" }]',
  '      sns: arn:aws:sns:us-east-1:123456789012:billing-oncall',
)}`;

describe('the Alibaba bundle', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rfs-alibundle-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('carries the database drivers only when an Alibaba binding checks writability', async () => {
    // Arrange: the AWS binding's writability check does not count, the Alibaba binding's does.
    const login =
      '{ login: { kmsCiphertext: env:BILLING_PROBE_LOGIN, region: cn-hangzhou, keyId: key-hzz62f1cb66fa42qo } }';
    const awsOnly = ALIBABA_ONLY.replace(
      '      sns: arn:aws:sns:us-east-1:123456789012:db-failover',
      `      sns: arn:aws:sns:us-east-1:123456789012:db-failover\n    probe: { protocol: postgres, writable: { login: { secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-probe-AbCdEf" } } }`,
    );
    const alibaba = ALIBABA_ONLY.replace(
      '      webhook: [{ url: "https://hooks.example.com/rds" }]',
      `      webhook: [{ url: "https://hooks.example.com/rds" }]\n    probe: { protocol: mysql, writable: ${login} }`,
    );
    // Act
    const choices = await Promise.all(
      [write('aws-probe.yml', awsOnly), write('ali-probe.yml', alibaba)].map(async (file) =>
        alicloudBundleChoices((await readBindingsJson(file)).config),
      ),
    );
    // Assess
    expect(choices.map((c) => c.writableCheck)).toEqual([false, true]);
  });

  it('carries the SNS client only when an Alibaba binding alerts through SNS', async () => {
    // Arrange: an AWS binding's topic does not count, the Alibaba binding's does.
    const without = (await readBindingsJson(write('no-sns.yml', ALIBABA_ONLY))).config;
    const withSns = (await readBindingsJson(write('sns.yml', WITH_SNS))).config;
    // Act
    const choices = [alicloudBundleChoices(without), alicloudBundleChoices(withSns)];
    const [small, large] = await Promise.all(choices.map((c) => bundleHandler(RECONCILE, c)));
    // Assess
    expect(choices).toEqual([
      { snsAlerts: false, writableCheck: false },
      { snsAlerts: true, writableCheck: false },
    ]);
    const code = [small?.toString('utf8') ?? '', large?.toString('utf8') ?? ''];
    expect(SNS_MARKERS.map((m) => [code[0]?.includes(m), code[1]?.includes(m)])).toEqual([
      [false, true],
      [false, true],
    ]);
    expect(YAML_MARKERS.filter((m) => code.some((c) => c.includes(m)))).toEqual([]);
    // pop-core is inside both: its signing code names the signature method.
    expect(code.map((c) => c.includes('HMAC-SHA1'))).toEqual([true, true]);
    // keepNames: minified, classes and functions keep their names for stack traces and `error.name`
    // (esbuild's `__name(target, "name")` calls), where a plain minify would leave `Cs` and `Ad`.
    const kept = ['"handleInvocation"', '"ConfigurationFailedError"', '"createAlicloudRuntime"'];
    expect(kept.filter((name) => !code[0]?.includes(name))).toEqual([]);
  });

  it('zips the bindings as JSON that the function reads back to what the YAML says', async () => {
    // Arrange
    const yamlPath = write('bindings.yml', ALIBABA_ONLY);
    const { json } = await readBindingsJson(yamlPath);
    // Act
    const files = readZip(functionZip(Buffer.from('exports.handler=()=>1'), Buffer.from(json)));
    const unzipped = write('unzipped.json', files.get(BINDINGS_IN_ZIP)?.toString('utf8') ?? '');
    // Assess
    expect(BINDINGS_IN_ZIP).toBe('bindings.json');
    expect([...files.keys()]).toEqual(['index.js', 'bindings.json']);
    expect(JSON.parse(files.get('bindings.json')?.toString('utf8') ?? '')).toEqual(parseYaml(ALIBABA_ONLY));
    expect(await loadConfigJson(unzipped)).toEqual(await loadConfig(yamlPath));
  });

  it('refuses YAML where the function expects JSON, saying to package again', async () => {
    // Arrange
    const yamlPath = write('plain.yml', ALIBABA_ONLY);
    // Act
    const error = await loadConfigJson(yamlPath).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'not valid JSON: a deployed function reads the JSON its packaging writes from the YAML bindings file; package again rather than pointing BINDINGS_FILE at YAML',
    ]);
  });

  it('refuses a bindings file holding a value JSON cannot carry', async () => {
    // Arrange: YAML's .inf is a number to the schema and `null` once in JSON.
    const path = write(
      'inf.yml',
      ALIBABA_ONLY.replace('    alert:\n      webhook', '    maxBackends: .inf\n    alert:\n      webhook'),
    );
    // Act
    const error = await readBindingsJson(path).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(ConfigError);
  });
});
