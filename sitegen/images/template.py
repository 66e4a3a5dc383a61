"""The social card's template: ``layouts/social-card.yaml``, the site's over the theme's.

A card is a picture of fixed size drawn from a small layout: a background
colour (and, if given, an image), rectangles, and text boxes whose words come
from the article (``{title}``, ``{section}``, ``{site}``, ``{authors}``,
``{date}``). A text too long for its box is set smaller, down to its
``min_size``, then cut with an ellipsis. Fonts and images are files, found
beside the site first, then in the theme (``fonts/Newsreader-SemiBold.ttf``).
Each font may have ``fallbacks``, fonts that draw the characters it lacks
(the theme's draw Cyrillic, Greek, Arabic and Hebrew, which Newsreader has
not); a site's template gets the theme's after its own, so a newsroom that
names a font for Japanese still has the theme's for Arabic.

Every key and value is checked with its line, as site.yaml is; a site's
broken template is a Problem at ``layouts/social-card.yaml:LINE``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import string
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitegen.config import YamlDocument, describe_value, read_text_file, suggest
from sitegen.errors import Problems

TEMPLATE = "layouts/social-card.yaml"
"""Where a site puts its own template (and where the theme keeps its own)."""
PLACEHOLDERS = ("title", "section", "site", "authors", "date")
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_ALIGN = ("left", "center", "right")
_VALIGN = ("top", "middle", "bottom")

Box = tuple[int, int, int, int]
"""``(x, y, width, height)`` in pixels from the top left corner."""


@dataclass(frozen=True, slots=True)
class Shape:
    """A filled rectangle."""

    box: Box
    fill: str


@dataclass(frozen=True, slots=True)
class TextBox:
    """Words set in a box; too long, they shrink to ``min_size``, then are cut."""

    text: str
    box: Box
    font: str
    """A name of ``CardTemplate.fonts``."""
    size: int
    min_size: int
    line_height: float = 1.2
    color: str = "#000000"
    uppercase: bool = False
    align: str = "left"
    valign: str = "top"


@dataclass(frozen=True, slots=True)
class CardTemplate:
    """A checked template, its files found."""

    width: int
    height: int
    background: str
    fonts: Mapping[str, Path]
    texts: tuple[TextBox, ...]
    shapes: tuple[Shape, ...] = ()
    background_image: Path | None = None
    fallbacks: Mapping[str, tuple[Path, ...]] = field(default_factory=dict)
    """Font name → the fonts that draw, in order, the characters it has no glyph for."""
    source: str = ""
    """The template's file, relative to the site, or the theme's."""
    digest: str = field(default="", compare=False)
    """Of the template's text and of every file it names: cards' keys read it."""


def load_card_template(site_dir: Path, theme_dir: Path, problems: Problems) -> CardTemplate | None:
    """The site's ``layouts/social-card.yaml``, else the theme's; None (reported) when
    the site's is broken."""
    own = site_dir / TEMPLATE
    file, path = (own, TEMPLATE) if own.is_file() else (theme_dir / TEMPLATE, "")
    local = Problems()
    text = read_text_file(file, path or TEMPLATE, local)
    template = None
    if text is not None:
        reader = _TemplateReader(text, path or TEMPLATE, (site_dir, theme_dir), local)
        template = reader.read(source=path)
    if local and not path:  # the theme's own template is part of sitegen
        raise RuntimeError(f"the theme's social card template is broken: {list(local)}")
    problems.extend(local)
    if template is None or local:
        return None
    return _with_theme_fallbacks(template, theme_dir) if path else template


