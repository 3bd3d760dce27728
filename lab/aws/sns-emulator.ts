import { randomUUID } from 'node:crypto';
import { FaultInjector } from './faults';
import { QueryError, xmlText } from './query-protocol';
import type { EmulatorOptions, QueryCall, QueryService } from './types';

/** One message accepted by Publish. */
export interface PublishedMessage {
  topicArn: string;
  subject?: string;
  message: string;
  messageId: string;
  /** The emulator's clock when it was accepted. */
  at: number;
}

/** Options of the SNS emulator. */
export interface SnsEmulatorOptions extends EmulatorOptions {
  /** MessageIds; defaults to `randomUUID`. */
  newMessageId?: () => string;
}

const XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';
/** "less than 100 characters long": the Subject member's doc in the SNS API model. */
const MAX_SUBJECT_CHARS = 99;
/**
 * SNS's own throttling error: `ThrottledException`, Query error code `Throttled`, HTTP 429, per the SNS
 * API model (@aws-sdk/client-sns registers `["Throttled", 429]`) and its API reference ("Throttled:
 * Indicates that the rate at which requests have been submitted for this action exceeds the limit for
 * your AWS account", 429). Not the `Throttling` / 400 that ELBv2 answers.
 */
export const SNS_THROTTLE = { code: 'Throttled', message: 'Rate exceeded', httpStatus: 429 } as const;
const MAX_MESSAGE_BYTES = 256 * 1024;
/** AWS: "ASCII text that begins with a letter, number, or punctuation mark; must not include line breaks or control characters". */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A stateful SNS emulator for Publish, with the subject and size checks that make AWS refuse a message. */
export class SnsEmulator implements QueryService {
  readonly xmlNamespace = XML_NAMESPACE;
  readonly version = '2010-03-31';
  readonly faults: FaultInjector;
  readonly calls: QueryCall[] = [];
  readonly published: PublishedMessage[] = [];
  readonly now: () => number;
  private readonly newMessageId: () => string;
  private readonly topics = new Set<string>();

  constructor(options: SnsEmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.newMessageId = options.newMessageId ?? randomUUID;
    this.faults = options.faults ?? new FaultInjector({ throttle: SNS_THROTTLE });
  }

  /** Creates a topic (not a wire action) and returns `arn:aws:sns:us-east-1:123456789012:<name>`. */
  createTopic(name: string): string {
    const arn = `arn:aws:sns:us-east-1:123456789012:${name}`;
    this.topics.add(arn);
    return arn;
  }

  dispatch(action: string, params: URLSearchParams): string {
    if (action !== 'Publish') {
      throw new QueryError('InvalidAction', `Could not find operation ${action} for version ${this.version}`);
    }
    return this.publish(params);
  }

  private publish(params: URLSearchParams): string {
    const topicArn = params.get('TopicArn') ?? params.get('TargetArn');
    const message = params.get('Message');
    const subject = params.get('Subject') ?? undefined;
    if (topicArn === null) {
      throw invalidParameter(
        'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
      );
    }
    if (message === null || message === '') throw invalidParameter('Invalid parameter: Empty message');
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) {
      throw invalidParameter('Invalid parameter: Message too long');
    }
    if (subject !== undefined && (subject.length > MAX_SUBJECT_CHARS || !PRINTABLE_ASCII.test(subject))) {
      throw invalidParameter('Invalid parameter: Subject');
    }
    if (!this.topics.has(topicArn)) throw new QueryError('NotFound', 'Topic does not exist', 404);
    const messageId = this.newMessageId();
    this.published.push({ topicArn, subject, message, messageId, at: this.now() });
    return xmlText('MessageId', messageId);
  }
}

function invalidParameter(message: string): QueryError {
  return new QueryError('InvalidParameter', message);
}
