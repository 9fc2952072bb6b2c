// Passwords a guesser tries first: the most frequent ones of 8 characters or more (shorter ones are
// refused by length anyway) from the well-known Chinese leaks (CSDN, 天涯, 12306 …) and the global
// lists. Compared in lower case. Pure data and functions: safe in a browser.

// prettier-ignore
const LIST = [
  // digits
  "12345678", "123456789", "1234567890", "0123456789", "12345678910", "1234567891", "1234567899",
  "123456788", "123456780", "87654321", "98765432", "987654321", "9876543210", "11111111", "00000000",
  "88888888", "66666666", "12341234", "12344321", "123123123", "123321123", "1234554321",
  "123456654321", "123454321", "11223344", "11112222", "12121212", "11221122", "112233445566",
  "123456123", "12345612", "12345600", "147258369", "147852369", "123654789", "963852741",
  "741852963", "369258147", "159357456", "159753456", "123789456", "789456123", "456123789",
  "147896325", "100200300", "168168168", "518518518", "520520520", "521521521", "5201314520",
  "1314520520", "52013145", "13145200", "13145201314", "5201314521", "31415926", "314159265",
  "20082008", "20092009", "20102010", "19491001",
  // keyboard walks
  "1qaz2wsx", "1qaz2wsx3edc", "1qazxsw2", "1qaz@wsx", "!qaz2wsx", "zaq12wsx", "qazwsxedc",
  "qweasdzxc", "1q2w3e4r", "1q2w3e4r5t", "q1w2e3r4", "q1w2e3r4t5", "qwertyui", "qwertyuiop",
  "asdfghjk", "asdfghjkl", "zxcvbnm1", "zxcvbnm123", "qwerty12", "qwerty123", "qwerty1234",
  "qwer1234", "1234qwer", "asdf1234", "1234asdf", "zxcv1234", "qweqweqwe", "asdasdasd",
  "123qweasd", "123qwe123", "qwe123456", "asd123456", "zxc123456", "qwe123qwe", "1234abcd",
  // letters and digits
  "a1234567", "a12345678", "a123456789", "a1234567890", "aa123456", "aa12345678", "abc12345",
  "abc123456", "abc123456789", "abcd1234", "abcd123456", "abcdefgh", "abcdefg1", "a1b2c3d4",
  "123456abc", "123456aa", "123456qq", "123456as", "123456zx", "1234567a", "12345678a",
  "123456789a", "q1234567", "q12345678", "q123456789", "w123456789", "z123456789", "123456789q",
  "qq123456", "qq12345678", "1111aaaa", "aaaa1111", "aaaaaaaa", "qqqqqqqq",
  // words and pinyin
  "password", "password1", "password12", "password123", "passw0rd", "p@ssw0rd", "p@ssword",
  "pass1234", "admin123", "admin1234", "admin888", "admin@123", "administrator", "root1234",
  "test1234", "test123456", "iloveyou", "iloveyou1", "iloveyou520", "woaini1314", "woaini520",
  "woaini123", "woaini521", "woainima", "woaiwojia", "wodemima", "mima1234", "mimamima",
  "zhongguo", "zhonghua", "beijing2008", "sunshine", "princess", "football", "baseball",
  "welcome1", "welcome123", "trustno1", "superman", "computer", "internet", "whatever",
  "starwars", "dragon123", "monkey123", "letmein1", "shadow123", "master123", "michael1",
];

/** Lower-case: the check is case-insensitive. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.map((p) => p.toLowerCase()));

export const COMMON_PASSWORD_MESSAGE = "密码过于常见，请换一个更难猜的密码";
export const REPEATED_PASSWORD_MESSAGE = "密码不能全是同一个字符";
export const MOBILE_PASSWORD_MESSAGE = "密码不能使用手机号";

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

/** 11111111, aaaaaaaa, ……: one character repeated (counted in characters, not UTF-16 units). */
export function isRepeatedCharacter(password: string): boolean {
  return /^(.)\1*$/su.test(password);
}

/** The mobile in the password, forwards or backwards, or its last 8 digits as the whole password. */
export function usesMobile(password: string, mobile: string): boolean {
  const m = mobile.trim();
  if (m.length === 0) return false;
  const reversed = Array.from(m).reverse().join("");
  return password.includes(m) || password.includes(reversed) || (m.length >= 8 && password === m.slice(-8));
}
