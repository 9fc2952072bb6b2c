import { useState } from "react";
import CheckList from "antd-mobile/es/components/check-list";
import Popup from "antd-mobile/es/components/popup";
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
        <span className={chosen ? "unit-select-value" : "unit-select-placeholder"}>{chosen?.label ?? placeholder}</span>
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
        <div className="unit-sheet-list" role="listbox" aria-label={title}>
          <CheckList
            value={value === undefined ? [] : [value]}
            onChange={(values) => {
              const next = values[0];
              if (typeof next === "number") onChange?.(next);
              setOpen(false);
            }}
          >
            {options.map((o) => (
              <CheckList.Item key={o.value} value={o.value} description={o.description}>
                {/* The tap lands on the list item; the option role gives tests and screen readers a name. */}
                <span role="option" aria-selected={o.value === value}>
                  {o.label}
                </span>
              </CheckList.Item>
            ))}
          </CheckList>
        </div>
      </Popup>
    </>
  );
}
