"""What the artisans' name searches read on SQLite (common.text_index): every column either search
looks in, the key of their Latin spellings included."""

from common.text_index import TextIndex

ARTISAN_TEXT = TextIndex(
    "registry_artisan_text",
    "registry.Artisan",
    ("name", "name_latin", "registry_number", "workshop_name", "search_key"),
)
