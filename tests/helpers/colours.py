"""Colours in browser tests: CSS colour strings, WCAG contrast, and the pixels of a screenshot
(decoded by the browser itself: no image library needed)."""

from __future__ import annotations

import base64
import re


def parse_css_colour(text: str) -> tuple[int, int, int]:
    """'#rrggbb', 'rgb(r, g, b)' or 'rgba(r, g, b, a)' (alpha ignored) -> (r, g, b)."""
    text = text.strip()
    if re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        return tuple(int(text[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]
    match = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*[\d.]+)?\)", text)
    if not match:
        raise ValueError(f"geen kleur: {text!r}")
    return tuple(int(v) for v in match.groups())  # type: ignore[return-value]


def _luminance(rgb: tuple[int, int, int]) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def png_pixels(page, png: bytes) -> tuple[int, int, list[int]]:
    """(width, height, RGBA bytes) of a PNG, decoded in the page by a canvas."""
    width, height, data = page.evaluate(
        """async b64 => {
          const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
          const bitmap = await createImageBitmap(new Blob([bytes], {type: "image/png"}));
          const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
          const context = canvas.getContext("2d");
          context.drawImage(bitmap, 0, 0);
          const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
          let text = "";
          for (let i = 0; i < pixels.length; i += 32768) {
            text += String.fromCharCode.apply(null, pixels.subarray(i, i + 32768));
          }
          return [bitmap.width, bitmap.height, btoa(text)];
        }""",
        base64.b64encode(png).decode("ascii"),
    )
    return width, height, list(base64.b64decode(data))
