import { scrubSecrets } from '../core/scrub';
import { capText, wellFormed } from '../core/text';
import type { AlertMessage, ConfigurationFailureReport } from './message';

// A bindings file may hold hundreds of problems: the first ones say what is wrong, the count the rest.
const MAX_PROBLEMS = 20;
const PROBLEM_MAX = 300;
const SUBJECT_MAX = 99;

/**
 * The alert for a function that cannot start: its bindings file (or the rest of its configuration) did
 * not load, so nothing was reconciled, and nothing will be until someone fixes it. The problems are the
 * error's own lines (a `ConfigError` names binding and field, never a webhook's URL), scrubbed anyway.
 */
export function configurationFailureMessage(
  error: { readonly name: string; readonly message: string; readonly problems?: readonly string[] },
  functionName: string,
  trigger: string,
): AlertMessage {
  const lines = error.problems ?? error.message.split('\n').slice(0, 1);
  const clean = (text: string, max: number) => capText(wellFormed(scrubSecrets(text)), max);
  const problems = lines.slice(0, MAX_PROBLEMS).map((line) => clean(line, PROBLEM_MAX));
  const more = lines.length - problems.length;
  const name = clean(functionName, 64);
  const report: ConfigurationFailureReport = {
    kind: 'configuration-failed',
    function: name,
    error: clean(error.name, 64),
    problems: more > 0 ? [...problems, `... and ${more} more`] : problems,
  };
  const subject = `rds-failover-sync: CONFIGURATION FAILED: ${name} cannot start`.replace(
    /[^\x20-\x7e]/g,
    '?',
  );
  return {
    subject: subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 3)}...` : subject,
    summary: [
      { text: `${name}: ${report.error}: its configuration cannot be used.`, details: report.problems },
      {
        text: 'Nothing was reconciled. Every invocation fails the same way until the configuration is fixed.',
      },
      { text: `Trigger: ${clean(trigger, 200)}.` },
    ],
    report,
    trigger,
  };
}
