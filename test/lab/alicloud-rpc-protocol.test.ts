import { createPopClient, isPopError, type PopClient } from '../../lab/alicloud/pop-client';
import { decodeRepeatList, decodeValueList } from '../../lab/alicloud/rpc-params';
import { percentEncode, signRpc, stringToSign } from '../../lab/alicloud/rpc-signature';
import { RdsEmulator, type RdsNetInfoResponse } from '../../lab/alicloud/rds-emulator';
import { startRpcServer, type RpcServer } from '../../lab/alicloud/server';

const KEY_ID = 'LTAI5tLabKey0001';
const SECRET = 'lab-secret-not-a-real-key';
const NET_INFO = {
  ConnectionString: 'rm-lab0001.mysql.rds.aliyuncs.com',
  IPAddress: '10.0.2.15',
  IPType: 'Private',
  Port: '3306',
  ConnectionStringType: 'Normal',
} as const;

let rds: RdsEmulator;
let server: RpcServer;

const clientWith = (config: {
  accessKeyId?: string;
  accessKeySecret?: string;
  apiVersion?: string;
  securityToken?: string;
}): PopClient =>
  createPopClient({
    endpoint: server.url,
    apiVersion: config.apiVersion ?? '2014-08-15',
    accessKeyId: config.accessKeyId ?? KEY_ID,
    accessKeySecret: config.accessKeySecret ?? SECRET,
    securityToken: config.securityToken,
  });

const failure = async (call: Promise<unknown>): Promise<unknown> =>
  call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );

/** A request signed by hand, for what pop-core never sends (a replayed nonce, a wrong status). */
const signedForm = (overrides: Record<string, string> = {}, secret = SECRET): string => {
  const params = new URLSearchParams({
    Action: 'DescribeDBInstanceNetInfo',
    Version: '2014-08-15',
    Format: 'JSON',
    Timestamp: '2026-01-01T00:00:00Z',
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: 'lab-nonce-1',
    AccessKeyId: KEY_ID,
    DBInstanceId: 'rm-lab0001',
    ...overrides,
  });
  params.set('Signature', signRpc('POST', params, secret));
  return params.toString();
};

