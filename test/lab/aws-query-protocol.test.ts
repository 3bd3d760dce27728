import { FaultInjector } from '../../lab/aws/faults';
import {
  decodeMemberList,
  QueryError,
  renderError,
  renderSuccess,
  xmlEscape,
} from '../../lab/aws/query-protocol';

describe('decodeMemberList', () => {
  it('orders members by their number, not by the text of the key', () => {
    // Prepare
    const params = new URLSearchParams(
      'Targets.member.10.Id=10.0.0.10&Targets.member.2.Id=10.0.0.2&Targets.member.1.Id=10.0.0.1&Targets.member.1.Port=5432',
    );

    // Act
    const members = decodeMemberList(params, 'Targets');

    // Assess
    expect(members).toEqual([{ Id: '10.0.0.1', Port: '5432' }, { Id: '10.0.0.2' }, { Id: '10.0.0.10' }]);
  });

  it.each([
    ['absent', 'TargetGroupArn=arn', undefined],
    ['sent empty, as the SDK serializes []', 'TargetGroupArn=arn&Targets=', []],
  ])('tells a list that is %s', (_label, body, expected) => {
    // Prepare
    const params = new URLSearchParams(body);

    // Act
    const members = decodeMemberList(params, 'Targets');

    // Assess
    expect(members).toEqual(expected);
  });
});

describe('envelopes', () => {
  it('renders a success envelope with the result element the SDK looks for', () => {
    // Act
    const xml = renderSuccess({
      action: 'Publish',
      xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
      resultXml: '<MessageId>m-1</MessageId>',
      requestId: 'r-1',
    });

    // Assess
    expect(xml).toBe(
      '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult>' +
        '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>',
    );
  });

  it('renders a server fault as Type Receiver with its message escaped', () => {
    // Prepare
    const error = new QueryError('ServiceUnavailable', 'a < b & "c"', 503);

    // Act
    const xml = renderError(error, 'urn:x', 'r-2');

    // Assess
    expect(xml).toBe(
      '<ErrorResponse xmlns="urn:x"><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code>' +
        '<Message>a &lt; b &amp; &quot;c&quot;</Message></Error><RequestId>r-2</RequestId></ErrorResponse>',
    );
  });

  it('escapes the five XML special characters', () => {
    expect(xmlEscape(`<a href='x'>&"`)).toBe('&lt;a href=&apos;x&apos;&gt;&amp;&quot;');
  });
});

describe('FaultInjector.inject', () => {
  it.each([
    [{ action: 'Publish', kind: 'delay' as const }, 'fault.delayMs must be set'],
    [
      { action: 'Publish', kind: 'throttle' as const, times: 0 },
      'fault.times must be a positive integer, got 0',
    ],
  ])('refuses a fault that could never fire as asked: %o', (fault, message) => {
    // Prepare
    const faults = new FaultInjector();

    // Act
    const inject = (): void => faults.inject(fault);

    // Assess
    expect(inject).toThrow(message);
    expect(faults.pending()).toEqual([]);
  });
});
