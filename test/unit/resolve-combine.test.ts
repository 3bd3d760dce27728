import type { Resolution } from '../../shared/core/resolution';
import { combineResolutions } from '../../shared/resolve/combine';

const dnsSays = (...addresses: string[]): Resolution => ({
  ok: true,
  addresses,
  ttlSeconds: 30,
  chain: ['rm-x.mysql.rds.aliyuncs.com'],
  server: '100.100.2.136',
});
const apiSays = (...addresses: string[]): Resolution => ({
  ok: true,
  addresses,
  ttlSeconds: 0,
  chain: ['rm-x.mysql.rds.aliyuncs.com'],
  server: 'alicloud-rds-api',
});
const failed = (detail: string): Resolution => ({ ok: false, failure: 'timeout', detail });

describe('combineResolutions', () => {
  it('uses DNS when both agree, and says so', () => {
    expect(combineResolutions(dnsSays('10.1.0.5'), apiSays('10.1.0.5'), 'api')).toEqual({
      ...dnsSays('10.1.0.5'),
      verdict: { dns: '10.1.0.5', api: '10.1.0.5', winner: 'both', why: 'DNS and the RDS API agree' },
    });
  });

  it.each([
    ['api', 'alicloud-rds-api', ['10.1.0.9']],
    ['dns', '100.100.2.136', ['10.1.0.5']],
  ] as const)('on disagreement, the preferred one (%s) wins', (prefer, server, addresses) => {
    const result = combineResolutions(dnsSays('10.1.0.5'), apiSays('10.1.0.9'), prefer);
    expect(result.ok && [result.server, result.addresses]).toEqual([server, addresses]);
    expect(result.verdict).toEqual({
      dns: '10.1.0.5',
      api: '10.1.0.9',
      winner: prefer,
      why: `DNS and the RDS API disagree; policy prefers ${prefer}`,
    });
  });

  it('falls back to DNS when the API fails', () => {
    const result = combineResolutions(dnsSays('10.1.0.5'), failed('Throttling.User'), 'api');
    expect(result.ok && result.addresses).toEqual(['10.1.0.5']);
    expect(result.verdict?.why).toBe('the RDS API failed; DNS answered');
  });

  it('falls back to the API when DNS fails', () => {
    const result = combineResolutions(failed('no answer'), apiSays('10.1.0.9'), 'dns');
    expect(result.ok && result.addresses).toEqual(['10.1.0.9']);
    expect(result.verdict?.winner).toBe('api');
  });

  it('fails when both fail, keeping both details', () => {
    expect(combineResolutions(failed('no answer'), failed('Throttling.User'), 'api')).toEqual({
      ok: false,
      failure: 'timeout',
      detail: 'DNS: no answer; RDS API: Throttling.User',
      verdict: { dns: 'timeout', api: 'timeout', winner: 'api', why: 'both failed' },
    });
  });

  it('uses DNS while a cluster lists no writer, saying the API is not settled rather than failed', () => {
    // Arrange: mid-failover, the old writer is demoted and the new one not yet promoted.
    const noWriter: Resolution = {
      ok: false,
      failure: 'not-settled',
      detail: 'orders lists no writer among 2 member(s): a failover is under way',
    };
    // Act
    const result = combineResolutions(dnsSays('10.1.0.5'), noWriter, 'api');
    // Assess
    expect(result).toEqual({
      ...dnsSays('10.1.0.5'),
      verdict: {
        dns: '10.1.0.5',
        api: 'not-settled',
        winner: 'dns',
        why: 'the RDS API names no writer yet; DNS answered',
      },
    });
  });
});
