import { z } from "zod";
import { oneOf, oneOrMany, serviceId, slug, text } from "./fields.ts";
import { KINDS, SEVERITIES } from "./schema.ts";

/**
 * `posts/notify.yaml`: who hears about what (src/notify/). Optional: without it `npm run notify`
 * has nothing to send. Checked by `check` and the build like every other file. Secrets are never in
 * it: a channel names the environment variables that hold them.
 */

export const NOTIFY_FILE = "notify.yaml";

const envName = z
  .string({ error: "expected the name of an environment variable, like NOC_SLACK_WEBHOOK" })
  .regex(/^[A-Z_][A-Z0-9_]*$/, {
    error:
      "expected the name of an environment variable (capitals, digits, _), like NOC_SLACK_WEBHOOK; the secret itself goes in that variable, never in this file",
  });

const address = z.email({ error: "expected an email address, like partners@example.net" });

/** Which events a channel hears: all, unless it narrows them. */
function filters(services: readonly string[] | null) {
  return {
    id: slug("a channel id"),
    /** only posts about one of these services (a notice about no service concerns everyone) */
    services: oneOrMany(serviceId(services)).optional(),
    kinds: oneOrMany(oneOf(KINDS)).optional(),
    /** only posts of at least this severity (a notice has none: it passes only without this) */
    minSeverity: oneOf(SEVERITIES).optional(),
  };
}

function channelSchema(services: readonly string[] | null) {
  const hook = <const T extends string>(type: T) =>
    z.strictObject({ type: z.literal(type), urlEnv: envName, ...filters(services) });
  return z.discriminatedUnion(
    "type",
    [
      z.strictObject({
        type: z.literal("email"),
        ...filters(services),
        from: text("the sender, like NOC <noc@example.net>"),
        to: oneOrMany(address),
        smtp: z.strictObject({
          host: text("the SMTP server's host name"),
          port: z.number({ error: "expected a port number" }).int().min(1).max(65535).default(587),
          /** TLS from the start (port 465); otherwise STARTTLS when the server offers it */
          secure: z.boolean({ error: "expected true or false" }).default(false),
          userEnv: envName.optional(),
          passwordEnv: envName.optional(),
        }),
        /** the mailing list's unsubscribe address or URL, sent as List-Unsubscribe */
        listUnsubscribe: text("a mailto: or https: address").optional(),
      }),
      hook("slack"),
      hook("teams"),
      hook("discord"),
      z.strictObject({ type: z.literal("webhook"), urlEnv: envName, secretEnv: envName, ...filters(services) }),
    ],
    { error: () => "type: expected one of email, slack, teams, discord, webhook" },
  );
}

export function notifySchema(services: readonly string[] | null) {
  return z.strictObject({
    /** the record of what was sent, relative to the working folder; keep it between runs */
    ledger: text("a file path").default("notify-ledger.json"),
    /** events older than this are recorded as sent without sending: a first run does not flood anyone */
    maxAgeHours: z.number({ error: "expected a number of hours" }).positive().default(24),
    /** reminders before a maintenance's first window, in hours before it starts */
    reminderHours: z.array(z.number({ error: "expected a number of hours" }).positive()).default([24, 1]),
    /** how long one delivery may keep retrying after timeouts, 5xx and 429 */
    retrySeconds: z.number({ error: "expected a number of seconds" }).nonnegative().default(60),
    channels: z.array(channelSchema(services)).superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((c, i) => {
        if (seen.has(c.id))
          ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate channel id "${c.id}"` });
        seen.add(c.id);
      });
    }),
  });
}

export type NotifyConfig = z.output<ReturnType<typeof notifySchema>>;
export type Channel = NotifyConfig["channels"][number];

let fields: readonly string[] | undefined;

/**
 * Field names notify.yaml may hold, for "did you mean" on an unknown one. Made when first asked
 * for: a build of a site without notify.yaml builds none of these schemas.
 */
export function notifyFields(): readonly string[] {
  if (!fields) {
    const shape = notifySchema(null);
    const [email, ...hooks] = channelSchema(null).options;
    const channels = [email, ...hooks].flatMap((o) => Object.keys(o.shape));
    fields = [...new Set([...Object.keys(shape.shape), ...channels, ...Object.keys(email.shape.smtp.shape)])];
  }
  return fields;
}
