import {
  InvalidParameterException,
  NotFoundException,
  PublishCommand,
  SNSClient,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { startQueryServer, type QueryServer } from '../../lab/aws/server';
import { SnsEmulator } from '../../lab/aws/sns-emulator';

const ALERTS_ARN = 'arn:aws:sns:us-east-1:123456789012:failover-alerts';
const credentials = { accessKeyId: 'AKIDLAB', secretAccessKey: 'lab-secret' };

let nowMs: number;
let emulator: SnsEmulator;
let server: QueryServer;
let client: SNSClient;

const clientWith = (maxAttempts?: number): SNSClient =>
  new SNSClient({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts });

const failure = async (send: Promise<unknown>): Promise<unknown> =>
  send.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

beforeEach(async () => {
  nowMs = 1_767_225_600_000;
  let messages = 0;
  emulator = new SnsEmulator({ now: () => nowMs, newMessageId: () => `message-${++messages}` });
  server = await startQueryServer(emulator);
  client = clientWith(1);
});

afterEach(async () => {
  client.destroy();
  await server.close();
});

describe('SnsEmulator through the real SDK client', () => {
  it('records a published message and answers its MessageId', async () => {
    // Prepare
    const topicArn = emulator.createTopic('failover-alerts');

    // Act
    const output = await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'rds-failover-sync: orders moved',
        Message: 'orders-writer: 10.0.0.5 -> 10.0.0.6 & <done>',
      }),
    );

    // Assess
    expect(topicArn).toBe(ALERTS_ARN);
    expect(output.MessageId).toBe('message-1');
    expect(emulator.published).toEqual([
      {
        topicArn: ALERTS_ARN,
        subject: 'rds-failover-sync: orders moved',
        message: 'orders-writer: 10.0.0.5 -> 10.0.0.6 & <done>',
        messageId: 'message-1',
        at: 1_767_225_600_000,
      },
    ]);
  });

  it('surfaces an unknown topic as NotFoundException with status 404', async () => {
    // Prepare
    emulator.createTopic('failover-alerts');

    // Act
    const error = await failure(
      client.send(
        new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:123456789012:missing', Message: 'hi' }),
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error).toMatchObject({ message: 'Topic does not exist', $metadata: { httpStatusCode: 404 } });
    expect(emulator.published).toEqual([]);
  });

  it('accepts a 99-character subject ("less than 100 characters long")', async () => {
    // Prepare
    emulator.createTopic('failover-alerts');

    // Act
    await client.send(new PublishCommand({ TopicArn: ALERTS_ARN, Subject: 'x'.repeat(99), Message: 'hi' }));

    // Assess
    expect(emulator.published.map((published) => published.subject?.length)).toEqual([99]);
  });

  it.each([
    ['100 characters', 'x'.repeat(100)],
    ['a line break', 'orders\nmoved'],
    ['a non-ASCII character', 'orders déplacé'],
  ])('refuses a subject with %s as InvalidParameterException', async (_label, subject) => {
    // Prepare
    emulator.createTopic('failover-alerts');

    // Act
    const error = await failure(
      client.send(new PublishCommand({ TopicArn: ALERTS_ARN, Subject: subject, Message: 'hi' })),
    );

    // Assess
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error).toMatchObject({
      message: 'Invalid parameter: Subject',
      $metadata: { httpStatusCode: 400 },
    });
    expect(emulator.published).toEqual([]);
  });
});

describe('SnsEmulator fault injection', () => {
  it('answers an injected throttle as SNS does, Throttled with HTTP 429, which default retries get past', async () => {
    // Prepare
    emulator.createTopic('failover-alerts');
    emulator.faults.inject({ action: 'Publish', kind: 'throttle', times: 2 });
    const retrying = clientWith();

    // Act
    const error = await failure(client.send(new PublishCommand({ TopicArn: ALERTS_ARN, Message: 'first' })));
    const output = await retrying.send(new PublishCommand({ TopicArn: ALERTS_ARN, Message: 'second' }));
    retrying.destroy();

    // Assess
    expect(error).toBeInstanceOf(ThrottledException);
    expect(error).toMatchObject({
      name: 'ThrottledException',
      message: 'Rate exceeded',
      $metadata: { httpStatusCode: 429 },
    });
    expect(output.$metadata.attempts).toBe(2);
    expect(emulator.published.map((published) => published.message)).toEqual(['second']);
  });

  it('answers an injected server error as a 503 ServiceUnavailable', async () => {
    // Prepare
    emulator.createTopic('failover-alerts');
    emulator.faults.inject({ action: 'Publish', kind: 'server-error' });

    // Act
    const error = await failure(client.send(new PublishCommand({ TopicArn: ALERTS_ARN, Message: 'hi' })));

    // Assess
    expect(error).toMatchObject({
      name: 'ServiceUnavailable',
      $fault: 'server',
      $metadata: { httpStatusCode: 503 },
    });
    expect(emulator.calls.map((call) => [call.action, call.errorCode])).toEqual([
      ['Publish', 'ServiceUnavailable'],
    ]);
  });

  it('is reachable through AWS_ENDPOINT_URL_SNS with no endpoint option', async () => {
    // Prepare
    emulator.createTopic('failover-alerts');
    const previous = process.env['AWS_ENDPOINT_URL_SNS'];
    process.env['AWS_ENDPOINT_URL_SNS'] = server.url;
    const fromEnv = new SNSClient({ region: 'us-east-1', credentials, maxAttempts: 1 });

    // Act
    try {
      await fromEnv.send(new PublishCommand({ TopicArn: ALERTS_ARN, Message: 'hi' }));
    } finally {
      fromEnv.destroy();
      if (previous === undefined) delete process.env['AWS_ENDPOINT_URL_SNS'];
      else process.env['AWS_ENDPOINT_URL_SNS'] = previous;
    }

    // Assess
    expect(emulator.published.map((published) => published.message)).toEqual(['hi']);
  });
});
