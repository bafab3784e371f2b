/**
 * The shape of an ICU message, for comparing a translation with English: its arguments and
 * their kinds, each select's options, each plural's categories.
 */
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

export interface MessageShape {
  /** Argument name → kind ("argument", "number", "date", "time", "plural", "select"). */
  args: Map<string, string>;
  /** Select name → its option keys, sorted. */
  selects: Map<string, string[]>;
  /** Plural name → its categories and exact matches (=0), sorted. */
  plurals: Map<string, string[]>;
}

const KIND: Partial<Record<TYPE, string>> = {
  [TYPE.argument]: "argument",
  [TYPE.number]: "number",
  [TYPE.date]: "date",
  [TYPE.time]: "time",
  [TYPE.plural]: "plural",
  [TYPE.select]: "select",
};

export function messageShape(message: string): MessageShape {
  const shape: MessageShape = { args: new Map(), selects: new Map(), plurals: new Map() };
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      const kind = KIND[el.type];
      if (kind && "value" in el && typeof el.value === "string") shape.args.set(el.value, kind);
      if (el.type === TYPE.select) shape.selects.set(el.value, Object.keys(el.options).sort());
      if (el.type === TYPE.plural) shape.plurals.set(el.value, Object.keys(el.options).sort());
      if (el.type === TYPE.select || el.type === TYPE.plural) for (const option of Object.values(el.options)) walk(option.value);
      if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(parse(message, { ignoreTag: true }));
  return shape;
}
