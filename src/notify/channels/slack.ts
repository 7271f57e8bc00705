import { type Message, truncate } from "../message.ts";

/**
 * Slack incoming webhook, Block Kit: a header (at most 150 characters), the facts and the text in
 * sections (at most 3,000 characters each), a link. `text` is the notification's fallback.
 */
export const SLACK_LIMITS = { header: 150, section: 3000, text: 3000 } as const;

export function slackPayload(m: Message): object {
  const facts = [
    m.when ? `*${m.status}* · ${m.when}` : `*${m.status}*`,
    m.services.length ? `Services: ${m.services.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  const blocks: object[] = [
    { type: "header", text: { type: "plain_text", text: truncate(m.title, SLACK_LIMITS.header), emoji: false } },
    { type: "section", text: { type: "mrkdwn", text: truncate(escapeMrkdwn(facts), SLACK_LIMITS.section) } },
  ];
  if (m.windows.length) {
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(m.windows.map((w) => `• ${escapeMrkdwn(w)}`).join("\n"), SLACK_LIMITS.section),
      },
    });
  }
  if (m.body) {
    blocks.push({
      type: "section",
      text: { type: "plain_text", text: truncate(m.body, SLACK_LIMITS.section), emoji: false },
    });
  }
  blocks.push({ type: "section", text: { type: "mrkdwn", text: `<${m.url}|More, and every update>` } });
  return { text: truncate(`${m.subject}`, SLACK_LIMITS.text), blocks };
}

/** Slack's mrkdwn reads &, < and > as markup. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
