import { describe, expect, it } from "vitest";
import {
  MAX_REGIONS,
  isTooSmall,
  pictureBox,
  pointOn,
  regionBetween,
  regionStyle,
  regionsToSave,
} from "./mosaic-regions";

describe("the mosaic tool's geometry", () => {
  it("measures a pointer as fractions of the photo shown scaled, so the region fits the full-size photo", () => {
    // A 4000×3000 photo shown 800×600 at (100, 50) on screen.
    const picture = pictureBox(
      { left: 100, top: 50, width: 800, height: 600 },
      { width: 4000, height: 3000 },
    );
    expect(picture).toEqual({ left: 100, top: 50, width: 800, height: 600 });
    expect(pointOn(picture, 300, 200)).toEqual({ x: 0.25, y: 0.25 });
    expect(pointOn(picture, 900, 650)).toEqual({ x: 1, y: 1 });
    // Off the photo, to the left and above: negative until clamped.
    expect(pointOn(picture, 60, 20)).toEqual({ x: -0.05, y: -0.05 });
  });

  it("finds the picture inside a letterboxed element (object-fit: contain)", () => {
    // A tall photo (1000×2000) in an 800×600 box: 300 wide, centred, bars at the sides.
    const picture = pictureBox({ left: 0, top: 0, width: 800, height: 600 }, { width: 1000, height: 2000 });
    expect(picture).toEqual({ left: 250, top: 0, width: 300, height: 600 });
    expect(pointOn(picture, 400, 300)).toEqual({ x: 0.5, y: 0.5 });
    // Before the photo has loaded (no natural size), the element itself.
    expect(pictureBox({ left: 1, top: 2, width: 3, height: 4 }, { width: 0, height: 0 })).toEqual({
      left: 1,
      top: 2,
      width: 3,
      height: 4,
    });
    expect(pointOn({ left: 0, top: 0, width: 0, height: 0 }, 5, 5)).toEqual({ x: 0, y: 0 });
  });

  it("draws the same rectangle whichever way the drag goes, kept on the photo", () => {
    const down = regionBetween({ x: 0.2, y: 0.3 }, { x: 0.6, y: 0.5 });
    const up = regionBetween({ x: 0.6, y: 0.5 }, { x: 0.2, y: 0.3 });
    expect(down).toEqual(up);
    expect(down.x).toBeCloseTo(0.2);
    expect(down.width).toBeCloseTo(0.4);
    expect(down.height).toBeCloseTo(0.2);
    // Dragged past the edges: stops at them.
    expect(regionBetween({ x: 0.8, y: 0.9 }, { x: 1.4, y: -0.2 })).toEqual({
      x: 0.8,
      y: 0,
      width: expect.closeTo(0.2) as number,
      height: 0.9,
    });
    expect(regionBetween({ x: -1, y: -1 }, { x: 2, y: 2 })).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });

  it("leaves out boxes under 1% of the photo either way (a click, not a drag)", () => {
    expect(isTooSmall(regionBetween({ x: 0.5, y: 0.5 }, { x: 0.5, y: 0.5 }))).toBe(true);
    expect(isTooSmall({ x: 0.1, y: 0.1, width: 0.5, height: 0.009 })).toBe(true);
    expect(isTooSmall({ x: 0.1, y: 0.1, width: 0.009, height: 0.5 })).toBe(true);
    expect(isTooSmall({ x: 0.1, y: 0.1, width: 0.01, height: 0.01 })).toBe(false);
    expect(
      regionsToSave([
        { x: 0.1, y: 0.1, width: 0.005, height: 0.3 },
        { x: 0.2, y: 0.2, width: 0.3, height: 0.3 },
      ]),
    ).toEqual([{ x: 0.2, y: 0.2, width: 0.3, height: 0.3 }]);
  });

  it("sends regions within 0–1 that stay on the photo, rounded, at most as many as the server takes", () => {
    expect(regionsToSave([{ x: 0.9, y: -0.1, width: 0.5, height: 1.5 }])).toEqual([
      { x: 0.9, y: 0, width: 0.1, height: 1 },
    ]);
    expect(regionsToSave([{ x: 1 / 3, y: 2 / 3, width: 1 / 7, height: Number.NaN }])).toEqual([]);
    expect(regionsToSave([{ x: 1 / 3, y: 2 / 3, width: 1 / 7, height: 0.2 }])).toEqual([
      { x: 0.3333, y: 0.6667, width: 0.1429, height: 0.2 },
    ]);
    const many = Array.from({ length: MAX_REGIONS + 5 }, (_, i) => ({
      x: 0.01 * i,
      y: 0,
      width: 0.05,
      height: 0.05,
    }));
    const saved = regionsToSave(many);
    expect(saved).toHaveLength(MAX_REGIONS);
    for (const r of saved) {
      expect(r.x + r.width).toBeLessThanOrEqual(1);
      expect(r.y + r.height).toBeLessThanOrEqual(1);
    }
  });

  it("draws a region's box as percentages of the picture", () => {
    expect(regionStyle({ x: 0.25, y: 0.5, width: 0.125, height: 0.1 })).toEqual({
      left: "25.000%",
      top: "50.000%",
      width: "12.500%",
      height: "10.000%",
    });
  });
});
