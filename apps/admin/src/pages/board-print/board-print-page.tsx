import { useMemo } from "react";
import { Alert, Button, Radio, Result, Select, Spin } from "antd";
import { PrinterOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Link, Navigate, useLocation, useSearchParams } from "react-router";
import { useCommunities, descendantsOf } from "../../lib/communities";
import { useMe } from "../../lib/auth";
import { errorCode, useTRPC } from "../../lib/trpc";
import { errorMessage } from "../../lib/server-errors";
import { PhoneLinkWarning } from "../../layout/phone-link-warning";
import { PageLoading } from "../../layout/page-loading";
import { RequirePermission } from "../../layout/require-permission";
import { BoardPoster, type PublishedBoard } from "./board-poster";
import {
  boardPrintPath,
  monthText,
  onlineBoardLink,
  PAPER_SIZES,
  readPrintParams,
  reportProblemLink,
  type PaperSize,
  type PrintParams,
} from "./print-url";
import "./board-print.css";

/**
 * 打印红黑榜: an edition as an A4/A3 poster for the 楼院's notice board, without the console's frame so
 * that the page prints as it is. Only for the 社区's admins (board.moderate), who see the 黑榜.
 */
export default function BoardPrintPage() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading />;
  if (me.isError && errorCode(me.error) === "UNAUTHORIZED") {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (!me.data) {
    return <Result status="error" title="无法连接服务器" subTitle={errorMessage(me.error)} />;
  }
  // A temporary password: the console's frame asks for a new one first.
  if (me.data.mustChangePassword) return <Navigate to="/" replace />;
  return (
    <RequirePermission permission="board.moderate">
      <PrintView />
    </RequirePermission>
  );
}

function PrintView() {
  const trpc = useTRPC();
  const [search, setSearch] = useSearchParams();
  const asked = readPrintParams(search);
  const { units, managed, isPending: treePending, error: treeError } = useCommunities();
  const communityId = asked.communityId ?? managed[0]?.id;
  const community = managed.find((c) => c.id === communityId);
  const courtyards = useMemo(
    () => (community ? descendantsOf(units, community.id, "courtyard") : []),
    [units, community],
  );
  const courtyard = courtyards.find((c) => c.id === asked.courtyardId) ?? null;
  const enabled = community !== undefined;
  const board = useQuery({
    ...trpc.board.publicList.queryOptions({
      communityId: community?.id ?? 0,
      month: asked.month,
      courtyardId: courtyard?.id,
    }),
    enabled,
  });
  const editions = useQuery({
    ...trpc.board.editions.queryOptions({ communityId: community?.id ?? 0 }),
    enabled,
  });

  const go = (change: Partial<PrintParams>) => {
    if (!community) return;
    const next = { ...asked, communityId: community.id, courtyardId: courtyard?.id, ...change };
    setSearch(new URLSearchParams(boardPrintPath(next).split("?")[1]), { replace: true });
  };

  if (treePending) return <PageLoading />;
  if (treeError) return <Result status="error" title="加载失败" subTitle={errorMessage(treeError)} />;
  if (!community) {
    return (
      <Result
        status="403"
        title="无法打印该社区的红黑榜"
        subTitle="您不是该社区的管理员，只能打印自己管理的社区的红黑榜。"
        extra={<Link to="/board/editions">返回期次发布</Link>}
      />
    );
  }

  const size = asked.size;
  const edition = board.data?.edition ?? null;
  const published = board.data && edition ? ({ ...board.data, edition } as PublishedBoard) : null;
  const origin = window.location.origin;
  const links = published
    ? {
        board: onlineBoardLink(origin, {
          communityId: community.id,
          month: published.edition.month,
          courtyardId: courtyard?.id,
        }),
        report: reportProblemLink(origin),
      }
    : null;
  const monthOptions = (editions.data ?? [])
    .filter((e) => e.publishedAt !== null)
    .map((e) => ({ value: e.month, label: e.title }));

  return (
    <div className={`board-print paper-${size}`} data-testid="board-print" data-size={size}>
      {/* The page box of the printer's paper; a <style> of the page, so it follows the size chosen. */}
      <style>{`@page { size: ${size} portrait; margin: ${size === "A3" ? 14 : 10}mm; }`}</style>
      <header className="print-toolbar" aria-label="打印设置">
        <Link to={`/board/editions?community=${community.id}`}>← 返回期次发布</Link>
        <label className="print-field">
          <span>期次</span>
          <Select
            aria-label="期次"
            style={{ width: 240 }}
            loading={editions.isPending}
            value={published?.edition.month ?? asked.month}
            options={monthOptions}
            placeholder="最新一期"
            onChange={(month: string) => go({ month })}
          />
        </label>
        <label className="print-field">
          <span>范围</span>
          <Select
            aria-label="范围"
            style={{ width: 200 }}
            value={courtyard?.id ?? 0}
            options={[
              { value: 0, label: `全社区（${community.name}）` },
              ...courtyards.map((c) => ({ value: c.id, label: c.name })),
            ]}
            onChange={(id: number) => go({ courtyardId: id === 0 ? undefined : id })}
          />
        </label>
        <div className="print-field" role="group" aria-labelledby="print-paper">
          <span id="print-paper">纸张</span>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            value={size}
            options={PAPER_SIZES.map((s) => ({ value: s, label: s }))}
            onChange={(e) => go({ size: e.target.value as PaperSize })}
          />
        </div>
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          disabled={!published}
          onClick={() => window.print()}
        >
          打印
        </Button>
        <span className="print-hint">打印时请选择 {size} 纸张、纵向，并勾选“背景图形”。</span>
      </header>
      {links && (
        <div className="print-warning">
          <PhoneLinkWarning url={links.board} />
        </div>
      )}
      <main className="print-stage">
        {board.isPending ? (
          <div className="print-sheet print-message">
            <Spin />
          </div>
        ) : board.isError ? (
          <div className="print-sheet print-message">
            <Alert type="error" showIcon title={errorMessage(board.error)} />
          </div>
        ) : !published || !links ? (
          <div className="print-sheet print-message">
            <h1>红黑榜尚未发布</h1>
            <p>
              {asked.month ? `${community.name}${monthText(asked.month)}` : community.name}
              还没有已发布的红黑榜，请先在“期次发布”中发布。
            </p>
          </div>
        ) : (
          <div className="print-sheet">
            <BoardPoster
              board={published}
              courtyard={courtyard ? { id: courtyard.id, name: courtyard.name } : null}
              office={{ phone: community.contactPhone, address: community.officeAddress }}
              links={links}
            />
          </div>
        )}
      </main>
    </div>
  );
}
