import type { ReactNode } from "react";
import { useLocation, useNavigate } from "react-router";
import NavBar from "antd-mobile/es/components/nav-bar";

/** The top bar of a page outside the tab bar: a title and a back arrow (home when there is no history). */
export function PageHeader({ children }: { children: ReactNode }) {
  const navigate = useNavigate();
  const location = useLocation();
  const back = () => {
    if (location.key === "default") navigate("/", { replace: true });
    else navigate(-1);
  };
  return (
    <header className="page-header">
      <NavBar onBack={back} backIcon>
        {children}
      </NavBar>
    </header>
  );
}
