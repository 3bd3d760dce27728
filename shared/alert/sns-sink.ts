import { PublishCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import { regionOfArn } from '../core/arn';
import { scrubSecrets } from '../core/scrub';
import { capUtf8, wellFormed } from '../core/text';
import { summaryText } from './message';
import type { AlertMessage } from './message';
import type { AlertSink } from './sink';

/**
 * An email or SMS subscriber reads the body as it comes: the summary first, then the report as indented
 * JSON under a heading, for whoever needs the detail.
 */
function bodyOf(message: AlertMessage): string {
  const body = `${summaryText(message.summary)}\n\n--- details (JSON) ---\n${JSON.stringify(message.report, null, 2)}\n`;
  // The client URL-encodes the body: a lone surrogate copied from an event made it throw URIError.
  return capUtf8(wellFormed(body), SNS_BODY_MAX_BYTES);
}

// Publish takes at most 256 KB (262,144 bytes) of message (Publish API reference, `Message`).
export const SNS_BODY_MAX_BYTES = 256 * 1024;

/**
 * Publishes alerts to the binding's SNS topics, each through a client for the topic's own region: the
 * Alibaba functions alert into AWS too, and have no AWS region of their own.
 */
export function createSnsSink(clientFor: (region: string) => SNSClient): AlertSink {
  return (message, binding) =>
    Promise.all(
      binding.alert.sns.map(async (topicArn) => {
        try {
          await clientFor(regionOfArn(topicArn)).send(
            new PublishCommand({
              TopicArn: topicArn,
              Subject: wellFormed(message.subject),
              Message: bodyOf(message),
            }),
          );
          return { target: topicArn, ok: true };
        } catch (error) {
          const { name, message: text } = error as Error;
          return { target: topicArn, ok: false, error: scrubSecrets(`${name}: ${text}`) };
        }
      }),
    );
}
