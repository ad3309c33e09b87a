"""Image checks: permission, credit, consent, alt text, hidden details, size and number.

One detector, ``image``, serves the rules in ``resources/rules/image.toml``; each rule picks
what it looks at with ``options.check``:

* ``"permission"``: found online or of unknown origin, with nobody's permission and no
  licence (variants ``online``, ``unknown``).
* ``"consent"``: people who can be recognised and no consent (``children``: no parent's or
  carer's consent; ``unsure``: the volunteer is not sure anyone can be recognised).
* ``"unreadable"``: the file could not be opened; the message is the one from
  :func:`rwt_desktop.core.images.inspect_image`.
* ``"credit"``: a credit is required but there is nobody to credit (``no_author``) or the
  licence is not named (``no_licence``).
* ``"alt_text"``: no alt text, a placeholder such as "photo" (``unhelpful``), or longer than
  a chosen channel takes (``too_long``).
* ``"metadata"``: the file holds its location (``gps``) or other hidden details such as the
  camera (``details``); the exported copy leaves them out.
* ``"size"``: narrower than a chosen channel recommends.
* ``"count"``: more pictures than a chosen channel takes (one finding per channel).
* ``"file_note"``: an animated picture (only the first frame is exported: ``animated``) or a
  file whose name says another format (``renamed``).

Findings name their picture (``Hit.image``) with :func:`display_names`, have an empty span,
and read the attachments from ``ctx.attachments``; with none, every rule here returns at
once, so a post without pictures pays nothing. The checks read what the attachment already
knows (``ImageAttachment.info``) and touch the disk only for an attachment that was never
inspected. Nothing here imports Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rwt_desktop.core.policy import Channel, Policy, PolicyError, RuleSpec
from rwt_desktop.core.rules.engine import Context
from rwt_desktop.core.rules.registry import Detector, Hit, register

if TYPE_CHECKING:  # imported when a post has pictures: Pillow is slow to load
    from rwt_desktop.core.images import ImageAttachment, ImageInfo
from rwt_desktop.core.rules.options import option_texts

CHECKS = ("permission", "consent", "unreadable", "credit", "alt_text", "metadata", "size",
          "count", "file_note")

_DEFAULT_UNHELPFUL = ("image", "photo", "picture", "pic", "img", "graphic", "screenshot",
                      "poster", "flyer", "alt text", "alt", "untitled", "no description")
#: A camera's or app's file name used as alt text: "IMG_4031.JPG", "PXL 20250503 104107".
#: One character class before the extension, so the match is linear on any input.
_CAMERA_NAME = re.compile(r"(?:img|dsc|dscn|dscf|pxl|photo|image|screenshot|whatsapp image)"
                          r"[\s\d_-]*(?:\.\w{2,4})?", re.IGNORECASE)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _as_attachment(item: Any) -> ImageAttachment | None:
    """An attachment from what the caller gave: an ImageAttachment, or a bare path."""
    from rwt_desktop.core.images import ImageAttachment

    if isinstance(item, ImageAttachment):
        return item
    if isinstance(item, str | Path):
        return ImageAttachment(path=str(item))
    return None


@register("image")
class ImageDetector(Detector):
    """Checks the pictures attached to a post (``ctx.attachments``)."""

    def __init__(self, spec: RuleSpec, policy: Policy) -> None:
        super().__init__(spec, policy)
        check = spec.options.get("check")
        if check not in CHECKS:
            raise PolicyError(spec.file, spec.line,
                              f'rule "{spec.id}": options.check must be one of '
                              f"{', '.join(CHECKS)}, not {check!r}")
        self.check: str = check
        words = (option_texts(spec, "unhelpful_alt", lower=True)
                 if "unhelpful_alt" in spec.options else _DEFAULT_UNHELPFUL)
        self._unhelpful = frozenset(" ".join(w.lower().split()) for w in words if w.strip())
        self._by_id = {ch.id: ch for ch in policy.channels}

    # ------------------------------------------------------------------ shared

    def _chosen(self, ctx: Context) -> list[Channel]:
        seen: dict[str, Channel] = {}
        for cid in ctx.channels:
            ch = self._by_id.get(cid)
            if ch is not None:
                seen.setdefault(cid, ch)
        return list(seen.values())

    @staticmethod
    def _attachments(ctx: Context) -> list[tuple[str, ImageAttachment, ImageInfo]]:
        """(name, attachment, info) for each picture, info read once per check if missing."""
        cached = ctx.results.get("images")
        if cached is not None:
            return cached
        from rwt_desktop.core.images import display_names, inspect_image

        atts = [a for a in (_as_attachment(x) for x in ctx.attachments) if a is not None]
        out = []
        for name, att in zip(display_names(atts), atts, strict=True):
            if att.info is None:
                from rwt_desktop.core.images import inspect_image  # Pillow, only when needed

                info = inspect_image(att.path)
            else:
                info = att.info
            out.append((name, att, info))
        ctx.results["images"] = out
        return out

    def find(self, ctx: Context) -> Iterable[Hit]:
        if not ctx.attachments:
            return ()
        items = self._attachments(ctx)
        if self.check == "count":
            return list(self._count(ctx, items))
        check = getattr(self, f"_{self.check}")
        hits: list[Hit] = []
        for name, att, info in items:
            if self.check != "unreadable" and not info.ok:
                continue  # a file we cannot open gets that one finding, not a pile
            hits.extend(check(ctx, name, att, info))
        return hits

    # ------------------------------------------------------------------ the checks

    def _permission(self, ctx: Context, name: str, att: ImageAttachment,
                    info: ImageInfo) -> Iterator[Hit]:
        if att.source not in ("online", "unknown"):
            return
        if " ".join(att.permission_from.split()):
            return
        licence = " ".join(att.licence.split())
        if licence and not re.search(r"all\s+rights\s+reserved|^(?:©|\(c\)|copyright)",
                                     licence, re.IGNORECASE):
            return
        yield Hit(0, 0, variant=att.source, image=name, params={"image": name})

    def _consent(self, ctx: Context, name: str, att: ImageAttachment,
                 info: ImageInfo) -> Iterator[Hit]:
        if att.consent or att.people_identifiable == "no":
            return
        if att.children:
            variant = "children"
        elif att.people_identifiable == "yes":
            variant = ""
        else:
            variant = "unsure"
        yield Hit(0, 0, variant=variant, image=name, params={"image": name})

    def _unreadable(self, ctx: Context, name: str, att: ImageAttachment,
                    info: ImageInfo) -> Iterator[Hit]:
        if info.ok:
            return
        yield Hit(0, 0, image=name, params={"image": name, "error": info.error})

    def _credit(self, ctx: Context, name: str, att: ImageAttachment,
                info: ImageInfo) -> Iterator[Hit]:
        from rwt_desktop.core.images import credit_line, credit_required

        # The invariant: whenever a credit is required, credit_line() can write one.
        if not credit_required(att):
            return
        params = {"image": name}
        if att.source == "licensed" and not " ".join(att.licence.split()):
            yield Hit(0, 0, variant="no_licence", image=name, params=params)
        elif not credit_line(att):
            yield Hit(0, 0, variant="no_author", image=name, params=params)

    def _alt_text(self, ctx: Context, name: str, att: ImageAttachment,
                  info: ImageInfo) -> Iterator[Hit]:
        alt = " ".join(att.alt_text.split())
        params = {"image": name}
        if not alt:
            yield Hit(0, 0, variant="", image=name, params=params)
            return
        folded = alt.lower().rstrip(".!")
        stem = Path(att.path).stem.lower()
        if (folded in self._unhelpful or folded == att.name.lower() or folded == stem
                or (len(alt) < 80 and _CAMERA_NAME.fullmatch(alt))):
            yield Hit(0, 0, variant="unhelpful", image=name,
                      params={**params, "alt": att.alt_text.strip()})
            return
        over = [ch for ch in self._chosen(ctx)
                if ch.alt_text_limit is not None and len(alt) > ch.alt_text_limit]
        if not over:
            return
        over.sort(key=lambda ch: ch.alt_text_limit or 0)
        tightest, others = over[0], over[1:]
        also = ""
        if others:
            also = " It is also too long for " + ", ".join(ch.name for ch in others) + "."
        yield Hit(0, 0, variant="too_long", image=name, params={
            **params, "channel": tightest.name, "limit": f"{tightest.alt_text_limit:,}",
            "length": f"{len(alt):,}", "also": also,
            "over": _plural(len(alt) - (tightest.alt_text_limit or 0), "character",
                            "characters")})

    def _metadata(self, ctx: Context, name: str, att: ImageAttachment,
                  info: ImageInfo) -> Iterator[Hit]:
        camera = f"the camera ({info.camera})" if info.camera else "the camera"
        params = {"image": name, "camera": camera}
        if info.has_gps:
            where = ""
            if info.gps_latitude is not None and info.gps_longitude is not None:
                where = f" ({info.gps_latitude:.5f}, {info.gps_longitude:.5f})"
            yield Hit(0, 0, variant="gps", image=name, params={**params, "where": where})
        elif info.has_exif or info.has_xmp or info.has_comment:
            yield Hit(0, 0, variant="details", image=name, params=params)

    def _size(self, ctx: Context, name: str, att: ImageAttachment,
              info: ImageInfo) -> Iterator[Hit]:
        small = [ch for ch in self._chosen(ctx)
                 if ch.min_image_width is not None and 0 < info.width < ch.min_image_width]
        if not small:
            return
        ch = max(small, key=lambda c: c.min_image_width or 0)
        yield Hit(0, 0, image=name, params={
            "image": name, "width": f"{info.width:,}", "channel": ch.name,
            "min_width": f"{ch.min_image_width:,}"})

    def _file_note(self, ctx: Context, name: str, att: ImageAttachment,
                   info: ImageInfo) -> Iterator[Hit]:
        if info.animated:
            yield Hit(0, 0, variant="animated", image=name, params={"image": name})
        if not info.extension_ok:
            real = {"JPEG": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WebP"}.get(
                info.format, info.format)
            yield Hit(0, 0, variant="renamed", image=name, params={
                "image": name, "format": real, "ext": Path(att.path).suffix})

    def _count(self, ctx: Context,
               items: list[tuple[str, ImageAttachment, ImageInfo]]) -> Iterator[Hit]:
        count = len(items)
        for ch in self._chosen(ctx):
            if ch.max_images is None or count <= ch.max_images:
                continue
            first_extra = items[ch.max_images][0]
            extra = count - ch.max_images
            yield Hit(0, 0, image=first_extra, params={
                "image": first_extra, "channel": ch.name, "max": f"{ch.max_images:,}",
                "count": f"{count:,}", "extra": _plural(extra, "picture", "pictures")})
