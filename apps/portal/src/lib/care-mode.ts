import { useCallback, useEffect, useSyncExternalStore } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { SESSION_KEY, useTRPC, type Me } from "./trpc";
import { useSession } from "./session";

// 关怀模式 lives on the phone (localStorage, applied before the first paint so the page never
// jumps from small to large text) and on the account (auth.setCareMode), so that an older resident
// who turned it on once finds it on a new phone after logging in.

const MODE_KEY = "cc.careMode";
const OFFERED_KEY = "cc.careModeOffered";
const CHANGED = "cc-care-mode-changed";

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled (private mode on some phones): the mode lasts for the visit
  }
}

function write(key: string, value: string) {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // storage disabled: the class on <html> still applies for this visit
  }
}

let current = read(MODE_KEY) === "1";
let offered = read(OFFERED_KEY) === "1";

/** Called once before React renders: the stored choice applies from the first paint. */
export function applyStoredCareMode(doc: Document) {
  doc.documentElement.classList.toggle("care-mode", current);
}

function setLocal(on: boolean) {
  current = on;
  offered = true;
  write(MODE_KEY, on ? "1" : "0");
  write(OFFERED_KEY, "1");
  document.documentElement.classList.toggle("care-mode", on);
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void) {
  // Another tab of the portal on the same phone changed it.
  const onStorage = (e: StorageEvent) => {
    if (e.key !== MODE_KEY && e.key !== OFFERED_KEY) return;
    current = read(MODE_KEY) === "1";
    offered = read(OFFERED_KEY) === "1";
    document.documentElement.classList.toggle("care-mode", current);
    onChange();
  };
  window.addEventListener(CHANGED, onChange);
  window.addEventListener("storage", onStorage);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener("storage", onStorage);
  };
}

/** Whether 关怀模式 is on, and a setter that keeps it on the phone and, when logged in, on the account. */
export function useCareMode() {
  const on = useSyncExternalStore(subscribe, () => current);
  const wasOffered = useSyncExternalStore(subscribe, () => offered);
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSession();
  const save = useMutation(trpc.auth.setCareMode.mutationOptions());
  const set = useCallback(
    (next: boolean) => {
      setLocal(next);
      if (session.data) {
        // A session answer already on its way holds the old choice: it must not undo this one.
        void queryClient.cancelQueries({ queryKey: SESSION_KEY });
        queryClient.setQueryData<Me | null>(SESSION_KEY, (me) => (me ? { ...me, careMode: next } : me));
        save.mutate({ on: next });
      }
    },
    [queryClient, save, session.data],
  );
  /** The first-visit offer was answered ("暂不需要"): never asked again on this phone. */
  const decline = useCallback(() => {
    offered = true;
    write(OFFERED_KEY, "1");
    window.dispatchEvent(new Event(CHANGED));
  }, []);
  return { on, set, offered: wasOffered, decline };
}

/**
 * At login, the account's choice wins over the phone's; an account that never chose takes the
 * phone's choice, if the phone made one.
 */
export function useCareModeSync() {
  const session = useSession();
  const trpc = useTRPC();
  const save = useMutation(trpc.auth.setCareMode.mutationOptions());
  const me = session.data;
  const accountChoice = me?.careMode;
  const userId = me?.id;
  const { mutate } = save;
  useEffect(() => {
    if (userId === undefined || accountChoice === undefined) return;
    if (accountChoice === null) {
      if (read(MODE_KEY) !== null) mutate({ on: current });
    } else if (accountChoice !== current) {
      setLocal(accountChoice);
    }
  }, [userId, accountChoice, mutate]);
}
