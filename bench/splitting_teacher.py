"""Fine-tune all-MiniLM-L6-v2 as a check-worthiness teacher (GPU, torch; not shipped).

Usage: python bench/splitting_teacher.py MODEL_DIR DATA_JSON OUT_DIR

DATA_JSON holds {"train": [[text, 0/1], ...], "devtest": [...], "test": [...],
"news_train": [...], "news_test": [...]} as written by
``python -m annotations.splitting.train --export-teacher-data``. Runs are
chosen on dev-test only (best epoch and threshold); test is scored once, for
the chosen run. Writes metrics.json, the chosen teacher's probabilities for
the training sentences (for distillation) and its static token embeddings
(each vocabulary token passed through the fine-tuned encoder alone, then PCA
to 256 dimensions) for the shipped numpy student.
"""

from __future__ import annotations

import copy
import json
import random
import sys
import time

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

MAX_LEN = 96


def f1_at(probs, labels, threshold):
    pred = probs >= threshold
    tp = int((pred & (labels == 1)).sum())
    fp = int((pred & (labels == 0)).sum())
    fn = int((~pred & (labels == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "threshold": threshold}


def best_threshold(probs, labels):
    return max((f1_at(probs, labels, t / 100) for t in range(5, 96)), key=lambda m: m["f1"])


class Teacher(torch.nn.Module):
    def __init__(self, model_dir):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(model_dir, dtype=torch.float32)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

    def forward(self, ids, mask):
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        pooled = (hidden * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
        return self.head(pooled).squeeze(-1)


def encode(tokenizer, texts):
    batch = tokenizer(texts, truncation=True, max_length=MAX_LEN, padding=True, return_tensors="pt")
    return batch["input_ids"].cuda(), batch["attention_mask"].cuda()


@torch.no_grad()
def predict(model, tokenizer, texts, batch=512):
    model.eval()
    out = []
    for i in range(0, len(texts), batch):
        with torch.autocast("cuda", dtype=torch.bfloat16):
            out.append(torch.sigmoid(model(*encode(tokenizer, texts[i:i + batch]))).float().cpu())
    return torch.cat(out).numpy()


def train_run(model_dir, tokenizer, rows, devtest, seed, epochs, lr):
    torch.manual_seed(seed)
    random.seed(seed)
    model = Teacher(model_dir).cuda()
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    steps = epochs * ((len(rows) + 31) // 32)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, s / (0.1 * steps)) * max(0.0, (steps - s) / (0.9 * steps)))
    dt_texts = [t for t, _ in devtest]
    dt_labels = np.array([y for _, y in devtest])
    best = None
    for epoch in range(epochs):
        model.train()
        order = rows[:]
        random.shuffle(order)
        for i in range(0, len(order), 32):
            chunk = order[i:i + 32]
            ids, mask = encode(tokenizer, [t for t, _ in chunk])
            target = torch.tensor([float(y) for _, y in chunk], device="cuda")
            with torch.autocast("cuda", dtype=torch.bfloat16):
                loss = torch.nn.functional.binary_cross_entropy_with_logits(model(ids, mask).float(), target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        metrics = best_threshold(predict(model, tokenizer, dt_texts), dt_labels)
        print(f"seed={seed} lr={lr} epoch={epoch + 1} devtest={metrics}", flush=True)
        if best is None or metrics["f1"] > best[0]["f1"]:
            best = (metrics, epoch + 1, copy.deepcopy(model.state_dict()))
    model.load_state_dict(best[2])
    return model, best[0], best[1]


@torch.no_grad()
def static_embeddings(model, tokenizer, dims=256):
    vocab = len(tokenizer)
    ids = torch.arange(vocab, device="cuda")
    cls = torch.full_like(ids, tokenizer.cls_token_id)
    sep = torch.full_like(ids, tokenizer.sep_token_id)
    seq = torch.stack([cls, ids, sep], 1)
    mask = torch.ones_like(seq)
    model.eval()
    rows = [model.encoder(input_ids=seq[i:i + 4096], attention_mask=mask[i:i + 4096]).last_hidden_state[:, 1]
            for i in range(0, vocab, 4096)]
    emb = torch.cat(rows).float()
    mean = emb.mean(0, keepdim=True)
    _, _, v = torch.linalg.svd(emb - mean, full_matrices=False)
    return ((emb - mean) @ v[:dims].T).cpu().numpy().astype(np.float16)


def main():
    model_dir, data_path, out_dir = sys.argv[1:4]
    data = json.load(open(data_path))
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    results = []
    variants = {"ct": data["train"], "ct+news": data["train"] + data["news_train"] * 3}
    best = None
    for name, rows in variants.items():
        for seed in (1, 2):
            t0 = time.time()
            model, metrics, epoch = train_run(model_dir, tokenizer, rows, data["devtest"], seed, 3, 5e-5)
            results.append({"variant": name, "seed": seed, "epoch": epoch, "devtest": metrics,
                            "seconds": round(time.time() - t0, 1)})
            if best is None or metrics["f1"] > best[1]["f1"]:
                best = (model, metrics, results[-1])
            else:
                del model
    model, metrics, chosen = best
    test = data["test"]
    test_probs = predict(model, tokenizer, [t for t, _ in test])
    chosen["test"] = f1_at(test_probs, np.array([y for _, y in test]), metrics["threshold"])
    news = data["news_test"]
    chosen["news_test"] = f1_at(predict(model, tokenizer, [t for t, _ in news]),
                                np.array([y for _, y in news]), metrics["threshold"])
    json.dump({"runs": results, "chosen": chosen}, open(f"{out_dir}/metrics.json", "w"), indent=1)
    print(json.dumps(chosen, indent=1))
    distill = [t for t, _ in data["train"] + data["news_train"]]
    np.save(f"{out_dir}/teacher_probs.npy", predict(model, tokenizer, distill).astype(np.float32))
    np.save(f"{out_dir}/static_emb.npy", static_embeddings(model, tokenizer))


if __name__ == "__main__":
    main()
