import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createDynamoDbClient } from '../../shared/lease/dynamodb-client';

// That a request past the timeout fails (rather than only logging a warning) is shown on the wire, in
// test/lab/aws-dynamodb-lease-store.test.ts; the handler resolves its options lazily, out of sight here.
describe('createDynamoDbClient', () => {
  it('makes at most 2 attempts through a NodeHttpHandler, in the region given', async () => {
    // Act
    const client = createDynamoDbClient({ region: 'eu-west-1' });

    // Assess
    expect(client.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
    await expect(client.config.maxAttempts()).resolves.toBe(2);
    await expect(client.config.region()).resolves.toBe('eu-west-1');
    client.destroy();
  });

  it('takes another bound on attempts', async () => {
    // Act
    const client = createDynamoDbClient({ maxAttempts: 1 });

    // Assess
    await expect(client.config.maxAttempts()).resolves.toBe(1);
    client.destroy();
  });

  it.each([
    [{ requestTimeoutMs: 0 }, 'createDynamoDbClient: requestTimeoutMs must be a positive integer, got 0'],
    [
      { connectionTimeoutMs: 1.5 },
      'createDynamoDbClient: connectionTimeoutMs must be a positive integer, got 1.5',
    ],
    [{ maxAttempts: Number.NaN }, 'createDynamoDbClient: maxAttempts must be a positive integer, got NaN'],
  ])('refuses %j, naming the field', (options, message) => {
    expect(() => createDynamoDbClient(options)).toThrow(new RangeError(message));
  });
});
