/**
 * @module Which triggers go to which webhook destination.
 */
import type { TriplineDeployConfig } from './config-schema.ts';
import { type EventPattern, triggerFiredPattern } from './webhook-body.ts';

/** One EventBridge rule: a destination and the events it receives. */
export type RouteRule = {
  readonly destination: string;
  readonly pattern: EventPattern;
};

/**
 * The rules for the configured routes. The first destination is the
 * default: it receives every trigger that no route sends elsewhere. A
 * trigger named in routes goes only where its routes say; naming it twice
 * fans it out.
 *
 * @example
 * ```ts
 * routeRulesOf(config).map((rule) => rule.destination);
 * ```
 */
export const routeRulesOf = (
  config: Pick<TriplineDeployConfig, 'destinations' | 'routes'>
): RouteRule[] => {
  const [fallback, ...others] = config.destinations;
  if (fallback === undefined) return [];

  const triggersOf = (destination: string): string[] => [
    ...new Set(
      config.routes
        .filter((route) => route.destination === destination)
        .map((route) => route.trigger)
    ),
  ];
  const routedAway = new Set(
    config.routes
      .filter((route) => route.destination !== fallback.name)
      .map((route) => route.trigger)
  );
  for (const trigger of triggersOf(fallback.name)) routedAway.delete(trigger);

  const rules: RouteRule[] = [
    {
      destination: fallback.name,
      pattern: triggerFiredPattern('*', [...routedAway].sort()),
    },
  ];
  for (const destination of others) {
    const triggers = triggersOf(destination.name);
    if (triggers.length > 0) {
      rules.push({
        destination: destination.name,
        pattern: triggerFiredPattern(triggers),
      });
    }
  }

  return rules;
};
