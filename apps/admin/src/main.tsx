import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import { QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter } from "react-router";
import "./styles.css";
import { AppRoutes } from "./app-routes";
import { TRPCProvider, createApiClient, createQueryClient } from "./lib/trpc";
import { keepFocusWithDialogs } from "./lib/dialog-focus";
import { keepScrollRegionsReachable } from "./lib/scroll-regions";
import { consoleTheme } from "./theme";

const queryClient = createQueryClient();
const trpcClient = createApiClient();
keepFocusWithDialogs();
keepScrollRegionsReachable();

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      // Keep button text as written ("登录", "确定"): people and browser tests read it so.
      button={{ autoInsertSpace: false }}
      theme={consoleTheme}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <BrowserRouter basename="/admin">
              <AppRoutes />
            </BrowserRouter>
          </TRPCProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