def _with_theme_fallbacks(template: CardTemplate, theme_dir: Path) -> CardTemplate:
    """A site's template with the theme's fallback fonts after its own, for each of
    its fonts (a name the theme has not, such as ``brand``, gets the theme's
    ``headline`` ones): a site that changed its colours or named a font for
    Japanese still draws Cyrillic, Greek, Arabic and Hebrew titles. The card's
    digest then covers the theme's fonts too, so a new theme redraws the cards."""
    file = theme_dir / TEMPLATE
    theme = _TemplateReader(file.read_text(encoding="utf-8"), TEMPLATE, (theme_dir,), Problems())
    base = theme.read(source="")
    if base is None or not base.fallbacks:
        return template
    default = base.fallbacks.get("headline", next(iter(base.fallbacks.values())))
    fallbacks = {
        name: tuple(
            dict.fromkeys([*template.fallbacks.get(name, ()), *base.fallbacks.get(name, default)])
        )
        for name in template.fonts
    }
    digest = hashlib.sha256(f"{template.digest}\0{base.digest}".encode()).hexdigest()
    return dataclasses.replace(template, fallbacks=fallbacks, digest=digest)


class _TemplateReader:
    """Reads one template's nodes; every problem at its line."""

    def __init__(self, text: str, path: str, roots: tuple[Path, ...], problems: Problems) -> None:
        self.text = text
        self.path = path
        self.roots = roots
        self.problems = problems
        self.doc = YamlDocument(text, path, 1, problems)
        self.files: list[Path] = []
        self.declared: set[str] = set()

    def read(self, source: str) -> CardTemplate | None:
        """The template; ``source`` is its path in the site, ``""`` for the theme's."""
        root = self.doc.root
        if root is None:
            return None
        if not isinstance(root, yaml.MappingNode):
            self.doc.report(root, "the social card template must be a mapping of keys to values")
            return None
        keys = {
            "width": None,
            "height": None,
            "background": None,
            "background_image": None,
            "fonts": None,
            "fallbacks": None,
            "shapes": None,
            "texts": None,
        }
        nodes: dict[str, yaml.Node] = {}
        for key, key_node, value_node in self.doc.pairs(root):
            if key not in keys:
                self._unknown(key_node, key, keys, "")
                continue
            nodes[key] = value_node
        width = self._int(nodes, "width", root, 1200, 16, 4096)
        height = self._int(nodes, "height", root, 630, 16, 4096)
        background = self._colour(nodes.get("background"), "background", "#ffffff")
        image = self._file(nodes["background_image"]) if "background_image" in nodes else None
        fonts = self._fonts(nodes.get("fonts"), root)
        names = set(fonts) | self.declared
        fallbacks = self._fallbacks(nodes.get("fallbacks"), names)
        shapes = tuple(
            s
            for s in self._items(nodes.get("shapes"), "shapes", self._shape)
            if isinstance(s, Shape)
        )
        texts = tuple(
            t
            for t in self._items(nodes.get("texts"), "texts", lambda n, i: self._text(n, i, names))
            if isinstance(t, TextBox)
        )
        digest = hashlib.sha256(self.text.encode())
        for file in self.files:
            digest.update(file.read_bytes() if file.is_file() else b"")
        return CardTemplate(
            width,
            height,
            background,
            fonts,
            texts,
            shapes,
            image,
            {name: files for name, files in fallbacks.items() if name in fonts},
            source,
            digest.hexdigest(),
        )

    # -- values ---------------------------------------------------------------

    def _unknown(self, node: yaml.Node, key: str, known: Mapping[str, object], where: str) -> None:
        hint = suggest(key, known) or f"; known keys: {', '.join(sorted(known))}"
        self.doc.report(node, f"unknown key '{key}'{where}{hint}")

    def _int(
        self,
        nodes: Mapping[str, yaml.Node],
        key: str,
        parent: yaml.Node,
        default: int,
        least: int,
        most: int,
    ) -> int:
        node = nodes.get(key)
        if node is None:
            return default
        value = self.doc.value(node)
        if type(value) is not int or not least <= value <= most:
            shown = value if type(value) is int else describe_value(value)
            self.doc.report(
                node, f"'{key}' must be a whole number from {least} to {most}, not {shown}"
            )
            return default
        return value

    def _colour(self, node: yaml.Node | None, name: str, default: str) -> str:
        if node is None:
            return default
        value = self.doc.value(node)
        if not isinstance(value, str) or not _COLOUR.fullmatch(value):
            shown = repr(value) if isinstance(value, str) else describe_value(value)
            self.doc.report(node, f"'{name}' must be a colour like \"#1b1b1b\", not {shown}")
            return default
        return value

    def _file(self, node: yaml.Node) -> Path | None:
        value = self.doc.value(node)
        if not isinstance(value, str) or not value:
            self.doc.report(node, f"a file path must be a string, not {describe_value(value)}")
            return None
        for root in self.roots:
            candidate = root / value
            if candidate.is_file():
                self.files.append(candidate)
                return candidate
        self.doc.report(node, f"file '{value}' not found in the site nor in the theme")
        return None

    def _fonts(self, node: yaml.Node | None, root: yaml.Node) -> dict[str, Path]:
        if node is None:
            self.doc.report(root, "the social card template needs 'fonts' (name: font file)")
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.doc.report(node, "'fonts' must be a mapping of names to font files")
            return {}
        fonts = {}
        for name, _, value_node in self.doc.pairs(node):
            self.declared.add(name)  # a font whose file is wrong is reported once, not at each use
            file = self._file(value_node)
            if file is not None and self._is_font(file, value_node):
                fonts[name] = file
        return fonts

    def _fallbacks(
        self, node: yaml.Node | None, names: Collection[str]
    ) -> dict[str, tuple[Path, ...]]:
        """``fallbacks: {headline: [file, …]}``: a font file or a list of them per name
        of ``fonts``."""
        if node is None or self.doc.is_null(node):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.doc.report(node, "'fallbacks' must map names of 'fonts' to lists of font files")
            return {}
        found: dict[str, tuple[Path, ...]] = {}
        for name, key_node, value_node in self.doc.pairs(node):
            if name not in names:
                hint = suggest(str(name), names)
                self.doc.report(key_node, f"'fallbacks.{name}' must name one of 'fonts'{hint}")
                continue
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            files = [self._file(item) for item in items]
            found[name] = tuple(
                file
                for file, item in zip(files, items, strict=True)
                if file is not None and self._is_font(file, item)
            )
        return found

    def _is_font(self, file: Path, node: yaml.Node) -> bool:
        from PIL import ImageFont

        try:
            ImageFont.truetype(str(file), 12)
        except OSError as error:
            self.doc.report(node, f"'{file.name}' is not a font file sitegen can read ({error})")
            return False
        return True

    def _items(
        self, node: yaml.Node | None, name: str, read: Callable[[yaml.MappingNode, str], object]
    ) -> list[object]:
        if node is None or self.doc.is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.doc.report(node, f"'{name}' must be a list")
            return []
        items = []
        for index, item in enumerate(node.value):
            where = f"{name}[{index}]"
            if not isinstance(item, yaml.MappingNode):
                self.doc.report(item, f"'{where}' must be a mapping")
                continue
            items.append(read(item, where))
        return items

    def _box(self, node: yaml.Node | None, where: str, parent: yaml.Node) -> Box | None:
        if node is None:
            self.doc.report(parent, f"'{where}' needs a 'box': [x, y, width, height]")
            return None
        value = self.doc.value(node)
        if (
            not isinstance(value, list)
            or len(value) != 4
            or not all(type(v) is int and v >= 0 for v in value)
        ):
            self.doc.report(node, f"'{where}.box' must be four whole numbers [x, y, width, height]")
            return None
        return (value[0], value[1], value[2], value[3])

    def _fields(
        self, node: yaml.MappingNode, where: str, known: tuple[str, ...]
    ) -> dict[str, yaml.Node]:
        found = {}
        for key, key_node, value_node in self.doc.pairs(node):
            if key not in known:
                self._unknown(key_node, key, dict.fromkeys(known), f" in '{where}'")
                continue
            found[key] = value_node
        return found

    def _shape(self, node: yaml.MappingNode, where: str) -> Shape | None:
        fields = self._fields(node, where, ("box", "fill"))
        box = self._box(fields.get("box"), where, node)
        fill = self._colour(fields.get("fill"), f"{where}.fill", "#000000")
        return Shape(box, fill) if box is not None else None

    def _text(self, node: yaml.MappingNode, where: str, fonts: Collection[str]) -> TextBox | None:
        known = (
            "text",
            "box",
            "font",
            "size",
            "min_size",
            "line_height",
            "color",
            "uppercase",
            "align",
            "valign",
        )
        fields = self._fields(node, where, known)
        text = self._words(fields.get("text"), where, node)
        box = self._box(fields.get("box"), where, node)
        font = self._font_name(fields.get("font"), where, node, fonts)
        size = self._int(fields, "size", node, 48, 4, 1000)
        min_size = self._int(fields, "min_size", node, size, 4, 1000)
        if min_size > size:
            self.doc.report(fields["min_size"], f"'{where}.min_size' must not exceed its 'size'")
        line_height = self._number(fields.get("line_height"), f"{where}.line_height", 1.2)
        color = self._colour(fields.get("color"), f"{where}.color", "#000000")
        uppercase = self._flag(fields.get("uppercase"), f"{where}.uppercase")
        align = self._choice(fields.get("align"), f"{where}.align", _ALIGN)
        valign = self._choice(fields.get("valign"), f"{where}.valign", _VALIGN)
        if text is None or box is None or font is None:
            return None
        return TextBox(
            text,
            box,
            font,
            size,
            min(min_size, size),
            line_height,
            color,
            uppercase,
            align,
            valign,
        )

    def _words(self, node: yaml.Node | None, where: str, parent: yaml.Node) -> str | None:
        if node is None:
            self.doc.report(parent, f"'{where}' needs a 'text', like \"{{title}}\"")
            return None
        value = self.doc.value(node)
        if not isinstance(value, str):
            self.doc.report(node, f"'{where}.text' must be a string, not {describe_value(value)}")
            return None
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
        except ValueError as error:
            self.doc.report(node, f"'{where}.text' is not a valid pattern ({error})")
            return None
        unknown = [n for n in names if n not in PLACEHOLDERS]
        if unknown:
            known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            self.doc.report(
                node,
                f"unknown placeholder '{{{unknown[0]}}}'{suggest(unknown[0], PLACEHOLDERS)}; "
                f"the placeholders are {known}",
            )
            return None
        return value

    def _font_name(
        self, node: yaml.Node | None, where: str, parent: yaml.Node, fonts: Collection[str]
    ) -> str | None:
        if node is None:
            self.doc.report(parent, f"'{where}' needs a 'font', a name from 'fonts'")
            return None
        value = self.doc.value(node)
        if not isinstance(value, str) or value not in fonts:
            hint = suggest(str(value), fonts)
            self.doc.report(node, f"'{where}.font' must name one of 'fonts'{hint}")
            return None
        return value

    def _number(self, node: yaml.Node | None, name: str, default: float) -> float:
        if node is None:
            return default
        value = self.doc.value(node)
        if type(value) not in (int, float) or not 0.5 <= float(value) <= 4:  # type: ignore[arg-type]
            self.doc.report(node, f"'{name}' must be a number from 0.5 to 4")
            return default
        return float(value)  # type: ignore[arg-type]

    def _flag(self, node: yaml.Node | None, name: str) -> bool:
        if node is None:
            return False
        value = self.doc.value(node)
        if type(value) is not bool:
            self.doc.report(node, f"'{name}' must be true or false, not {describe_value(value)}")
            return False
        return value

    def _choice(self, node: yaml.Node | None, name: str, choices: tuple[str, ...]) -> str:
        if node is None:
            return choices[0]
        value = self.doc.value(node)
        if value not in choices:
            self.doc.report(
                node, f"'{name}' must be one of {', '.join(choices)}{suggest(str(value), choices)}"
            )
            return choices[0]
        return str(value)
