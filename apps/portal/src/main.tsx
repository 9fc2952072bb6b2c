import "antd-mobile/es/global";
import { StrictMode } from "react";
import { createRoot, type Root } from "react-dom/client";
import ConfigProvider from "antd-mobile/es/components/config-provider";
import zhCN from "antd-mobile/es/locales/zh-CN";
import { unstableSetRender } from "antd-mobile/es/utils/unstable-render";
import { QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter } from "react-router";
import "./styles.css";
import { AppRoutes } from "./app-routes";
import { TRPCProvider, createApiClient, createQueryClient } from "./lib/trpc";
import { applyStoredCareMode } from "./lib/care-mode";
import { installDialogFocus } from "./lib/dialog-focus";
import { installKeyboardAccess } from "./lib/keyboard-access";

applyStoredCareMode(document);
installKeyboardAccess(document);
installDialogFocus(document);

// antd-mobile 5 renders Toast and Dialog with ReactDOM.render, which React 19 no longer has.
const roots = new WeakMap<Element | DocumentFragment, Root>();
unstableSetRender((node, container) => {
  let root = roots.get(container);
  if (!root) {
    root = createRoot(container);
    roots.set(container, root);
  }
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    roots.delete(container);
  };
});

const queryClient = createQueryClient();
const trpcClient = createApiClient();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ConfigProvider locale={zhCN}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </TRPCProvider>
      </QueryClientProvider>
    </ConfigProvider>
  </StrictMode>,
);
