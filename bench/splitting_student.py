"""Distil the MiniLM teacher into a small numpy-runnable student (GPU, torch; not shipped).

Usage: python bench/splitting_student.py MODEL_DIR DATA_JSON OUT_DIR

1. Re-trains the teacher chosen by bench/splitting_teacher.py (CheckThat
   train+dev, seed 2, 1 epoch, lr 5e-5).
2. Takes static token embeddings from it (each token through the encoder
   alone, PCA to 256 dimensions) to initialise the student.
3. Augments the training sentences (token dropout, span sampling, word swaps;
   Tang et al. 2019) and labels every variant with the teacher's probability.
4. Trains students (mean-pooled embeddings + MLP, and a width-3 CNN with max
   pooling) on a mix of gold labels and teacher probabilities, plus the
   hand-written news training part (held-out news topics are never used).
5. Chooses a student and its threshold on dev-test only and scores test once.
Writes student.npz (weights for annotations/splitting/checkworthiness.py) and
student_metrics.json.
"""

from __future__ import annotations

import json
import random
import sys

import numpy as np
import torch
from splitting_teacher import best_threshold, f1_at, predict, static_embeddings, train_run
from transformers import AutoTokenizer

MAX_TOKENS = 64
AUGMENT = 12


class Student(torch.nn.Module):
    def __init__(self, emb, cnn):
        super().__init__()
        self.emb = torch.nn.Embedding.from_pretrained(torch.tensor(emb), freeze=False, padding_idx=0)
        dims = emb.shape[1]
        self.cnn = torch.nn.Conv1d(dims, 256, 3, padding=1) if cnn else None
        width = dims + (256 if cnn else 0)
        self.hidden = torch.nn.Linear(width, 256)
        self.out = torch.nn.Linear(256, 1)

    def forward(self, ids):
        mask = (ids != 0).float().unsqueeze(-1)
        x = self.emb(ids)
        feats = [(x * mask).sum(1) / mask.sum(1).clamp(min=1)]
        if self.cnn is not None:
            h = torch.relu(self.cnn(x.transpose(1, 2))).transpose(1, 2)
            feats.append(h.masked_fill(mask == 0, -1e4).max(1).values)
        z = torch.relu(self.hidden(torch.cat(feats, 1)))
        return self.out(z).squeeze(-1)


def token_ids(tokenizer, texts):
    enc = tokenizer(texts, add_special_tokens=False, truncation=True, max_length=MAX_TOKENS)["input_ids"]
    return [ids or [100] for ids in enc]


