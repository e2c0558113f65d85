/**
 * @module Counting the requests an AWS SDK client sends, by command.
 */
import type {
  HandlerExecutionContext,
  InitializeHandler,
  MiddlewareStack,
} from '@smithy/types';

/** Requests sent, by command name (e.g. `BatchGetItemCommand`). */
export type RequestCounts = Record<string, number>;

/**
 * Adds a middleware that counts every request the client sends, retries
 * excluded (it sits before the retry step). Returns the live counts.
 */
export const countRequests = (client: {
  // biome-ignore lint/suspicious/noExplicitAny: any client's stack fits
  middlewareStack: MiddlewareStack<any, any>;
}): RequestCounts => {
  const counts: RequestCounts = {};
  client.middlewareStack.add(
    (
      next: InitializeHandler<object, object>,
      context: HandlerExecutionContext
    ) =>
      async (args) => {
        const name = context.commandName ?? 'unknown';
        counts[name] = (counts[name] ?? 0) + 1;
        return next(args);
      },
    { step: 'initialize', name: 'triplineCountRequests' }
  );

  return counts;
};
