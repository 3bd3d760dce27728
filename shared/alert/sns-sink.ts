import { PublishCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { AlertSink } from './sink';

/** Publishes alerts to the binding's SNS topics. */
export function createSnsSink(client: SNSClient): AlertSink {
  return (message, binding) =>
    Promise.all(
      binding.alert.sns.map(async (topicArn) => {
        try {
          await client.send(
            new PublishCommand({ TopicArn: topicArn, Subject: message.subject, Message: message.body }),
          );
          return { target: topicArn, ok: true };
        } catch (error) {
          const { name, message: text } = error as Error;
          return { target: topicArn, ok: false, error: `${name}: ${text}` };
        }
      }),
    );
}
