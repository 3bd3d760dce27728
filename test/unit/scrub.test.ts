import fc from 'fast-check';
import { scrubSecrets, scrubbedError } from '../../shared/core/scrub';

describe('scrubSecrets', () => {
  it.each([
    [
      "Alibaba's SignatureDoesNotMatch and its string to sign",
      'Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3DLTAI5tLabLabLabLabLab%26Action%3DListServerGroupServers%26SecurityToken%3DCAISabc%26SignatureMethod%3DHMAC-SHA1',
      'Specified signature is not matched with our calculation. server string to sign is:[redacted]',
    ],
    [
      'a signed query string',
      'https://nlb.aliyuncs.com/?AccessKeyId=LTAI5tAbcdefghijkl&Signature=abc%2Bdef%3D&SecurityToken=CAISxyz&Action=X',
      'https://nlb.aliyuncs.com/?AccessKeyId=[redacted]&Signature=[redacted]&SecurityToken=[redacted]&Action=X',
    ],
    [
      "AWS's canonical request echo, session token header included",
      "does not match. The Canonical String for this request should have been 'POST\n/\n\nx-amz-security-token:IQoJtoken\n' and the String-to-Sign should have been 'AWS4-HMAC-SHA256\nabc'",
      "does not match. The Canonical String for this request should have been '[redacted]' and the String-to-Sign should have been '[redacted]'",
    ],
    [
      'an Authorization header',
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/sns/aws4_request',
      'Authorization: [redacted]',
    ],
    [
      'a DingTalk robot token',
      'POST https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef failed',
      'POST https://oapi.dingtalk.com/robot/send?access_token=[redacted] failed',
    ],
    [
      'a Slack hook path',
      'POST https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXX failed',
      'POST https://hooks.slack.com/services/[redacted] failed',
    ],
    [
      'JSON fields',
      '{"accessKeySecret":"shh","securityToken":"CAIS"}',
      '{"accessKeySecret":"[redacted]","securityToken":"[redacted]"}',
    ],
    [
      'bare AccessKey ids',
      'key AKIAIOSFODNN7EXAMPLE, LTAI5tAbcdefghijkl, ASIAIOSFODNN7EXAMPLE',
      'key [redacted], [redacted], [redacted]',
    ],
    ['a long random token', `token CAIS${'Ab1'.repeat(30)}`, 'token [redacted]'],
    [
      'an ordinary error, untouched',
      'register on aws-elbv2 targetgroup/orders-pg/0000000000000001 failed: ThrottlingException: Rate exceeded',
      'register on aws-elbv2 targetgroup/orders-pg/0000000000000001 failed: ThrottlingException: Rate exceeded',
    ],
    [
      'a long file path, untouched',
      "open '/work/wt/issue8-input/very/long/path/to/the/bindings/file/that/is/longer/than/sixty-four/bindings.yml'",
      "open '/work/wt/issue8-input/very/long/path/to/the/bindings/file/that/is/longer/than/sixty-four/bindings.yml'",
    ],
    ['words ending in sign, untouched', 'design=ok; assign=3', 'design=ok; assign=3'],
  ])('%s', (_what, text, expected) => {
    expect(scrubSecrets(text)).toBe(expected);
  });

  it('removes the caller’s known secrets wherever they appear', () => {
    expect(scrubSecrets('secret is hunter2-hunter2 ok', ['hunter2-hunter2'])).toBe('secret is [redacted] ok');
  });

  it('removes any STS token from a string to sign or a query, whatever its characters', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9+/=]{8,200}$/);
    fc.assert(
      fc.property(token, fc.constantFrom('%3D', '=', '%253D'), (value, equals) => {
        const encoded = equals === '=' ? value : encodeURIComponent(value);
        const text = `server said: Action${equals}X%26SecurityToken${equals}${encoded}%26Version${equals}1`;
        expect(scrubSecrets(text)).not.toContain(encoded);
      }),
    );
  });
});

describe('scrubbedError', () => {
  it('keeps name, code and a scrubbed message, and drops the fields an SDK attaches', () => {
    const thrown = Object.assign(new Error('no. server string to sign is:POST&%2F&SecurityToken%3DCAIS'), {
      name: 'SignatureDoesNotMatchError',
      code: 'SignatureDoesNotMatch',
      data: { Message: 'server string to sign is:...SecurityToken%3DCAIS' },
    });
    const copy = scrubbedError(thrown);
    expect({ name: copy.name, message: copy.message, code: (copy as { code?: string }).code }).toEqual({
      name: 'SignatureDoesNotMatchError',
      message: 'no. server string to sign is:[redacted]',
      code: 'SignatureDoesNotMatch',
    });
    expect(copy).not.toHaveProperty('data');
  });
});
