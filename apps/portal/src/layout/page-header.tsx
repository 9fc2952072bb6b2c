import type { ReactNode } from "react";
import { useLocation, useNavigate } from "react-router";
import LeftOutline from "antd-mobile-icons/es/LeftOutline";

/**
 * The top bar of a page outside the tab bar: a title and a back arrow (home when there is no
 * history). Our own markup rather than antd-mobile's NavBar, whose left slot is always a <div
 * role="button"> that a keyboard cannot reach and that may not hold a real button.
 */
export function PageHeader({ children, back = true }: { children: ReactNode; back?: boolean }) {
  const navigate = useNavigate();
  const location = useLocation();
  const goBack = () => {
    if (location.key === "default") navigate("/", { replace: true });
    else navigate(-1);
  };
  return (
    <header className="page-header">
      <div className="page-header-bar">
        <div className="page-header-side">
          {back && (
            <button type="button" className="page-header-back" aria-label="返回" onClick={goBack}>
              <LeftOutline aria-hidden />
            </button>
          )}
        </div>
        <div className="page-header-title">{children}</div>
        <div className="page-header-side" />
      </div>
    </header>
  );
}
