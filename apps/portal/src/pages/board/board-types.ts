import type { inferOutput } from "@trpc/tanstack-react-query";
import type { useTRPC } from "../../lib/trpc";

type Api = ReturnType<typeof useTRPC>;
/** A 社区's board as anyone may read it (board.publicList). */
export type PublicBoard = inferOutput<Api["board"]["publicList"]>;
export type PublicEntry = PublicBoard["white"][number];
export type BoardEdition = inferOutput<Api["board"]["publicEditions"]>[number];
/** 我的推荐 and the 黑榜 notices about me (board.mine). */
export type MyBoard = inferOutput<Api["board"]["mine"]>;
export type MyNomination = MyBoard["nominations"][number];
export type MyNotice = MyBoard["notices"][number];
