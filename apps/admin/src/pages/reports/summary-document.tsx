import { useState } from "react";
import { Button, Input, Space, Table, Tag, Typography } from "antd";
import { EditOutlined } from "@ant-design/icons";
import {
  SUMMARY_SECTIONS,
  SUMMARY_SECTION_HEADINGS,
  type SummaryFigure,
  type SummaryParagraph,
} from "@chuangcheng/domain/rules";

const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
/** 1 → 一, 11 → 十一, 20 → 二十 */
function numeral(n: number): string {
  if (n <= 10) return NUMERALS[n - 1]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? "" : NUMERALS[tens - 1]}十${ones === 0 ? "" : NUMERALS[ones - 1]}`;
}

type Paragraph = SummaryParagraph & { edited: boolean };

export interface SummaryDocumentView {
  title: string;
  unitName: string;
  dateText: string;
  paragraphs: Paragraph[];
  figures: SummaryFigure[];
}

/** One paragraph, with 修改 opening its text in place; 保存 sends it, 取消 drops the change. */
function ParagraphBlock(props: {
  paragraph: Paragraph;
  figures: Map<string, SummaryFigure>;
  saving: boolean;
  onSave: (text: string) => Promise<unknown>;
}) {
  const { paragraph } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const label = `段落：${paragraph.text.slice(0, 12)}`;
  if (draft !== null) {
    return (
      <div className="summary-paragraph" style={{ marginBottom: 12 }}>
        <Input.TextArea
          aria-label={`修改${label}`}
          value={draft}
          autoSize={{ minRows: 3, maxRows: 12 }}
          maxLength={2000}
          showCount
          onChange={(e) => setDraft(e.target.value)}
        />
        <Space style={{ marginTop: 8 }}>
          <Button
            type="primary"
            size="small"
            loading={props.saving}
            disabled={draft.trim().length === 0}
            onClick={() =>
              void props.onSave(draft).then(
                () => setDraft(null),
                () => undefined,
              )
            }
          >
            保存
          </Button>
          <Button size="small" onClick={() => setDraft(null)}>
            取消
          </Button>
        </Space>
      </div>
    );
  }
  const used = paragraph.figureKeys.map((k) => props.figures.get(k)).filter((f): f is SummaryFigure => !!f);
  return (
    <div className="summary-paragraph" style={{ marginBottom: 12 }}>
      <p style={{ textIndent: "2em", margin: 0, lineHeight: 1.9 }}>
        {paragraph.text}
        {paragraph.edited && (
          <Tag color="blue" style={{ marginLeft: 8, textIndent: 0 }}>
            已修改
          </Tag>
        )}
      </p>
      <Space size={4} wrap style={{ marginTop: 4 }}>
        {paragraph.photos && paragraph.photos.length > 0 && (
          <Tag color="green">附整改前后照片{paragraph.photos.length}组（见Word）</Tag>
        )}
        {used.map((f) => (
          <Tag key={f.key} title={`${f.source}（${f.period}）`}>
            {f.label} {f.value}
          </Tag>
        ))}
        <Button
          size="small"
          type="link"
          icon={<EditOutlined aria-hidden />}
          onClick={() => setDraft(paragraph.text)}
          aria-label={`修改${label}`}
        >
          修改
        </Button>
      </Space>
    </div>
  );
}

/** The draft laid out as the document reads: title, the four parts with （一） topics, the end, the 附表. */
export function SummaryDocument(props: {
  doc: SummaryDocumentView;
  saving: boolean;
  onSave: (key: string, text: string) => Promise<unknown>;
}) {
  const { doc } = props;
  const figures = new Map(doc.figures.map((f) => [f.key, f]));
  return (
    <article className="summary-document" aria-label="总结正文">
      <Typography.Title level={3} style={{ textAlign: "center" }}>
        {doc.title}
      </Typography.Title>
      {SUMMARY_SECTIONS.map((section) => {
        const list = doc.paragraphs.filter((p) => p.section === section);
        let topicNo = 0;
        return (
          <section key={section} aria-label={SUMMARY_SECTION_HEADINGS[section]}>
            <Typography.Title level={4}>{SUMMARY_SECTION_HEADINGS[section]}</Typography.Title>
            {list.map((p, i) => {
              const opens = p.topic !== null && list[i - 1]?.topic !== p.topic;
              if (opens) topicNo++;
              return (
                <div key={p.key}>
                  {opens && (
                    <Typography.Title level={5} style={{ marginTop: 12 }}>
                      （{numeral(topicNo)}）{p.topic}
                    </Typography.Title>
                  )}
                  <ParagraphBlock
                    paragraph={p}
                    figures={figures}
                    saving={props.saving}
                    onSave={(text) => props.onSave(p.key, text)}
                  />
                </div>
              );
            })}
          </section>
        );
      })}
      <div style={{ textAlign: "right", marginTop: 24, lineHeight: 2 }}>
        <div>{doc.unitName}</div>
        <div>{doc.dateText}</div>
      </div>
      <Typography.Title level={4} style={{ marginTop: 24 }}>
        附表：数据来源
      </Typography.Title>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={doc.figures}
        columns={[
          { title: "序号", key: "n", width: 64, render: (_v, _r, i) => i + 1 },
          { title: "指标", dataIndex: "label" },
          { title: "数值", dataIndex: "value", width: 110 },
          { title: "统计口径（数据来源）", dataIndex: "source" },
          { title: "统计期间", dataIndex: "period", width: 230 },
        ]}
      />
    </article>
  );
}
