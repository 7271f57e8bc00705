import { describe, expect, it } from "vitest";
import { checkYaml } from "../../src/model/check.ts";
import { notifyFields, notifySchema } from "../../src/model/notify-schema.ts";
import { formatProblem } from "../../src/model/problems.ts";
import { SERVICES } from "../factory.ts";

/** notify.yaml is checked like every file: file, line, field, what was found, what is expected. */

const check = (yaml: string) => {
  const result = checkYaml(yaml, "posts/notify.yaml", notifySchema(SERVICES), notifyFields());
  return result.ok ? [] : result.problems.map(formatProblem);
};

const good = `
channels:
  - id: partners
    type: email
    from: NOC <noc@example.net>
    to: partners@example.net
    smtp:
      host: smtp.example.net
      userEnv: NOC_SMTP_USER
      passwordEnv: NOC_SMTP_PASSWORD
  - id: chat
    type: slack
    urlEnv: NOC_SLACK_WEBHOOK
    services: [mail, dns]
    minSeverity: major
`;

describe("notify.yaml", () => {
  it("accepts channels and fills the defaults", () => {
    const result = checkYaml(good, "posts/notify.yaml", notifySchema(SERVICES), notifyFields());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      ledger: "notify-ledger.json",
      maxAgeHours: 24,
      reminderHours: [24, 1],
      retrySeconds: 60,
    });
    expect(result.value.channels[0]).toMatchObject({ smtp: { port: 587, secure: false } });
  });

  it.each([
    [
      "an unknown channel type",
      good.replace("type: slack", "type: slak"),
      "posts/notify.yaml:12:5: error: channels[1].type: type: expected one of email, slack, teams, discord, webhook",
    ],
    [
      "a secret where its variable's name goes",
      good.replace("urlEnv: NOC_SLACK_WEBHOOK", "urlEnv: https://hooks.example.net/T000/B000/XXXX"),
      "posts/notify.yaml:13:5: error: channels[1].urlEnv: expected the name of an environment variable (capitals, digits, _), like NOC_SLACK_WEBHOOK; the secret itself goes in that variable, never in this file",
    ],
    [
      "an unknown service",
      good.replace("[mail, dns]", "[mail, dsn]"),
      'channels[1].services[1]: unknown service "dsn" (did you mean "dns"?)',
    ],
    [
      "a misspelt field",
      good.replace("minSeverity", "minSeverty"),
      'channels[1].minSeverty: unknown field (did you mean "minSeverity"?)',
    ],
    [
      "an address that is not one",
      good.replace("to: partners@example.net", "to: partners"),
      "channels[0].to: expected an email address",
    ],
    [
      "two channels with one id",
      good.replace("id: chat", "id: partners"),
      'channels[1].id: duplicate channel id "partners"',
    ],
  ])("reports %s", (_name, yaml, expected) => {
    const problems = check(yaml).join("\n");
    expect(problems).toContain(expected);
    expect(problems).not.toContain("hooks.example.net"); // a secret put in the wrong place is not echoed
  });
});
