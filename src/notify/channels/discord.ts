import { type Message, truncate } from "../message.ts";

/**
 * Discord webhook with one embed: title at most 256 characters, description at most 4,096, field
 * values at most 1,024, footer at most 2,048, and the embed's text at most 6,000 in all.
 */
export const DISCORD_LIMITS = { title: 256, description: 4096, field: 1024, footer: 2048, total: 6000 } as const;

const COLOURS: Record<string, number> = { Critical: 0xa40e26, Major: 0xbc4c00, Minor: 0x9a6700 };

export function discordPayload(m: Message, siteTitle: string): object {
  const title = truncate(`${m.status}: ${m.title}`, DISCORD_LIMITS.title);
  const fields = [
    ...(m.when ? [{ name: "When", value: truncate(m.when, DISCORD_LIMITS.field), inline: true }] : []),
    ...(m.services.length
      ? [{ name: "Services", value: truncate(m.services.join(", "), DISCORD_LIMITS.field), inline: true }]
      : []),
    ...(m.windows.length
      ? [
          {
            name: m.event.post.kind === "maintenance" ? "Windows" : "Impact",
            value: truncate(m.windows.join("\n"), DISCORD_LIMITS.field),
            inline: false,
          },
        ]
      : []),
  ];
  const footer = truncate(siteTitle, DISCORD_LIMITS.footer);
  const used = [title, footer, ...fields.flatMap((f) => [f.name, f.value])].reduce((n, t) => n + [...t].length, 0);
  const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - used - 40);
  const description = truncate(`${m.body || m.subject}\n\n[More, and every update](${m.url})`, Math.max(0, room));
  return {
    // Mentions in a post's text must not ping anyone in the partners' server.
    allowed_mentions: { parse: [] },
    embeds: [
      {
        title,
        url: m.url,
        description,
        color: COLOURS[m.severity] ?? 0x0969da,
        fields,
        footer: { text: footer },
        timestamp: m.event.at.toUTC().toISO(),
      },
    ],
  };
}
