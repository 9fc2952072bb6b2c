import type { Dispatch, SetStateAction } from "react";
import { PhotoPicker, type PickedPhoto } from "../../lib/photo-picker";

/**
 * The photo list lives in the page's state (uploads update it as they progress); this stands in a
 * form's 照片 field so that the field shows its messages (the server's) beside the photos.
 */
export function BoardPhotoField(props: {
  id?: string;
  photos: PickedPhoto[];
  onPhotosChange: Dispatch<SetStateAction<PickedPhoto[]>>;
  disabled: boolean;
}) {
  return (
    <div id={props.id}>
      <PhotoPicker photos={props.photos} onPhotosChange={props.onPhotosChange} disabled={props.disabled} />
    </div>
  );
}

/** The server names a bad photo of the list by its index (photos.3): it shows beside the photos. */
export const PHOTO_FIELD_MAP = Object.fromEntries(
  Array.from({ length: 9 }, (_, i) => [`photos.${i}`, "photos"]),
);
