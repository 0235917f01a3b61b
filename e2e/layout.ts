// What the layout tests measure: the boxes the browser laid out (what is cut,
// what sticks out of the window) and the colours it painted. Used by
// ux-layout.spec.ts and screens.spec.ts.
import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

/** A colour as the browser paints it, in sRGB (Tailwind's colours are oklch). */
export async function paintedColour(target: Locator): Promise<[number, number, number]> {
  return target.evaluate((el) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = getComputedStyle(el).color;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    return [r!, g!, b!] as [number, number, number];
  });
}

export async function expectRed(target: Locator) {
  const [r, g, b] = await paintedColour(target);
  expect({ r, g, b, red: r > 150 && g < 80 && b < 80 }, "a red text colour").toMatchObject({ red: true });
}

/** Every table on the page fits its frame, and the page fits the window. */
export async function expectNothingCut(page: Page, where: string) {
  const found = await page.evaluate(() => ({
    page: { scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth },
    tables: [...document.querySelectorAll("table")].map((table) => {
      const frame = table.parentElement!;
      const cells = [...table.querySelectorAll("th, td")];
      const right = Math.max(...cells.map((c) => c.getBoundingClientRect().right));
      return {
        caption: table.querySelector("caption")?.textContent ?? "",
        table: table.scrollWidth,
        frame: frame.clientWidth,
        lastCellInside: right <= frame.getBoundingClientRect().right + 1 && right <= window.innerWidth,
      };
    }),
  }));
  expect(found.page.scroll, `${where}: the page is wider than the window`).toBeLessThanOrEqual(found.page.width);
  for (const t of found.tables) {
    expect(t.table, `${where}: table "${t.caption}" is cut`).toBeLessThanOrEqual(t.frame);
    expect(t.lastCellInside, `${where}: table "${t.caption}" has a cell outside its frame`).toBe(true);
  }
  return found.tables.length;
}

/**
 * Every visible element lies inside the window sideways, except what a
 * frame that scrolls or clips sideways holds (a wide table on a phone): the
 * frame itself must be inside. Returns how many elements were measured.
 */
export async function expectInsideWindow(page: Page, where: string) {
  const found = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clipped = (el: Element): boolean => {
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== "visible") return true;
      }
      return false;
    };
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
    const outside: string[] = [];
    let measured = 0;
    for (const el of document.body.querySelectorAll("*")) {
      const box = el.getBoundingClientRect();
      // Not drawn, or a visually hidden text for screen readers (1 px).
      if (box.width <= 1 || box.height <= 1) continue;
      if (clipped(el)) continue;
      measured++;
      if (box.left < -0.5 || box.right > width + 0.5) outside.push(`${describe(el)} spans ${Math.round(box.left)}..${Math.round(box.right)} px`);
    }
    return { measured, outside, scroll: document.documentElement.scrollWidth, width };
  });
  expect(found.scroll, `${where}: the page is wider than the window`).toBeLessThanOrEqual(found.width);
  expect(found.outside, `${where}: elements outside the window`).toEqual([]);
  return found.measured;
}
