import { createHmac } from "node:crypto";
import type { Site } from "../../model/site.ts";
import { StatuspageApi } from "../../views/api/statuspage.ts";
import type { Message } from "../message.ts";

/**
 * A generic webhook, signed the Standard Webhooks way: `webhook-id` is the event id (the same on a
 * retry, so a receiver can drop a repeat), `webhook-timestamp` Unix seconds, and `webhook-signature`
 * `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the secret (`whsec_` and base64, as
 * the Standard Webhooks libraries make them; any other text is used as it is). The body reuses the
 * Statuspage shapes the site's API publishes.
 */
export function webhookBody(m: Message, site: Site): string {
  const api = new StatuspageApi(site);
  const { post } = m.event;
  const subject =
    post.kind === "incident"
      ? { incident: api.incident(post) }
      : post.kind === "maintenance"
        ? { scheduled_maintenance: api.maintenance(post) }
        : { notice: { id: post.id, name: post.title, shortlink: m.url } };
  return JSON.stringify({
    type: m.event.type,
    timestamp: m.event.at.toUTC().toISO(),
    data: {
      event_id: m.event.id,
      subject: m.subject,
      status: m.status,
      text: m.text,
      ...(m.event.update
        ? { update: { status: m.event.update.status, at: m.event.update.at.toUTC().toISO(), body: m.body } }
        : {}),
      ...subject,
    },
  });
}

export function signatureHeaders(id: string, body: string, secret: string, timestamp: number): Record<string, string> {
  const key = secret.startsWith("whsec_") ? Buffer.from(secret.slice("whsec_".length), "base64") : Buffer.from(secret);
  const signature = createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64");
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": `v1,${signature}`,
  };
}
