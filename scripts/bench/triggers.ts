/**
 * @module The three triggers the bench evaluates on every event.
 */
import {
  type CompiledTrigger,
  compileTrigger,
  type TriggerSource,
} from '#core/filters.ts';

/**
 * Realistic filters of the three kinds users write most: a count in the
 * history, a condition on the event and the profile, and a campaign
 * condition combined with a count.
 */
export const BENCH_TRIGGER_SOURCES: readonly TriggerSource[] = [
  {
    name: 'third-page-view',
    file: 'bench/third-page-view.jsonata',
    source: `event.event_name = 'page_view'
  and $count(history[event_name = 'page_view']) = 3`,
  },
  {
    name: 'big-purchase-us',
    file: 'bench/big-purchase-us.jsonata',
    source: `event.event_name = 'purchase'
  and event.parameters.custom_params.total_amount > 150
  and user.country = 'US'`,
  },
  {
    name: 'spring-sale-engaged',
    file: 'bench/spring-sale-engaged.jsonata',
    source: `event.parameters.utm_campaign = 'spring_sale'
  and $count(history[parameters.utm_campaign = 'spring_sale']) = 5`,
  },
];

/** The bench triggers, compiled as the function compiles them. */
export const compileBenchTriggers = (): CompiledTrigger[] =>
  BENCH_TRIGGER_SOURCES.map((source) =>
    compileTrigger(source, { timeoutMs: 100 })
  );
