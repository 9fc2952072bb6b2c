import { useCallback, useState } from "react";
import { downloadServerFile, type ServerFile } from "./download";
import { useShowError } from "./server-errors";

/**
 * Runs a call that answers with a file and saves it; `pending` names the download in flight, so each
 * button can show its own spinner.
 */
export function useDownload() {
  const showError = useShowError();
  const [pending, setPending] = useState<string | null>(null);
  const download = useCallback(
    async (key: string, fetchFile: () => Promise<ServerFile>) => {
      setPending(key);
      try {
        downloadServerFile(await fetchFile());
      } catch (error) {
        showError(error);
      } finally {
        setPending(null);
      }
    },
    [showError],
  );
  return { download, pending };
}
