import { describe, expect, it } from "vitest";
import { notifyEvents } from "../../../src/model/events.ts";
import { DISCORD_LIMITS, discordPayload } from "../../../src/notify/channels/discord.ts";
import { SLACK_LIMITS, slackPayload } from "../../../src/notify/channels/slack.ts";
import { TEAMS_MAX_BYTES, teamsPayload } from "../../../src/notify/channels/teams.ts";
import { message } from "../../../src/notify/message.ts";
import { post, site } from "../../factory.ts";

/** Slack, Teams and Discord bodies follow each service's documented shape and stay within its limits. */

function messageFor(title: string, body: string) {
  const p = post(
    `title: ${JSON.stringify(title)}\nkind: incident\nservice: mail\nseverity: critical\ndate: 2011-07-20 15:45\nupdates:\n  - at: 2011-07-20 16:00\n    status: identified\n    body: ${JSON.stringify(body)}`,
  );
  const s = site([p], "2011-07-20T17:00");
  const event = notifyEvents(s.posts, s.now, { reminderHours: [] }).find((e) => e.update);
  if (!event) throw new Error("no update event");
  return message(event, s);
}

const short = () => messageFor("Mail delays", "A relay is down; <b>not</b> markup & fine.");
const long = () => messageFor(`Mail ${"very ".repeat(100)}slow`, `${"Ünïcödé 🚨 text. ".repeat(3000)}`);

describe("Slack (Block Kit)", () => {
  it("has a fallback text, a header, sections and the link", () => {
    const body = slackPayload(short()) as {
      text: string;
      blocks: { type: string; text: { type: string; text: string } }[];
    };
    expect(body.text).toBe("[Incident · Identified] Mail delays");
    // header, the facts, the impact, the update, the link
    expect(body.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "section", "section"]);
    expect(body.blocks[3]?.text).toEqual({
      type: "plain_text",
      text: "A relay is down; <b>not</b> markup & fine.",
      emoji: false,
    });
    expect(body.blocks[0]?.text).toEqual({ type: "plain_text", text: "Mail delays", emoji: false });
    expect(body.blocks.at(-1)?.text.text).toBe(
      "<https://status.example.net/posts/2011-07-20-test/|More, and every update>",
    );
  });

  it("cuts a long title and body to Slack's limits", () => {
    const body = slackPayload(long()) as { blocks: { type: string; text: { text: string } }[] };
    expect([...(body.blocks[0]?.text.text ?? "")].length).toBeLessThanOrEqual(SLACK_LIMITS.header);
    for (const block of body.blocks) expect([...block.text.text].length).toBeLessThanOrEqual(SLACK_LIMITS.section);
    expect(body.blocks[3]?.text.text.endsWith("…")).toBe(true);
  });
});

describe("Microsoft Teams (Adaptive Card)", () => {
  it("is a message with one Adaptive Card 1.4 and an Open URL action", () => {
    const body = teamsPayload(short()) as {
      type: string;
      attachments: { contentType: string; content: { type: string; version: string; actions: { url: string }[] } }[];
    };
    expect(body.type).toBe("message");
    expect(body.attachments[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(body.attachments[0]?.content).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
    expect(body.attachments[0]?.content.actions[0]?.url).toBe("https://status.example.net/posts/2011-07-20-test/");
  });

  it("stays under 28 KB however long the update", () => {
    expect(Buffer.byteLength(JSON.stringify(teamsPayload(long())))).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
  });
});

describe("Discord (embed)", () => {
  it("has one embed with title, link, description, colour, fields and timestamp, and pings no one", () => {
    const body = discordPayload(short(), "Test NOC") as {
      allowed_mentions: { parse: string[] };
      embeds: { title: string; url: string; color: number; timestamp: string; fields: { name: string }[] }[];
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds[0]).toMatchObject({
      title: "Identified: Mail delays",
      url: "https://status.example.net/posts/2011-07-20-test/",
      timestamp: "2011-07-20T20:00:00.000Z",
    });
    expect(body.embeds[0]?.fields.map((f) => f.name)).toEqual(["When", "Services", "Impact"]);
  });

  it("keeps every part and the whole embed within Discord's limits", () => {
    const embed = (discordPayload(long(), "Test NOC") as { embeds: Record<string, unknown>[] }).embeds[0] as {
      title: string;
      description: string;
      fields: { name: string; value: string }[];
      footer: { text: string };
    };
    const n = (t: string) => [...t].length;
    expect(n(embed.title)).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(n(embed.description)).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    const total =
      n(embed.title) +
      n(embed.description) +
      n(embed.footer.text) +
      embed.fields.reduce((s, f) => s + n(f.name) + n(f.value), 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.total);
  });
});
