import { Form, Input, Modal, Select } from "antd";
import { useMutation, useQuery } from "@tanstack/react-query";
import {
  BOARD_CATEGORY_LABELS,
  BOARD_DESCRIPTION_MAX,
  BOARD_SUBJECT_NAME_MAX,
  BOARD_TITLE_MAX,
  type BoardCategory,
  type BoardKind,
} from "@chuangcheng/domain/rules";
import { useTRPC } from "../../lib/trpc";
import { useBoardMoveError, useRefreshBoard } from "./board-modals";

// 修改条目: a proposal corrected before it is published (board.update). A published entry has no such
// button: the server refuses it, since what residents read must stay as it was.

export interface EditableEntry {
  id: number;
  version: number;
  communityId: number;
  kind: BoardKind;
  category: BoardCategory;
  title: string;
  description: string;
  subjectKind: "person" | "household" | "courtyard" | "place";
  subjectName: string | null;
}

interface Values {
  category: BoardCategory;
  title: string;
  description: string;
  subjectName?: string;
}

export function EditEntryModal({ entry, onClose }: { entry: EditableEntry; onClose: () => void }) {
  const trpc = useTRPC();
  const [form] = Form.useForm<Values>();
  const moveError = useBoardMoveError();
  const refresh = useRefreshBoard();
  // The 社区's own names of the categories it offers, for this entry's board only.
  const options = useQuery(trpc.board.categoryOptions.queryOptions({ communityId: entry.communityId }));
  const categories = (options.data ?? []).filter((c) => c.kind === entry.kind);
  const named = entry.subjectKind === "person" || entry.subjectKind === "household";
  const update = useMutation(
    trpc.board.update.mutationOptions({
      onSuccess: () => {
        void refresh();
        onClose();
      },
      onError: (error) => moveError(error, { form }),
    }),
  );
  return (
    <Modal
      open
      title="修改条目"
      okText="保存修改"
      cancelText="取消"
      confirmLoading={update.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          category: entry.category,
          title: entry.title,
          description: entry.description,
          subjectName: entry.subjectName ?? "",
        }}
        onFinish={(v) =>
          update.mutate({
            id: entry.id,
            version: entry.version,
            category: v.category,
            title: v.title,
            description: v.description,
            ...(named ? { subjectName: v.subjectName ?? "" } : {}),
          })
        }
      >
        <Form.Item label="类别" name="category" rules={[{ required: true, message: "请选择类别" }]}>
          <Select
            loading={options.isPending}
            options={
              categories.some((c) => c.code === entry.category)
                ? categories.map((c) => ({ value: c.code, label: c.label }))
                : [
                    { value: entry.category, label: BOARD_CATEGORY_LABELS[entry.category] },
                    ...categories.map((c) => ({ value: c.code, label: c.label })),
                  ]
            }
          />
        </Form.Item>
        <Form.Item
          label="标题"
          name="title"
          rules={[
            { required: true, whitespace: true, message: "请填写标题" },
            { max: BOARD_TITLE_MAX, message: `标题最多${BOARD_TITLE_MAX}字` },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          label="情况说明"
          name="description"
          rules={[
            { required: true, whitespace: true, message: "请填写事迹或情况说明" },
            { max: BOARD_DESCRIPTION_MAX, message: `情况说明最多${BOARD_DESCRIPTION_MAX}字` },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
        </Form.Item>
        {named && (
          <Form.Item
            label={entry.subjectKind === "person" ? "被表扬人姓名" : "家庭"}
            name="subjectName"
            rules={[{ max: BOARD_SUBJECT_NAME_MAX, message: `最多${BOARD_SUBJECT_NAME_MAX}字` }]}
          >
            <Input />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
