/**
 * @module The webhook destinations and routes of `tripline.config.json`.
 */
import * as z from 'zod';

/** A name usable in CloudFormation logical ids and EventBridge names. */
const DESTINATION_NAME = /^[A-Za-z][A-Za-z0-9-]{0,31}$/;
const DESTINATION_NAME_RULE =
  'must be a letter then up to 31 letters, digits or -';

/** The trigger name rule of `functions/core/filters.ts`. */
const TRIGGER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** A Secrets Manager secret name (never its value). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_NAME_RULE = 'must be a Secrets Manager secret name, not a value';

const int = () => z.number().int();
const httpsUrl = () =>
  z.url({ protocol: /^https$/, error: 'must be an https URL' });

/** How EventBridge authenticates to a webhook; secrets by name only. */
export const authSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('API_KEY'),
      /** Secret JSON: `{ "apiKey": "…" }`. */
      secretName: z.string().regex(SECRET_NAME, SECRET_NAME_RULE),
      headerName: z.string().min(1).max(512).default('x-api-key'),
    })
    .strict(),
  z
    .object({
      type: z.literal('BASIC'),
      /** Secret JSON: `{ "username": "…", "password": "…" }`. */
      secretName: z.string().regex(SECRET_NAME, SECRET_NAME_RULE),
    })
    .strict(),
  z
    .object({
      type: z.literal('OAUTH_CLIENT_CREDENTIALS'),
      /** Secret JSON: `{ "clientId": "…", "clientSecret": "…" }`. */
      secretName: z.string().regex(SECRET_NAME, SECRET_NAME_RULE),
      authorizationEndpoint: httpsUrl(),
      httpMethod: z.enum(['GET', 'POST', 'PUT']).default('POST'),
    })
    .strict(),
]);

/** One webhook destination. */
export const destinationSchema = z
  .object({
    name: z.string().regex(DESTINATION_NAME, DESTINATION_NAME_RULE),
    endpoint: httpsUrl(),
    httpMethod: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
    auth: authSchema,
    rateLimitPerSecond: int().min(1).max(300).default(10),
    /** EventBridge retries: at most 185 attempts and 24 hours. */
    retryAttempts: int().min(0).max(185).default(24),
    maxEventAgeSeconds: int().min(60).max(86_400).default(86_400),
  })
  .strict();

/** One trigger sent to one destination. */
export const routeSchema = z
  .object({
    trigger: z
      .string()
      .regex(TRIGGER_NAME, 'must be 1-64 letters, digits, ".", "_" or "-"'),
    destination: z.string().regex(DESTINATION_NAME, DESTINATION_NAME_RULE),
  })
  .strict();
