import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { ActingAs } from '../../shared/platform/aws-clients';
import { accountOfRoleArn, perRole } from '../../shared/platform/per-role';

describe('perRole', () => {
  it("makes one client per role, acting as the role's account, and one for the function's own credentials", () => {
    // Arrange
    const made: ActingAs[] = [];
    const provider: AwsCredentialIdentityProvider = () =>
      Promise.resolve({ accessKeyId: 'ASIALAB', secretAccessKey: 'lab-secret' });
    const clientFor = perRole(
      (actingAs) => {
        made.push(actingAs);
        return made.length;
      },
      () => provider,
    );
    const role = { roleArn: 'arn:aws:iam::210987654321:role/rds-failover-sync-pools' };
    // Act
    const clients = [clientFor(role), clientFor(), clientFor(role), clientFor()];
    // Assess
    expect(clients).toEqual([1, 2, 1, 2]);
    expect(made).toEqual([{ credentials: provider, account: '210987654321' }, {}]);
  });
});

describe('accountOfRoleArn', () => {
  it.each([
    ['arn:aws:iam::210987654321:role/pools', '210987654321'],
    ['arn:aws-cn:iam::123456789012:role/path/pools', '123456789012'],
    ['not-an-arn', undefined],
  ])('%s -> %s', (arn, account) => {
    expect(accountOfRoleArn(arn)).toBe(account);
  });
});
