import { Button } from "antd";
import { SearchOutlined } from "@ant-design/icons";

/** Input.Search's button, named in Chinese: antd's own is named by its icon, "search". */
export const searchButton = <Button aria-label="搜索" icon={<SearchOutlined aria-hidden />} />;
