import { type Message, truncate } from "../message.ts";

/**
 * Microsoft Teams, through a Workflows webhook: a message with one Adaptive Card (1.4). Teams
 * refuses a message over 28 KB; the body is cut until the whole payload fits.
 */
export const TEAMS_MAX_BYTES = 28_000;

export function teamsPayload(m: Message): object {
  const card = (body: string) => ({
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            { type: "TextBlock", text: m.title, weight: "Bolder", size: "Medium", wrap: true },
            {
              type: "FactSet",
              facts: [
                { title: "Status", value: m.status },
                ...(m.when ? [{ title: "When", value: m.when }] : []),
                ...(m.services.length ? [{ title: "Services", value: m.services.join(", ") }] : []),
                ...(m.severity && m.severity !== "None" ? [{ title: "Impact", value: m.severity }] : []),
              ],
            },
            ...m.windows.map((w) => ({ type: "TextBlock", text: w, wrap: true, spacing: "None" })),
            ...(body ? [{ type: "TextBlock", text: body, wrap: true }] : []),
          ],
          actions: [{ type: "Action.OpenUrl", title: "More, and every update", url: m.url }],
        },
      },
    ],
  });
  let limit = [...m.body].length;
  let payload = card(m.body);
  while (Buffer.byteLength(JSON.stringify(payload)) > TEAMS_MAX_BYTES && limit > 0) {
    limit = Math.floor(limit * 0.8);
    payload = card(truncate(m.body, limit));
  }
  return payload;
}
