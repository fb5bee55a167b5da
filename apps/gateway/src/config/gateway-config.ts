import {
  AddressRanges,
  PRIVATE_NETWORKS,
  baseEnvShape,
  imageMaxEdgeShape,
  metricsListenerShape,
  nonNegativeInt,
  parseEnv,
  positiveInt,
  publicUrlShape,
  requirePublicUrlInProduction,
  requireSafeSecretKey,
  unsetIfEmpty,
  withDefaultPublicUrl,
} from '@wildid/common';
import { z } from 'zod';

const emailList = z.preprocess(
  (value) => (typeof value === 'string' ? value : ''),
  z
    .string()
    .transform((value) => value.split(',').map((email) => email.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.email('must be a comma-separated list of email addresses'))),
);

/** CIDR ranges, comma-separated; each must parse, so a typo stops the start instead of opening or closing access. */
const addressRanges = (defaults: string[]) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? value : defaults.join(',')),
    z
      .string()
      .transform((value) => value.split(',').map((cidr) => cidr.trim()).filter(Boolean))
      .superRefine((cidrs, ctx) => {
        try {
          new AddressRanges(cidrs);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }),
  );

/** A share from 0 to 1, such as a model's confidence. */
const fraction = (defaultValue: number) =>
  z.preprocess(
    unsetIfEmpty,
    z.coerce.number({ error: 'must be a number from 0 to 1' }).min(0, 'must be 0 or more').max(1, 'must be at most 1').default(defaultValue),
  );

export const gatewayEnvSchema = z
  .object({
    ...baseEnvShape,
    ...publicUrlShape,
    // Prometheus /metrics on its own listener, never on PORT (0 turns it off).
    ...metricsListenerShape,
    // The long edge of the stored photo, which is what the model is sent.
    ...imageMaxEdgeShape,
    PORT: positiveInt(3000).refine((port) => port < 65536, 'must be a TCP port (1-65535)'),
    /** Express `trust proxy`: which hops may set X-Forwarded-For (the client IP for rate limits). */
    TRUST_PROXY: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('loopback')),
    UPLOAD_MAX_BYTES: positiveInt(10 * 1024 * 1024),
    /** Uploads one client IP may have in flight at once on this gateway (each holds up to UPLOAD_MAX_BYTES in memory); 0: no cap. */
    UPLOAD_MAX_CONCURRENT_PER_IP: nonNegativeInt(4),
    /** A request must be received whole within this (slow uploads cannot hold memory for ever); headers within the second. */
    /** `image` files in one POST /api/batches/:id/photos (each at most UPLOAD_MAX_BYTES). */
    BATCH_MAX_FILES_PER_REQUEST: positiveInt(100),
    /** The zip of one POST /api/batches/:id/photos, streamed to a temporary file. */
    BATCH_MAX_ARCHIVE_BYTES: positiveInt(500 * 1024 * 1024),
    /** Photos of a batch taken within this many seconds of each other form one event (a burst). */
    BURST_GAP_SECONDS: positiveInt(60),
    /** POST /api/batches/:id/photos requests one client IP may have in flight at once on this gateway; 0: no cap. */
    BATCH_MAX_CONCURRENT_PER_IP: nonNegativeInt(2),
    /** How long a batch upload (a large archive on a slow uplink) may take to arrive; every other request has HTTP_REQUEST_TIMEOUT_MS. */
    BATCH_UPLOAD_TIMEOUT_MS: positiveInt(30 * 60_000),
    /** Batch photos of one user in the identify queue at once; the rest wait in Postgres and are fed in as these finish. */
    BATCH_MAX_IN_FLIGHT_PER_USER: positiveInt(32),
    /** Model answers nobody confirmed or corrected whose confidence is below this (or unknown) "need a look". */
    REVIEW_BELOW_CONFIDENCE: fraction(0.7),
    HTTP_REQUEST_TIMEOUT_MS: positiveInt(120_000),
    HTTP_HEADERS_TIMEOUT_MS: positiveInt(20_000),
    ANON_RETENTION_HOURS: positiveInt(24),
    IDENTIFY_ATTEMPTS: positiveInt(5),
    IDENTIFY_BACKOFF_MS: positiveInt(2_000),
    MAIL_ATTEMPTS: positiveInt(8),
    MAIL_BACKOFF_MS: positiveInt(5_000),
    DATABASE_POOL_SIZE: positiveInt(10),
    MAGIC_LINK_TTL_MINUTES: positiveInt(15),
    SESSION_IDLE_HOURS: positiveInt(7 * 24),
    SESSION_ABSOLUTE_DAYS: positiveInt(30),
    /** How often each gateway closes the sockets of sessions that expired or ended unannounced (at most a minute). */
    SESSION_SOCKET_CHECK_MS: positiveInt(30_000).refine((ms) => ms <= 60_000, 'must be at most 60000 (a minute)'),
    ADMIN_EMAILS: emailList,
    // 0 turns a limit off.
    RATE_LIMIT_MAGIC_LINK_PER_EMAIL_HOUR: nonNegativeInt(5),
    RATE_LIMIT_MAGIC_LINK_PER_IP_HOUR: nonNegativeInt(30),
    RATE_LIMIT_UPLOADS_PER_MINUTE: nonNegativeInt(30),
    /** Sign-in link checks and redemptions (GET /auth/verify and its POST) per client IP per hour. */
    RATE_LIMIT_VERIFY_PER_IP_HOUR: nonNegativeInt(60),
    /** GET /api/identifications/:id and its image, per client IP per minute (the web app polls every 2.5 s when offline). */
    RATE_LIMIT_STATUS_READS_PER_MINUTE: nonNegativeInt(300),
    /** socket.io connections opened per client IP per minute. */
    RATE_LIMIT_SOCKET_CONNECTIONS_PER_MINUTE: nonNegativeInt(60),
    /** socket `subscribe` calls per client IP per minute. */
    RATE_LIMIT_SOCKET_SUBSCRIBES_PER_MINUTE: nonNegativeInt(300),
    /** Reports of wrong identifications (POST /api/identifications/:id/report) per client IP per hour. */
    REPORT_RATE_LIMIT: nonNegativeInt(20),
    /** Peers (after TRUST_PROXY) that see health details besides admins: Docker health checks, Prometheus. */
    HEALTH_DETAILS_FROM: addressRanges(PRIVATE_NETWORKS),
    /** Identifications one socket may follow at once; more is abuse, not a person. */
    SOCKET_MAX_SUBSCRIPTIONS: positiveInt(100),
  })
  .superRefine(requireSafeSecretKey)
  .superRefine(requirePublicUrlInProduction)
  .refine((env) => env.HTTP_REQUEST_TIMEOUT_MS <= env.BATCH_UPLOAD_TIMEOUT_MS, {
    path: ['BATCH_UPLOAD_TIMEOUT_MS'],
    message: 'must not be shorter than HTTP_REQUEST_TIMEOUT_MS',
  })
  .refine((env) => env.HTTP_HEADERS_TIMEOUT_MS <= env.HTTP_REQUEST_TIMEOUT_MS, {
    path: ['HTTP_HEADERS_TIMEOUT_MS'],
    message: 'must not be longer than HTTP_REQUEST_TIMEOUT_MS',
  })
  .transform(withDefaultPublicUrl);

export type GatewayConfig = z.infer<typeof gatewayEnvSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function loadGatewayConfig(): GatewayConfig {
  return parseEnv('gateway', gatewayEnvSchema);
}
