"""Loads the product classification (sectors, groups, subgroups, product sets) from products/data/."""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CLASSIFICATION_1048 = DATA_DIR / "classification_1048.json"
CLASSIFICATION_148 = DATA_DIR / "classification_148.json"


def load_classification(category_model, set_model, path=CLASSIFICATION_1048):
    """Create or update every category and set of the file; safe to run again. Returns (categories, sets)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    scheme = data["scheme"]
    categories = {}
    for row in data["categories"]:  # parents come before their children in the file
        categories[row["code"]], _created = category_model.objects.update_or_create(
            scheme=scheme,
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name": row["name"],
                "name_en": row["name_en"],
                "ministry": row["ministry"],
                "parent": categories[row["parent"]] if row["parent"] else None,
            },
        )
    for row in data["sets"]:
        set_model.objects.update_or_create(
            scheme=scheme,
            number=row["number"],
            defaults={"name": row["name"], "name_en": row["name_en"], "category": categories[row["category"]]},
        )
    return len(data["categories"]), len(data["sets"])
