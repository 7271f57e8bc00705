import nodemailer from "nodemailer";
import type { Site } from "../../model/site.ts";
import { authorityDomain } from "../../routes.ts";
import { maintenanceCalendar } from "../../views/calendar/ics.ts";
import { DeliveryError } from "../deliver.ts";
import type { Message } from "../message.ts";

/**
 * Email over SMTP (nodemailer): plain text and HTML parts, and for a maintenance its iCalendar (with
 * the BCOP X-MAINTNOTE properties) as a text/calendar attachment. Message-IDs come from the event
 * and channel, so a message sent twice is the same message; every message about a post refers to
 * the post's first one (In-Reply-To, References), so mail clients thread them.
 */

export interface EmailChannel {
  id: string;
  from: string;
  to: string | string[];
  listUnsubscribe?: string | undefined;
  smtp: { host: string; port: number; secure: boolean };
}

export interface SmtpAuth {
  user: string;
  pass: string;
}

/** `<post-id.update.20261201T1530Z-resolved.partners@noc.example.net>` */
export function messageId(eventId: string, channelId: string, site: Site): string {
  return `<${eventId.replace(/[^A-Za-z0-9-]+/g, ".")}.${channelId}@${authorityDomain(site.settings)}>`;
}

export function emailMessage(m: Message, channel: EmailChannel, site: Site) {
  const { post } = m.event;
  const id = messageId(m.event.id, channel.id, site);
  const root = messageId(`${post.id}/published`, channel.id, site);
  const isRoot = id === root;
  const calendar =
    post.kind === "maintenance" && post.windows.some((w) => w.end)
      ? maintenanceCalendar(site, [post], { name: `${site.settings.title}: ${post.title}` })
      : null;
  return {
    from: channel.from,
    to: channel.to,
    subject: m.subject,
    text: m.text,
    html: m.html,
    messageId: id,
    ...(isRoot ? {} : { inReplyTo: root, references: [root] }),
    date: m.event.at.toJSDate(),
    headers: {
      ...(channel.listUnsubscribe ? { "List-Unsubscribe": channel.listUnsubscribe } : {}),
      "Auto-Submitted": "auto-generated",
    },
    attachments: calendar
      ? [{ filename: `${post.id}.ics`, content: calendar, contentType: "text/calendar; charset=utf-8; method=PUBLISH" }]
      : [],
  };
}

export async function sendEmail(
  m: Message,
  channel: EmailChannel,
  site: Site,
  auth: SmtpAuth | undefined,
): Promise<void> {
  const transport = nodemailer.createTransport({
    host: channel.smtp.host,
    port: channel.smtp.port,
    secure: channel.smtp.secure,
    ...(auth ? { auth } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  try {
    await transport.sendMail(emailMessage(m, channel, site));
  } catch (error) {
    throw smtpFailure(error as { code?: string; responseCode?: number; response?: string; message?: string });
  } finally {
    transport.close();
  }
}

/** 4xx and connection trouble are worth another try; 5xx and bad credentials are not. */
function smtpFailure(error: {
  code?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}): DeliveryError {
  if (error.code === "EAUTH") return new DeliveryError("the SMTP server refused the credentials", true);
  if (error.responseCode) {
    const permanent = error.responseCode >= 500;
    return new DeliveryError(
      `the SMTP server answered ${error.response ?? error.responseCode}`.slice(0, 200),
      permanent,
    );
  }
  return new DeliveryError(`cannot talk to the SMTP server (${error.code ?? error.message ?? "unknown error"})`, false);
}
