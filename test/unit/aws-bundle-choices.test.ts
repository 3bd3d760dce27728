import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { awsBundle, awsBundleChoices } from '../../bin/bundling/options';
import { validateConfig } from '../../shared/config/validate';

jest.setTimeout(120_000);

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/orders-pg/0123456789abcdef';
const binding = (
  extra: Record<string, unknown>,
  pools: unknown[] = [{ 'aws-elbv2': { targetGroupArn: TG } }],
) =>
  validateConfig(
    {
      bindings: [
        {
          name: 'orders',
          endpoint: 'orders.cluster-abc123xyz.us-east-1.rds.amazonaws.com:5432',
          pools,
          alert: { sns: 'arn:aws:sns:us-east-1:123456789012:db-failover' },
          ...extra,
        },
      ],
    },
    'bindings.yml',
  );

describe('awsBundleChoices()', () => {
  it('leaves out every optional client for target groups only', () => {
    expect(awsBundleChoices(binding({}))).toEqual({
      rdsWriter: false,
      route53: false,
      assumeRole: false,
      secretsLogin: false,
      writableCheck: false,
    });
  });

  it('takes the RDS client for a writer lookup', () => {
    const config = binding({ resolve: { awsRdsWriter: { cluster: 'orders' } } });
    expect(awsBundleChoices(config)).toEqual({
      rdsWriter: true,
      route53: false,
      assumeRole: false,
      secretsLogin: false,
      writableCheck: false,
    });
  });

  it('takes Route 53 and STS for a record pool in another account', () => {
    const config = binding({}, [
      {
        'aws-route53-record': {
          hostedZoneId: 'Z0123456789ABCDEFGHIJ',
          recordName: 'orders.db.internal',
          roleArn: 'arn:aws:iam::210987654321:role/rds-failover-sync',
        },
      },
    ]);
    expect(awsBundleChoices(config)).toEqual({
      rdsWriter: false,
      route53: true,
      assumeRole: true,
      secretsLogin: false,
      writableCheck: false,
    });
  });

  it('takes Secrets Manager for a writability check whose login is a secret, and only for that', () => {
    const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-login-AbCdEf';
    const checked = binding({ probe: { protocol: 'postgres', writable: { login: { secretArn } } } });
    const probedOnly = binding({ probe: 'postgres' });
    expect(awsBundleChoices(checked).secretsLogin).toBe(true);
    expect(awsBundleChoices(probedOnly).secretsLogin).toBe(false);
  });

  it('takes the database drivers only for a probe that checks writability', () => {
    const secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-probe-AbCdEf';
    const protocolOnly = binding({ probe: 'postgres' });
    const writable = binding({ probe: { protocol: 'postgres', writable: { login: { secretArn } } } });
    expect([awsBundleChoices(protocolOnly).writableCheck, awsBundleChoices(writable).writableCheck]).toEqual([
      false,
      true,
    ]);
  });
});

describe('a module left out of the bundle', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rfs-awsbundle-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails by name when called, and carries no Route 53 client', async () => {
    // Prepare
    const outfile = join(dir, 'route53.js');
    await build({
      ...awsBundle({
        rdsWriter: false,
        route53: false,
        assumeRole: false,
        secretsLogin: false,
        writableCheck: false,
      }),
      stdin: {
        contents: "export * from './shared/platform/aws-route53-support';",
        resolveDir: resolve(__dirname, '..', '..'),
        loader: 'ts',
      },
      outfile,
      logLevel: 'silent',
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(outfile) as typeof import('../../shared/platform/aws-route53-support');

    // Act
    const call = () => bundled.createRoute53Client();
    const thrown = (() => {
      try {
        call();
      } catch (error) {
        return error as Error;
      }
      return undefined;
    })();

    // Assess: the bundle's own copy of the class, so compared by name
    expect(thrown?.name).toBe('NotBundledError');
    expect(readFileSync(outfile, 'utf8')).not.toContain('ListResourceRecordSets');
    expect(call).toThrow(
      'this bundle was built for bindings without Route 53 pools or sources: package and deploy again',
    );
  });

  it('leaves the Secrets Manager client out, and the reader fails by name when built', async () => {
    // Prepare
    const outfile = join(dir, 'secrets.js');
    await build({
      ...awsBundle({
        rdsWriter: false,
        route53: false,
        assumeRole: false,
        secretsLogin: false,
        writableCheck: false,
      }),
      stdin: {
        contents: "export * from './shared/platform/aws-secrets-login-support';",
        resolveDir: resolve(__dirname, '..', '..'),
        loader: 'ts',
      },
      outfile,
      logLevel: 'silent',
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(outfile) as typeof import('../../shared/platform/aws-secrets-login-support');
    // Act
    const call = () => bundled.createSecretsManagerClient('us-east-1');
    // Assess
    expect(readFileSync(outfile, 'utf8')).not.toContain('GetSecretValue');
    expect(call).toThrow(
      'this bundle was built for bindings without writability checks with a Secrets Manager login (probe.writable.login.secretArn): package and deploy again',
    );
  });

  it('checks no writability without the drivers: every check fails by name, and neither mysql2 nor pg is inside', async () => {
    // Prepare: the admission, which imports the check, as every function does through the engine.
    const built = await Promise.all(
      [false, true].map(async (writableCheck) => {
        const outfile = join(dir, `admission-${writableCheck}.js`);
        await build({
          ...awsBundle({
            rdsWriter: false,
            route53: false,
            assumeRole: false,
            secretsLogin: false,
            writableCheck,
          }),
          stdin: {
            contents: "export * from './shared/probe/admission';",
            resolveDir: resolve(__dirname, '..', '..'),
            loader: 'ts',
          },
          outfile,
          logLevel: 'silent',
        });
        return outfile;
      }),
    );
    const [without, withDrivers] = built as [string, string];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bundled = require(without) as typeof import('../../shared/probe/admission');

    // Act
    const verdict = await bundled.admitAddresses(
      [{ ip: '127.0.0.1', port: 1 }],
      {
        protocol: 'postgres',
        timeoutMs: 1000,
        writable: {
          login: { kind: 'aws-secret', secretArn: 'arn:aws:secretsmanager:us-east-1:1:secret:x' },
          tls: 'require',
        },
      },
      { call: { deadlineMs: Number.MAX_SAFE_INTEGER }, now: () => Date.now() },
      {
        probe: (address) =>
          Promise.resolve({
            ok: true,
            target: `${address.ip}:${address.port}`,
            protocol: 'postgres',
            summary: 'fake',
          }),
        readLogin: () => Promise.resolve({ username: 'probe', password: 'Correct-Horse-Battery-Staple-42' }),
      },
    );

    // Assess: the drivers' own words (pg's SSLRequest refusal, mysql2's handshake error) only in the full one.
    expect(verdict).toEqual({
      passed: false,
      detail:
        'postgres probe failed, not registered: 127.0.0.1:1 login-unavailable (NotBundledError: this bundle was built for bindings without the writability check (probe.writable): package and deploy again)',
    });
    const markers = ['The server does not support SSL connections', 'HANDSHAKE_NO_SSL_SUPPORT'];
    const code = [readFileSync(without, 'utf8'), readFileSync(withDrivers, 'utf8')];
    expect(markers.map((m) => code.map((c) => c.includes(m)))).toEqual([
      [false, true],
      [false, true],
    ]);
  });
});
