import { useState } from "react";
import Popup from "antd-mobile/es/components/popup";
import CheckOutline from "antd-mobile-icons/es/CheckOutline";
import RightOutline from "antd-mobile-icons/es/RightOutline";
import type { UnitOption } from "../../lib/org-options";

export interface UnitSelectProps {
  /** Set by Form.Item: the label's htmlFor points here. */
  id?: string;
  value?: number;
  onChange?: (value: number) => void;
  options: UnitOption[];
  /** The popup's title and the list's accessible name, e.g. 所在社区. */
  title: string;
  placeholder: string;
  disabled?: boolean;
}

/**
 * A picker for one organisation unit: a row showing the choice that opens a bottom sheet listing the
 * options (a list to tap rather than a wheel, so long 楼院 names stay readable).
 */
export function UnitSelect({ id, value, onChange, options, title, placeholder, disabled }: UnitSelectProps) {
  const [open, setOpen] = useState(false);
  const chosen = options.find((o) => o.value === value);
  return (
    <>
      <button
        type="button"
        id={id}
        className="unit-select"
        disabled={disabled}
        aria-haspopup="listbox"
        aria-expanded={open}
        onClick={() => setOpen(true)}
      >
        <span className={chosen ? "unit-select-value" : "unit-select-placeholder"}>
          {chosen?.label ?? placeholder}
        </span>
        <RightOutline className="unit-select-arrow" aria-hidden />
      </button>
      <Popup
        visible={open}
        onMaskClick={() => setOpen(false)}
        onClose={() => setOpen(false)}
        showCloseButton
        bodyClassName="unit-sheet"
        destroyOnClose
      >
        <div className="unit-sheet-title">选择{title}</div>
        {/* Options as buttons: reachable by keyboard, one tab stop each, the 网格 read as their description. */}
        <ul className="unit-sheet-list" role="listbox" aria-label={title}>
          {options.map((o) => (
            <li key={o.value} role="none">
              <button
                type="button"
                role="option"
                aria-selected={o.value === value}
                aria-label={o.label}
                aria-describedby={o.description ? `unit-option-${o.value}-description` : undefined}
                className="unit-option"
                onClick={() => {
                  onChange?.(o.value);
                  setOpen(false);
                }}
              >
                <span className="unit-option-text">
                  <span className="unit-option-label">{o.label}</span>
                  {o.description && (
                    <span id={`unit-option-${o.value}-description`} className="unit-option-description">
                      {o.description}
                    </span>
                  )}
                </span>
                {o.value === value && <CheckOutline className="unit-option-check" aria-hidden />}
              </button>
            </li>
          ))}
        </ul>
      </Popup>
    </>
  );
}
