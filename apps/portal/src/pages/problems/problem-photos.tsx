import ImageViewer from "antd-mobile/es/components/image-viewer";
import type { PhotoRef } from "@chuangcheng/client";

/**
 * A row of photo thumbnails (整改前 / 整改后): each a button that opens the full photos to swipe
 * through, named and described for a screen reader as 「整改前照片 1」.
 */
export function PhotoStrip({
  photos,
  label,
  testId,
}: {
  photos: readonly PhotoRef[];
  /** 整改前照片, 整改后照片: the alt text before the number */
  label: string;
  testId?: string;
}) {
  if (photos.length === 0) return null;
  return (
    <ul className="photo-strip" aria-label={label} data-testid={testId}>
      {photos.map((photo, index) => (
        <li key={photo.id}>
          <button
            type="button"
            className="photo-strip-item"
            aria-label={`查看${label} ${index + 1}`}
            onClick={() => ImageViewer.Multi.show({ images: photos.map((p) => p.url), defaultIndex: index })}
          >
            <img
              src={photo.thumbUrl}
              alt={`${label} ${index + 1}`}
              width={photo.width}
              height={photo.height}
              loading="lazy"
            />
          </button>
        </li>
      ))}
    </ul>
  );
}
