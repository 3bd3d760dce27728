import { LeaseStoreMissingError } from '../../shared/lease/errors';
import { awsLeaseStore } from '../../shared/platform/aws-lease-store';

describe('awsLeaseStore', () => {
  it('uses the DynamoDB table the stack names in LEASE_TABLE', () => {
    const store = awsLeaseStore(
      { required: true },
      { LEASE_TABLE: 'orders-leases', AWS_REGION: 'eu-west-1' },
    );
    expect(store.id).toBe('dynamodb eu-west-1/orders-leases');
  });

  it('refuses to start a function without one: two invocations could change one pool at once', () => {
    expect(() => awsLeaseStore({ required: true }, {})).toThrow(LeaseStoreMissingError);
    expect(() => awsLeaseStore({ required: true }, {})).toThrow(
      'LEASE_TABLE is not set: the function needs the lease table the stack creates, or two invocations could change one pool at once',
    );
  });

  it("falls back to this process's memory for the CLI and tests", () => {
    expect(awsLeaseStore({ required: false }, {}).id).toBe('memory');
  });
});
