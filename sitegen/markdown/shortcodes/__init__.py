"""Hugo-style shortcodes: tag syntax, the registry read from templates, the plugin."""

from sitegen.markdown.shortcodes.expand import shortcode_plugin
from sitegen.markdown.shortcodes.registry import (
    ArgSpec,
    ShortcodeRegistry,
    ShortcodeSpec,
    load_shortcode_registry,
)

__all__ = [
    "ArgSpec",
    "ShortcodeRegistry",
    "ShortcodeSpec",
    "load_shortcode_registry",
    "shortcode_plugin",
]
