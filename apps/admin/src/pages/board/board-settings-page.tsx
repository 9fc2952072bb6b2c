import { useEffect } from "react";
import { App, Button, Card, Empty, Form, InputNumber, Radio, Space, Spin, Typography } from "antd";
import { useMutation, useQuery } from "@tanstack/react-query";
import { DEFAULT_BOARD_SETTINGS, type BoardSettings } from "@chuangcheng/domain/rules";
import { RefreshButton } from "../../lib/refresh-button";
import { errorMessage, useShowError } from "../../lib/server-errors";
import { useTRPC } from "../../lib/trpc";
import { useBoardCommunity } from "./board-community";
import { useRefreshBoard } from "./board-modals";
import { BoardCategorySettings } from "./board-category-settings";

/** A whole number between `min` and `max`, with the server's words when it is not. */
const dayRules = (label: string, min: number, max: number, unit = "天") => [
  { required: true, message: `请填写${label}` },
  { type: "integer" as const, min, message: `${label}至少${min}${unit}` },
  { type: "integer" as const, max, message: `${label}最长${max}${unit}` },
];

/** 黑白榜设置 of a 社区: who reads the 黑榜, names on it, how long entries stay up, the 申诉 period. */
export default function BoardSettingsPage() {
  const trpc = useTRPC();
  const { message } = App.useApp();
  const showError = useShowError();
  const refresh = useRefreshBoard();
  const { communityId, picker, isPending, name } = useBoardCommunity();
  const [form] = Form.useForm<BoardSettings>();
  const settings = useQuery({
    ...trpc.board.settings.queryOptions({ communityId: communityId ?? 0 }),
    enabled: communityId !== undefined,
  });
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  const save = useMutation(
    trpc.board.setSettings.mutationOptions({
      onSuccess: () => {
        void message.success("已保存黑白榜设置");
        void refresh();
      },
      onError: (error) => showError(error, { form }),
    }),
  );

  if (isPending) return <Spin />;
  if (communityId === undefined) return <Empty description="您没有管理的社区" />;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Card
        title={`黑白榜设置${name ? ` · ${name}` : ""}`}
        size="small"
        style={{ maxWidth: 760 }}
        extra={
          <Space wrap>
            {picker}
            <RefreshButton queryKeys={[trpc.board.pathKey()]} />
          </Space>
        }
      >
        {settings.isError && (
          <Typography.Paragraph type="danger">{errorMessage(settings.error)}</Typography.Paragraph>
        )}
        {settings.isPending ? (
          <Spin />
        ) : (
          <Form<BoardSettings>
            form={form}
            name="boardSettings"
            layout="vertical"
            initialValues={settings.data ?? DEFAULT_BOARD_SETTINGS}
            onFinish={(v) => save.mutate({ ...v, communityId })}
          >
            <Form.Item
              label="黑榜公开范围"
              name="blackVisibility"
              rules={[{ required: true, message: "请选择黑榜的公开范围" }]}
            >
              <Radio.Group
                options={[
                  { value: "residents", label: "仅本社区登录居民可见（推荐）" },
                  { value: "public", label: "所有人可见" },
                ]}
              />
            </Form.Item>
            <Form.Item
              label="黑榜是否显示姓氏"
              name="blackNameDisplay"
              rules={[{ required: true, message: "请选择黑榜是否显示姓氏" }]}
            >
              <Radio.Group
                options={[
                  { value: "none", label: "不显示任何姓名（推荐）" },
                  { value: "masked", label: "显示姓氏（张**）" },
                ]}
              />
            </Form.Item>
            <Space wrap size={24} align="start">
              <Form.Item label="黑榜最长公示天数" name="blackMaxDays" rules={dayRules("黑榜公示", 1, 30)}>
                <InputNumber precision={0} suffix="天" style={{ width: 140 }} />
              </Form.Item>
              <Form.Item label="白榜公示天数" name="whiteDays" rules={dayRules("白榜公示", 1, 366)}>
                <InputNumber precision={0} suffix="天" style={{ width: 140 }} />
              </Form.Item>
              <Form.Item label="申诉告知期" name="noticeDays" rules={dayRules("申诉告知期", 1, 15)}>
                <InputNumber precision={0} suffix="天" style={{ width: 140 }} />
              </Form.Item>
              <Form.Item
                label="个人信息保存天数"
                name="retentionDays"
                rules={dayRules("个人信息保存", 30, 1095)}
              >
                <InputNumber precision={0} suffix="天" style={{ width: 160 }} />
              </Form.Item>
            </Space>
            <Form.Item
              label="已整改条目何时撤下"
              name="rectifiedRemoval"
              rules={[{ required: true, message: "请选择已整改条目何时撤下" }]}
            >
              <Radio.Group
                options={[
                  { value: "at_end", label: "公示期满再撤下（显示已整改）" },
                  { value: "at_once", label: "整改后立即撤下" },
                ]}
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存
            </Button>
          </Form>
        )}
      </Card>
      <BoardCategorySettings communityId={communityId} />
    </Space>
  );
}
