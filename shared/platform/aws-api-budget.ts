import type { FinalizeRequestMiddleware, MiddlewareStack, Provider } from '@smithy/types';
import type { ApiFamily } from './api-budgets';
import type { ApiBudget } from './api-budget';

/** The part of an AWS SDK v3 client that pacing needs. */
export interface PaceableClient<Input extends object, Output extends object> {
  readonly middlewareStack: MiddlewareStack<Input, Output>;
  readonly config: { readonly region: Provider<string> };
}

/** Which buckets a client's calls draw on, when not its configured region's in the function's own account. */
export interface BudgetScope {
  /** The bucket's region; for a global service (Route 53) a fixed name, whatever region signs the call. */
  readonly region?: string;
  /** The account the client's credentials belong to, when they are an assumed role's. */
  readonly account?: string;
}

/** Where the SDK keeps a call's own options in the handler context (`@smithy/core`'s Command). */
const SMITHY_CONTEXT_KEY = '__smithy_context';

/**
 * Paces every attempt of `client`'s calls by `budget`: a middleware in the finalize step at low priority,
 * so inside the retry middleware (a retry waits for its token like any call) and after the request is
 * built. It may run after signing: SigV4 accepts a signature 5 minutes old, and no wait is that long.
 * The call's abort signal (the invocation's deadline) ends the wait too. Commands of no family pass.
 */
export function paceByBudget<Input extends object, Output extends object>(
  client: PaceableClient<Input, Output>,
  budget: ApiBudget,
  familyOf: (commandName: string) => ApiFamily | undefined,
  scope: BudgetScope = {},
): void {
  const middleware: FinalizeRequestMiddleware<Input, Output> = (next, context) => async (args) => {
    const family = familyOf(context.commandName ?? '');
    if (family !== undefined) {
      const smithy = (context as Record<string, unknown>)[SMITHY_CONTEXT_KEY] as
        { abortSignal?: AbortSignal } | undefined;
      const abortSignal = smithy?.abortSignal;
      await budget.acquire(family, scope.region ?? (await client.config.region()), {
        ...(abortSignal ? { abortSignal } : {}),
        ...(scope.account !== undefined ? { account: scope.account } : {}),
      });
    }
    return next(args);
  };
  client.middlewareStack.add(middleware, {
    step: 'finalizeRequest',
    priority: 'low',
    name: 'rdsFailoverSyncApiBudget',
  });
}
