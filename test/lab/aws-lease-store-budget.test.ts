import { startAwsLab } from '../../lab/aws-lab';
import type { AwsLab } from '../../lab/aws-lab';
import type { ApiBudget } from '../../shared/platform/api-budget';
import type { ApiFamily } from '../../shared/platform/api-budgets';
import { dynamodbFamily } from '../../shared/platform/api-budgets';
import { awsLeaseStore } from '../../shared/platform/aws-lease-store';

const POOL = 'aws-elbv2 targetgroup/orders-pg/0123456789abcdef';

/** A budget that never makes anyone wait, and remembers who asked. */
function recordingBudget() {
  const asked: string[] = [];
  const budget: ApiBudget = {
    acquire: async (family: ApiFamily, region: string) => void asked.push(`${family} ${region}`),
    stats: () => ({ calls: asked.length, paced: 0, waitedMs: 0 }),
  };
  return { budget, asked };
}

describe('the AWS lease store is paced by the runtime budget', () => {
  let lab: AwsLab;
  beforeAll(async () => {
    lab = await startAwsLab();
  });
  afterAll(() => lab.close());

  it('every GetItem waits for a dynamodb:read token, every PutItem for a dynamodb:write one', async () => {
    // Prepare
    lab.dynamodb.createTable({ name: 'paced-leases', partitionKey: 'pool' });
    const { budget, asked } = recordingBudget();
    const store = awsLeaseStore(
      { required: true, budget },
      { LEASE_TABLE: 'paced-leases', AWS_REGION: 'us-east-1' },
    );
    // Act
    await store.read(POOL);
    await store.compareAndSet(undefined, {
      pool: POOL,
      owner: 'run-a',
      expiresAtMs: 1_800_000_000_000,
      version: 1,
      intents: [],
    });
    // Assess
    expect(asked).toEqual(['dynamodb:read us-east-1', 'dynamodb:write us-east-1']);
  });

  it.each([
    ['GetItemCommand', 'dynamodb:read'],
    ['PutItemCommand', 'dynamodb:write'],
    ['DescribeTableCommand', undefined],
  ])('%s is in the family %s', (command, family) => {
    expect(dynamodbFamily(command)).toBe(family);
  });
});
