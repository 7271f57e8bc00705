/**
 * What to do about the YAML mistakes people make in a hurry, in their words: the parser's own
 * message ("Nested mappings are not allowed in compact mappings") follows in brackets.
 */
export function yamlAdvice(code: string, message: string, line: string): string | undefined {
  const pair = /^(\s*(?:- )?)([\w-]+):\s+(.*)$/.exec(line);
  const quoted = pair ? `${pair[1]}${pair[2]}: ${JSON.stringify(pair[3]?.trim() ?? "")}` : undefined;
  switch (code) {
    case "BLOCK_AS_IMPLICIT_KEY":
    case "BAD_SCALAR_START":
      return `a value with ": " in it, or starting with @, \` or a quote, must be quoted${quoted ? `: write the line as ${quoted.trim()}` : ""}`;
    case "TAB_AS_INDENT":
      return "indent with spaces, not tabs";
    case "DUPLICATE_KEY":
      return `${pair?.[2] ? `"${pair[2]}"` : "this field"} is written twice: keep one`;
    case "MISSING_CHAR":
      if (message.startsWith("Sequence item without"))
        return 'this line is indented like a list item but has no "- ": indent it as far as the fields of the item above, or start a new item with "- "';
      if (message.includes("quote")) return "a quoted text is not closed: end it with the same quote on the same line";
      return undefined;
    case "BAD_INDENT":
      if (message.startsWith("Flow")) return "a list written as [a, b] must end with ] on the same line";
      return "the fields of one mapping or list item must start in the same column: indent this line like the one above";
    default:
      return undefined;
  }
}
