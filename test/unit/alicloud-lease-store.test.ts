import { LeaseStoreMissingError } from '../../shared/lease/errors';
import { alicloudLeaseStore } from '../../shared/platform/alicloud-lease-store';

const KEYS = { accessKeyId: 'LTAI-test', accessKeySecret: 'secret-test', securityToken: 'sts-test' };
const DEPLOYED = {
  LEASE_TABLESTORE_ENDPOINT: 'https://leases.cn-hangzhou.ots.aliyuncs.com',
  LEASE_TABLESTORE_INSTANCE: 'leases',
  LEASE_TABLESTORE_TABLE: 'rds_failover_sync_leases',
};

describe('alicloudLeaseStore', () => {
  it('uses the Tablestore table the deploy names', () => {
    expect(alicloudLeaseStore(KEYS, { required: true }, DEPLOYED).id).toBe(
      'tablestore leases/rds_failover_sync_leases',
    );
  });

  it('refuses to start a function without one, naming the variables', () => {
    expect(() => alicloudLeaseStore(KEYS, { required: true }, {})).toThrow(LeaseStoreMissingError);
    expect(() =>
      alicloudLeaseStore(KEYS, { required: true }, { LEASE_TABLESTORE_INSTANCE: 'leases' }),
    ).toThrow(
      'LEASE_TABLESTORE_ENDPOINT, LEASE_TABLESTORE_INSTANCE, LEASE_TABLESTORE_TABLE is not set: the function needs the lease table the deploy creates, or two invocations could change one pool at once',
    );
  });

  it("falls back to this process's memory for tests", () => {
    expect(alicloudLeaseStore(KEYS, { required: false }, {}).id).toBe('memory');
  });
});
