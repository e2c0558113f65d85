/**
 * @module The user-tracking event: its schema and type.
 */
import * as z from 'zod';

const parametersSchema = z.looseObject({
  custom_params: z.record(z.string(), z.unknown()).optional(),
  utm_source: z.string().nullish(),
  utm_campaign: z.string().nullish(),
  utm_content: z.string().nullish(),
  utm_medium: z.string().nullish(),
  utm_term: z.string().nullish(),
  utm_id: z.string().nullish(),
});

/**
 * A user-tracking event as it arrives on the topic. The four identifying
 * fields are required; the others are typed when present, and unknown
 * fields are kept so a producer can add fields without a release.
 */
export const userEventSchema = z.looseObject({
  event_id: z.string().min(1),
  user_id: z.string().min(1),
  event_type: z.string().min(1),
  timestamp: z.number().int().nonnegative(),
  event_name: z.string().optional(),
  event_displayname: z.string().optional(),
  domain: z.string().optional(),
  is_first_in_visit: z.boolean().optional(),
  is_last_in_visit: z.boolean().optional(),
  is_first_event: z.boolean().optional(),
  is_current: z.boolean().optional(),
  integration: z.string().optional(),
  app: z.string().optional(),
  platform: z.string().optional(),
  is_https: z.boolean().optional(),
  duration: z.number().nonnegative().optional(),
  triggerable: z.boolean().optional(),
  parameters: parametersSchema.optional(),
});

/** A validated user-tracking event. */
export type UserEvent = z.infer<typeof userEventSchema>;
