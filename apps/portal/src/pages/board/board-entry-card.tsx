import { PhotoStrip } from "../problems/problem-photos";
import type { PublicEntry } from "./board-types";
import { windowText } from "./board-text";

/**
 * One entry on the board: its category, title, who or where it is about (as the server allows: a
 * masked name unless the person agreed), what happened, the place, the 公示 window and the photos;
 * a 黑榜 entry put right (已整改) its photos 整改前 and 整改后 side by side.
 */
export function BoardEntryCard({ entry }: { entry: PublicEntry }) {
  const window = windowText(entry.startDate, entry.endDate);
  const headingId = `board-entry-${entry.id}-title`;
  return (
    <li>
      <article
        className={`board-entry board-entry-${entry.kind}`}
        aria-labelledby={headingId}
        data-testid="board-entry"
        data-entry-id={entry.id}
      >
        <div className="board-entry-head">
          <span className="board-entry-category">{entry.categoryLabel}</span>
          {entry.rectified && (
            <span className="board-entry-rectified" data-testid="board-entry-rectified">
              已整改
            </span>
          )}
        </div>
        <h3 id={headingId} className="board-entry-title">
          {entry.title}
        </h3>
        {/* A 黑榜 entry's subject is its place (and a 最美楼院's its 楼院): said once, under 地点. */}
        {entry.subject !== entry.place && (
          <p className="board-entry-subject" data-testid="board-entry-subject">
            {entry.subject}
          </p>
        )}
        <p className="board-entry-description">{entry.description}</p>
        <dl className="board-entry-facts">
          <dt>地点</dt>
          <dd>{entry.place}</dd>
          {window && (
            <>
              <dt>公示期</dt>
              <dd>{window}</dd>
            </>
          )}
        </dl>
        {entry.afterPhotos.length > 0 ? (
          // Put right: the photos as posted beside those of the place afterwards, as a notice board pins them.
          <div className="board-entry-before-after">
            {entry.photos.length > 0 && (
              <div>
                <span className="board-entry-photos-label">整改前</span>
                <PhotoStrip photos={entry.photos} label="整改前照片" testId="board-entry-photos" />
              </div>
            )}
            <div>
              <span className="board-entry-photos-label">整改后</span>
              <PhotoStrip photos={entry.afterPhotos} label="整改后照片" testId="board-entry-after-photos" />
            </div>
          </div>
        ) : (
          <PhotoStrip photos={entry.photos} label={`${entry.title}的照片`} testId="board-entry-photos" />
        )}
      </article>
    </li>
  );
}
