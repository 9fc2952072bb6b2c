import { useState } from "react";

/**
 * Fields checked when they are left; once one of them has shown a message, as they are typed too, so
 * that the message goes as soon as the value is right. Otherwise it went only on the tap on the button
 * below, whose blur removed it, moved the button up from under the finger and lost the tap.
 *
 * `validateTrigger` goes on the fields' Form.Item; their validators answer with `check(problem)`.
 */
export function useValidateAsTypedAfterError() {
  const [eager, setEager] = useState(false);
  return {
    validateTrigger: eager ? ["onChange", "onBlur"] : "onBlur",
    /** A validator's answer: fine for null, else the message (and checking as typed from now on). */
    check(problem: string | null): Promise<void> {
      if (problem === null) return Promise.resolve();
      setEager(true);
      return Promise.reject(new Error(problem));
    },
  };
}
