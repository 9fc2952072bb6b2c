// The key behind names in pinyin order on SQLite (ordering.ts says why): apart from ordering.ts, so
// that a reader thread loads it without Kysely.

/** The SQL function name each SQLite connection registers (sqlite-connection.ts). */
export const SORT_KEY_FUNCTION = "zh_sort_key";

const HAN_BLOCKS: Array<[number, number]> = [
  [0x3400, 0x4dbf], // CJK Unified Ideographs Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
];
const HAN_FIRST = 0x3400;
const HAN_LAST = 0x9fff;
// Key units, in ICU's order for Chinese (which puts Han before the other scripts): a digit, space or
// punctuation mark below 0x1000 stands for itself; a Chinese character is 0x1000 + its rank; a letter
// below 0x1000 (Latin, Greek, Cyrillic) is 0x8000 + its code point; anything else is 0xE000 followed
// by the character itself.
const RANK_BASE = 0x1000;
const LETTER_BASE = 0x8000;
const OTHER_MARK = "\ue000";

let ranks: Uint16Array | undefined;

/** Each Chinese character's place in pinyin order, built once (about 0.1 s) on the first name sort. */
function pinyinRanks(): Uint16Array {
  if (ranks) return ranks;
  const chars: string[] = [];
  for (const [from, to] of HAN_BLOCKS)
    for (let cp = from; cp <= to; cp++) chars.push(String.fromCharCode(cp));
  chars.sort(new Intl.Collator("zh").compare);
  const table = new Uint16Array(HAN_LAST - HAN_FIRST + 1).fill(0xffff);
  chars.forEach((c, rank) => (table[c.charCodeAt(0) - HAN_FIRST] = rank));
  return (ranks = table);
}

/** A string whose code-point order is the pinyin order of `text` (see above). */
export function pinyinSortKey(text: string): string {
  const table = pinyinRanks();
  let key = "";
  for (const ch of text.toLowerCase()) {
    const cp = ch.codePointAt(0)!;
    const rank = cp >= HAN_FIRST && cp <= HAN_LAST ? table[cp - HAN_FIRST]! : 0xffff;
    if (rank !== 0xffff) key += String.fromCharCode(RANK_BASE + rank);
    else if (cp < RANK_BASE) key += /\p{L}/u.test(ch) ? String.fromCharCode(LETTER_BASE + cp) : ch;
    else key += OTHER_MARK + ch;
  }
  return key;
}
