/** Bad command-line arguments. The script prints the message and its usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** One credential or setting that is missing or malformed, and how to provide it. */
export interface SettingProblem {
  /** The environment variable or flag, e.g. `ALIBABA_CLOUD_REGION (or --region)`. */
  readonly name: string;
  readonly problem: string;
}

/**
 * Credentials or settings missing before anything was bundled or sent: the script prints the message
 * (every problem, and how to set them) and exits 2.
 */
export class MissingSettingsError extends Error {
  override readonly name = 'MissingSettingsError';
  constructor(
    readonly script: string,
    readonly problems: readonly SettingProblem[],
  ) {
    super(
      [
        `${script}: cannot start, ${problems.length} setting(s) missing or invalid:`,
        ...problems.map((p) => `  - ${p.name} ${p.problem}`),
        'Set them in the environment (with temporary STS keys also ALIBABA_CLOUD_SECURITY_TOKEN), e.g.',
        '  export ALIBABA_CLOUD_ACCESS_KEY_ID=<id> ALIBABA_CLOUD_ACCESS_KEY_SECRET=<secret>',
        '  export ALIBABA_CLOUD_ACCOUNT_ID=<account UID> ALIBABA_CLOUD_REGION=cn-hangzhou',
        `or give the flags named above; ${script} --help lists them all.`,
      ].join('\n'),
    );
  }
}

/**
 * `--alarm-contact-group` names no alert contact group of the account: PutResourceMetricRule needs an
 * existing one, and the deploy does not create it (a group without contacts would alert nobody).
 */
export class AlarmContactGroupNotFoundError extends Error {
  override readonly name = 'AlarmContactGroupNotFoundError';
  constructor(readonly contactGroup: string) {
    super(
      `--alarm-contact-group: CloudMonitor has no alert contact group '${contactGroup}'; create it ` +
        '(CloudMonitor console, Alerts > Alert Contacts, or PutContactGroup) with the people to alert, then deploy again',
    );
  }
}
