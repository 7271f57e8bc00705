import { listPagePath } from "../routes.ts";

/** One page of a paginated list; its addresses come from routes.ts (`listPagePath`). */
export interface Paged<T> {
  items: T[];
  number: number;
  total: number;
  url: string;
  previous: string | null;
  next: string | null;
}

/** Always at least one page, so an empty archive still has its page. */
export function paginate<T>(items: readonly T[], size: number, base: string): Paged<T>[] {
  const total = Math.max(1, Math.ceil(items.length / size));
  return Array.from({ length: total }, (_, i) => {
    const number = i + 1;
    return {
      items: items.slice(i * size, number * size),
      number,
      total,
      url: listPagePath(base, number),
      previous: number > 1 ? listPagePath(base, number - 1) : null,
      next: number < total ? listPagePath(base, number + 1) : null,
    };
  });
}

/** Groups items by a key, keeping first-seen order of keys and items. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
