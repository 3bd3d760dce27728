/**
 * The fields of an ARN (`arn:partition:service:region:account:resource`) the project reads. A string
 * with fewer fields gives `''`: callers have validated the ARN's shape when the bindings file loaded.
 */
export const regionOfArn = (arn: string): string => arn.split(':')[3] ?? '';

export const accountOfArn = (arn: string): string => arn.split(':')[4] ?? '';
