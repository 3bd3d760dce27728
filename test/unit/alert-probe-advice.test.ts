import { adviceFor } from '../../shared/alert/advice';
import type { AlertReport } from '../../shared/alert/message';
import type { PoolReport } from '../../shared/core/report';

const LOGIN_HELD =
  'postgres probe failed, not registered: 10.20.2.20:5432 login-unavailable (SecretLoginUnreadableError: cannot read the login from secret arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-login-AbCdEf: AccessDeniedException (denied))';
const REFUSED_HELD =
  'postgres probe failed, not registered: 10.20.2.20:5432 refused (nothing listens on 10.20.2.20:5432)';

/** A binding whose one pool failed for `reason`, with a probe action that says `probed`. */
function failed(reason: string, probed?: string): AlertReport {
  const pool: PoolReport = {
    pool: 'aws-elbv2 targetgroup/orders/0123456789abcdef',
    outcome: 'failed',
    before: [{ target: '10.20.1.10:5432', state: 'healthy' }],
    after: [{ target: '10.20.1.10:5432', state: 'healthy' }],
    actions:
      probed === undefined
        ? []
        : [{ action: 'probe', targets: ['10.20.2.20:5432'], atMs: 10, durationMs: 5, result: probed }],
    reason,
    durationMs: 20,
  };
  return {
    binding: 'orders',
    endpoint: 'orders.cluster-abc.us-east-1.rds.amazonaws.com:5432',
    outcome: 'failed',
    mode: 'apply',
    resolution: { ok: true, addresses: ['10.20.2.20'], ttlSeconds: 5, chain: [], server: '10.0.0.2' },
    pools: [pool],
    durationMs: 20,
  };
}

describe('what to do after a probe held the change', () => {
  it('points at the secret and its permissions when the login could not be read', () => {
    expect(adviceFor(failed(LOGIN_HELD, LOGIN_HELD))?.text).toBe(
      'What to do: the writability check could not read its login. Make sure the secret named above exists, holds {"username": ..., "password": ...} as text, and that the role running this (the function, or you with the CLI) has secretsmanager:GetSecretValue on it, and kms:Decrypt on its key when that key is your own; then apply again.',
    );
  });

  it('points at the new address when it did not answer the probe', () => {
    expect(adviceFor(failed(REFUSED_HELD, REFUSED_HELD))?.text).toBe(
      "What to do: the new address did not pass the binding's probe, so it was not registered. Check that it is the database the binding expects, that it takes connections from where the function runs, and that it is the writer; then apply again.",
    );
  });

  it('keeps the health-check advice for a failure no probe decided', () => {
    expect(adviceFor(failed('not healthy in time: 10.20.2.20:5432', 'postgres probe passed'))?.text).toBe(
      'What to do: the new backends did not pass health checks in time (or the change could not finish). Check that the database accepts connections from the load balancer (security groups, port), then apply again.',
    );
  });
});
