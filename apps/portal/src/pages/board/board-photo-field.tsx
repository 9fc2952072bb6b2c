import type { Dispatch, SetStateAction } from "react";
import type { FormInstance } from "antd-mobile/es/components/form";
import Toast from "antd-mobile/es/components/toast";
import { PhotoPicker, photosFailed, photosUploading, type PickedPhoto } from "../../lib/photo-picker";

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

/** Whether the photos may be submitted: none still uploading (a toast says wait), none failed (said beside 照片). */
export function photosReady(photos: readonly PickedPhoto[], form: FormInstance): boolean {
  if (photosUploading(photos)) {
    Toast.show({ content: "照片还在上传，请稍候再提交" });
    return false;
  }
  if (photosFailed(photos)) {
    form.setFields([{ name: ["photos"], errors: ["有照片上传失败，请点“重试”或删除后再提交"] }]);
    return false;
  }
  return true;
}