const postForm = (body: string): Promise<Response> =>
  fetch(`${server.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });

beforeEach(async () => {
  rds = new RdsEmulator({ now: () => 1_767_225_600_000 });
  rds.setNetInfo('rm-lab0001', [NET_INFO]);
  server = await startRpcServer(rds, {
    credentials: { [KEY_ID]: SECRET },
    newRequestId: () => 'LAB-REQUEST-ID',
  });
});

afterEach(async () => {
  await server.close();
});

describe('RPC signature v1', () => {
  it('signs the documented example to the documented signature', () => {
    // Prepare: the DescribeRegions example of the Alibaba Cloud signature documentation, keys out of order.
    const params: [string, string][] = [
      ['Version', '2014-05-26'],
      ['Timestamp', '2016-02-23T12:46:24Z'],
      ['SignatureVersion', '1.0'],
      ['SignatureNonce', '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf'],
      ['SignatureMethod', 'HMAC-SHA1'],
      ['Format', 'XML'],
      ['Action', 'DescribeRegions'],
      ['AccessKeyId', 'testid'],
    ];

    // Act
    const text = stringToSign('GET', params);
    const signature = signRpc('GET', params, 'testsecret');

    // Assess
    expect(text).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
        '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
        '%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(signature).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it.each([
    ['a space', 'a b', 'a%20b'],
    ['the five characters encodeURIComponent leaves', "!'()*", '%21%27%28%29%2A'],
    ['the unreserved ones', '~-_.', '~-_.'],
    ['a plus', '1+1', '1%2B1'],
    ['non-ASCII as UTF-8', 'é', '%C3%A9'],
  ])('percent-encodes %s', (_label, text, expected) => {
    expect(percentEncode(text)).toBe(expected);
  });
});

describe('repeat lists', () => {
  it('orders structures by their number, not by the text of the key', () => {
    // Prepare
    const params = new URLSearchParams(
      'Servers.10.ServerId=10.0.0.10&Servers.2.ServerId=10.0.0.2&Servers.1.ServerId=10.0.0.1&Servers.1.Port=3306&ServersX.1.ServerId=x',
    );

    // Act
    const servers = decodeRepeatList(params, 'Servers');

    // Assess
    expect(servers).toEqual([
      { ServerId: '10.0.0.1', Port: '3306' },
      { ServerId: '10.0.0.2' },
      { ServerId: '10.0.0.10' },
    ]);
  });

  it('decodes a list of values and tells an absent list of structures', () => {
    // Prepare
    const params = new URLSearchParams('ServerIps.2=10.0.0.2&ServerIps.1=10.0.0.1');

    // Act
    const ips = decodeValueList(params, 'ServerIps');
    const servers = decodeRepeatList(params, 'Servers');

    // Assess
    expect(ips).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(servers).toBeUndefined();
  });
});

describe('startRpcServer with the real pop-core client', () => {
  it('accepts a POST signed by pop-core and logs the action parameters only', async () => {
    // Prepare
    const client = clientWith({});

    // Act
    const response = await client.request<RdsNetInfoResponse>(
      'DescribeDBInstanceNetInfo',
      { DBInstanceId: 'rm-lab0001' },
      { method: 'POST' },
    );

    // Assess
    expect(response).toEqual({
      RequestId: 'LAB-REQUEST-ID',
      DBInstanceNetInfos: { DBInstanceNetInfo: [NET_INFO] },
      InstanceNetworkType: 'VPC',
    });
    expect(rds.calls).toEqual([
      {
        action: 'DescribeDBInstanceNetInfo',
        params: { DBInstanceId: 'rm-lab0001' },
        securityTokenSent: false,
        at: 1_767_225_600_000,
      },
    ]);
  });

  it('accepts a GET, pop-core’s default, with the parameters in the URL', async () => {
    // Prepare
    const client = clientWith({});

    // Act
    const response = await client.request<RdsNetInfoResponse>('DescribeDBInstanceNetInfo', {
      DBInstanceId: 'rm-lab0001',
    });

    // Assess
    expect(response.DBInstanceNetInfos.DBInstanceNetInfo).toEqual([NET_INFO]);
  });

  it("verifies values with spaces, ! ' ( ) * and non-ASCII, which pop-core encodes beyond encodeURIComponent", async () => {
    // Prepare
    const client = clientWith({});

    // Act
    const error = await failure(
      client.request('DescribeDBInstanceNetInfo', { DBInstanceId: "rm (lab)*! 'é'" }, { method: 'POST' }),
    );

    // Assess: the signature passed, so the emulator got to look the instance up.
    expect(error).toMatchObject({ code: 'InvalidDBInstanceId.NotFound' });
    expect(rds.calls.map((call) => call.params)).toEqual([{ DBInstanceId: "rm (lab)*! 'é'" }]);
  });

  it('records that an STS SecurityToken was sent, never its value', async () => {
    // Prepare
    const client = clientWith({ securityToken: 'CAIS-lab-sts-token-value' });

    // Act
    await client.request('DescribeDBInstanceNetInfo', { DBInstanceId: 'rm-lab0001' }, { method: 'POST' });

    // Assess
    expect(rds.calls).toEqual([
      {
        action: 'DescribeDBInstanceNetInfo',
        params: { DBInstanceId: 'rm-lab0001' },
        securityTokenSent: true,
        at: 1_767_225_600_000,
      },
    ]);
    expect(JSON.stringify(rds.calls)).not.toContain('CAIS-lab-sts-token-value');
  });

  it('makes pop-core throw SignatureDoesNotMatch for a wrong secret, with the server string to sign', async () => {
    // Prepare
    const client = clientWith({ accessKeySecret: 'not-the-secret' });

    // Act
    const error = await failure(
      client.request('DescribeDBInstanceNetInfo', { DBInstanceId: 'rm-lab0001' }, { method: 'POST' }),
    );

    // Assess
    expect(isPopError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'SignatureDoesNotMatchError',
      code: 'SignatureDoesNotMatch',
      data: { RequestId: 'LAB-REQUEST-ID', Code: 'SignatureDoesNotMatch' },
      entry: { response: { statusCode: 400 } },
    });
    expect(isPopError(error) && error.data.Message).toMatch(
      /^Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3DLTAI5tLabKey0001%26Action%3DDescribeDBInstanceNetInfo%26/,
    );
    expect(rds.calls).toEqual([]);
  });

  it('answers an unknown AccessKeyId with InvalidAccessKeyId.NotFound and HTTP 404', async () => {
    // Prepare
    const client = clientWith({ accessKeyId: 'LTAI5tNobody' });

    // Act
    const error = await failure(
      client.request('DescribeDBInstanceNetInfo', { DBInstanceId: 'rm-lab0001' }, { method: 'POST' }),
    );

    // Assess
    expect(error).toMatchObject({
      code: 'InvalidAccessKeyId.NotFound',
      data: { Message: 'Specified access key is not found.' },
      entry: { response: { statusCode: 404 } },
    });
    expect(rds.calls).toEqual([]);
  });

  it('answers an error body with RequestId, HostId, Code, Message and Recommend', async () => {
    // Prepare
    const host = server.url.replace('http://', '');

    // Act
    const response = await postForm(signedForm({ DBInstanceId: 'rm-missing' }));

    // Assess
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
    expect(await response.json()).toEqual({
      RequestId: 'LAB-REQUEST-ID',
      HostId: host,
      Code: 'InvalidDBInstanceId.NotFound',
      Message: 'The specified instance is not found.',
      Recommend:
        'https://api.aliyun.com/troubleshoot?q=InvalidDBInstanceId.NotFound&product=Rds&requestId=LAB-REQUEST-ID',
    });
  });

  it('refuses a replayed SignatureNonce with SignatureNonceUsed', async () => {
    // Prepare
    const body = signedForm();
    await postForm(body);

    // Act
    const replay = await postForm(body);

    // Assess
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({
      Code: 'SignatureNonceUsed',
      Message: 'Specified signature nonce was used already.',
    });
    expect(rds.calls).toHaveLength(1);
  });

  it.each([
    ['SignatureMethod', { SignatureMethod: 'HMAC-SHA256' }, 'IncompleteSignature', 400],
    ['SignatureVersion', { SignatureVersion: '2.0' }, 'IncompleteSignature', 400],
    ['Format', { Format: 'XML' }, 'InvalidParameter', 400],
    ['Timestamp', { Timestamp: '2026-01-01 00:00:00' }, 'InvalidTimeStamp.Format', 400],
  ])('refuses a request with a wrong %s', async (_label, overrides, code, status) => {
    // Act
    const response = await postForm(signedForm(overrides));

    // Assess
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ Code: code });
  });

  it('refuses another API version with InvalidVersion, logged', async () => {
    // Prepare
    const client = clientWith({ apiVersion: '2014-05-15' });

    // Act
    const error = await failure(client.request('DescribeDBInstanceNetInfo', { DBInstanceId: 'rm-lab0001' }));

    // Assess
    expect(error).toMatchObject({
      code: 'InvalidVersion',
      data: { Message: 'Specified parameter Version is not valid.' },
      entry: { response: { statusCode: 400 } },
    });
    expect(rds.calls.map((call) => [call.action, call.errorCode])).toEqual([
      ['DescribeDBInstanceNetInfo', 'InvalidVersion'],
    ]);
  });

  it('refuses an action the emulator does not serve with InvalidAction.NotFound and HTTP 404', async () => {
    // Prepare
    const client = clientWith({});

    // Act
    const error = await failure(client.request('DescribeDBInstances', {}, { method: 'POST' }));

    // Assess
    expect(error).toMatchObject({
      code: 'InvalidAction.NotFound',
      data: { Message: 'Specified api is not found, please check your url and method.' },
      entry: { response: { statusCode: 404 } },
    });
  });

  it('sees a camel-case key as pop-core sends it: only its first letter upper-cased', async () => {
    // Prepare
    const client = clientWith({});

    // Act
    const error = await failure(
      client.request('DescribeDBInstanceNetInfo', { dbInstanceId: 'rm-lab0001' }, { method: 'POST' }),
    );

    // Assess
    expect(error).toMatchObject({
      code: 'MissingParameter',
      data: {
        Message:
          'The input parameter "DBInstanceId" that is mandatory for processing this request is not supplied.',
      },
    });
    expect(rds.calls.map((call) => call.params)).toEqual([{ DbInstanceId: 'rm-lab0001' }]);
  });

  it('closes at once although pop-core keeps its connection alive', async () => {
    // Prepare
    await clientWith({}).request(
      'DescribeDBInstanceNetInfo',
      { DBInstanceId: 'rm-lab0001' },
      { method: 'POST' },
    );
    const startedAt = performance.now();

    // Act
    await server.close();
    const elapsedMs = performance.now() - startedAt;
    server = await startRpcServer(rds, { credentials: {} });

    // Assess
    expect(elapsedMs).toBeLessThan(1_000);
  });
});
