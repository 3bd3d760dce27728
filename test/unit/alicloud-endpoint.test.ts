import { alicloudEndpoint } from '../../shared/alicloud';
import type { AlicloudProduct } from '../../shared/alicloud';

describe('alicloudEndpoint', () => {
  const cases: [AlicloudProduct, string, string][] = [
    ['nlb', 'cn-hangzhou', 'https://nlb.cn-hangzhou.aliyuncs.com'],
    ['nlb', 'ap-southeast-1', 'https://nlb.ap-southeast-1.aliyuncs.com'],
    ['slb', 'cn-hangzhou', 'https://slb.aliyuncs.com'],
    ['slb', 'us-east-1', 'https://slb.aliyuncs.com'],
    ['slb', 'eu-central-1', 'https://slb.eu-central-1.aliyuncs.com'],
    ['rds', 'cn-shanghai', 'https://rds.aliyuncs.com'],
    ['rds', 'cn-zhangjiakou', 'https://rds.cn-zhangjiakou.aliyuncs.com'],
    ['rds', 'ap-northeast-1', 'https://rds.ap-northeast-1.aliyuncs.com'],
    ['metrics', 'cn-hangzhou', 'https://metrics.cn-hangzhou.aliyuncs.com'],
    ['metrics', 'cn-beijing', 'https://metrics.cn-beijing.aliyuncs.com'],
    ['kms', 'cn-hangzhou', 'https://kms.cn-hangzhou.aliyuncs.com'],
    ['kms', 'ap-southeast-1', 'https://kms.ap-southeast-1.aliyuncs.com'],
  ];

  it.each(cases)('%s in %s is %s', (product, region, expected) => {
    // Act
    const endpoint = alicloudEndpoint(product, region, {});
    // Assess
    expect(endpoint).toBe(expected);
  });

  const overrides: [AlicloudProduct, string][] = [
    ['nlb', 'ALICLOUD_ENDPOINT_NLB'],
    ['slb', 'ALICLOUD_ENDPOINT_SLB'],
    ['rds', 'ALICLOUD_ENDPOINT_RDS'],
    ['metrics', 'ALICLOUD_ENDPOINT_CMS'],
    ['kms', 'ALICLOUD_ENDPOINT_KMS'],
  ];

  it.each(overrides)('%s follows %s when it is set', (product, variable) => {
    // Prepare
    const env = { [variable]: ' http://127.0.0.1:18080 ', ALICLOUD_ENDPOINT_OTHER: 'http://elsewhere' };
    // Act
    const endpoint = alicloudEndpoint(product, 'cn-hangzhou', env);
    // Assess
    expect(endpoint).toBe('http://127.0.0.1:18080');
  });

  it("ignores another product's override and a blank one", () => {
    // Prepare
    const env = { ALICLOUD_ENDPOINT_SLB: 'http://127.0.0.1:1', ALICLOUD_ENDPOINT_NLB: '  ' };
    // Act
    const endpoint = alicloudEndpoint('nlb', 'cn-hangzhou', env);
    // Assess
    expect(endpoint).toBe('https://nlb.cn-hangzhou.aliyuncs.com');
  });

  it('refuses a region that is not a region id, rather than build a host from it', () => {
    // Act
    const build = () => alicloudEndpoint('nlb', 'evil.example/x', {});
    // Assess
    expect(build).toThrow(new RangeError('region: "evil.example/x" is not an Alibaba Cloud region id'));
  });
});
