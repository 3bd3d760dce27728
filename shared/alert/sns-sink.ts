import { PublishCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { AlertSink } from './sink';

/** `arn:aws:sns:us-east-1:123456789012:topic` -> `us-east-1`. */
function regionOf(topicArn: string): string {
  return topicArn.split(':')[3] ?? '';
}

/**
 * Publishes alerts to the binding's SNS topics, each through a client for the topic's own region: the
 * Alibaba functions alert into AWS too, and have no AWS region of their own.
 */
export function createSnsSink(clientFor: (region: string) => SNSClient): AlertSink {
  return (message, binding) =>
    Promise.all(
      binding.alert.sns.map(async (topicArn) => {
        try {
          await clientFor(regionOf(topicArn)).send(
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
