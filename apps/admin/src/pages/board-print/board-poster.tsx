import type { inferOutput } from "@trpc/tanstack-react-query";
import { formatTime } from "@chuangcheng/client";
import type { useTRPC } from "../../lib/trpc";
import { PrintQr } from "./print-qr";
import { monthText } from "./print-url";

type Api = ReturnType<typeof useTRPC>;
export type PublicBoard = inferOutput<Api["board"]["publicList"]>;
type Entry = PublicBoard["white"][number];
export type PublishedBoard = PublicBoard & { edition: NonNullable<PublicBoard["edition"]> };

export interface PosterProps {
  board: PublishedBoard;
  /** the one 楼院 printed, or null for the whole 社区 */
  courtyard: { id: number; name: string } | null;
  /** the 社区 office's phone and address, printed under the sign-off when set */
  office: { phone: string | null; address: string | null };
  links: { board: string; report: string };
}

/**
 * An edition of the 红黑榜 as a notice-board poster: the title on a red band, 红榜 in red, 黑榜 in black and
 * grey, 上期已整改, then the QR codes to the online board and to 随手拍 and the 社区's sign-off. Sizes are
 * in em: the page sets the base size per paper (A3 is A4 scaled by √2), so the layout is the same.
 */
export function BoardPoster({ board, courtyard, office, links }: PosterProps) {
  const { edition, community } = board;
  const title = courtyard ? `${edition.title}（${courtyard.name}）` : edition.title;
  const published = formatTime(edition.publishedAt, "YYYY年M月D日");
  return (
    <article className="poster" aria-labelledby="poster-title" data-testid="board-poster">
      <header className="poster-head">
        <p className="poster-kicker">
          {courtyard ? `${community.name} · ${courtyard.name}` : community.name}
        </p>
        <h1 id="poster-title" className="poster-title" data-testid="poster-title">
          {title}
        </h1>
        <p className="poster-meta">
          {monthText(edition.month)} · 红榜 {board.white.length} 条
          {board.blackVisible && ` · 黑榜 ${board.black.length} 条`} · {published}发布
        </p>
      </header>
      <p className="poster-motto">弘扬文明新风 · 曝光不文明行为 · 共建美好家园</p>

      <section className="poster-board poster-red" aria-labelledby="poster-red">
        <h2 id="poster-red" className="poster-band">
          <span className="poster-band-name">红榜</span>
          <span className="poster-band-sub">好人好事 · 文明新风</span>
        </h2>
        <Entries entries={board.white} empty="本期暂无红榜条目" />
      </section>

      {board.blackVisible && (
        <section className="poster-board poster-black" aria-labelledby="poster-black">
          <h2 id="poster-black" className="poster-band">
            <span className="poster-band-name">黑榜</span>
            <span className="poster-band-sub">不文明行为曝光</span>
          </h2>
          <Entries entries={board.black} empty="本期暂无黑榜条目" />
          <p className="poster-note">照片已做隐私处理。对黑榜内容如有异议，可在居民端“黑白榜”中申诉。</p>
        </section>
      )}

      {board.blackVisible && board.rectifiedLastMonth.length > 0 && (
        <section className="poster-board poster-fixed" aria-labelledby="poster-fixed">
          <h2 id="poster-fixed" className="poster-band">
            <span className="poster-band-name">上期已整改</span>
            <span className="poster-band-sub">感谢居民配合</span>
          </h2>
          <ul className="poster-fixed-list">
            {board.rectifiedLastMonth.map((e) => (
              <li key={e.id} className="poster-fixed-item" data-testid="poster-fixed-item">
                <span className="poster-stamp">已整改</span>
                <span className="poster-fixed-category">{e.categoryLabel}</span>
                <span className="poster-fixed-title">{e.title}</span>
                <span className="poster-fixed-place">{e.place}</span>
                {e.afterPhotos[0] && (
                  <img
                    className="poster-fixed-photo"
                    src={e.afterPhotos[0].thumbUrl}
                    alt={`${e.title}的整改后照片`}
                    width={e.afterPhotos[0].width}
                    height={e.afterPhotos[0].height}
                  />
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      <footer className="poster-foot">
        <div className="poster-qrs">
          <PrintQr url={links.board} caption="扫码查看线上红黑榜" alt="线上红黑榜二维码" />
          <PrintQr url={links.report} caption="扫码随手拍" alt="随手拍二维码" />
        </div>
        <div className="poster-sign">
          <p className="poster-sign-name">{community.name}</p>
          <p className="poster-sign-date">{published}</p>
          {office.phone && <p className="poster-sign-contact">监督电话：{office.phone}</p>}
          {office.address && <p className="poster-sign-contact">地址：{office.address}</p>}
        </div>
      </footer>
    </article>
  );
}

function Entries({ entries, empty }: { entries: Entry[]; empty: string }) {
  if (entries.length === 0) return <p className="poster-empty">{empty}</p>;
  return (
    <ul className="poster-entries">
      {entries.map((e) => (
        <EntryCard key={e.id} entry={e} />
      ))}
    </ul>
  );
}

function EntryCard({ entry: e }: { entry: Entry }) {
  const photo = e.photos[0];
  const after = e.afterPhotos[0];
  return (
    <li className="poster-entry" data-testid="poster-entry" data-kind={e.kind}>
      {after ? (
        // Put right: the photo as posted and the place afterwards, side by side in the room one photo takes.
        <div className="poster-photo-pair">
          {photo && <PairPhoto photo={photo} caption="整改前" alt="整改前照片" />}
          <PairPhoto photo={after} caption="整改后" alt="整改后照片 1" />
        </div>
      ) : (
        photo && (
          <img
            className="poster-photo"
            src={photo.url}
            alt={`${e.title}的照片`}
            width={photo.width}
            height={photo.height}
          />
        )
      )}
      <div className="poster-entry-text">
        <p className="poster-entry-tags">
          <span className="poster-tag">{e.categoryLabel}</span>
          {e.rectified && <span className="poster-tag poster-tag-fixed">已整改</span>}
        </p>
        <h3 className="poster-entry-title">{e.title}</h3>
        <p className="poster-entry-subject">
          {e.subject === e.place ? e.place : `${e.subject} · ${e.place}`}
        </p>
        <p className="poster-entry-desc">{e.description}</p>
      </div>
    </li>
  );
}

function PairPhoto({
  photo,
  caption,
  alt,
}: {
  photo: Entry["photos"][number];
  caption: string;
  alt: string;
}) {
  return (
    <figure>
      <figcaption>{caption}</figcaption>
      <img className="poster-photo" src={photo.url} alt={alt} width={photo.width} height={photo.height} />
    </figure>
  );
}
