import { useNavigate } from "react-router";
import Button from "antd-mobile/es/components/button";
import ErrorBlock from "antd-mobile/es/components/error-block";

export default function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <div className="page page-center">
      <ErrorBlock status="empty" title="页面不存在" description="您访问的页面不存在或已移除">
        <Button color="primary" onClick={() => navigate("/", { replace: true })}>
          返回首页
        </Button>
      </ErrorBlock>
    </div>
  );
}
