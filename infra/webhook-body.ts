/**
 * @module The EventBridge pattern and input transformer that turn a
 * `TriggerFired` event into the webhook body, shared by cloud and local.
 */
import { ACTION_SOURCE, TRIGGER_FIRED } from '#core/actions.ts';

/** Every `TriggerFired` event Tripline puts on its bus. */
export const TRIGGER_FIRED_PATTERN = {
  source: [ACTION_SOURCE],
  'detail-type': [TRIGGER_FIRED],
} as const;

/** The detail fields a webhook receives, in body order. */
export const WEBHOOK_BODY_FIELDS = [
  'trigger',
  'action_id',
  'triggeredAt',
  'user_id',
  'event_id',
  'event',
  'user',
  'visit',
  'history',
] as const;

/** One of {@link WEBHOOK_BODY_FIELDS}. */
export type WebhookBodyField = (typeof WEBHOOK_BODY_FIELDS)[number];

/** The input transformer's `InputPathsMap`: each field from the detail. */
export const WEBHOOK_BODY_INPUT_PATHS: Readonly<
  Record<WebhookBodyField, string>
> = Object.fromEntries(
  WEBHOOK_BODY_FIELDS.map((field) => [field, `$.detail.${field}`])
) as Record<WebhookBodyField, string>;

/**
 * The input transformer's `InputTemplate`. A bare `<field>` inserts the
 * field's JSON value (strings keep their quotes), so the body is the
 * detail's fields as one JSON object.
 */
export const WEBHOOK_BODY_TEMPLATE = `{${WEBHOOK_BODY_FIELDS.map(
  (field) => `"${field}": <${field}>`
).join(', ')}}`;

/** An EventBridge event pattern. */
export type EventPattern = Readonly<Record<string, unknown>>;

/**
 * The pattern of a rule that matches the given triggers, or every trigger
 * except `excluded` when `triggers` is `'*'`.
 *
 * @example
 * ```ts
 * triggerFiredPattern(['third-page-view']);
 * triggerFiredPattern('*', ['vip-signup']);
 * ```
 */
export const triggerFiredPattern = (
  triggers: readonly string[] | '*',
  excluded: readonly string[] = []
): EventPattern => {
  if (triggers !== '*') {
    return { ...TRIGGER_FIRED_PATTERN, detail: { trigger: [...triggers] } };
  }
  if (excluded.length === 0) return TRIGGER_FIRED_PATTERN;

  return {
    ...TRIGGER_FIRED_PATTERN,
    detail: { trigger: [{ 'anything-but': [...excluded] }] },
  };
};
