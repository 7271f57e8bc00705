import type { Channel } from "../model/notify-schema.ts";
import type { Site } from "../model/site.ts";
import { discordPayload } from "./channels/discord.ts";
import { sendEmail } from "./channels/email.ts";
import { slackPayload } from "./channels/slack.ts";
import { teamsPayload } from "./channels/teams.ts";
import { signatureHeaders, webhookBody } from "./channels/webhook.ts";
import { DeliveryError, postJson } from "./deliver.ts";
import type { Message } from "./message.ts";

/**
 * A configured channel, ready to send: its secrets read from the environment variables notify.yaml
 * names. What it says of itself (`to`) names the variable, never its value.
 */
export interface Sender {
  /** "partners@example.net", "$NOC_SLACK_WEBHOOK" */
  to: string;
  /** what the message would be in this channel's format, for --dry-run */
  preview(m: Message): string;
  send(m: Message): Promise<void>;
}

export function makeSender(channel: Channel, site: Site, env: NodeJS.ProcessEnv): Sender {
  const secret = (name: string): string => {
    const value = env[name];
    if (!value) throw new DeliveryError(`the environment variable ${name} is not set`, true);
    return value;
  };
  const hook = (urlEnv: string, payload: (m: Message) => object): Sender => ({
    to: `$${urlEnv}`,
    preview: (m) => JSON.stringify(payload(m), null, 2),
    send: (m) => postJson(secret(urlEnv), JSON.stringify(payload(m))),
  });
  switch (channel.type) {
    case "email": {
      const to = Array.isArray(channel.to) ? channel.to : [channel.to];
      const { userEnv, passwordEnv } = channel.smtp;
      return {
        to: to.join(", "),
        preview: (m) => `Subject: ${m.subject}\n\n${m.text}`,
        send: (m) =>
          sendEmail(
            m,
            channel,
            site,
            userEnv || passwordEnv
              ? { user: userEnv ? secret(userEnv) : "", pass: passwordEnv ? secret(passwordEnv) : "" }
              : undefined,
          ),
      };
    }
    case "slack":
      return hook(channel.urlEnv, slackPayload);
    case "teams":
      return hook(channel.urlEnv, teamsPayload);
    case "discord":
      return hook(channel.urlEnv, (m) => discordPayload(m, site.settings.title));
    case "webhook":
      return {
        to: `$${channel.urlEnv}`,
        preview: (m) => webhookBody(m, site),
        send: (m) => {
          const body = webhookBody(m, site);
          const headers = signatureHeaders(m.event.id, body, secret(channel.secretEnv), Math.floor(Date.now() / 1000));
          return postJson(secret(channel.urlEnv), body, headers);
        },
      };
  }
}
