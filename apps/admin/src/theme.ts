import type { ThemeConfig } from "antd";

// The console's colours, chosen so that text reaches 4.5:1 against the white and light-grey surfaces it
// sits on (WCAG 2 AA, as GB/T 37668 asks; axe-core checks it in the browser tests). antd's defaults do
// not: its description grey (0.45 black), link blue (#1677ff), error red (#ff4d4f), the lighter hover
// shades and its tags' green, orange and gold text all fall between 2 and 4.1 to 1. Set here once, as
// tokens, so every component and page gets them.

const BRAND = "#1f5fbf"; // 6.1:1 on white, either way round
const BRAND_HOVER = "#2d6cc8"; // lighter, still 5.1:1 (antd's derived hover was 4.2)
const ERROR = "#c8141f"; // 5.9:1 (antd's #ff4d4f is 3.3)
const ERROR_HOVER = "#d4202c"; // 5.2:1

// Tags write in a palette's 7th shade on its 1st; these palettes need a darker shade to reach 4.5:1.
// Both spellings: the CSS variable comes from the legacy "green-7" key, components read "green7".
const TAG_TEXT = {
  green: "#237804",
  orange: "#ad4e00",
  gold: "#874d00",
  cyan: "#006d75",
  volcano: "#ad2102",
  lime: "#3f6600",
  yellow: "#876800",
};
const tagText = Object.fromEntries(
  Object.entries(TAG_TEXT).flatMap(([palette, color]) => [
    [`${palette}7`, color],
    [`${palette}-7`, color],
  ]),
);

export const consoleTheme: ThemeConfig = {
  token: {
    colorPrimary: BRAND,
    colorPrimaryHover: BRAND_HOVER,
    colorPrimaryTextHover: BRAND_HOVER,
    colorInfo: BRAND,
    colorLink: BRAND,
    colorLinkHover: BRAND_HOVER,
    colorError: ERROR,
    colorErrorHover: ERROR_HOVER,
    colorErrorTextHover: ERROR_HOVER,
    // Text in the status colours (Typography type="success"/"warning"); icons keep the brighter seeds.
    colorSuccessText: "#237804",
    colorWarningText: "#ad4e00",
    // 说明文字 (Typography secondary, form help, empty states, statistic titles): 5.7:1.
    colorTextTertiary: "rgba(0, 0, 0, 0.6)",
    colorTextDescription: "rgba(0, 0, 0, 0.6)",
    // Placeholders are read too (a select's placeholder is its only text until one is chosen): 4.9:1.
    colorTextPlaceholder: "rgba(0, 0, 0, 0.56)",
    borderRadius: 6,
    ...tagText,
  },
  components: {
    // A button waiting for the server keeps its colours (antd fades it to 65 %, red text to 3:1).
    Button: { opacityLoading: 1 },
  },
};