def augment(words_pool, text, rng):
    words = text.split()
    kind = rng.random()
    if kind < 0.4:
        out = [w for w in words if rng.random() > 0.15]
    elif kind < 0.7 and len(words) > 4:
        n = rng.randint(max(2, len(words) // 2), len(words))
        start = rng.randint(0, len(words) - n)
        out = words[start:start + n]
    else:
        out = [rng.choice(words_pool) if rng.random() < 0.15 else w for w in words]
    return " ".join(out or words)


def pad(batch):
    width = max(3, max(len(ids) for ids in batch))
    return torch.tensor([ids + [0] * (width - len(ids)) for ids in batch], device="cuda")


@torch.no_grad()
def student_probs(model, ids_list):
    model.eval()
    out = []
    for i in range(0, len(ids_list), 1024):
        out.append(torch.sigmoid(model(pad(ids_list[i:i + 1024]))).cpu())
    return torch.cat(out).numpy()


def train_student(emb, cnn, ids, gold, soft, weight, devtest, epochs=6, seed=0):
    torch.manual_seed(seed)
    rng = random.Random(seed)
    model = Student(emb, cnn).cuda()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    order = list(range(len(ids)))
    gold_t, soft_t, w_t = (torch.tensor(a, dtype=torch.float32, device="cuda") for a in (gold, soft, weight))
    dt_ids, dt_y = devtest
    best = None
    for epoch in range(epochs):
        model.train()
        rng.shuffle(order)
        for i in range(0, len(order), 256):
            idx = order[i:i + 256]
            logits = model(pad([ids[j] for j in idx]))
            j = torch.tensor(idx, device="cuda")
            bce = torch.nn.functional.binary_cross_entropy_with_logits
            target = torch.where(gold_t[j] >= 0, 0.5 * gold_t[j].clamp(min=0) + 0.5 * soft_t[j], soft_t[j])
            loss = (bce(logits, target, reduction="none") * w_t[j]).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        metrics = best_threshold(student_probs(model, dt_ids), dt_y)
        print(f"student cnn={cnn} epoch={epoch + 1} devtest={metrics}", flush=True)
        if best is None or metrics["f1"] > best[0]["f1"]:
            best = (metrics, epoch + 1, {k: v.detach().clone() for k, v in model.state_dict().items()})
    model.load_state_dict(best[2])
    return model, best[0], best[1]


def export(model, path, threshold, cnn):
    state = {k: v.float().cpu().numpy() for k, v in model.state_dict().items()}
    arrays = {"emb": state["emb.weight"].astype(np.float16), "hidden_w": state["hidden.weight"].T,
              "hidden_b": state["hidden.bias"], "out_w": state["out.weight"][0], "out_b": state["out.bias"],
              "threshold": np.array(threshold, dtype=np.float32)}
    if cnn:
        # Conv1d weight is (out, in, 3); store as (3 * in, out) for one matmul over windows.
        w = state["cnn.weight"]
        arrays["cnn_w"] = np.concatenate([w[:, :, k].T for k in range(3)], 0)
        arrays["cnn_b"] = state["cnn.bias"]
    np.savez_compressed(path, **arrays)


def main():
    model_dir, data_path, out_dir = sys.argv[1:4]
    data = json.load(open(data_path))
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    teacher, teacher_dt, _ = train_run(model_dir, tokenizer, data["train"], data["devtest"], 2, 1, 5e-5)
    emb = static_embeddings(teacher, tokenizer).astype(np.float32)
    emb[0] = 0.0
    rng = random.Random(0)
    train, news = data["train"], data["news_train"]
    pool = [w for t, _ in train for w in t.split()]
    aug = [augment(pool, t, rng) for t, _ in train for _ in range(AUGMENT)]
    texts = [t for t, _ in train] + [t for t, _ in news] + aug
    soft = predict(teacher, tokenizer, texts)
    gold = np.array([y for _, y in train] + [y for _, y in news] + [-1] * len(aug), dtype=np.float32)
    # News sentences follow the news policy, not the debate teacher: gold only, weighted up.
    soft[len(train):len(train) + len(news)] = gold[len(train):len(train) + len(news)]
    weight = np.ones(len(texts), dtype=np.float32)
    weight[len(train):len(train) + len(news)] = 5.0
    ids = token_ids(tokenizer, texts)
    devtest = (token_ids(tokenizer, [t for t, _ in data["devtest"]]), np.array([y for _, y in data["devtest"]]))
    runs, best = [], None
    for cnn in (False, True):
        model, metrics, epoch = train_student(emb, cnn, ids, gold, soft, weight, devtest)
        runs.append({"cnn": cnn, "epoch": epoch, "devtest": metrics})
        if best is None or metrics["f1"] > best[1]["f1"]:
            best = (model, metrics, runs[-1])
    model, metrics, chosen = best
    for split in ("test", "news_test"):
        rows = data[split]
        probs = student_probs(model, token_ids(tokenizer, [t for t, _ in rows]))
        chosen[split] = f1_at(probs, np.array([y for _, y in rows]), metrics["threshold"])
    summary = {"teacher_devtest": teacher_dt, "augmented": len(aug), "runs": runs, "chosen": chosen}
    json.dump(summary, open(f"{out_dir}/student_metrics.json", "w"), indent=1)
    print(json.dumps(summary, indent=1))
    export(model, f"{out_dir}/student.npz", metrics["threshold"], chosen["cnn"])
    probe = [t for t, _ in data["news_test"][:20]]
    np.save(f"{out_dir}/probe_probs.npy", student_probs(model, token_ids(tokenizer, probe)))


if __name__ == "__main__":
    main()
